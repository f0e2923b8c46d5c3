/**
 * Scalar broadcasting for the entrywise binary ops (`add`, `sub`, `hadamard`, `divide`):
 * numpy's rule for a scalar only. Either operand may be a number or a 0-d tensor; the
 * result has the other operand's shape. Two non-scalar operands must have the same shape.
 * @packageDocumentation
 * @internal
 */
import { IndexError, ShapeError } from "../../core/errors";
import { allocate, formatShape, sameShape, type Shape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { typeName } from "../../core/validate";
import { mulRight, type Batch } from "../../trace/batch";
import { sum } from "../reduce/sum";

/** An operand of an entrywise binary op: a tensor, or a number (a constant scalar). */
export type Operand = Tensor | number;

function asTensor(op: string, v: Operand): Tensor {
  if (v instanceof Tensor) return v;
  if (!Number.isFinite(v)) throw new IndexError(`${op}: a number operand must be finite, got ${String(v)}`);
  return new Tensor(new Float64Array([v]), []);
}

/**
 * The operands as tensors (a number becomes a constant 0-d tensor) and the result's shape
 * (two numbers give a 0-d result).
 * @throws ShapeError naming both operands when one is neither a Tensor nor a number, or both
 * shapes when neither operand is a scalar and the shapes differ.
 */
export function broadcastOperands(op: string, a: unknown, b: unknown): { a: Tensor; b: Tensor; shape: Shape } {
  const ok = (v: unknown): v is Operand => v instanceof Tensor || typeof v === "number";
  if (!ok(a) || !ok(b)) {
    throw new ShapeError(
      `${op}: both operands must be Tensors (got ${typeName(a)} and ${typeName(b)}), or one of them a number`,
    );
  }
  const ta = asTensor(op, a);
  const tb = asTensor(op, b);
  if (ta.ndim === 0) return { a: ta, b: tb, shape: tb.shape };
  if (tb.ndim === 0 || sameShape(ta.shape, tb.shape)) return { a: ta, b: tb, shape: ta.shape };
  throw new ShapeError(
    `${op}: the shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)} differ; ${op} needs operands of the same shape, ` +
      `or a scalar (a number or a 0-d tensor) as one of them (no other broadcasting)`,
  );
}

/** `f(a_i, b_i)` over the result's entries, a 0-d operand repeated. Not recorded. */
export function mapPairs(op: string, a: Tensor, b: Tensor, shape: Shape, f: (x: number, y: number) => number): Tensor {
  const out = allocate(shape, op);
  const x = a.data;
  const y = b.data;
  if (a.ndim === 0 && shape.length !== 0) {
    const s = x[0];
    for (let i = 0; i < out.length; i++) out[i] = f(s, y[i]);
  } else if (b.ndim === 0 && shape.length !== 0) {
    const s = y[0];
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], s);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
  }
  return new Tensor(out, shape);
}

/** Whether operand `t` was broadcast to the result `out` (a 0-d operand of a result with axes). */
export function isBroadcast(t: Tensor, out: Tensor): boolean {
  return t.ndim === 0 && out.ndim !== 0;
}

/**
 * The tangents of operand `t` as tangents of the result: a broadcast 0-d operand's tangent
 * (one column) times the result-shaped `g` (all ones when omitted), else `t` itself.
 */
export function spreadTangent(t: Batch | null, operand: Tensor, out: Tensor, g?: Float64Array): Batch | null {
  if (t === null || !isBroadcast(operand, out)) return t;
  return mulRight(t, g ?? new Float64Array(out.size).fill(1), 1, 1, out.size);
}

/** The cotangent of an operand from a result-shaped cotangent `g`: summed over the broadcast entries. */
export function reduceCotangent(g: Tensor, operand: Tensor, out: Tensor): Tensor {
  return isBroadcast(operand, out) ? sum(g) : g;
}
