/**
 * verify looks for sizes and values where the expression is defined: a tall X makes XᵀX
 * invertible where a wide one does not; when it finds none it says so as a result (not an
 * input error), with the reason.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { derive, tensor, verify } from "../../src";

test("expressions defined only for a tall X verify (verify tries other sizes)", () => {
  for (const e of ["logdet(X'*X)", "inv(X'*X)*X'", "tr(inv(X'*C*X)*A)"]) {
    const r = verify(derive(e, "X"));
    assert.ok(r.ok, `${e}: ${JSON.stringify(r.forms)}`);
    assert.equal(r.undefinedAt, undefined);
    const [rows, cols] = derive(e, "X").shapes.X.map((d) => r.dims[d as string]);
    assert.ok(rows > cols, `${e}: X is ${rows}×${cols}`);
  }
});

test("an expression defined nowhere on random values is reported as such, with the reason", () => {
  const r = verify(derive("sum(log(-exp(x)))", "x"));
  assert.equal(r.ok, false);
  assert.match(r.undefinedAt ?? "", /its value is NaN .*log or sqrt of a negative number/);
  for (const f of r.forms) assert.match(f.detail, /^could not find values where the expression is defined \(6 tries/);
});

test("given values are used as they are (one try), and an undefined point is reported", () => {
  const r = verify(derive("logdet(X)", "X", { X: [2, 2] }), {
    values: {
      X: tensor([
        [1, 2],
        [2, 4],
      ]),
    },
  });
  assert.equal(r.ok, false);
  assert.match(r.undefinedAt ?? "", /its value is -Infinity/);
  for (const f of r.forms) assert.match(f.detail, /\(1 try of sizes and values\)/);
});
