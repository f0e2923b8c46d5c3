/**
 * Runs every TSDoc `@example` of src/diagram and checks its `console.log(...); // expected`
 * comments against what was printed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertPrintedInOrder, dropNoteAndEquation, examplesIn, expectations, runExample } from "../helpers/examples";

const examples = examplesIn(["diagram"]);

test("the diagram modules have examples", () => {
  assert.ok(examples.length >= 3, `found ${examples.length}`);
});

for (const ex of examples) {
  const where = `${ex.file}:${ex.line}`;
  test(`@example in ${where} runs and prints what its comments say`, () => {
    const printed = runExample(ex.code, where);
    assertPrintedInOrder(printed, expectations(ex.code), where, dropNoteAndEquation);
  });
}
