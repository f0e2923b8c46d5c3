/**
 * Second derivatives where intermediate values are huge: the Hessian goes through the
 * derivative rules of the gradient's own operations, so a rule written as x⁻² or (a/b)/b
 * underflows to 0 where the exact product of ordinary-sized factors does not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { add, divide, exp, hessian, jvp, log, sum, tensor, vjp } from "../../src";

/** σ(v)(1 − σ(v)), the second derivative of log(1 + eᵛ), in a stable form. */
const logisticCurvature = (v: number): number => {
  const e = Math.exp(-Math.abs(v));
  return e / ((1 + e) * (1 + e));
};

test("the Hessian of sum(log(1 + exp(v))) is diag(σ(v)(1 − σ(v))) for v up to 700 (not 1 where 1/(1+eᵛ)² underflows)", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -30, max: 700, noNaN: true }), { minLength: 1, maxLength: 5 }), (vs) => {
      const H = hessian((v) => sum(log(add(1, exp(v)))), tensor(vs));
      const n = vs.length;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const want = i === j ? logisticCurvature(vs[i]) : 0;
          const got = H.data[i * n + j];
          assert.ok(Math.abs(got - want) <= 1e-12, `H[${i}, ${j}] at v = ${vs[i]}: ${got}, want ${want}`);
        }
    }),
    { numRuns: 100 },
  );
});

test("d(a/b) keeps the (a/b)·(db/b) term when b is huge and the tangent of b is as huge", () => {
  // y = 1/b with b = 1e300 and db = 1e300: dy = −(1/b)·(db/b) = −1e-300, where −(1/b)/b·db underflows to 0
  const b = tensor([1e300]);
  const { tangent } = jvp((x) => divide(1, x), b, tensor([1e300]));
  assert.ok(Math.abs(tangent.data[0] + 1e-300) <= 1e-312, `dy = ${tangent.data[0]}, want −1e-300`);
  // and the cotangent of log is C/x, the same in forward and reverse
  const { cotangent } = vjp(log, tensor([4, 1e-300]), tensor([2, 1e-300]));
  assert.deepEqual(Array.from(cotangent.data), [0.5, 1]);
});
