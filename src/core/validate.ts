/**
 * Argument validation shared by every op: messages name what the user passed.
 * @packageDocumentation
 * @internal
 */
import { ShapeError } from "./errors";
import { formatShape } from "./shape";
import { Tensor } from "./tensor";

/** @internal A short description of what was passed ("a Tensor of shape [2, 3]", "null", …). */
export function typeName(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor of shape ${formatShape(v.shape)}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array (wrap it with tensor(...))";
  return typeof v;
}

/** @internal Throws a ShapeError naming what was passed unless `v` is a Tensor. */
export function checkTensor(v: unknown, where: string): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new ShapeError(`${where}: expected a Tensor, got ${typeName(v)}`);
}

/** @internal Throws a ShapeError naming what was passed unless both operands are Tensors. */
export function checkOperands(where: string, a: unknown, b: unknown): void {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new ShapeError(`${where}: both operands must be Tensors (got ${typeName(a)} and ${typeName(b)})`);
  }
}
