/**
 * Determinant and log-determinant.
 * @packageDocumentation
 */
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkSquare, luFactor } from "./lu";

/**
 * The determinant of a square matrix, as a 0-d tensor (product of the LU pivots
 * times the permutation's sign; 0 for a singular matrix, 1 for 0×0). Differentiable
 * (∂det A/∂A = det(A) A⁻ᵀ).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @example
 * ```ts
 * import { tensor, det } from "tensorcalc";
 * console.log(det(tensor([[2, 1], [1, 3]])).item()); // 5
 * ```
 */
export function det(A: Tensor): Tensor {
  const n = checkSquare(A, "det");
  const f = luFactor(A);
  let d = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu[i * n + i];
  if (d === 0) d = 0; // no −0
  return record("det", [A], new Tensor(new Float64Array([d]), []));
}

/**
 * log|det A| of a square matrix, as a 0-d tensor, computed as Σ log|pivot| (no
 * overflow for large matrices; −Infinity for a singular matrix). Differentiable
 * (∂ log|det A|/∂A = A⁻ᵀ).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @example
 * ```ts
 * import { tensor, logdet } from "tensorcalc";
 * console.log(logdet(tensor([[2, 0], [0, 3]])).item()); // 1.791759469228055 = log 6
 * ```
 */
export function logdet(A: Tensor): Tensor {
  const n = checkSquare(A, "logdet");
  const f = luFactor(A);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.abs(f.lu[i * n + i]));
  return record("logdet", [A], new Tensor(new Float64Array([s]), []));
}
