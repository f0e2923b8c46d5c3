/** The built command line (dist/cli/main.js) run as a child process, for the CLI tests. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const BIN = join(__dirname, "..", "..", "dist", "cli", "main.js");

/** Run `tensorcalc ...args`: its exit code, standard output and standard error. */
export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
