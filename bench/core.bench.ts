/**
 * The core API's kernels beside numpy in the same run: LU-based inv / det / solve
 * (blocked LU on the gemm kernel) at n = 100, 300, 500; a 4-D permute and a large
 * transpose (memory-bound copies); randn (xoshiro128** + Box–Muller).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { add, det, eye, inv, permute, randn, scale, solve, transpose } from "../src";
import { ms, PYTHON, table, time, type Timing } from "./harness";

export const title = "Core kernels: linalg, permute, randn";

interface Reply {
  numpy: string;
  linalg: Record<string, { inv: Timing; det: Timing; solve: Timing }>;
  permute?: Timing;
  transpose?: Timing;
  randn?: Timing;
}

const SIZES = [100, 300, 500];
const PERM_SHAPE = [32, 32, 32, 32];
const PERM_AXES = [3, 1, 0, 2];
const TRANSPOSE_N = 2000;
const RANDN = 1_000_000;

function peer(): { reply?: Reply; reason?: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  const r = spawnSync(PYTHON, [join(__dirname, "core_peer.py")], {
    input: JSON.stringify({
      linalg: SIZES,
      permute: { shape: PERM_SHAPE, axes: PERM_AXES },
      transpose: TRANSPOSE_N,
      randn: RANDN,
    }),
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.error) return { reason: r.error.message };
  if (r.status !== 0) return { reason: r.stderr.trim().split("\n").slice(-1)[0] };
  return { reply: JSON.parse(r.stdout) as Reply };
}

export function run(): void {
  console.log(`## ${title}\n`);
  const p = peer();
  const np = p.reply;
  const rows: string[][] = [];
  const row = (label: string, ours: Timing, theirs: Timing | undefined, extra = ""): void => {
    rows.push([
      label,
      `${ms(ours.best)} (median ${ms(ours.median)})${extra}`,
      theirs ? ms(theirs.best) : "numpy unavailable",
      theirs ? `${(ours.best / theirs.best).toFixed(1)}×` : "–",
    ]);
  };
  for (const n of SIZES) {
    const A = add(randn([n, n], { seed: 1 }), scale(eye(n), n));
    const B = randn([n, 10], { seed: 2 });
    const peerN = np?.linalg[String(n)];
    const d = time(() => det(A));
    row(`det ${n}×${n} (LU)`, d, peerN?.det, `, ${((2 * n ** 3) / 3 / (d.best * 1e6)).toFixed(2)} GFLOP/s`);
    row(
      `solve ${n}×${n}, B ${n}×10`,
      time(() => solve(A, B)),
      peerN?.solve,
    );
    row(
      `inv ${n}×${n}`,
      time(() => inv(A)),
      peerN?.inv,
    );
  }
  const T = randn(PERM_SHAPE, { seed: 3 });
  row(
    `permute [${PERM_SHAPE.join(", ")}] axes [${PERM_AXES.join(", ")}]`,
    time(() => permute(T, PERM_AXES)),
    np?.permute,
  );
  const M = randn([TRANSPOSE_N, TRANSPOSE_N], { seed: 4 });
  row(
    `transpose ${TRANSPOSE_N}×${TRANSPOSE_N} (copy)`,
    time(() => transpose(M)),
    np?.transpose,
  );
  row(
    `randn ${RANDN.toLocaleString("en-US")} samples`,
    time(() => randn([RANDN], { seed: 5 })),
    np?.randn,
  );
  console.log(table(["benchmark", "tensorcalc", "numpy", "tensorcalc / numpy time"], rows));
  console.log(np ? `\nnumpy ${np.numpy}, single-threaded OpenBLAS.` : `\nnumpy unavailable: ${p.reason ?? "?"}`);
}
