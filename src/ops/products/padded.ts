/**
 * The product of two padded values, as the symbolic `A * B` evaluates it.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { scale } from "../arith/scale";
import { reshape } from "../shape/reshape";
import { dot } from "./dot";
import { matmul } from "./matmul";

/**
 * The product `A * B` of the symbolic engine on padded values (a scalar 1×1, a vector n×1):
 * a 1×1 side multiplies the other as a number (unless the product is an inner product, a
 * 1×n row times the 1×1, …), two matrices give the matrix product, higher orders the single
 * contraction {@link dot}. Symbolic evaluation and generated TypeScript both run it.
 * Differentiable.
 * @example
 * ```ts
 * import { tensor, paddedProduct } from "tensorcalc";
 * console.log(paddedProduct(tensor([[2]]), tensor([[1], [3]])).toNested()); // [[2], [6]]
 * console.log(paddedProduct(tensor([[1, 2]]), tensor([[3], [4]])).toNested()); // [[11]]
 * ```
 */
export function paddedProduct(A: Tensor, B: Tensor): Tensor {
  if (A.ndim === 2 && A.shape[0] === 1 && A.shape[1] === 1 && !(B.ndim === 2 && B.shape[0] === 1))
    return scale(B, reshape(A, []));
  if (B.ndim === 2 && B.shape[0] === 1 && B.shape[1] === 1 && !(A.ndim === 2 && A.shape[1] === 1))
    return scale(A, reshape(B, []));
  if (A.ndim === 2 && B.ndim === 2) return matmul(A, B);
  return dot(A, B);
}
