/**
 * Runs every TSDoc `@example` of the core API modules (create, ops, special, linalg,
 * compare, display, core; subfolders included) and checks `console.log(...); // expected` comments against
 * what was printed (whitespace-insensitive). Keeps the documented examples true.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertPrintedInOrder,
  dropNoteAndEquation,
  examplesUnder,
  expectations,
  runExample,
} from "../helpers/examples";

/** The products' examples (under ops/products/) are run by test/products/examples.test.ts. */
const examples = examplesUnder(["core", "create", "ops", "special", "linalg", "compare", "display"]).filter(
  (e) => !e.file.startsWith(join("ops", "products")),
);

test("the core API modules have examples", () => {
  assert.ok(examples.length >= 50, `found ${examples.length}`);
});

for (const ex of examples) {
  const where = `${ex.file}:${ex.line}`;
  test(`@example in ${where} runs and prints what its comments say`, () => {
    const printed = runExample(ex.code, where);
    // Only lines with a trailing comment are checked; they are printed in order, so
    // match each expectation against the printed lines in sequence.
    assertPrintedInOrder(printed, expectations(ex.code), where, dropNoteAndEquation);
  });
}
