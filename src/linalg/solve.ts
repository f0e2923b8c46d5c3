/**
 * Linear systems A X = B.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { checkAllocation, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkTensor } from "../ops/arith";
import { checkSquare, luFactor, luSolveInto, requireNonsingular } from "./lu";

/**
 * The solution X of A X = B for a square nonsingular A (n×n) and B a vector
 * (shape [n], result [n]) or a matrix (n×k, result n×k), by LU with partial
 * pivoting. Prefer it to `matmul(inv(A), B)`: cheaper and more accurate. Differentiable.
 *
 * @throws {@link ShapeError} when A is not square or B's rows do not match A (names both shapes).
 * @throws {@link SingularMatrixError} naming the size and the pivot column when A is singular
 * (a pivot ≤ n·ε·‖A‖_F).
 * @example
 * ```ts
 * import { tensor, solve } from "tensorcalc";
 * const A = tensor([[2, 0], [0, 4]]);
 * console.log(solve(A, tensor([2, 4])).toNested()); // [1, 1]
 * console.log(solve(A, tensor([[2, 4, 6], [4, 8, 12]])).toNested()); // [[1, 2, 3], [1, 2, 3]]
 * ```
 */
export function solve(A: Tensor, B: Tensor): Tensor {
  const n = checkSquare(A, "solve");
  checkTensor(B, "solve (B)");
  if ((B.ndim !== 1 && B.ndim !== 2) || B.shape[0] !== n) {
    throw new ShapeError(
      `solve: A has shape ${formatShape(A.shape)}, so B must be a vector of shape [${n}] or a matrix with ${n} rows, got shape ${formatShape(B.shape)}`,
    );
  }
  checkAllocation(B.shape, "solve");
  const k = B.ndim === 1 ? 1 : B.shape[1];
  const f = luFactor(A);
  requireNonsingular(f, "solve");
  return record("solve", [A, B], new Tensor(luSolveInto(f, B.data, k), B.shape));
}
