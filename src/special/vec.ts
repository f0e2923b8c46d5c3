/**
 * vec (stack the columns) and its inverse unvec.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkDim } from "./args";
import { checkTensor } from "../ops/arith";
import { transposeInto } from "../ops/transposeKernel";

/**
 * vec(A): the columns of the m×n matrix A stacked into a vector of length mn
 * (Magnus–Neudecker), so `vec(A)[i + j·m] = A[i, j]`. Differentiable.
 *
 * @throws {@link ShapeError} when `A` is not a matrix.
 * @example
 * ```ts
 * import { tensor, vec } from "tensorcalc";
 * console.log(vec(tensor([[1, 2, 3], [4, 5, 6]])).toNested()); // [1, 4, 2, 5, 3, 6]
 * ```
 */
export function vec(A: Tensor): Tensor {
  checkTensor(A, "vec");
  if (A.ndim !== 2) {
    throw new ShapeError(
      `vec: expected a matrix (2 axes), got shape ${formatShape(A.shape)}; use reshape for other orders`,
    );
  }
  const [m, n] = A.shape;
  const out = allocate([m * n], "vec");
  transposeInto(A.data, m, n, out); // vec(A) holds Aᵀ's row-major entries
  return record("vec", [A], new Tensor(out, [m * n]));
}

/**
 * unvec(v, m, n): the m×n matrix whose columns are consecutive pieces of v, so
 * `unvec(vec(A), m, n)` is A. Differentiable.
 *
 * @throws {@link ShapeError} when `v` is not a vector of length m·n.
 * @example
 * ```ts
 * import { tensor, unvec } from "tensorcalc";
 * console.log(unvec(tensor([1, 4, 2, 5, 3, 6]), 2, 3).toNested()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function unvec(v: Tensor, m: number, n: number): Tensor {
  checkTensor(v, "unvec");
  checkDim(m, "unvec", "m");
  checkDim(n, "unvec", "n");
  if (v.ndim !== 1 || v.shape[0] !== m * n) {
    throw new ShapeError(
      `unvec: expected a vector of length m·n = ${m}·${n} = ${m * n}, got shape ${formatShape(v.shape)}`,
    );
  }
  const out = allocate([m, n], "unvec");
  transposeInto(v.data, n, m, out); // v is Aᵀ (n×m) in row-major order
  return record("unvec", [v], new Tensor(out, [m, n]), { m, n });
}
