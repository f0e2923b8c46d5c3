import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  vec,
  vech,
  unvech,
  duplication,
  elimination,
  commutation,
  eye,
  inv,
  randint,
  fromFunction,
  diag,
  hessian,
  toVecJacobian,
  hadamard,
  sum,
  transpose,
  add,
  tensor,
  zeros,
  Tensor,
  ShapeError,
  IndexError,
  AllocationError,
} from "../../src";
import { jacobianN } from "../../src/autodiff/jacobian";
import { throwsWith } from "../helpers/assert";

const order = fc.integer({ min: 1, max: 7 });
const tri = (n: number): number => (n * (n + 1)) / 2;

/** Plain loop products (independent of the library's products). */
function matvec(M: Tensor, v: Tensor): number[] {
  const [r, c] = M.shape;
  return Array.from({ length: r }, (_, i) => {
    let s = 0;
    for (let k = 0; k < c; k++) s += M.get(i, k) * v.get(k);
    return s;
  });
}
function matmat(A: Tensor, B: Tensor): number[][] {
  const [r, c] = A.shape;
  const q = B.shape[1];
  return Array.from({ length: r }, (_, i) =>
    Array.from({ length: q }, (_, j) => {
      let s = 0;
      for (let k = 0; k < c; k++) s += A.get(i, k) * B.get(k, j);
      return s;
    }),
  );
}
const list = (t: Tensor): number[] => Array.from(t.data);

/** A random symmetric n×n integer matrix X + Xᵀ. */
const symmetric = (n: number, seed: number): Tensor => {
  const X = randint([n, n], { seed });
  return add(X, transpose(X));
};

test("vech stacks the columns of the lower triangle; unvech(v) is symmetric with vech(unvech(v)) = v", () => {
  fc.assert(
    fc.property(order, fc.integer(), (n, seed) => {
      const X = randint([n, n], { seed });
      const h = vech(X);
      assert.deepEqual(h.shape, [tri(n)]);
      const expected: number[] = [];
      for (let j = 0; j < n; j++) for (let i = j; i < n; i++) expected.push(X.get(i, j));
      assert.deepEqual(list(h), expected);

      const v = randint([tri(n)], { seed: seed + 1 });
      const S = unvech(v);
      assert.deepEqual(S.shape, [n, n]);
      assert.deepEqual(S.toNested(), transpose(S).toNested());
      assert.deepEqual(list(vech(S)), list(v));
      assert.deepEqual(unvech(v, n).toNested(), S.toNested());
    }),
  );
  assert.deepEqual(
    vech(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]),
    ).toNested(),
    [1, 4, 7, 5, 8, 9],
  );
  assert.deepEqual(vech(tensor([[4]])).toNested(), [4]);
  assert.deepEqual(unvech(tensor([4])).toNested(), [[4]]);
});

test("unvech(vech(S)) = S for symmetric S", () => {
  fc.assert(
    fc.property(order, fc.integer(), (n, seed) => {
      const S = symmetric(n, seed);
      assert.deepEqual(unvech(vech(S)).toNested(), S.toNested());
    }),
  );
});

test("D_n vech(S) = vec(S) for symmetric S, and L_n vec(X) = vech(X) for any X (exact)", () => {
  fc.assert(
    fc.property(order, fc.integer(), (n, seed) => {
      const S = symmetric(n, seed);
      assert.deepEqual(matvec(duplication(n), vech(S)), list(vec(S)));
      const X = randint([n, n], { seed: seed + 1 });
      assert.deepEqual(matvec(elimination(n), vec(X)), list(vech(X)));
    }),
  );
});

