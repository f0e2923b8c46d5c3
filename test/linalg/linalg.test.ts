import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  inv,
  det,
  logdet,
  solve,
  randn,
  randint,
  eye,
  tensor,
  zeros,
  add,
  scale,
  fromFunction,
  assertClose,
  ShapeError,
  SingularMatrixError,
  Tensor,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const n = fc.integer({ min: 1, max: 6 });

/** Loop product, independent of the library's matmul. */
function mm(A: Tensor, B: Tensor): Tensor {
  const [p, q] = A.shape;
  const r = B.shape[1];
  return fromFunction([p, r], (i, j) => {
    let s = 0;
    for (let k = 0; k < q; k++) s += A.get(i, k) * B.get(k, j);
    return s;
  });
}

/** randn + n·I: well-conditioned with high probability. */
function wellConditioned(size: number, seed: number): Tensor {
  return add(randn([size, size], { seed }), scale(eye(size), size));
}

test("inv(A)·A ≈ I and A·inv(A) ≈ I on well-conditioned random matrices", () => {
  fc.assert(
    fc.property(n, fc.integer(), (size, seed) => {
      const A = wellConditioned(size, seed);
      const Ai = inv(A);
      assertClose(mm(Ai, A), eye(size), "inv(A)·A", { atol: 1e-12 * size });
      assertClose(mm(A, Ai), eye(size), "A·inv(A)", { atol: 1e-12 * size });
    }),
  );
});

test("det(AB) = det A · det B, det Aᵀ = det A, and det of a triangular matrix is the product of its diagonal", () => {
  fc.assert(
    fc.property(n, fc.integer(), (size, seed) => {
      const A = randn([size, size], { seed });
      const B = randn([size, size], { seed: seed + 1 });
      const dA = det(A).item();
      const dB = det(B).item();
      assertClose(det(mm(A, B)), dA * dB, "det(AB)", { rtol: 1e-9, atol: 1e-11 * Math.max(1, Math.abs(dA * dB)) });
      assertClose(det(A.T), dA, "det(Aᵀ)", { rtol: 1e-9, atol: 1e-12 });
      const L = fromFunction([size, size], (i, j) => (j <= i ? A.get(i, j) : 0));
      const U = fromFunction([size, size], (i, j) => (j >= i ? A.get(i, j) : 0));
      let diag = 1;
      for (let i = 0; i < size; i++) diag *= A.get(i, i);
      assertClose(det(L), diag, "det(lower)");
      assertClose(det(U), diag, "det(upper)");
    }),
  );
});

test("det is exact on integer triangular and permutation matrices; det(cA) = cⁿ det A", () => {
  fc.assert(
    fc.property(n, fc.integer(), fc.integer({ min: -3, max: 3 }), (size, seed, c) => {
      const A = randint([size, size], { seed, min: 1, max: 4 });
      const U = fromFunction([size, size], (i, j) => (j >= i ? A.get(i, j) : 0));
      let diag = 1;
      for (let i = 0; i < size; i++) diag *= A.get(i, i);
      assert.equal(det(U).item(), diag);
      assertClose(det(scale(A, c)), c ** size * det(A).item(), "det(cA)", {
        atol: 1e-9 * Math.max(1, Math.abs(det(A).item())) * 4 ** size,
      });
    }),
  );
  // swapping two rows of I flips the sign
  assert.equal(
    det(
      tensor([
        [0, 1, 0],
        [1, 0, 0],
        [0, 0, 1],
      ]),
    ).item(),
    -1,
  );
  assert.equal(det(zeros([0, 0])).item(), 1);
});

test("logdet = log|det| and stays finite where det overflows", () => {
  fc.assert(
    fc.property(n, fc.integer(), (size, seed) => {
      const A = randn([size, size], { seed });
      const d = det(A).item();
      assertClose(logdet(A), Math.log(Math.abs(d)), "logdet", { rtol: 1e-9, atol: 1e-9 });
      assert.deepEqual(logdet(A).shape, []);
    }),
  );
  const big = scale(eye(200), 1e3); // det = 1e600 overflows to Infinity
  assert.equal(det(big).item(), Infinity);
  assertClose(logdet(big), 200 * Math.log(1e3), "logdet of 1e3·I(200)");
  assert.equal(logdet(zeros([3, 3])).item(), -Infinity);
});

test("solve(A, B) has small residuals for vectors and rectangular right-hand sides", () => {
  fc.assert(
    fc.property(n, fc.integer({ min: 1, max: 6 }), fc.integer(), (size, k, seed) => {
      const A = wellConditioned(size, seed);
      const B = randn([size, k], { seed: seed + 1 });
      const X = solve(A, B);
      assert.deepEqual(X.shape, [size, k]);
      assertClose(mm(A, X), B, "A·X", { atol: 1e-12 * size });
      const b = randn([size], { seed: seed + 2 });
      const x = solve(A, b);
      assert.deepEqual(x.shape, [size]);
      const Ax = mm(
        A,
        fromFunction([size, 1], (i) => x.get(i)),
      );
      assertClose(
        Ax,
        fromFunction([size, 1], (i) => b.get(i)),
        "A·x",
        { atol: 1e-12 * size },
      );
      // solve agrees with inv
      assertClose(X, mm(inv(A), B), "solve vs inv", { rtol: 1e-9, atol: 1e-12 * size });
    }),
  );
});

