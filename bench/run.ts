/**
 * Benchmark entry point: `npm run bench` (builds, then runs this file with tsx).
 *
 * Runs every `bench/*.bench.ts` module in file-name order. A module exports
 * `run(): void | Promise<void>` that prints its own Markdown section (a `## title`
 * and tables; helpers for timing, tables and the numpy peer are in bench/harness.ts),
 * and may export `title: string`. To add a section, drop a new `bench/<name>.bench.ts`
 * here — nothing else to register.
 *
 * Run a subset by passing name fragments: `npm run bench -- products` runs only the
 * modules whose file name contains "products". A failing module is reported and the
 * others still run; the exit status is 1 if any module failed.
 *
 * Timings belong here, never in unit tests.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";

interface BenchModule {
  title?: string;
  run(): void | Promise<void>;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`# tensorcalc benchmarks\n`);
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(", ");
  console.log(
    `node ${process.version}, ${cpu}, ${os.cpus().length} CPU(s), load average ${load} ` +
      `(timings are only meaningful on an otherwise idle machine), ${new Date().toISOString()}\n`,
  );
  if (files.length === 0) console.log(`no bench/*.bench.ts module matches ${JSON.stringify(filters)}`);
  let failed = 0;
  for (const f of files) {
    const mod = (await import(join(__dirname, f))) as Partial<BenchModule>;
    if (typeof mod.run !== "function") {
      console.log(`\n(${f} exports no run() — skipped)\n`);
      continue;
    }
    const t0 = performance.now();
    try {
      await mod.run();
    } catch (e) {
      failed++;
      console.log(`\n**${f} failed:** ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
    console.log(`\n_${f}: ${((performance.now() - t0) / 1000).toFixed(1)} s_\n`);
  }
  if (failed > 0) process.exitCode = 1;
}

void main();
