/**
 * Matrix inverse.
 * @packageDocumentation
 */
import { checkAllocation } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkSquare, luFactor, luSolveInto, requireNonsingular } from "./lu";

/**
 * The inverse A⁻¹ of a square matrix, by LU factorisation with partial pivoting.
 * Differentiable (d(A⁻¹) = −A⁻¹ dA A⁻¹).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @throws {@link SingularMatrixError} naming the size and the pivot column when A is
 * singular (a pivot ≤ n·ε·‖A‖_F; this
 * threshold is a heuristic: a numerically singular matrix can also pass with a huge inverse).
 * @example
 * ```ts
 * import { tensor, inv } from "tensorcalc";
 * console.log(inv(tensor([[2, 0], [0, 4]])).toNested()); // [[0.5, 0], [0, 0.25]]
 * ```
 */
export function inv(A: Tensor): Tensor {
  const n = checkSquare(A, "inv");
  checkAllocation([n, n], "inv");
  const f = luFactor(A);
  requireNonsingular(f, "inv");
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return record("inv", [A], new Tensor(luSolveInto(f, I, n), [n, n]));
}
