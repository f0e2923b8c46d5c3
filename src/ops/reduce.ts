/**
 * Reductions to a 0-d tensor: sum and trace.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { typeName } from "./arith";

/**
 * The sum of all entries, as a 0-d tensor (`.item()` gives the number). Differentiable.
 * @example
 * ```ts
 * import { tensor, sum } from "tensorcalc";
 * console.log(sum(tensor([[1, 2], [3, 4]])).item()); // 10
 * ```
 */
export function sum(t: Tensor): Tensor {
  if (!(t instanceof Tensor)) throw new ShapeError(`sum: expected a Tensor, got ${typeName(t)}`);
  const x = t.data;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return record("sum", [t], new Tensor(new Float64Array([s]), []));
}

/**
 * The trace tr(A) = Σ_i A_ii of a square matrix, as a 0-d tensor. Differentiable.
 * @throws {@link ShapeError} naming the shape when A is not a square matrix.
 * @example
 * ```ts
 * import { tensor, trace } from "tensorcalc";
 * console.log(trace(tensor([[1, 2], [3, 4]])).item()); // 5
 * ```
 */
export function trace(A: Tensor): Tensor {
  if (!(A instanceof Tensor)) throw new ShapeError(`trace: expected a Tensor, got ${typeName(A)}`);
  if (A.ndim !== 2 || A.shape[0] !== A.shape[1]) {
    throw new ShapeError(`trace: expected a square matrix, got shape ${formatShape(A.shape)}`);
  }
  const n = A.shape[0];
  const x = A.data;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i * (n + 1)];
  return record("trace", [A], new Tensor(new Float64Array([s]), []));
}
