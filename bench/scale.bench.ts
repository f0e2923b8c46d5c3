/**
 * Benchmark: derivatives at scale (issue 14), after Laue, Mitterreiter & Giesen (NeurIPS 2018).
 * Each derivative is evaluated from the symbolic forms through `derive(...).at(values)` — the
 * derivation is made once, outside the timing; every timed call builds the operator at the values
 * and evaluates (so X⁻¹ and the like are computed in each call, as torch's forward pass does).
 * Peers in the same run: torch 1.13 (bench/scale_peer.py, float64, one thread) and numpy
 * (bench/numpy_peer.py, single-threaded OpenBLAS) through Debian's /usr/bin/python3. Rows for
 * `inv`, `solve` (n right-hand sides), `cholesky` and `det` at n = 500 and 1000 time the dense
 * kernels beside numpy.linalg (bench/blas_peer.py, the matrices of bench/blas.bench.ts), with
 * GFLOP/s by LAPACK's flop counts (2n³, ⁸⁄₃n³, ⅓n³, ⅔n³).
 *
 * Prints a Markdown table and writes build/bench/scale.json:
 * `{ date, machine, node, torch, numpy, rows: [{ problem, n, tensorcalc_ms, peer, blas, peer_ms, ratio }] }`
 * (ratio = peer_ms / tensorcalc_ms: > 1 means tensorcalc is faster).
 *
 * Each peer runs twice (`blas` in the rows): as Debian installs it, with OpenBLAS choosing its own
 * kernel ("auto"; on a virtual CPU it does not recognise that is the SSE3 "Prescott" one), and with
 * this CPU's kernel forced by OPENBLAS_CORETYPE ("forced": SkylakeX with AVX-512, Haswell with AVX2),
 * the stronger peer. The targets are reported against both.
 *
 * Run: `npm run bench -- scale`. Fewer sizes: TENSORCALC_SCALE_QUICK=1 (n ≤ 500).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { add, cholesky, derive, det, dot, eye, inv, randn, scale, sign, solve } from "../src";
import { gemmBackend } from "../src/kernels/gemm";
import { blasCore, blasPeer, denseMatrices, ms, numpyPeer, PYTHON, pythonPeer, table, time } from "./harness";

export const title = "derivatives at scale: Hessians, jvp/vjp and dot beside torch and numpy";

interface Row {
  problem: string;
  label: string;
  n: number;
  /** One timed call (operator at the values + evaluation). */
  fn: () => unknown;
}

interface PeerRow {
  problem: string;
  n: number;
  peer: string;
  ms: number;
}

const quick = process.env.TENSORCALC_SCALE_QUICK === "1";
const sizes = (ns: number[]): number[] => (quick ? ns.filter((n) => n <= 500) : ns);
/** Sizes of the rows for inv, solve, cholesky and det beside numpy.linalg. */
const linalgSizes = sizes([500, 1000]);

function rows(): Row[] {
  const out: Row[] = [];
  const quad = derive("x' * A * x", "x", { x: ["n"], A: ["n", "n"] });
  for (const n of sizes([100, 1000, 2000])) {
    const values = { x: randn([n], { seed: 1 }), A: randn([n, n], { seed: 2 }) };
    out.push({ problem: "hess_quad", label: "Hessian of xᵀAx", n, fn: () => quad.at(values).hessian() });
  }
  const logistic = derive("sum(log(1 + exp(-y .* (X*w))))", "w", { X: ["m", "n"], w: ["n"], y: ["m"] });
  for (const n of sizes([100, 500, 1000])) {
    const m = 2 * n;
    const values = {
      X: randn([m, n], { seed: 3 }),
      y: sign(randn([m], { seed: 4 })),
      w: scale(randn([n], { seed: 5 }), 1 / Math.sqrt(n)),
    };
    out.push({
      problem: "hess_logistic",
      label: "Hessian of the logistic loss (X 2n×n)",
      n,
      fn: () => logistic.at(values).hessian(),
    });
  }
  const mf = derive("norm2(T - U*V')^2", "U", { T: ["m", "n"], U: ["m", "r"], V: ["n", "r"] });
  for (const n of sizes([100, 1000])) {
    const r = Math.max(1, Math.floor(n / 10));
    const values = { T: randn([n, n], { seed: 6 }), U: randn([n, r], { seed: 7 }), V: randn([n, r], { seed: 8 }) };
    const D = randn([n, r], { seed: 9 });
    out.push({
      problem: "mf_grad",
      label: "‖T − UVᵀ‖²: gradient by U (r = n/10)",
      n,
      fn: () => mf.at(values).gradient(),
    });
    out.push({
      problem: "mf_hvp",
      label: "‖T − UVᵀ‖²: Hessian–vector product by U",
      n,
      fn: () => mf.at(values).hessianVector(D),
    });
  }
  const atb = derive("A' * B", "A", { A: ["n", "n"], B: ["n", "n"] });
  const inv = derive("inv(X)", "X", { X: ["n", "n"] });
  for (const n of sizes([100, 1000, 2000])) {
    const A = randn([n, n], { seed: 10 });
    const B = randn([n, n], { seed: 11 });
    const X = add(randn([n, n], { seed: 12 }), scale(eye(n), 2 * Math.sqrt(n)));
    const V = randn([n, n], { seed: 13 });
    out.push({ problem: "jvp_AtB", label: "jvp of AᵀB by A", n, fn: () => atb.at({ A, B }).apply(V) });
    out.push({ problem: "vjp_AtB", label: "vjp of AᵀB by A", n, fn: () => atb.at({ A, B }).applyT(V) });
    out.push({ problem: "jvp_inv", label: "jvp of X⁻¹", n, fn: () => inv.at({ X }).apply(V) });
    out.push({ problem: "vjp_inv", label: "vjp of X⁻¹", n, fn: () => inv.at({ X }).applyT(V) });
  }
  return out;
}