test("D_n and L_n: sizes n²×n(n+1)/2 and n(n+1)/2×n², 0/1 entries, one 1 per row of D_n and per row of L_n", () => {
  fc.assert(
    fc.property(order, (n) => {
      const D = duplication(n);
      const L = elimination(n);
      assert.deepEqual(D.shape, [n * n, tri(n)]);
      assert.deepEqual(L.shape, [tri(n), n * n]);
      for (const M of [D, L]) {
        assert.ok(M.data.every((x) => x === 0 || x === 1));
        const [r, c] = M.shape;
        for (let i = 0; i < r; i++) {
          let ones = 0;
          for (let k = 0; k < c; k++) ones += M.get(i, k);
          assert.equal(ones, 1, `row ${i}`);
        }
      }
      // Column k of D_n has two ones (an off-diagonal entry) or one (a diagonal entry): n + 2·n(n−1)/2 = n².
      assert.equal(sum(D).item(), n * n);
    }),
  );
  assert.deepEqual(duplication(2).toNested(), [
    [1, 0, 0],
    [0, 1, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  assert.deepEqual(elimination(2).toNested(), [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 0, 1],
  ]);
});

test("L_n D_n = I, D_n⁺ = (D_nᵀ D_n)⁻¹ D_nᵀ gives D_n⁺ vec(S) = vech(S), and K_nn D_n = D_n (exact)", () => {
  fc.assert(
    fc.property(order, fc.integer(), (n, seed) => {
      const D = duplication(n);
      const L = elimination(n);
      assert.deepEqual(matmat(L, D), eye(tri(n)).toNested());
      const Dt = transpose(D);
      const DtD = tensor(matmat(Dt, D));
      // DᵀD is diagonal: 1 for a diagonal entry of S, 2 for an off-diagonal one.
      const weight = vech(fromFunction([n, n], (i, j) => (i === j ? 1 : 2)));
      assert.deepEqual(DtD.toNested(), diag(weight).toNested());
      const Dplus = tensor(matmat(inv(DtD), Dt));
      const S = symmetric(n, seed);
      assert.deepEqual(matvec(Dplus, vec(S)), list(vech(S)));
      assert.deepEqual(matmat(Dplus, D), eye(tri(n)).toNested());
      assert.deepEqual(matmat(commutation(n, n), D), D.toNested());
    }),
  );
});

test("the Jacobian of vech is L_n and that of unvech is D_n, forward and reverse (exact)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer(), (n, seed) => {
      const X = randint([n, n], { seed });
      const v = randint([tri(n)], { seed: seed + 1 });
      for (const mode of ["forward", "reverse"] as const) {
        const [Jh] = jacobianN((x) => vech(x), [X], "jacobian", mode);
        assert.deepEqual(toVecJacobian(Jh, { ndimY: 1 }).toNested(), elimination(n).toNested(), mode);
        const [Ju] = jacobianN((x) => unvech(x), [v], "jacobian", mode);
        assert.deepEqual(toVecJacobian(Ju, { ndimY: 2 }).toNested(), duplication(n).toNested(), mode);
      }
    }),
    { numRuns: 30 },
  );
});

test("second derivatives go through vech and unvech (Hessians of sums of squares)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer(), (n, seed) => {
      // Σ vech(X)²: 2 on the diagonal of the Hessian for the entries on and below the diagonal of X.
      const X = randint([n, n], { seed });
      const H = hessian((x) => sum(hadamard(vech(x), vech(x))), X);
      const want = fromFunction([n, n, n, n], (i, j, k, l) => (i === k && j === l && i >= j ? 2 : 0));
      assert.deepEqual(H.toNested(), want.toNested());
      // Σ unvech(v)²: each off-diagonal entry counts twice, so 4 for those and 2 for the diagonal.
      const v = randint([tri(n)], { seed: seed + 1 });
      const Hv = hessian((x) => sum(hadamard(unvech(x), unvech(x))), v);
      const w = vech(fromFunction([n, n], (i, j) => (i === j ? 2 : 4)));
      assert.deepEqual(Hv.toNested(), diag(w).toNested());
    }),
    { numRuns: 20 },
  );
});

test("vech, unvech, duplication and elimination validate their arguments", () => {
  throwsWith(
    () => vech(tensor([[1, 2, 3]])),
    ShapeError,
    /vech: expected a square n×n matrix \(n ≥ 1\), got shape \[1, 3\]/,
  );
  throwsWith(() => vech(tensor([1, 2, 3])), ShapeError, /vech: .*got shape \[3\] \(1 axis\)/);
  throwsWith(() => vech(zeros([2, 2, 2])), ShapeError, /got shape \[2, 2, 2\] \(3 axes\)/);
  throwsWith(() => vech(zeros([0, 0])), ShapeError, /got shape \[0, 0\]/);
  throwsWith(
    () => unvech(tensor([1, 2, 3, 4, 5])),
    ShapeError,
    /unvech: a vector of length 5 is not the vech of a square matrix/,
    /triangular number n\(n\+1\)\/2; the nearest are 3 \(n = 2\) and 6 \(n = 3\)/,
  );
  throwsWith(() => unvech(zeros([0])), ShapeError, /length 0 .* the nearest are 1 \(n = 1\)$/);
  throwsWith(() => unvech(zeros([7])), ShapeError, /the nearest are 6 \(n = 3\) and 10 \(n = 4\)/);
  throwsWith(
    () => unvech(tensor([1, 2, 3]), 3),
    ShapeError,
    /unvech: expected a vector of length n\(n\+1\)\/2 = 6 for n = 3, got shape \[3\]/,
  );
  throwsWith(() => unvech(tensor([[1, 2, 3]])), ShapeError, /unvech: expected a vector \(1 axis\).*got shape \[1, 3\]/);
  throwsWith(() => unvech(tensor([1]), 0), IndexError, /unvech: n must be a positive integer, got 0/);
  throwsWith(() => duplication(0), IndexError, /duplication: n must be a positive integer, got 0/);
  throwsWith(() => duplication(2.5), IndexError, /duplication: n must be a positive integer, got 2.5/);
  throwsWith(() => elimination(-1), IndexError, /elimination: n must be a positive integer, got -1/);
  throwsWith(() => elimination(NaN), IndexError, /got NaN/);
  throwsWith(() => duplication(200), AllocationError, /duplication: a tensor of shape \[40000, 20100\]/);
  throwsWith(() => elimination(200), AllocationError, /elimination: a tensor of shape \[20100, 40000\]/);
});
