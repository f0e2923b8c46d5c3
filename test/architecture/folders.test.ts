/**
 * The folders of src/ are layers: the graph whose nodes are the top-level folders (the files at
 * the root of src/, the package entry and the op registry, form the node ".") and whose edges are
 * the file imports between them has no cycle. There is no allow-list: every folder imports only
 * folders below it. The numeric products sit in `ops/products/` (`src/products/index.ts` is their
 * public entry), because the reductions' backward rules use `matmul`/`outer` while the products'
 * rules use `reshape`/`transpose`; the op registry sits at `src/registry.ts`, above every folder.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { findCycle, formatCycle, moduleGraph, type Graph } from "./graph";

const SRC = join(__dirname, "..", "..", "src");

/** The top-level folder of a root-relative path; files at the root belong to ".". */
export function folderOf(file: string): string {
  const parts = file.split("/");
  return parts.length === 1 ? "." : parts[0];
}

/** Folder → the folders its files import (a folder's imports of itself left out), with one witness edge each. */
export function folderGraph(graph: Graph): { graph: Graph; witness: ReadonlyMap<string, string> } {
  const out = new Map<string, Set<string>>();
  const witness = new Map<string, string>();
  for (const [from, deps] of graph) {
    const a = folderOf(from);
    if (!out.has(a)) out.set(a, new Set());
    for (const to of deps) {
      const b = folderOf(to);
      if (a === b) continue;
      out.get(a)?.add(b);
      if (!witness.has(`${a} → ${b}`)) witness.set(`${a} → ${b}`, `${from} → ${to}`);
    }
  }
  return { graph: new Map([...out].map(([k, v]) => [k, [...v].sort()])), witness };
}

test("the top-level folders of src/ import each other without a cycle", () => {
  const { graph, witness } = folderGraph(moduleGraph(SRC));
  for (const f of ["ops", "linalg", "special", "einsum", "products", "symbolic"]) assert.ok(graph.has(f), f);
  const cycle = findCycle(graph);
  const why =
    cycle === undefined
      ? ""
      : `folder cycle: ${formatCycle(cycle)}\n` +
        cycle
          .slice(1)
          .map((to, i) => `  ${witness.get(`${cycle[i]} → ${to}`) ?? "?"}`)
          .join("\n");
  assert.equal(cycle, undefined, why);
});

test("nothing under a folder of src/ imports the root files (the package entry and the op registry)", () => {
  const graph = moduleGraph(SRC);
  const wrong = [...graph].flatMap(([from, deps]) =>
    folderOf(from) === "." ? [] : deps.filter((d) => folderOf(d) === ".").map((d) => `${from} → ${d}`),
  );
  assert.ok(graph.has("registry.ts"), "src/registry.ts exists");
  assert.deepEqual(wrong, []);
});

test("the folder graph lifts file edges to folders and the cycle finder sees a folder loop", () => {
  const files = new Map([
    ["ops/a.ts", ["ops/b.ts", "core/t.ts"]],
    ["ops/b.ts", ["products/m.ts"]],
    ["products/m.ts", ["ops/def.ts"]],
    ["ops/def.ts", []],
    ["core/t.ts", []],
    ["registry.ts", ["ops/a.ts", "products/m.ts"]],
  ]);
  const { graph, witness } = folderGraph(files);
  assert.deepEqual(graph.get("ops"), ["core", "products"]);
  assert.deepEqual(graph.get("."), ["ops", "products"]);
  assert.equal(witness.get("products → ops"), "products/m.ts → ops/def.ts");
  assert.deepEqual(findCycle(graph), ["ops", "products", "ops"]);
  // The same files with the products' import moved below ops: no cycle.
  const layered = new Map(files);
  layered.set("products/m.ts", ["core/t.ts"]);
  assert.equal(findCycle(folderGraph(layered).graph), undefined);
  assert.equal(folderOf("index.ts"), ".");
  assert.equal(folderOf("symbolic/ops/mul.ts"), "symbolic");
});
