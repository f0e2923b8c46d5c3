/**
 * The seed answer's identities as exact property tests over random rectangular shapes
 * (dims 1..6) with small integer entries, so every side is computed exactly.
 */
import { test } from "node:test";
import fc from "fast-check";
import { alpha, beta, commutation, ddot, dot, eye, kron, matmul, transpose, vec, einsum } from "../../src";
import { assertSame, dim, intTensor } from "../products/helpers";

test("α:H = H = H:α for H m×n (α = alpha(m, n))", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(), dim()).chain(([m, n]) => intTensor([m, n])),
      (H) => {
        const [m, n] = H.shape;
        assertSame(ddot(alpha(m, n), H), H, "α:H");
        assertSame(ddot(H, alpha(m, n)), H, "H:α");
      },
    ),
  );
});

test("β:F = Fᵀ for F n×m and F:β = Fᵀ for F m×n (β = beta(m, n))", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(), dim()).chain(([m, n]) => fc.tuple(intTensor([n, m]), intTensor([m, n]))),
      ([F1, F2]) => {
        const [n, m] = F1.shape;
        assertSame(ddot(beta(m, n), F1), transpose(F1), "β:F");
        assertSame(ddot(F2, beta(m, n)), transpose(F2), "F:β");
      },
    ),
  );
});

test("HFG = (H α Gᵀ):F for rectangular H (p×m), F (m×n), G (n×q), α = alpha(m, q)", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(dim(), dim(), dim(), dim())
        .chain(([p, m, n, q]) => fc.tuple(intTensor([p, m]), intTensor([m, n]), intTensor([n, q]))),
      ([H, F, G]) => {
        const m = H.shape[1];
        const q = G.shape[1];
        const HaGt = dot(dot(H, alpha(m, q)), transpose(G)); // shape [p, q, m, n]
        assertSame(ddot(HaGt, F), matmul(matmul(H, F), G), "HFG");
      },
    ),
  );
});

test("the seed's answer as linear maps: AᵀB = Aᵀα:B = αBᵀ:β:A", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(), dim(), dim()).chain(([m, p, n]) => fc.tuple(intTensor([m, p]), intTensor([m, n]))),
      ([A, B]) => {
        const [m, p] = A.shape;
        const n = B.shape[1];
        const Y = matmul(transpose(A), B);
        assertSame(ddot(dot(transpose(A), alpha(m, n)), B), Y, "Aᵀα:B");
        const aBt = dot(alpha(p, n), transpose(B)); // [p, n, p, m]
        assertSame(ddot(ddot(aBt, beta(p, m)), A), Y, "(αBᵀ:β):A");
        assertSame(ddot(aBt, ddot(beta(p, m), A)), Y, "αBᵀ:(β:A)");
      },
    ),
  );
});

test("vec(AᵀB) = (I⊗Aᵀ)vec(B) = (Bᵀ⊗I)·K·vec(A) for A m×p, B m×n, K = commutation(m, p)", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(), dim(), dim()).chain(([m, p, n]) => fc.tuple(intTensor([m, p]), intTensor([m, n]))),
      ([A, B]) => {
        const [m, p] = A.shape;
        const n = B.shape[1];
        const lhs = vec(matmul(transpose(A), B));
        assertSame(matmul(kron(eye(n), transpose(A)), vec(B)), lhs, "(I⊗Aᵀ)vec(B)");
        assertSame(matmul(matmul(kron(transpose(B), eye(p)), commutation(m, p)), vec(A)), lhs, "(Bᵀ⊗I)K vec(A)");
      },
    ),
  );
});

test("K·vec(A) = vec(Aᵀ); Kᵀ = K_nm and K·K_nm = I (so Kᵀ = K⁻¹)", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(), dim()).chain(([m, n]) => intTensor([m, n])),
      (A) => {
        const [m, n] = A.shape;
        const K = commutation(m, n);
        assertSame(matmul(K, vec(A)), vec(transpose(A)), "K vec(A)");
        assertSame(transpose(K), commutation(n, m), "Kᵀ = K_nm");
        assertSame(matmul(K, commutation(n, m)), eye(m * n), "K K_nm = I");
      },
    ),
  );
});

test("mixed product: (A⊗B)(C⊗D) = AC ⊗ BD on rectangular matrices", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(dim(4), dim(4), dim(4), dim(4), dim(4), dim(4))
        .chain(([m, n, p, q, r, s]) =>
          fc.tuple(intTensor([m, n], 3), intTensor([q, r], 3), intTensor([n, p], 3), intTensor([r, s], 3)),
        ),
      ([A, B, C, D]) => {
        assertSame(matmul(kron(A, B), kron(C, D)), kron(matmul(A, C), matmul(B, D)), "mixed product");
      },
    ),
  );
});

test("vec(AXB) = (Bᵀ⊗A)vec(X), and the same map as an einsum", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(dim(), dim(), dim(), dim())
        .chain(([m, p, q, n]) => fc.tuple(intTensor([m, p]), intTensor([p, q]), intTensor([q, n]))),
      ([A, X, B]) => {
        const lhs = vec(matmul(matmul(A, X), B));
        assertSame(matmul(kron(transpose(B), A), vec(X)), lhs, "(Bᵀ⊗A)vec(X)");
        assertSame(vec(einsum("ik,kl,lj->ij", A, X, B)), lhs, "einsum");
      },
    ),
  );
});
