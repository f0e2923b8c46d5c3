/**
 * Runs every TSDoc `@example` in src/ops/products and src/einsum and checks
 * `console.log(...); // expected` comments against what was printed
 * (whitespace-insensitive; a trailing "(...)" note in the comment is ignored).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertPrintedInOrder, dropNote, examplesIn, expectations, runExample } from "../helpers/examples";

const examples = examplesIn([join("ops", "products"), "einsum"]);

test("every public product and einsum has an example", () => {
  const documented = new Set(examples.map((e) => e.file));
  for (const f of ["matmul", "dot", "ddot", "outer", "kron"])
    assert.ok(documented.has(join("ops", "products", `${f}.ts`)), f);
  assert.ok(documented.has(join("einsum", "einsum.ts")), "einsum");
  assert.ok(documented.has(join("einsum", "einsumPath.ts")), "einsumPath");
});

for (const ex of examples) {
  const where = `${ex.file}:${ex.line}`;
  test(`@example in ${where} runs and prints what its comments say`, () => {
    assertPrintedInOrder(runExample(ex.code, where), expectations(ex.code), where, dropNote);
  });
}
