/**
 * Runs every TSDoc `@example` in src/autodiff and checks each
 * `console.log(...); // expected` comment against what was printed
 * (whitespace-insensitive; a comment may continue after the value with an
 * explanation, so the printed line must be a prefix of the comment).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lib from "../../src";
import { assertPrintedLineByLine, examplesIn, expectations, runExample } from "../helpers/examples";

const examples = examplesIn(["autodiff"]);

test("every public autodiff export is documented with an example", () => {
  const exported = Object.keys(lib).filter((k) =>
    [
      "jacobian",
      "grad",
      "hessian",
      "jvp",
      "vjp",
      "numericJacobian",
      "toVecJacobian",
      "fromVecJacobian",
      "toDenominatorLayout",
    ].includes(k),
  );
  assert.equal(exported.length, 9);
  for (const name of exported) {
    assert.ok(
      examples.some((ex) => new RegExp(`\\b${name}\\(`).test(ex.code)),
      `an example calls ${name}`,
    );
  }
});

for (const ex of examples) {
  const where = `${ex.file}:${ex.line}`;
  test(`@example in ${where} prints what its comments say`, () => {
    const printed = runExample(ex.code, where);
    assertPrintedLineByLine(printed, expectations(ex.code));
  });
}
