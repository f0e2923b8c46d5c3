/**
 * The square-matrix argument check of inv, det, logdet and solve.
 * @packageDocumentation
 * @internal
 */
import { ShapeError } from "../core/errors";
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
