/**
 * Matrix Cookbook rows against closed forms, on random rectangular sizes
 * (square only where the math needs it). Polynomial rows use small integers
 * and compare exactly; rows with inverses compare within 1e-9.
 */
import { test } from "node:test";
import fc from "fast-check";
import {
  jacobian,
  grad,
  hessian,
  jvp,
  toVecJacobian,
  randint,
  randn,
  eye,
  add,
  scale,
  matmul,
  transpose,
  trace,
  det,
  logdet,
  inv,
  dot,
  sum,
  hadamard,
  kron,
  outer,
  commutation,
  fromFunction,
  tensor,
  ones,
  assertClose,
  type Tensor,
} from "../../src";
import { assertSame, dim, seed } from "./helpers";

const ints = (shape: number[], s: number): Tensor => randint(shape, { seed: s, min: -4, max: 4 });
/** A well-conditioned n×n matrix (diagonally dominant). */
const wellConditioned = (n: number, s: number): Tensor => add(randn([n, n], { seed: s }), scale(eye(n), 2 * n + 1));
const runs = { numRuns: 40 };

test("AXB: DF = Bᵀ ⊗ A (A m×p, X p×q, B q×n)", () => {
  fc.assert(
    fc.property(dim, dim, dim, dim, seed, (m, p, q, n, s) => {
      const A = ints([m, p], s);
      const B = ints([q, n], s + 1);
      const X = ints([p, q], s + 2);
      assertSame(toVecJacobian(jacobian((x) => matmul(matmul(A, x), B), X)), kron(transpose(B), A), "AXB");
    }),
    runs,
  );
});

test("X⁻¹: DF = −X⁻ᵀ ⊗ X⁻¹", () => {
  fc.assert(
    fc.property(dim, seed, (n, s) => {
      const X = wellConditioned(n, s);
      const Xi = inv(X);
      assertClose(toVecJacobian(jacobian(inv, X)), scale(kron(transpose(Xi), Xi), -1), "d inv", {
        rtol: 1e-9,
        atol: 1e-12,
      });
    }),
    runs,
  );
});

test("tr(AX): gradient Aᵀ (A q×p, X p×q)", () => {
  fc.assert(
    fc.property(dim, dim, seed, (p, q, s) => {
      const A = ints([q, p], s);
      assertSame(
        grad((x) => trace(matmul(A, x)), ints([p, q], s + 1)),
        transpose(A),
        "tr(AX)",
      );
    }),
    runs,
  );
});

test("tr(XᵀBX): gradient BX + BᵀX (X p×q, B p×p)", () => {
  fc.assert(
    fc.property(dim, dim, seed, (p, q, s) => {
      const B = ints([p, p], s);
      const X = ints([p, q], s + 1);
      const G = grad((x) => trace(matmul(matmul(transpose(x), B), x)), X);
      assertSame(G, add(matmul(B, X), matmul(transpose(B), X)), "tr(XᵀBX)");
    }),
    runs,
  );
});

test("det X: gradient det(X)·X⁻ᵀ; ln|det X|: gradient X⁻ᵀ", () => {
  fc.assert(
    fc.property(dim, seed, (n, s) => {
      const X = wellConditioned(n, s);
      const XiT = transpose(inv(X));
      assertClose(grad(det, X), scale(XiT, det(X)), "d det", { rtol: 1e-9, atol: 1e-12 });
      assertClose(grad(logdet, X), XiT, "d logdet", { rtol: 1e-9, atol: 1e-12 });
      // forward mode: d det(X)[V] = det(X) tr(X⁻¹V), d ln|det X|[V] = tr(X⁻¹V)
      const V = randn([n, n], { seed: s + 7 });
      const trXiV = trace(matmul(inv(X), V));
      assertClose(jvp(det, X, V).tangent, scale(trXiV, det(X)), "jvp det", { rtol: 1e-9, atol: 1e-12 });
      assertClose(jvp(logdet, X, V).tangent, trXiV, "jvp logdet", { rtol: 1e-9, atol: 1e-12 });
    }),
    runs,
  );
});

