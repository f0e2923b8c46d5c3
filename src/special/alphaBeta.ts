/**
 * The seed's fourth-order tensors α (identity) and β (transposition).
 * @packageDocumentation
 */
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkDim } from "./args";

/**
 * α of shape [m, n, m, n] with α_ijkl = δ_ik δ_jl: the identity for the double
 * contraction (α:H = H:α = H for H m×n) and the derivative ∂G/∂G of an m×n matrix.
 *
 * @example
 * ```ts
 * import { alpha, ddot, tensor } from "tensorcalc";
 * const H = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(alpha(2, 3).shape); // [2, 3, 2, 3]
 * console.log(ddot(alpha(2, 3), H).toNested()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function alpha(m: number, n: number): Tensor {
  checkDim(m, "alpha", "m");
  checkDim(n, "alpha", "n");
  const shape = [m, n, m, n];
  const out = allocate(shape, "alpha");
  const mn = m * n;
  // flat index of (i, j, i, j) = (i·n + j)·mn + (i·n + j)
  for (let p = 0; p < mn; p++) out[p * mn + p] = 1;
  return new Tensor(out, shape);
}

/**
 * β of shape [m, n, n, m] with β_ijkl = δ_il δ_jk: transposition by double
 * contraction (β:F = Fᵀ for F n×m; F:β = Fᵀ for F m×n) and the derivative ∂Gᵀ/∂G
 * of an n×m matrix G.
 *
 * @example
 * ```ts
 * import { beta } from "tensorcalc";
 * const B = beta(2, 3);
 * console.log(B.shape, B.get(1, 2, 2, 1), B.get(1, 2, 1, 1)); // [2, 3, 3, 2] 1 0
 * ```
 */
export function beta(m: number, n: number): Tensor {
  checkDim(m, "beta", "m");
  checkDim(n, "beta", "n");
  const shape = [m, n, n, m];
  const out = allocate(shape, "beta");
  // β[i, j, j, i] = 1; strides: [n·n·m, n·m, m, 1]
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n * n * m + j * n * m + j * m + i] = 1;
  return new Tensor(out, shape);
}
