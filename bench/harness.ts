/**
 * Shared helpers for benchmark modules: timing, Markdown tables, and the numpy peer
 * (bench/numpy_peer.py run with Debian's /usr/bin/python3, single-threaded OpenBLAS).
 * Timings live only here and in bench/*.bench.ts, never in unit tests.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { add, eye, randn, scale, Tensor } from "../src";
import { gemm, transposed } from "../src/kernels/gemm";

export interface Timing {
  /** Fastest run, milliseconds. */
  best: number;
  /** Median run, milliseconds. */
  median: number;
  runs: number;
}

/**
 * Time `fn`: a few warm-up calls, then repeated calls until `minMs` of total time and at
 * least `minRuns` runs (and at most `maxRuns`).
 */
export function time(
  fn: () => unknown,
  opts: { minMs?: number; minRuns?: number; maxRuns?: number; warmup?: number } = {},
): Timing {
  const { minMs = 400, minRuns = 3, maxRuns = 1000, warmup = 2 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  let total = 0;
  while ((total < minMs || samples.length < minRuns) && samples.length < maxRuns) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    samples.push(dt);
    total += dt;
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0], median: samples[samples.length >> 1], runs: samples.length };
}

/** A Markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Format milliseconds with a sensible unit. */
export function ms(t: number): string {
  if (t >= 1000) return `${(t / 1000).toFixed(2)} s`;
  if (t >= 1) return `${t.toFixed(2)} ms`;
  return `${(t * 1000).toFixed(1)} µs`;
}

/** The python with numpy (Debian's); override with TENSORCALC_BENCH_PYTHON. */
export const PYTHON = process.env.TENSORCALC_BENCH_PYTHON ?? "/usr/bin/python3";

/**
 * Run bench/numpy_peer.py with a JSON request on stdin; returns its JSON reply, or
 * `undefined` (with the reason) when python or numpy is unavailable. The environment is
 * single-threaded OpenBLAS (OPENBLAS_NUM_THREADS=1) with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE removed, so OpenBLAS picks its own kernel for this CPU.
 */
export function numpyPeer<T>(request: unknown): { reply?: T; reason?: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(PYTHON, [join(__dirname, "numpy_peer.py")], {
    input: JSON.stringify(request),
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.error) return { reason: `${PYTHON} could not run (${r.error.message})` };
  if (r.status === 3) return { reason: r.stderr.trim() || "numpy unavailable" };
  if (r.status !== 0)
    return { reason: `numpy peer failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-1)[0]}` };
  try {
    return { reply: JSON.parse(r.stdout) as T };
  } catch {
    return { reason: `numpy peer printed no JSON: ${r.stdout.slice(0, 200)}` };
  }
}

/**
 * The OpenBLAS kernel this CPU can run, to force with OPENBLAS_CORETYPE (OpenBLAS falls back to
 * SSE3 "Prescott" on a CPU model it does not know): SkylakeX with AVX-512, Haswell with AVX2.
 */
export function blasCore(): string | undefined {
  let flags = "";
  try {
    flags = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return undefined;
  }
  return /\bavx512f\b/.test(flags) ? "SkylakeX" : /\bavx2\b/.test(flags) ? "Haswell" : undefined;
}

/** One timing of bench/blas_peer.py (milliseconds). */
export interface PeerRow {
  op: string;
  n: number;
  peer: string;
  best: number;
}

/** bench/blas_peer.py's reply: versions, OpenBLAS's kernel name and the rows. */
export interface PeerReply {
  numpy: string;
  torch: string | null;
  corename: string | null;
  rows: PeerRow[];
}

/**
 * bench/blas_peer.py (numpy's and torch's dense kernels, one thread) with OpenBLAS's own kernel
 * choice (`core` undefined) or the one forced by OPENBLAS_CORETYPE; a string says why not.
 */
export function blasPeer(req: { op: string; n: number }[], core: string | undefined): PeerReply | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  delete env.OPENBLAS_L2_SIZE;
  if (core === undefined) delete env.OPENBLAS_CORETYPE;
  else env.OPENBLAS_CORETYPE = core;
  const r = spawnSync(PYTHON, [join(__dirname, "blas_peer.py")], {
    input: JSON.stringify({ rows: req }),
    env,
    encoding: "utf8",
    timeout: 1_200_000,
  });
  if (r.error !== undefined) return `peer unavailable: ${r.error.message}`;
  if (r.status !== 0) return `peer failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}`;
  return JSON.parse(r.stdout) as PeerReply;
}

/**
 * The dense benchmarks' matrices, as bench/blas_peer.py draws them: a well-conditioned n×n A
 * (N(0, 1) + 2√n·I), B N(0, 1), and the symmetric positive definite S = AᵀA/n + I.
 */
export function denseMatrices(n: number): { A: Tensor; B: Tensor; S: Tensor } {
  const A = add(randn([n, n], { seed: 1 }), scale(eye(n), 2 * Math.sqrt(n)));
  const B = randn([n, n], { seed: 2 });
  const ata = new Float64Array(n * n);
  const a = { data: A.data, offset: 0, rs: n, cs: 1 };
  gemm(n, n, n, transposed(a), a, ata, 0, 1 / n, n, true);
  const S = add(new Tensor(ata, [n, n]), eye(n));
  return { A, B, S };
}

/**
 * A Python peer script of bench/ with a JSON request on stdin, one thread, with OpenBLAS's own
 * kernel choice (`core` undefined) or the one forced by OPENBLAS_CORETYPE; its JSON reply, or a
 * string saying why not (exit status 3: the peer's library is not installed).
 */
export function pythonPeer<T>(script: string, request: unknown, core: string | undefined): T | string {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OMP_NUM_THREADS: "1",
    OPENBLAS_NUM_THREADS: "1",
    MKL_NUM_THREADS: "1",
  };
  delete env.OPENBLAS_L2_SIZE;
  if (core !== undefined) env.OPENBLAS_CORETYPE = core;
  else delete env.OPENBLAS_CORETYPE;
  const r = spawnSync(PYTHON, [join(__dirname, script)], {
    input: JSON.stringify(request),
    env,
    encoding: "utf8",
    timeout: 1_800_000,
  });
  if (r.error !== undefined) return `${script} unavailable: ${r.error.message}`;
  if (r.status === 3) return r.stderr.trim();
  if (r.status !== 0) return `${script} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}`;
  return JSON.parse(r.stdout) as T;
}