test("aᵀXb: gradient abᵀ (X m×n)", () => {
  fc.assert(
    fc.property(dim, dim, seed, (m, n, s) => {
      const a = ints([m], s);
      const b = ints([n], s + 1);
      const G = grad((x) => dot(a, matmul(x, b)), ints([m, n], s + 2));
      assertSame(G, outer(a, b), "abᵀ");
    }),
    runs,
  );
});

test("xᵀAx: gradient (A + Aᵀ)x, Hessian A + Aᵀ", () => {
  fc.assert(
    fc.property(dim, seed, (n, s) => {
      const A = ints([n, n], s);
      const x = ints([n], s + 1);
      const f = (v: Tensor): Tensor => dot(v, matmul(A, v));
      const S = add(A, transpose(A));
      assertSame(grad(f, x), matmul(S, x), "gradient");
      assertSame(hessian(f, x), S, "Hessian");
    }),
    runs,
  );
});

test("‖X‖_F² = tr(XᵀX): gradient 2X (X m×n)", () => {
  fc.assert(
    fc.property(dim, dim, seed, (m, n, s) => {
      const X = ints([m, n], s);
      assertSame(
        grad((x) => sum(hadamard(x, x)), X),
        scale(X, 2),
        "sum X⊙X",
      );
      assertSame(
        grad((x) => trace(matmul(transpose(x), x)), X),
        scale(X, 2),
        "tr XᵀX",
      );
    }),
    runs,
  );
});

test("X ⊙ Y w.r.t. X: DF = diag(vec Y)", () => {
  fc.assert(
    fc.property(dim, dim, seed, (m, n, s) => {
      const Y = ints([m, n], s);
      const DF = toVecJacobian(jacobian((x) => hadamard(x, Y), ints([m, n], s + 1)));
      const diagVecY = fromFunction([m * n, m * n], (r, c) => (r === c ? Y.get(r % m, Math.floor(r / m)) : 0));
      assertSame(DF, diagVecY, "diag(vec Y)");
    }),
    runs,
  );
});

test("XXᵀ: DF = (I + K)(X ⊗ I) (X m×n)", () => {
  fc.assert(
    fc.property(dim, dim, seed, (m, n, s) => {
      const X = ints([m, n], s);
      const DF = toVecJacobian(jacobian((x) => matmul(x, transpose(x)), X));
      const expected = matmul(add(eye(m * m), commutation(m, m)), kron(X, eye(m)));
      assertSame(DF, expected, "XXᵀ");
    }),
    runs,
  );
});

test("det at a singular matrix: the gradient is the cofactor matrix (both modes)", () => {
  // rank-1 3×3 matrix: every 2×2 minor of uv ᵀ vanishes, so the cofactors are 0; rank-2: cofactors nonzero
  const A = tensor([
    [1, 2, 3],
    [2, 4, 6],
    [1, 0, 1],
  ]); // rank 2
  // cofactor C_kl = (−1)^{k+l} det(minor_kl), computed by hand-free independent loop
  const n = 3;
  const C = fromFunction([n, n], (k, l) => {
    const r = [0, 1, 2].filter((i) => i !== k);
    const c = [0, 1, 2].filter((j) => j !== l);
    const m = A.get(r[0], c[0]) * A.get(r[1], c[1]) - A.get(r[0], c[1]) * A.get(r[1], c[0]);
    return (k + l) % 2 === 0 ? m : -m;
  });
  assertSame(grad(det, A), C, "grad det (reverse)");
  // forward mode: Y larger than X
  const J = jacobian((x: Tensor) => scale(ones([2, 3, 3, 3]), det(x)), A);
  assertSame(
    fromFunction([n, n], (k, l) => J.get(1, 2, 2, 0, k, l)),
    C,
    "jacobian det (forward)",
  );
});
