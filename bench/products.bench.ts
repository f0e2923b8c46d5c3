/**
 * Products and einsum: GFLOP/s of `dot` (matrix product) at 256 and 512, and the
 * 5-operand contraction `pi,qj,ijkl,rk,sl->pqrs` at N = 10 with the planner and
 * without a path (one loop over all 8 indices), beside numpy in the same run.
 * Targets: dot ≥ 4 GFLOP/s at 512; planned einsum ≥ 100× faster than no path and
 * within 3× of numpy's `einsum(optimize=True)`.
 */
import { dot, einsum, einsumPath, randn, type Tensor } from "../src";
import { ms, numpyPeer, table, time, type Timing } from "./harness";

export const title = "Products and einsum";

interface PeerReply {
  numpy: string;
  blas: { corename?: string; config?: string; threads?: number; library?: string; threadpoolctl?: unknown };
  dot: Record<string, Timing>;
  einsum: { spec: string; optimized: Timing; naive?: Timing }[];
}

const SPEC = "pi,qj,ijkl,rk,sl->pqrs";
const N = 10;

function operands(n: number): Tensor[] {
  const C = (seed: number): Tensor => randn([n, n], { seed });
  return [C(1), C(2), randn([n, n, n, n], { seed: 3 }), C(4), C(5)];
}

export function run(): void {
  console.log(`## ${title}\n`);
  const sizes = [256, 512];
  const ours: Record<number, Timing> = {};
  for (const n of sizes) {
    const A = randn([n, n], { seed: 1 });
    const B = randn([n, n], { seed: 2 });
    // Best of many runs: a long run is easily preempted on a shared machine.
    ours[n] = time(() => dot(A, B), { minMs: n >= 512 ? 4000 : 1500, minRuns: 5 });
  }
  const ops = operands(N);
  const planned = time(() => einsum(SPEC, ...ops), { minMs: 1500, minRuns: 20 });
  // No path: one loop over all 8 indices. Time it directly at N = 10 when a probe at
  // N = 6 predicts under ~20 s, else extrapolate by N^8 from N = 6 (said in the table).
  const small = operands(6);
  const probe = time(() => einsum(SPEC, ...small, { optimize: false }), { minMs: 300, minRuns: 2, warmup: 1 });
  const predicted = probe.best * (N / 6) ** 8;
  let naive: number;
  let naiveNote: string;
  if (predicted < 20_000) {
    naive = time(() => einsum(SPEC, ...ops, { optimize: false }), { minMs: 0, minRuns: 1, warmup: 0 }).best;
    naiveNote = "measured";
  } else {
    naive = predicted;
    naiveNote = `extrapolated from N = 6 (${ms(probe.best)}) × (10/6)^8`;
  }

  const peer = numpyPeer<PeerReply>({
    dot: sizes,
    einsum: [{ spec: SPEC, shapes: ops.map((t) => t.shape), naive: true }],
  });
  const np = peer.reply;
  const gflops = (n: number, t: number): string => ((2 * n ** 3) / (t * 1e6)).toFixed(2);
  const rows: string[][] = [];
  for (const n of sizes) {
    const o = ours[n];
    const p = np?.dot[String(n)];
    rows.push([
      `dot ${n}×${n} · ${n}×${n}`,
      `${ms(o.best)} (${gflops(n, o.best)} GFLOP/s; median ${gflops(n, o.median)})`,
      p ? `${ms(p.best)} (${gflops(n, p.best)} GFLOP/s)` : "numpy unavailable",
      p ? `${(o.best / p.best).toFixed(1)}×` : "–",
    ]);
  }
  const pe = np?.einsum[0];
  rows.push([
    `einsum ${SPEC}, N=${N}, planned`,
    `${ms(planned.best)} (median ${ms(planned.median)})`,
    pe ? `${ms(pe.optimized.best)} (optimize=True)` : "numpy unavailable",
    pe ? `${(planned.best / pe.optimized.best).toFixed(1)}×` : "–",
  ]);
  rows.push([
    `einsum ${SPEC}, N=${N}, no path`,
    `${ms(naive)} (${naiveNote})`,
    pe?.naive ? `${ms(pe.naive.best)} (optimize=False)` : "numpy unavailable",
    pe?.naive ? `${(naive / pe.naive.best).toFixed(1)}×` : "–",
  ]);
  console.log(table(["benchmark", "tensorcalc", "numpy", "tensorcalc / numpy time"], rows));
  console.log();
  const info = einsumPath(SPEC, ...ops);
  console.log(
    `Planner: ${info.strategy} path ${JSON.stringify(info.path)}, ${info.optimizedFlops.toExponential(2)} FLOPs ` +
      `instead of ${info.naiveFlops.toExponential(2)}; planned einsum is **${(naive / planned.best).toFixed(0)}×** faster than no path.`,
  );
  if (np) {
    const b = np.blas;
    console.log(
      `\nnumpy ${np.numpy}, OpenBLAS kernel ${b.corename ?? "?"} (${b.config ?? "config unknown"}), ` +
        `threads ${b.threads ?? "?"}; run with OPENBLAS_NUM_THREADS=1 and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset` +
        `${b.threadpoolctl ? "" : " (threadpoolctl not installed: kernel read from openblas_get_corename)"}.`,
    );
  } else {
    console.log(`\nnumpy unavailable: ${peer.reason ?? "unknown reason"}`);
  }
  const pass = (ok: boolean): string => (ok ? "met" : "NOT met");
  const g512 = (2 * 512 ** 3) / (ours[512].best * 1e6);
  console.log(
    `\nTargets: dot ≥ 4 GFLOP/s at 512: ${pass(g512 >= 4)} (${g512.toFixed(2)}); ` +
      `planned ≥ 100× no path: ${pass(naive / planned.best >= 100)}; ` +
      `within 3× of numpy: ${pe ? pass(planned.best / pe.optimized.best <= 3) : "numpy unavailable"}.`,
  );
}
