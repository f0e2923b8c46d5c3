/**
 * Matrix transpose.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkTensor } from "./arith";
import { transposeInto } from "./transposeKernel";

/**
 * The transpose Aᵀ of a matrix A (m×n → n×m). Same as `A.T`.
 * Differentiable: ∂Aᵀ/∂A is the seed's β.
 *
 * @throws {@link ShapeError} when `a` is not 2-D.
 * @example
 * ```ts
 * import { tensor, transpose } from "tensorcalc";
 * console.log(transpose(tensor([[1, 2, 3]])).toNested()); // [[1], [2], [3]]
 * ```
 */
export function transpose(a: Tensor): Tensor {
  checkTensor(a, "transpose");
  if (a.ndim !== 2) {
    throw new ShapeError(
      `transpose: expected a matrix (2 axes), got shape ${formatShape(a.shape)}; use permute(t, axes) for other orders`,
    );
  }
  const [m, n] = a.shape;
  const out = allocate([n, m], "transpose");
  transposeInto(a.data, m, n, out);
  return record("transpose", [a], new Tensor(out, [n, m]));
}
