/**
 * vec (stack the columns) and its inverse unvec.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { checkTensor } from "../core/validate";
import { gauss } from "../ops/cases";
import type { Composite } from "../ops/def";
import { reshape } from "../ops/shape/reshape";
import { transpose } from "../ops/shape/transpose";
import { checkDim } from "./args";

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
  return reshape(transpose(A), [m * n]); // vec(A) holds Aᵀ's row-major entries
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
  return transpose(reshape(v, [n, m])); // v is Aᵀ (n×m) in row-major order
}

/** @internal vec and unvec are a transpose and a reshape: no rules of their own, only test cases. */
export const vecComposite: Composite = {
  name: "vec",
  cases: [
    { label: "vec", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => vec(x) },
    { label: "unvec", x: (d) => gauss([d.a * d.b], d.seed), f: (d) => (x) => unvec(x, d.a, d.b) },
    { label: "unvec(vec(X))", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => unvec(vec(x), d.a, d.b) },
  ],
};
