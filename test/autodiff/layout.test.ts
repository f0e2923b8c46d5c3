/** Jacobian layouts: numerator, vec–Kronecker DF, denominator; and the row-major reshape trap. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  jacobian,
  grad,
  toVecJacobian,
  fromVecJacobian,
  toDenominatorLayout,
  randint,
  reshape,
  matmul,
  transpose,
  commutation,
  vec,
  trace,
  equal,
  type Tensor,
} from "../../src";
import { assertSame, dim, seed } from "./helpers";

const ints = (shape: number[], s: number): Tensor => randint(shape, { seed: s, min: -4, max: 4 });

test("DF[i + j·m, k + l·p] = J[i, j, k, l], and vec(f(X)) = DF·vec(X) for linear f (Y m×n, X p×q)", () => {
  fc.assert(
    fc.property(dim, dim, dim, dim, seed, (m, n, p, q, s) => {
      const A = ints([m, p], s);
      const B = ints([q, n], s + 1);
      const X = ints([p, q], s + 2);
      const f = (x: Tensor): Tensor => matmul(matmul(A, x), B);
      const J = jacobian(f, X);
      const DF = toVecJacobian(J);
      assert.deepEqual(DF.shape, [m * n, p * q]);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < p; k++)
            for (let l = 0; l < q; l++) assert.equal(DF.get(i + j * m, k + l * p), J.get(i, j, k, l));
      assertSame(matmul(DF, vec(X)), vec(f(X)), "vec(AXB) = DF vec(X)");
      assertSame(fromVecJacobian(DF, [m, n], [p, q]), J, "round trip");
    }),
    { numRuns: 40 },
  );
});

test("the trap: a row-major reshape of J is K_mn·DF·K_pqᵀ, not DF", () => {
  fc.assert(
    fc.property(dim, dim, dim, dim, seed, (m, n, p, q, s) => {
      const A = ints([m, p], s);
      const B = ints([q, n], s + 1);
      const J = jacobian((x) => matmul(matmul(A, x), B), ints([p, q], s + 2));
      const DF = toVecJacobian(J);
      const R = reshape(J, [m * n, p * q]);
      assertSame(R, matmul(matmul(commutation(m, n), DF), transpose(commutation(p, q))), "reshape(J) = K DF Kᵀ");
    }),
    { numRuns: 40 },
  );
  // …and they differ in general: for Y = Xᵀ (X 2×3), DF = K_23 but the reshape is K_32·K_23·K_23ᵀ = K_32.
  const J = jacobian((x) => transpose(x), ints([2, 3], 1));
  const DF = toVecJacobian(J);
  assert.ok(!equal(reshape(J, [6, 6]), DF), "row-major reshape differs from DF");
  assertSame(DF, commutation(2, 3), "DF of X ↦ Xᵀ is K");
});

test("vectors are columns, scalars 1×1; a gradient becomes the row vec(G)ᵀ", () => {
  const A = ints([3, 4], 5);
  const J = jacobian((x) => matmul(A, x), ints([4], 6));
  assertSame(toVecJacobian(J), A, "x ↦ Ax: DF = A");
  const X = ints([2, 3], 7);
  const G = grad((x) => trace(matmul(transpose(x), x)), X);
  const row = toVecJacobian(G, { ndimY: 0 });
  assert.deepEqual(row.shape, [1, 6]);
  assertSame(reshape(row, [6]), vec(G), "row = vec(G)ᵀ");
  assert.deepEqual(toVecJacobian(jacobian((x) => x, ints([], 1))).shape, [1, 1]);
});

test("denominator layout stores ∂Y_ij/∂X_kl at [k, l, i, j]", () => {
  fc.assert(
    fc.property(dim, dim, dim, dim, seed, (m, n, p, q, s) => {
      const A = ints([m, p], s);
      const B = ints([q, n], s + 1);
      const J = jacobian((x) => matmul(matmul(A, x), B), ints([p, q], s + 2));
      const D = toDenominatorLayout(J);
      assert.deepEqual(D.shape, [p, q, m, n]);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < p; k++) for (let l = 0; l < q; l++) assert.equal(D.get(k, l, i, j), J.get(i, j, k, l));
    }),
    { numRuns: 30 },
  );
  const G = grad((x) => trace(x), ints([3, 3], 2));
  assertSame(toDenominatorLayout(G, { ndimY: 0 }), G, "scalar Y: both layouts coincide");
});