test("singular matrices: inv and solve name the size and pivot column; det is 0", () => {
  // column 1 is twice column 0 → singular; exact zero pivot in column 1
  const S = tensor([
    [1, 2, 3],
    [2, 4, 5],
    [3, 6, 7],
  ]);
  throwsWith(
    () => inv(S),
    SingularMatrixError,
    /^inv: the 3×3 matrix is singular: no usable pivot in column 1 \(0-based; largest candidate \|pivot\| = 0\)$/,
  );
  throwsWith(
    () => solve(S, tensor([1, 2, 3])),
    SingularMatrixError,
    /^solve: the 3×3 matrix is singular: no usable pivot in column 1/,
  );
  assert.equal(det(S).item(), 0);
  throwsWith(
    () =>
      inv(
        tensor([
          [0.1, 0.3],
          [0.3, 0.9],
        ]),
      ), // 0.9 − 3·0.3 leaves a rounding residue
    SingularMatrixError,
    /^inv: the 2×2 matrix is singular to working precision: no usable pivot in column 1 \(0-based; largest candidate \|pivot\| = [\d.]+e-17, threshold n·ε·‖A‖_F = [\d.]+e-16\)$/,
  );
  throwsWith(() => inv(zeros([2, 2])), SingularMatrixError, /2×2 matrix is singular: no usable pivot in column 0/);
  // a repeated row: the copies stay identical until one is the pivot row, then the other
  // becomes exactly 0 (or another row's rounding residue is the tiny pivot instead)
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 6 }), fc.integer(), fc.nat(), fc.nat(), (size, seed, a, b) => {
      const i = a % size;
      const j = (i + 1 + (b % (size - 1))) % size;
      const A = randint([size, size], { seed });
      const R = fromFunction([size, size], (r, c) => A.get(r === j ? i : r, c));
      throwsWith(
        () => inv(R),
        SingularMatrixError,
        new RegExp(
          `^inv: the ${size}×${size} matrix is singular( to working precision)?: no usable pivot in column \\d+ `,
        ),
      );
      throwsWith(
        () => solve(R, randn([size, 2], { seed })),
        SingularMatrixError,
        /^solve: the \d×\d matrix is singular/,
      );
      assert.ok(Math.abs(det(R).item()) < 1e-12);
    }),
    { numRuns: 300 },
  );
  // numerically singular: a rank-deficient product of random factors. Rounding leaves a tiny
  // pivot; it is either refused (usually) or the inverse exposes the ill-conditioning.
  let refused = 0;
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 6 }), fc.integer(), (size, seed) => {
      const R = mm(randn([size, size - 1], { seed }), randn([size - 1, size], { seed: seed + 1 })); // rank size-1
      const norm = Math.max(...Array.from(R.data, Math.abs));
      try {
        const Ri = inv(R);
        assert.ok(
          Math.max(...Array.from(Ri.data, Math.abs)) * norm > 1e10,
          "an undetected singular matrix must have a huge inverse",
        );
      } catch (e) {
        assert.ok(e instanceof SingularMatrixError);
        assert.match(
          e.message,
          new RegExp(
            `^inv: the ${size}×${size} matrix is singular( to working precision)?: no usable pivot in column \\d+ \\(0-based; largest candidate \\|pivot\\| = (0|\\S+, threshold n·ε·‖A‖_F = \\S+)\\)$`,
          ),
        );
        refused++;
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(refused > 150, `refused ${refused} of 200`);
});

test("non-square and mismatched operands give shape errors", () => {
  throwsWith(() => inv(zeros([2, 3])), ShapeError, /^inv: expected a square matrix, got shape \[2, 3\]$/);
  throwsWith(() => det(zeros([3])), ShapeError, /^det: expected a square matrix, got shape \[3\]$/);
  throwsWith(() => logdet(zeros([2, 2, 2])), ShapeError, /^logdet: expected a square matrix, got shape \[2, 2, 2\]$/);
  throwsWith(
    () => solve(zeros([3, 2]), zeros([3])),
    ShapeError,
    /^solve: expected a square matrix, got shape \[3, 2\]$/,
  );
  throwsWith(
    () => solve(eye(3), zeros([2, 4])),
    ShapeError,
    /^solve: A has shape \[3, 3\], so B must be a vector of shape \[3\] or a matrix with 3 rows, got shape \[2, 4\]$/,
  );
  throwsWith(() => solve(eye(3), zeros([3, 1, 1])), ShapeError, /got shape \[3, 1, 1\]/);
});

test("blocked factorisation: sizes around and beyond the panel width (48) solve, invert and factor correctly", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(47, 48, 49, 95, 96, 97, 120),
      fc.integer({ min: 1, max: 5 }),
      fc.integer(),
      (size, k, seed) => {
        const A = wellConditioned(size, seed);
        const B = randn([size, k], { seed: seed + 1 });
        assertClose(mm(A, solve(A, B)), B, `A·solve(A, B), n = ${size}`, { atol: 1e-11 });
        assertClose(mm(inv(A), A), eye(size), `inv(A)·A, n = ${size}`, { atol: 1e-11 });
        // det of a product of triangular factors with known diagonals
        const L = fromFunction([size, size], (i, j) => (j < i ? A.get(i, j) / size : i === j ? 1 : 0));
        const U = fromFunction([size, size], (i, j) => (j > i ? A.get(i, j) / size : i === j ? 1 + (i % 3) / 4 : 0));
        let diag = 1;
        for (let i = 0; i < size; i++) diag *= 1 + (i % 3) / 4;
        assertClose(det(mm(L, U)), diag, `det(LU), n = ${size}`, { rtol: 1e-9 });
        assertClose(logdet(mm(U, L)), Math.log(diag), `logdet(UL), n = ${size}`, { rtol: 1e-9 });
      },
    ),
    { numRuns: 15 },
  );
  // a repeated row far from the first panel is still found
  const A = randint([100, 100], { seed: 9 });
  const R = fromFunction([100, 100], (r, c) => A.get(r === 90 ? 7 : r, c));
  throwsWith(() => inv(R), SingularMatrixError, /^inv: the 100×100 matrix is singular/);
});
