/**
 * The source tree has no import cycles: every import and re-export edge of every
 * .ts file under src/ (type-only ones included) is collected, and any cycle is
 * printed as a → b → … → a.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { findCycle, formatCycle, moduleGraph, resolveSpecifier, specifiersOf } from "./graph";

const SRC = join(__dirname, "..", "..", "src");

test("src/ has no import cycle (type-only imports and re-exports included)", () => {
  const graph = moduleGraph(SRC);
  assert.ok(graph.size > 50, `read ${graph.size} modules`);
  const cycle = findCycle(graph);
  assert.equal(cycle, undefined, cycle === undefined ? "" : `import cycle: ${formatCycle(cycle)}`);
});

test("the cycle finder reports a cycle in a tiny graph, and none in a DAG", () => {
  const cyclic = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts", "d.ts"]],
    ["c.ts", ["a.ts"]],
    ["d.ts", []],
  ]);
  assert.equal(formatCycle(findCycle(cyclic) ?? []), "a.ts → b.ts → c.ts → a.ts");
  assert.deepEqual(findCycle(new Map([["x.ts", ["x.ts"]]])), ["x.ts", "x.ts"]);
  const dag = new Map([
    ["a.ts", ["b.ts", "c.ts"]],
    ["b.ts", ["c.ts"]],
    ["c.ts", []],
  ]);
  assert.equal(findCycle(dag), undefined);
});

test("every kind of import edge is collected and resolved", () => {
  const text = [
    'import { a } from "./a";',
    'import type { B } from "../b";',
    'export { c } from "./c";',
    'export * from "./d/index";',
    'export type { E } from "./e";',
    'import "./side";',
    'type F = import("./f").F;',
    'import fs from "node:fs";',
  ].join("\n");
  assert.deepEqual(specifiersOf(text), ["./a", "../b", "./c", "./d/index", "./e", "./side", "./f", "node:fs"]);
  const known = new Set(["x/a.ts", "b.ts", "x/d/index.ts", "x/g/index.ts"]);
  const exists = (p: string): boolean => known.has(p);
  assert.equal(resolveSpecifier("x/m.ts", "./a", exists), "x/a.ts");
  assert.equal(resolveSpecifier("x/m.ts", "../b", exists), "b.ts");
  assert.equal(resolveSpecifier("x/m.ts", "./d/index", exists), "x/d/index.ts");
  assert.equal(resolveSpecifier("x/m.ts", "./g", exists), "x/g/index.ts");
  assert.equal(resolveSpecifier("x/m.ts", "node:fs", exists), undefined);
});

/**
 * The layers above symbolic/: a folder listed here may be imported only by the folders listed
 * after it (and by itself); `index.ts` is the package entry and may import anything.
 */
const UPPER_LAYERS = ["diagram", "cli"] as const;

test("the upper layers import only downward: nothing below diagram/ imports it, only cli/ and the package entry", () => {
  const graph = moduleGraph(SRC);
  const layerOf = (f: string): number => UPPER_LAYERS.indexOf(f.split("/")[0] as (typeof UPPER_LAYERS)[number]);
  assert.ok(
    [...graph.keys()].some((f) => f.startsWith("diagram/")),
    "src/diagram/ exists",
  );
  const wrong: string[] = [];
  for (const [from, deps] of graph) {
    if (from === "index.ts") continue;
    for (const to of deps) {
      const target = layerOf(to);
      if (target >= 0 && layerOf(from) < target) wrong.push(`${from} → ${to}`);
    }
  }
  assert.deepEqual(wrong, [], `imports upward into ${UPPER_LAYERS.join(", ")}:\n${wrong.join("\n")}`);
});
