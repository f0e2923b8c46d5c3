/**
 * Matrix product.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkOperands } from "./contract";
import { gemm, rowMajor } from "./gemm";

/**
 * The matrix product `A·B`.
 *
 * - matrix·matrix: A m×k, B k×n → m×n;
 * - matrix·vector: A m×k, B of shape [k] → shape [m];
 * - vector·matrix: A of shape [k], B k×n → shape [n].
 *
 * Two vectors are not accepted (use {@link dot} for their inner product, {@link outer}
 * for the outer product). Runs on a register-blocked kernel (about 4–5 GFLOP/s in V8
 * at 512×512). Differentiable.
 *
 * @throws {@link ShapeError} when an operand is not a matrix or vector, or the inner
 * dimensions differ (the message names both shapes and both inner dimensions).
 * @example
 * ```ts
 * import { tensor, matmul } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]); // 2×3
 * const B = tensor([[1, 0], [0, 1], [1, 1]]); // 3×2
 * console.log(matmul(A, B).toNested()); // [[4, 5], [10, 11]]
 * console.log(matmul(A, tensor([1, 1, 1])).toNested()); // [6, 15]
 * ```
 */
export function matmul(A: Tensor, B: Tensor): Tensor {
  checkOperands("matmul", A, B);
  const where = "matmul";
  if (A.ndim < 1 || A.ndim > 2 || B.ndim < 1 || B.ndim > 2 || (A.ndim === 1 && B.ndim === 1)) {
    throw new ShapeError(
      `${where}: expected matrix·matrix, matrix·vector or vector·matrix, got shapes ${formatShape(A.shape)} and ${formatShape(B.shape)}` +
        (A.ndim === 1 && B.ndim === 1
          ? "; use dot(u, v) for the inner product of two vectors or outer(u, v) for the outer product"
          : "") +
        (A.ndim > 2 || B.ndim > 2 ? "; use dot(S, T) or einsum for higher-order tensors" : ""),
    );
  }
  const m = A.ndim === 2 ? A.shape[0] : 1;
  const k = A.shape[A.ndim - 1];
  const kb = B.shape[0];
  const n = B.ndim === 2 ? B.shape[1] : 1;
  if (k !== kb) {
    throw new ShapeError(
      `${where}: inner dimensions differ: A has shape ${formatShape(A.shape)} (${k} column${k === 1 ? "" : "s"}) ` +
        `but B has shape ${formatShape(B.shape)} (${kb} row${kb === 1 ? "" : "s"}); A·B needs columns of A = rows of B`,
    );
  }
  const outShape = A.ndim === 1 ? [n] : B.ndim === 1 ? [m] : [m, n];
  const out = allocate(outShape, where);
  gemm(m, k, n, rowMajor(A.data, 0, k), rowMajor(B.data, 0, n), out);
  return record("matmul", [A, B], new Tensor(out, outShape));
}
