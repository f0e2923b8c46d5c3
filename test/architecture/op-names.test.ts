/**
 * A ratchet on the engines' knowledge of op names: every comparison of an operation's name as a
 * string (`e.op === "mul"`, `case "tr":`, `["mul", "add"].includes(e.op)`) anywhere in src/ outside
 * the op definitions (`src/symbolic/ops/`) and the registries is counted in the syntax tree
 * (test/architecture/opNames.ts, which also prints the per-file counts:
 * `node --import tsx test/architecture/opNames.ts [file]`); the count may only go down. An op owns
 * its rules (simplification, transpose, evaluation, code): an engine that needs to know something
 * about an op asks its definition. When you move rules onto the ops, lower {@link CEILING} to the
 * new count.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { comparisonsIn, exempt, opNameComparisons, report } from "./opNames";

/**
 * The most op-name comparisons allowed outside the op definitions. Measured by lines with a
 * regular expression over src/symbolic/: 222 before issue 22, 102 after it, 105 with the einsum
 * and permute node types of expr.ts. Measured in the syntax tree over all of src/ (one per op
 * name compared, so `a.op === "x" || a.op === "y"` is two): 114; 76 once the leaves are asked
 * through `isSym`/`isNum`/`numValue` (expr.ts) and the ops carry the traits `identity`,
 * `tensorValued` and the print rule `latexSup`; 27 with the traits `transposition`,
 * `matrixProduct`, `negation` (symbolic/traits.ts), the rules `scalarPowers` and the constant
 * syntax's `node`, and a node key built from the node's attributes.
 */
const CEILING = 27;

test("op names are compared as strings outside the op definitions no more often than the ceiling", () => {
  const counts = opNameComparisons();
  const total = [...counts.values()].reduce((a, c) => a + c.length, 0);
  assert.ok(
    total <= CEILING,
    `${total} op-name comparisons outside src/symbolic/ops/ (ceiling ${CEILING}):\n${report(counts)}`,
  );
});

test("the counter sees every spelling of a comparison, once per op name", () => {
  const count = (text: string): string[] => comparisonsIn(text).map((c) => `${c.how}:${c.name}`);
  assert.deepEqual(count('if (e.op === "mul") return;'), ["equality:mul"]);
  assert.deepEqual(count('if ("T" !== x.op) f();'), ["equality:T"]);
  assert.deepEqual(count("const a = x.op == 'tr', b = x.op != 'inv';"), ["equality:tr", "equality:inv"]);
  assert.deepEqual(count('const k = (e.args[0] as Expr).op === "had";'), ["equality:had"]);
  assert.deepEqual(count('if (op === "add" || innerOp === "sub") g();'), ["equality:add", "equality:sub"]);
  assert.deepEqual(count('switch (e.op) {\n  case "mul":\n  case "kron":\n    break;\n  default:\n}'), [
    "case:mul",
    "case:kron",
  ]);
  assert.deepEqual(count('switch (node.kind) { case "exp": case "log": return 1; }'), ["case:exp", "case:log"]);
  assert.deepEqual(count('if (["mul", "add", "x"].includes(e.op)) h();'), ["includes:mul", "includes:add"]);
  assert.deepEqual(count('if (new Set(["tanh"]).has(e.op)) h();'), ["includes:tanh"]);
  assert.deepEqual(count('const UNARY = new Set(["exp", "log"]);\nconst u = (e: E) => UNARY.has(e.op);'), [
    "includes:exp",
    "includes:log",
  ]);
  assert.deepEqual(count('const L = ["sin", "cos"] as const;\nif (L.includes(f.op)) h();'), [
    "includes:sin",
    "includes:cos",
  ]);
});

test("the counter leaves out what is not an op-name comparison", () => {
  const none = (text: string): void => assert.deepEqual(comparisonsIn(text), [], text);
  none("const op = defOf(e).simplify;");
  none('if (e.op === "notAnOp") return;'); // not the name of an operation
  none('// e.op === "mul" in a comment\nconst s = "case \\"mul\\":";');
  none('if (t.kind === "num") next();'); // a token's kind, not an op
  none('switch (a.kind) { case "ref": return 0; case "num": return 1; }'); // argument kinds
  none('if (e.op === other.op) f(); if (name === "mul") g();');
  none('if (["mul"].includes(name)) h();');
  const counts = opNameComparisons();
  assert.ok(counts.size > 0);
  assert.ok([...counts.keys()].every((f) => !exempt(f)));
  assert.ok(exempt("src/symbolic/ops/mul.ts") && exempt("src/symbolic/ops/registry.ts") && exempt("src/registry.ts"));
  assert.ok(!exempt("src/symbolic/simplify.ts"));
});
