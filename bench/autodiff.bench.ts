/**
 * Benchmark: the full Jacobian of Y = AᵀB with respect to A (square n×n),
 * tensorcalc's `jacobian` beside torch.autograd.functional.jacobian (float64,
 * one thread; with and without vectorize=True) run in the same session via
 * `/usr/bin/python3 bench/torch_peer.py` (or $TENSORCALC_BENCH_PYTHON). Prints a
 * Markdown table with ratios (> 1 means tensorcalc is faster).
 *
 * Run alone: `node --import tsx bench/autodiff.bench.ts`; `npm run bench -- autodiff` runs it via bench/run.ts.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { jacobian, randn, matmul, transpose, ddot, dot, alpha, beta, maxAbsDiff, type Tensor } from "../src";
import { PYTHON, time } from "./harness";

export const title = "autodiff: full Jacobian of Y = AᵀB w.r.t. A";

const SIZES = [8, 16, 32, 64];

interface PeerRow {
  n: number;
  loop: number;
  vectorized: number;
}

function torchPeer(sizes: readonly number[]): { version: string; rows: PeerRow[] } | string {
  const script = path.join(__dirname, "torch_peer.py");
  const r = spawnSync(PYTHON, [script, ...sizes.map(String)], { encoding: "utf8", timeout: 600_000 });
  if (r.error !== undefined) return `torch peer unavailable: ${r.error.message}`;
  if (r.status !== 0) return `torch peer failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}`;
  const out = JSON.parse(r.stdout) as { torch: string; results: PeerRow[] };
  return { version: out.torch, rows: out.results };
}

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));

/** Run the benchmark; prints and returns a Markdown report. */
export function run(): string {
  const ours: { n: number; ms: number }[] = [];
  for (const n of SIZES) {
    const A = randn([n, n], { seed: 1 });
    const B = randn([n, n], { seed: 2 });
    const f = (a: Tensor): Tensor => matmul(transpose(a), B);
    // Sanity: the benchmarked result is the seed's (αBᵀ):β.
    const err = maxAbsDiff(jacobian(f, A), ddot(dot(alpha(n, n), transpose(B)), beta(n, n)));
    if (err > 1e-12) throw new Error(`autodiff bench: wrong Jacobian at n=${n} (max diff ${err})`);
    ours.push({ n, ms: time(() => jacobian(f, A), { minMs: 1000 }).best });
  }
  const peer = torchPeer(SIZES);
  const lines: string[] = [];
  lines.push(`## ${title}`, "");
  lines.push(
    `Node ${process.version}, one thread; best of repeated runs. Ratio = torch time / tensorcalc time (> 1: tensorcalc faster).`,
    "",
  );
  if (typeof peer === "string") {
    lines.push(`(${peer})`, "", "| n | J entries | tensorcalc (ms) |", "|---|---|---|");
    for (const o of ours) lines.push(`| ${o.n} | ${o.n ** 4} | ${fmt(o.ms)} |`);
  } else {
    lines.push(`torch ${peer.version}, float64, torch.set_num_threads(1).`, "");
    lines.push("| n | J entries | tensorcalc (ms) | torch loop (ms) | ratio | torch vectorize=True (ms) | ratio |");
    lines.push("|---|---|---|---|---|---|---|");
    for (const o of ours) {
      const p = peer.rows.find((r) => r.n === o.n);
      if (p === undefined) continue;
      const loop = p.loop * 1000;
      const vect = p.vectorized * 1000;
      lines.push(
        `| ${o.n} | ${(o.n ** 4).toLocaleString("en-US")} | ${fmt(o.ms)} | ${fmt(loop)} | ${(loop / o.ms).toFixed(1)}× | ${fmt(vect)} | ${(vect / o.ms).toFixed(1)}× |`,
      );
    }
  }
  const report = lines.join("\n");
  console.log(report);
  return report;
}

if (require.main === module) run();