/**
 * torch in the same run, once per OpenBLAS configuration: `core` forces that kernel
 * (OPENBLAS_CORETYPE), undefined keeps OpenBLAS's own choice.
 */
function torchPeer(
  req: { problem: string; n: number }[],
  core: string | undefined,
): { version: string; rows: PeerRow[] } | string {
  const out = pythonPeer<{ torch: string; rows: PeerRow[] }>("scale_peer.py", { rows: req }, core);
  return typeof out === "string" ? out : { version: out.torch, rows: out.rows };
}

interface DotReply {
  numpy: string;
  blas: { corename?: string };
  dot: Record<string, { best: number; median: number }>;
}

/**
 * numpy with the OpenBLAS kernel this CPU supports forced (OPENBLAS_CORETYPE): on a virtual
 * machine whose CPU model OpenBLAS does not know it falls back to the SSE3 "Prescott" kernel,
 * 4–5× slower than its AVX-512 one. Undefined when the CPU has neither AVX-512 nor AVX2.
 */
function tunedNumpy(dotSizes: number[]): { core: string; reply: DotReply } | undefined {
  const core = blasCore();
  if (core === undefined) return undefined;
  const r = spawnSync(PYTHON, [join(__dirname, "numpy_peer.py")], {
    input: JSON.stringify({ dot: dotSizes }),
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", OPENBLAS_CORETYPE: core },
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0) return undefined;
  try {
    return { core, reply: JSON.parse(r.stdout) as DotReply };
  } catch {
    return undefined;
  }
}

export function run(): void {
  console.log(`## ${title}\n`);
  const load = os.loadavg()[0];
  const ours: { row: Row; ms: number; median: number }[] = [];
  for (const row of rows()) {
    const big = row.n >= 1000;
    const t = time(row.fn, big ? { minMs: 0, minRuns: 3, warmup: 1 } : { minMs: 500, minRuns: 5 });
    ours.push({ row, ms: t.best, median: t.median });
  }
  const dotSizes = [256, 512, 1024];
  const dots = dotSizes.map((n) => {
    const A = randn([n, n], { seed: 1 });
    const B = randn([n, n], { seed: 2 });
    return { n, t: time(() => dot(A, B), { minMs: n >= 512 ? 2000 : 1000, minRuns: 5, warmup: 3 }) };
  });
  // the dense kernels beside numpy.linalg (bench/blas_peer.py, the same matrices), flops as LAPACK counts them
  const linalg = linalgSizes.flatMap((n) => {
    const { A, B, S } = denseMatrices(n);
    const budget = n >= 1000 ? { minMs: 1000, minRuns: 3, warmup: 1 } : { minMs: 800, minRuns: 5 };
    return (
      [
        ["inv", "`inv(A)`", 2 * n ** 3, () => inv(A)],
        ["solve", "`solve(A, B)`, n right-hand sides", (8 / 3) * n ** 3, () => solve(A, B)],
        ["cholesky", "`cholesky(S)`", n ** 3 / 3, () => cholesky(S)],
        ["det", "`det(A)`", (2 / 3) * n ** 3, () => det(A)],
      ] as const
    ).map(([op, label, flops, fn]) => ({ op, label, n, flops, t: time(fn, budget) }));
  });
  const linalgReq = linalg.map(({ op, n }) => ({ op, n }));
  const linalgAuto = blasPeer(linalgReq, undefined);
  const linalgForced = blasCore() === undefined ? undefined : blasPeer(linalgReq, blasCore());
  const req = ours.map((o) => ({ problem: o.row.problem, n: o.row.n }));
  const core = blasCore();
  // torch as Debian installs it (OpenBLAS picks its kernel), and with this CPU's kernel forced (the stronger peer)
  const torchAuto = torchPeer(req, undefined);
  const torchForced = core === undefined ? undefined : torchPeer(req, core);
  const np = numpyPeer<DotReply>({ dot: dotSizes });
  const tuned = tunedNumpy(dotSizes);

  interface JsonRow {
    problem: string;
    n: number;
    tensorcalc_ms: number;
    peer: string;
    /** The peer's OpenBLAS configuration: "auto" (its own kernel choice) or "forced" (OPENBLAS_CORETYPE). */
    blas: "auto" | "forced";
    peer_ms: number | null;
    ratio: number | null;
  }
  const json: JsonRow[] = [];
  const lines: string[][] = [];
  const verdict = (ratio: number | null): string =>
    ratio === null ? "–" : ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(2)}× slower`;
  /** One peer's row for a problem: its JSON row and its two table cells. */
  const peerCells = (
    o: { row: Row; ms: number },
    peer: { version: string; rows: PeerRow[] } | string | undefined,
    blas: "auto" | "forced",
  ): string[] => {
    if (peer === undefined) return ["–", "–"];
    const p =
      typeof peer === "string" ? undefined : peer.rows.find((r) => r.problem === o.row.problem && r.n === o.row.n);
    const ratio = p ? p.ms / o.ms : null;
    json.push({
      problem: o.row.problem,
      n: o.row.n,
      tensorcalc_ms: o.ms,
      peer: p ? `${p.peer}, ${blas === "auto" ? autoName : forcedName}` : "torch unavailable",
      blas,
      peer_ms: p?.ms ?? null,
      ratio,
    });
    return [p ? ms(p.ms) : "–", verdict(ratio)];
  };
  const autoName = "OpenBLAS's own kernel";
  const forcedName = `OPENBLAS_CORETYPE=${core ?? "–"}`;
  for (const o of ours) {
    const p = typeof torchAuto === "string" ? undefined : torchAuto.rows.find((r) => r.problem === o.row.problem);
    lines.push([
      o.row.label,
      String(o.row.n),
      ms(o.ms),
      p?.peer ?? "torch",
      ...peerCells(o, torchAuto, "auto"),
      ...peerCells(o, torchForced, "forced"),
    ]);
  }
  const gf = (n: number, t: number): number => (2 * n ** 3) / (t * 1e6);
  for (const { n, t } of dots) {
    const cells: string[] = [];
    for (const [reply, config, blas] of [
      [np.reply, `OpenBLAS ${np.reply?.blas.corename ?? "?"}`, "auto"],
      [
        tuned?.reply,
        `OpenBLAS ${tuned?.reply.blas.corename ?? tuned?.core ?? "?"} forced by OPENBLAS_CORETYPE`,
        "forced",
      ],
    ] as const) {
      const p = reply?.dot[String(n)];
      const ratio = p ? p.best / t.best : null;
      if (reply !== undefined)
        json.push({
          problem: "dot",
          n,
          tensorcalc_ms: t.best,
          peer: p ? `numpy ${reply.numpy} (${config}, 1 thread)` : "numpy unavailable",
          blas,
          peer_ms: p?.best ?? null,
          ratio,
        });
      cells.push(
        p ? `${ms(p.best)} (${gf(n, p.best).toFixed(1)} GFLOP/s)` : "–",
        ratio === null ? "–" : `${(100 * ratio).toFixed(0)} % of its GFLOP/s`,
      );
    }
    lines.push([
      `\`dot\` n×n (${gemmBackend()} kernel)`,
      String(n),
      `${ms(t.best)} (${gf(n, t.best).toFixed(1)} GFLOP/s)`,
      `numpy ${np.reply?.numpy ?? ""} dot`,
      ...cells,
    ]);
  }
  for (const o of linalg) {
    const cells: string[] = [];
    let peerName = "numpy.linalg";
    for (const [reply, blas] of [
      [linalgAuto, "auto"],
      [linalgForced, "forced"],
    ] as const) {
      const p = typeof reply === "object" ? reply.rows.find((r) => r.op === o.op && r.n === o.n) : undefined;
      const ratio = p ? p.best / o.t.best : null;
      if (p) peerName = p.peer;
      if (reply !== undefined)
        json.push({
          problem: o.op,
          n: o.n,
          tensorcalc_ms: o.t.best,
          peer: p ? `${p.peer}, ${blas === "auto" ? autoName : forcedName}` : "numpy unavailable",
          blas,
          peer_ms: p?.best ?? null,
          ratio,
        });
      cells.push(p ? `${ms(p.best)} (${(o.flops / (p.best * 1e6)).toFixed(1)} GFLOP/s)` : "–", verdict(ratio));
    }
    lines.push([
      o.label,
      String(o.n),
      `${ms(o.t.best)} (${(o.flops / (o.t.best * 1e6)).toFixed(1)} GFLOP/s)`,
      peerName,
      ...cells,
    ]);
  }
  const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} CPU(s), load average ${load.toFixed(1)} at the start`;
  const version = (t: typeof torchAuto | undefined): string | undefined =>
    t === undefined ? undefined : typeof t === "string" ? t : t.version;
  const meta = {
    date: new Date().toISOString(),
    machine,
    node: process.version,
    torch: version(torchAuto),
    torch_blas: [autoName, ...(torchForced === undefined ? [] : [forcedName])],
    numpy: np.reply?.numpy ?? np.reason,
    numpy_blas: [np.reply?.blas.corename, tuned?.reply.blas.corename ?? tuned?.core].filter((x) => x !== undefined),
    gemm: gemmBackend(),
    rows: json,
  };
  const dir = join(__dirname, "..", "build", "bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "scale.json"), JSON.stringify(meta, null, 2) + "\n");

  console.log(
    `${meta.date}, ${machine}, Node ${process.version}; torch ${meta.torch} (float64, torch.set_num_threads(1)); ` +
      `numpy ${meta.numpy}, 1 thread. Peers run twice: with ${autoName} and with ${forcedName}. ` +
      `Best of repeated runs (3 for n ≥ 1000). Ratio = peer time / tensorcalc time.\n`,
  );
  console.log(
    table(["problem", "n", "tensorcalc", "peer", `peer, ${autoName}`, "ratio", `peer, ${forcedName}`, "ratio"], lines),
  );
  console.log(`\nWrote build/bench/scale.json (${json.length} rows).`);

  // the issue's targets, against each peer configuration
  const fmt = (x: number | null): string => (x === null ? "–" : `${x.toFixed(2)}`);
  for (const [blas, config] of [
    ["auto", autoName],
    ["forced", forcedName],
  ] as const) {
    const mine = json.filter((x) => x.blas === blas);
    const r = (problem: string, n: number): number | null =>
      mine.find((x) => x.problem === problem && x.n === n)?.ratio ?? null;
    const hess = mine.filter((x) => x.problem.startsWith("hess_") || x.problem === "mf_hvp");
    if (hess.length === 0) continue;
    const allFaster = hess.every((x) => x.ratio !== null && x.ratio > 1);
    const tenX = ["hess_quad", "hess_logistic", "mf_hvp"].filter((p) => (r(p, 1000) ?? 0) >= 10);
    const jv = mine.filter((x) => /^(jvp|vjp)_/.test(x.problem));
    const within = jv.filter((x) => x.ratio !== null && x.ratio >= 1 / 1.5);
    const d512 = r("dot", 512);
    console.log(
      `\nTargets against the peers with ${config}: faster than torch on every Hessian row: ${allFaster ? "met" : "NOT met"} ` +
        `(ratios ${hess.map((x) => `${x.problem} ${x.n}: ${fmt(x.ratio)}`).join(", ")}); ` +
        `≥ 10× on two of three Hessian problems at n = 1000: ${tenX.length >= 2 ? "met" : "NOT met"} (${tenX.join(", ") || "none"}); ` +
        `jvp/vjp within 1.5× of torch: ${within.length}/${jv.length} rows (${jv.map((x) => `${x.problem} ${x.n}: ${fmt(x.ratio)}`).join(", ")}); ` +
        `dot 512 ≥ 1/4 of numpy's GFLOP/s: ${d512 !== null && d512 >= 0.25 ? "met" : "NOT met"} (${d512 === null ? "–" : `${(100 * d512).toFixed(0)} %`}).`,
    );
  }
}

if (require.main === module) run();
