/**
 * Shared helpers: the operand check of the products, and a k-axis contraction of two
 * contiguous tensors as one matrix product.
 * @packageDocumentation
 * @internal
 */
import { ShapeError } from "../core/errors";
import { allocate, sizeOf, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { typeName } from "../ops/arith";
import { gemm, rowMajor } from "./gemm";

/** Throws a ShapeError naming what was passed unless both operands are Tensors. */
export function checkOperands(where: string, a: unknown, b: unknown): void {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new ShapeError(`${where}: both operands must be Tensors (got ${typeName(a)} and ${typeName(b)})`);
  }
}

/**
 * Contract the last `axes` axes of `s` (shape sShape) with the first `axes` axes of `t`,
 * as the matrix product [prod(sShape[:-axes]), K] × [K, prod(tShape[axes:])].
 * The caller has checked that the contracted dimensions agree.
 * @internal
 */
export function contractData(
  s: Float64Array,
  sShape: Shape,
  t: Float64Array,
  tShape: Shape,
  axes: number,
  where: string,
): { data: Float64Array; shape: number[] } {
  const outShape = [...sShape.slice(0, sShape.length - axes), ...tShape.slice(axes)];
  const out = allocate(outShape, where);
  const k = sizeOf(tShape.slice(0, axes));
  const m = sizeOf(sShape.slice(0, sShape.length - axes));
  const n = sizeOf(tShape.slice(axes));
  gemm(m, k, n, rowMajor(s, 0, k), rowMajor(t, 0, n), out);
  return { data: out, shape: outShape };
}
