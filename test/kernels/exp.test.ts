/**
 * The inlined exponential of softmax (src/kernels/exp.ts): the same number as Math.exp (the same
 * fdlibm method) for every x ≤ 0 whose exp is a normal number, within one subnormal step below,
 * and the softmax built on it sums to 1 along the axis, for random rectangular shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { expNonPositive } from "../../src/kernels/exp";
import { randn, softmax, sum } from "../../src";

test("expNonPositive(x) is Math.exp(x) for x in [−708, 0] (exact), and close in the subnormal range", () => {
  fc.assert(
    fc.property(fc.double({ min: -708, max: 0, noNaN: true }), (x) => {
      assert.equal(expNonPositive(x), Math.exp(x));
    }),
    { numRuns: Number(process.env.EXP_RUNS ?? 20000) },
  );
  fc.assert(
    fc.property(fc.double({ min: -760, max: -708, noNaN: true }), (x) => {
      assert.ok(Math.abs(expNonPositive(x) - Math.exp(x)) <= 2 ** -1074 * 2, `${x}`);
    }),
    { numRuns: 2000 },
  );
  // near 0, where fdlibm returns 1 + x below 2⁻²⁸ (a counterexample was −8.88e−10)
  fc.assert(
    fc.property(fc.double({ min: -1e-6, max: 0, noNaN: true }), (x) => {
      assert.equal(expNonPositive(x), Math.exp(x));
    }),
    { numRuns: 5000 },
  );
  assert.equal(expNonPositive(-8.882274360466624e-10), Math.exp(-8.882274360466624e-10));
  assert.equal(expNonPositive(-Infinity), 0);
  assert.equal(expNonPositive(0), 1);
  assert.equal(expNonPositive(-0), 1);
});

test("softmax along any axis of a random rectangular tensor sums to 1 along it and is Math.exp-based", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 1, max: 1000 }),
      (shape, axis, seed) => {
        const x = randn(shape, { seed });
        const s = softmax(x, axis);
        const total = sum(s, [axis]);
        for (const v of total.data) assert.ok(Math.abs(v - 1) < 1e-14, `${v}`);
        // one fiber by hand with Math.exp
        const n = shape[axis];
        const stride = shape.slice(axis + 1).reduce((p, q) => p * q, 1);
        const xs = Array.from({ length: n }, (_, k) => x.data[k * stride]);
        const m = Math.max(...xs);
        const es = xs.map((v) => Math.exp(v - m));
        const z = es.reduce((p, q) => p + q, 0);
        es.forEach((e, k) => assert.equal(s.data[k * stride], e / z));
      },
    ),
    { numRuns: 200 },
  );
});
