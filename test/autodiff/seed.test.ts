/**
 * The seed Q&A, exactly: ∂(AᵀB)/∂A and ∂(AᵀB)/∂B in tensor, vec–Kronecker and
 * component forms, on rectangular integer matrices (bilinear, so exact).
 */
import { test } from "node:test";
import fc from "fast-check";
import {
  jacobian,
  randint,
  transpose,
  matmul,
  alpha,
  beta,
  dot,
  ddot,
  kron,
  eye,
  commutation,
  E,
  toVecJacobian,
  fromFunction,
  type Tensor,
} from "../../src";
import { assertSame, dim, seed } from "./helpers";

/** The slice J[:, :, k, l] of a 4-D Jacobian. */
function slice(J: Tensor, k: number, l: number): Tensor {
  const [m, n] = J.shape;
  return fromFunction([m, n], (i, j) => J.get(i, j, k, l));
}

const shapes = fc.record({ p: dim, m: dim, n: dim, sa: seed, sb: seed });

test("J(A ↦ AᵀB) = (αBᵀ):β and J(B ↦ AᵀB) = Aᵀα, exactly (A p×m, B p×n)", () => {
  fc.assert(
    fc.property(shapes, ({ p, m, n, sa, sb }) => {
      const A = randint([p, m], { seed: sa, min: -5, max: 5 });
      const B = randint([p, n], { seed: sb, min: -5, max: 5 });
      const [JA, JB] = jacobian((a: Tensor, b: Tensor) => matmul(transpose(a), b), [A, B]);
      // Y is m×n. α of the seed's (αBᵀ):β has shape [m, n, m, n]; β has shape [m, p, p, m].
      assertSame(JA, ddot(dot(alpha(m, n), transpose(B)), beta(m, p)), "∂Y/∂A = αBᵀ:β");
      assertSame(JB, dot(transpose(A), alpha(p, n)), "∂Y/∂B = Aᵀα");
      // vec forms: (Bᵀ⊗I)K and I⊗Aᵀ
      assertSame(toVecJacobian(JA), matmul(kron(transpose(B), eye(m)), commutation(p, m)), "DF_A = (Bᵀ⊗I)K");
      assertSame(toVecJacobian(JB), kron(eye(n), transpose(A)), "DF_B = I⊗Aᵀ");
      // component forms: ∂Y/∂A_kl = E_klᵀB, ∂Y/∂B_kl = AᵀE_kl
      for (let k = 0; k < p; k++) {
        for (let l = 0; l < m; l++) assertSame(slice(JA, k, l), matmul(transpose(E(k, l, p, m)), B), `E_${k}${l}ᵀB`);
        for (let l = 0; l < n; l++) assertSame(slice(JB, k, l), matmul(transpose(A), E(k, l, p, n)), `AᵀE_${k}${l}`);
      }
    }),
    { numRuns: 60 },
  );
});

test("∂G/∂G_kl = E_kl, ∂Gᵀ/∂G_kl = E_klᵀ, J(G ↦ G) = α, J(G ↦ Gᵀ) = β", () => {
  fc.assert(
    fc.property(dim, dim, seed, (m, n, s) => {
      const G = randint([m, n], { seed: s, min: -9, max: 9 });
      const JI = jacobian((g) => g, G);
      const JT = jacobian((g) => transpose(g), G);
      assertSame(JI, alpha(m, n), "J(G↦G) = α");
      assertSame(JT, beta(n, m), "J(G↦Gᵀ) = β");
      for (let k = 0; k < m; k++) {
        for (let l = 0; l < n; l++) {
          assertSame(slice(JI, k, l), E(k, l, m, n), "∂G/∂G_kl = E_kl");
          assertSame(slice(JT, k, l), transpose(E(k, l, m, n)), "∂Gᵀ/∂G_kl = E_klᵀ");
        }
      }
    }),
    { numRuns: 60 },
  );
});
