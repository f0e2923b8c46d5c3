/**
 * A ratchet on the engines' knowledge of op names: every comparison of an operation's name as a
 * string (`e.op === "mul"`, `case "tr":`) outside the op definitions (`src/symbolic/ops/`) and the
 * registries is counted; the count may only go down. An op owns its rules (simplification,
 * transpose, evaluation, code): an engine that needs to know something about an op asks its
 * definition. When you move rules onto the ops, lower {@link CEILING} to the new count.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SYMBOLIC = join(ROOT, "src", "symbolic");

/**
 * The most op-name comparisons allowed outside the op definitions (measured: 222 before issue 22,
 * 102 after it; 105 with the einsum and permute node types of expr.ts, which define the nodes).
 */
const CEILING = 105;

/** A comparison of an op name as a string: `op === "x"`, `.op == "x"`, `case "x":`. */
const COMPARISON = /op === ['"]|\.op == |case ['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** Comparisons per file (relative to the repository), op definitions and registries left out. */
export function opNameComparisons(dir: string = SYMBOLIC): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of sources(dir)) {
    const rel = relative(ROOT, file).split(sep).join("/");
    if (rel.startsWith("src/symbolic/ops/") || rel.endsWith("/registry.ts")) continue;
    const n = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => COMPARISON.test(line)).length;
    if (n > 0) out.set(rel, n);
  }
  return out;
}

test("op names are compared as strings outside the op definitions no more often than the ceiling", () => {
  const counts = opNameComparisons();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const report = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `  ${n} ${f}`)
    .join("\n");
  assert.ok(
    total <= CEILING,
    `${total} op-name comparisons outside src/symbolic/ops/ (ceiling ${CEILING}):\n${report}`,
  );
});

test("the counter sees the three spellings of a comparison and skips the op definitions", () => {
  assert.ok(COMPARISON.test('if (e.op === "mul") return;'));
  assert.ok(COMPARISON.test("if (x.op == 'T') return;"));
  assert.ok(COMPARISON.test('    case "tr":'));
  assert.ok(!COMPARISON.test("const op = defOf(e).simplify;"));
  const counts = opNameComparisons();
  assert.ok(counts.size > 0);
  assert.ok([...counts.keys()].every((f) => !f.startsWith("src/symbolic/ops/")));
});
