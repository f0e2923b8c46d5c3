/**
 * Benchmark: the dense kernels (issue 25) — gemm against the SIMD128 ceiling and numpy/torch, and
 * the factorisations on it (LU, inverse, solve, Cholesky, det, the symmetric product XᵀX) against
 * the gemm rate and numpy, all in one run.
 *
 * The ceiling of the f64x2 kernel is 2 FMA × 2 lanes × 2 flops = 8 flops per cycle at the clock
 * measured here: a WebAssembly loop of dependent 64-bit integer additions (one cycle each on
 * every x86-64 core), run before and after the timings (the faster kept), gives the cycles per second
 * the core runs at; a second
 * probe, 12 independent f64x2 FMA chains with no memory traffic, shows what the engine reaches
 * in practice. The peers (bench/blas_peer.py through Debian's /usr/bin/python3, one thread) run
 * twice: with OpenBLAS's own kernel choice and with this CPU's kernel forced by OPENBLAS_CORETYPE.
 *
 * Run: `npm run bench -- blas`. Writes build/bench/blas.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import wabtInit from "wabt";
import { cholesky, det, dot, inv, solve } from "../src";
import { gemm, gemmBackend, transposed } from "../src/kernels/gemm";
import { luFactor } from "../src/kernels/lu";
import { blasCore, blasPeer, denseMatrices, ms, table, time, type PeerReply } from "./harness";

export const title =
  "dense kernels: gemm against the SIMD128 ceiling, factorisations against gemm, beside numpy and torch";

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

/** Additions per loop trip of the clock probe, and FMA chains of the throughput probe. */
const CHAIN = 200;
const LANES = 12;

/** The probes' WebAssembly text: `chain(trips, y)` (dependent i64 adds) and `fma(trips, s)` (independent f64x2 FMAs). */
function probeWat(): string {
  const adds = Array.from({ length: CHAIN }, () => "(local.set $x (i64.add (local.get $x) (local.get $y)))").join("\n");
  const fmas = Array.from(
    { length: 4 * LANES },
    (_, i) =>
      `(local.set $a${i % LANES} (f64x2.relaxed_madd (local.get $a${i % LANES}) (local.get $m) (local.get $m)))`,
  ).join("\n");
  const locals = Array.from({ length: LANES }, (_, i) => `(local $a${i} v128)`).join(" ");
  let sum = "(local.get $a0)";
  for (let i = 1; i < LANES; i++) sum = `(f64x2.add ${sum} (local.get $a${i}))`;
  return `(module
 (func (export "chain") (param $n i32) (param $y i64) (result i64) (local $x i64)
  (block $d (loop $l (br_if $d (i32.eqz (local.get $n))) ${adds}
   (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))
  (local.get $x))
 (func (export "fma") (param $n i32) (param $s f64) (result f64) (local $m v128) ${locals}
  (local.set $m (f64x2.splat (local.get $s)))
  (block $d (loop $l (br_if $d (i32.eqz (local.get $n))) ${fmas}
   (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))
  (f64x2.extract_lane 0 ${sum})))`;
}

/** The measured clock (GHz, best of several probes) and the FMA probe's GFLOP/s (best). */
async function probes(): Promise<{ ghz: number; fmaGflops: number }> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat("probe.wat", probeWat(), { simd: true, relaxed_simd: true });
  const bytes = mod.toBinary({}).buffer;
  mod.destroy();
  gemmBackend(); // compiles the gemm kernel first, which turns on Node 20's relaxed-SIMD flag where needed
  const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const ex = new WA.Instance(new WA.Module(bytes), {}).exports;
  const chain = ex.chain as (n: number, y: bigint) => bigint;
  const fma = ex.fma as (n: number, s: number) => number;
  let ghz = 0;
  let fmaGflops = 0;
  for (let rep = 0; rep < 7; rep++) {
    const trips = 2_000_000;
    let t0 = performance.now();
    chain(trips, 1n);
    ghz = Math.max(ghz, (trips * CHAIN) / (performance.now() - t0) / 1e6);
    t0 = performance.now();
    fma(trips, 0.999999);
    fmaGflops = Math.max(fmaGflops, (trips * 4 * LANES * 4) / (performance.now() - t0) / 1e6);
  }
  return { ghz, fmaGflops };
}

interface Ours {
  op: string;
  n: number;
  label: string;
  flops: number;
  ms: number;
}

