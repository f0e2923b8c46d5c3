/**
 * The commutation matrix K_mn.
 * @packageDocumentation
 */
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkDim } from "./args";

/**
 * The commutation matrix K_mn (mn×mn permutation matrix) with
 * `K_mn · vec(A) = vec(Aᵀ)` for every m×n matrix A. Its transpose is its inverse, and Kᵀ_mn = K_nm.
 * Entries: `K[j + i·n, i + j·m] = 1`.
 *
 * @example
 * ```ts
 * import { commutation, matmul, vec, tensor } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]);
 * const K = commutation(2, 3);
 * console.log(K.shape); // [6, 6]
 * console.log(vec(A).toNested()); // [1, 4, 2, 5, 3, 6]
 * console.log(matmul(K, vec(A)).toNested()); // [1, 2, 3, 4, 5, 6] = vec(Aᵀ)
 * ```
 */
export function commutation(m: number, n: number): Tensor {
  checkDim(m, "commutation", "m");
  checkDim(n, "commutation", "n");
  const N = m * n;
  const out = allocate([N, N], "commutation");
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[(j + i * n) * N + (i + j * m)] = 1;
  return new Tensor(out, [N, N]);
}
