/**
 * The argument checks of inv, det, logdet and solve: a square matrix of finite numbers.
 * @packageDocumentation
 * @internal
 */
import { IndexError, ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { checkTensor } from "../core/validate";

/** @internal ShapeError unless A is a square matrix (a Tensor); returns its size. */
export function checkSquare(A: Tensor, where: string): number {
  checkTensor(A, where);
  if (A.ndim !== 2 || A.shape[0] !== A.shape[1]) {
    throw new ShapeError(`${where}: expected a square matrix, got shape ${formatShape(A.shape)}`);
  }
  return A.shape[0];
}

/**
 * @internal IndexError unless every entry of the n×n matrix A is finite: names the first non-NaN/Infinity entry
 * (its index and value) and how many others there are. Without it LU meets NaN pivots and reports a matrix that
 * is not singular as "singular to working precision", or det returns a number.
 */
export function checkFinite(A: Tensor, n: number, where: string, name = "A"): void {
  const a = A.data;
  let first = -1;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return;
  const others = count > 1 ? ` (and ${count - 1} more non-finite entr${count === 2 ? "y" : "ies"})` : "";
  throw new IndexError(
    `${where}: the entry ${name}[${Math.floor(first / n)}, ${first % n}] of the ${n}×${n} matrix is ${String(a[first])}${others}; ` +
      `${where} needs a matrix of finite numbers`,
  );
}