function measure(): Ours[] {
  const out: Ours[] = [];
  const budget = (n: number) => (n >= 1000 ? { minMs: 1000, minRuns: 3, warmup: 1 } : { minMs: 800, minRuns: 5 });
  const push = (op: string, n: number, label: string, flops: number, fn: () => unknown): void => {
    out.push({ op, n, label, flops, ms: time(fn, budget(n)).best });
  };
  for (const n of [256, 500, 512, 1000, 1024]) {
    const { A, B } = denseMatrices(n);
    push("gemm", n, "gemm `dot(A, B)`", 2 * n ** 3, () => dot(A, B));
  }
  for (const n of [500, 1000]) {
    const { A, B, S } = denseMatrices(n);
    const X = { data: B.data, offset: 0, rs: n, cs: 1 };
    push("syrk", n, "XᵀX (syrk: upper triangle, mirrored)", n ** 3 + n ** 2, () =>
      gemm(n, n, n, transposed(X), X, new Float64Array(n * n), 0, 1, n, true),
    );
    push("lu", n, "LU with partial pivoting", (2 / 3) * n ** 3, () => luFactor(A.data, n));
    push("inv", n, "`inv(A)`", 2 * n ** 3, () => inv(A));
    push("solve", n, "`solve(A, B)`, n right-hand sides", (8 / 3) * n ** 3, () => solve(A, B));
    push("cholesky", n, "`cholesky(S)`", n ** 3 / 3, () => cholesky(S));
    push("det", n, "`det(A)`", (2 / 3) * n ** 3, () => det(A));
  }
  return out;
}

export async function run(): Promise<void> {
  console.log(`## ${title}\n`);
  const load = os.loadavg()[0];
  const before = await probes();
  const ours = measure();
  // probed before and after the timings, the faster kept: a probe that shares the core with other
  // jobs is slowed like any loop, and would understate the clock
  const after = await probes();
  const ghz = Math.max(before.ghz, after.ghz);
  const fmaGflops = Math.max(before.fmaGflops, after.fmaGflops);
  const ceiling = 8 * ghz;
  const req = ours.filter((o) => !(o.op === "gemm" && (o.n === 500 || o.n === 1000))).map(({ op, n }) => ({ op, n }));
  const core = blasCore();
  const auto = blasPeer(req, undefined);
  const forced = core === undefined ? undefined : blasPeer(req, core);
  const gf = (o: Ours): number => o.flops / (o.ms * 1e6);
  const gemmAt = (n: number): Ours | undefined => ours.find((o) => o.op === "gemm" && o.n === n);
  const json: unknown[] = [];
  const lines: string[][] = [];
  const peerCells = (o: Ours, reply: PeerReply | string | undefined, blas: string): string[] => {
    if (reply === undefined || typeof reply === "string") return ["–"];
    return reply.rows
      .filter((p) => p.op === o.op && p.n === o.n)
      .map((p) => {
        json.push({ op: o.op, n: o.n, tensorcalc_ms: o.ms, peer: p.peer, blas, peer_ms: p.best, ratio: p.best / o.ms });
        return `${p.peer}: ${ms(p.best)}, ${(100 * (p.best / o.ms)).toFixed(0)} %`;
      });
  };
  const autoName = typeof auto === "string" ? "OpenBLAS's own choice" : `OpenBLAS's own choice (${auto.corename})`;
  const forcedName = `OPENBLAS_CORETYPE=${core ?? "–"}`;
  for (const o of ours) {
    const g = gemmAt(o.n);
    const rate =
      o.op === "gemm"
        ? `${((100 * gf(o)) / ceiling).toFixed(0)} % of the ceiling`
        : g
          ? `${((100 * gf(o)) / gf(g)).toFixed(0)} % of gemm`
          : "–";
    const reference = o.op === "gemm" && (o.n === 500 || o.n === 1000); // the factorisations' gemm rate; no peer
    lines.push([
      o.label,
      String(o.n),
      ms(o.ms),
      gf(o).toFixed(1),
      rate,
      reference ? "–" : peerCells(o, auto, "auto").join("; "),
      reference ? "–" : peerCells(o, forced, "forced").join("; "),
    ]);
  }
  const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} CPU(s), load average ${load.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  const versions = typeof auto === "string" ? auto : `numpy ${auto.numpy}, torch ${auto.torch ?? "unavailable"}`;
  console.log(
    `${new Date().toISOString()}, ${machine}, Node ${process.version}, gemm kernel ${gemmBackend()}; ${versions}, one thread.\n\n` +
      `Measured clock ${ghz.toFixed(2)} GHz (dependent integer additions), so the f64x2 FMA ceiling is 8 flops × ${ghz.toFixed(2)} GHz = ${ceiling.toFixed(1)} GFLOP/s; ` +
      `the FMA probe (12 independent chains, no memory) reaches ${fmaGflops.toFixed(1)} GFLOP/s (${((100 * fmaGflops) / ceiling).toFixed(0)} %). ` +
      `Flops counted: gemm 2n³, XᵀX n³ + n², LU and det ⅔n³, inverse 2n³, solve with n right-hand sides ⁸⁄₃n³, Cholesky ⅓n³. ` +
      `Peer cells: peer time and peer time / tensorcalc time (> 100 %: tensorcalc faster).\n`,
  );
  console.log(
    table(["kernel", "n", "tensorcalc", "GFLOP/s", "rate", `peers, ${autoName}`, `peers, ${forcedName}`], lines),
  );
  const dir = join(__dirname, "..", "build", "bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "blas.json"),
    JSON.stringify({ date: new Date().toISOString(), machine, ghz, ceiling, fmaGflops, ours, peers: json }, null, 2) +
      "\n",
  );
  console.log(`\nWrote build/bench/blas.json.`);
}

if (require.main === module) void run();
