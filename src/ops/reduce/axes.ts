/**
 * Axis arguments of the reductions (`sum`, `logsumexp`, `softmax`): checking and
 * normalising them (negative axes count from the end, as in numpy), the index map of
 * a reduction, and the inverse of a sum along axes written with public ops.
 * @packageDocumentation
 * @internal
 */
import { IndexError } from "../../core/errors";
import { formatShape, sizeOf, type Shape } from "../../core/shape";
import type { Tensor } from "../../core/tensor";
import { ones } from "../../create/constant";
import { forEachEntry, nnzOf, SparseBuilder, type Batch } from "../../trace/batch";
import { outer } from "../products/outer";
import { permute } from "../shape/permute";

function describe(v: unknown): string {
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === "string" ? JSON.stringify(x) : String(x))).join(", ")}]`;
  return `${v === null ? "null" : typeof v} ${String(v)}`;
}

function rangeOf(shape: Shape): string {
  const n = shape.length;
  if (n === 0) return "0 axes";
  return `${n} ${n === 1 ? "axis" : "axes"}: 0..${n - 1}, or -${n}..-1 counting from the end`;
}

/** One axis of a tensor of shape `shape`, as a number in 0..ndim−1 (negative axes count from the end). */
export function normalizeAxis(op: string, axis: unknown, shape: Shape): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new IndexError(
      `${op}: an axis must be an integer, got ${describe(axis)} (tensor of shape ${formatShape(shape)})`,
    );
  }
  const n = shape.length;
  if (axis < -n || axis >= n) {
    throw new IndexError(
      `${op}: axis ${axis} is out of range for a tensor of shape ${formatShape(shape)} (${rangeOf(shape)})`,
    );
  }
  return axis < 0 ? axis + n : axis;
}

/** Distinct axes (a number or an array of numbers), normalised and sorted ascending. */
export function normalizeAxes(op: string, axes: unknown, shape: Shape): number[] {
  const list: unknown[] = typeof axes === "number" ? [axes] : Array.isArray(axes) ? (axes as unknown[]) : [];
  if (typeof axes !== "number" && !Array.isArray(axes)) {
    throw new IndexError(
      `${op}: axes must be an axis number or an array of distinct axis numbers, got ${describe(axes)}`,
    );
  }
  const seen = new Set<number>();
  for (const a of list) {
    const k = normalizeAxis(op, a, shape);
    if (seen.has(k)) {
      throw new IndexError(
        `${op}: axis ${k} is named twice in the axes ${describe(axes)} (tensor of shape ${formatShape(shape)}); the axes must be distinct`,
      );
    }
    seen.add(k);
  }
  return [...seen].sort((x, y) => x - y);
}

/** The shape left after dropping `axes` (sorted) from `shape`. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}

/** For each flat position of a tensor of shape `shape`, its flat position in the sum over `axes`. */
export function reductionMap(shape: Shape, axes: readonly number[]): Int32Array {
  const n = sizeOf(shape);
  const map = new Int32Array(n);
  const nd = shape.length;
  // The stride of each input axis in the output (0 for a summed axis).
  const outStride = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (axes.includes(d)) continue;
    outStride[d] = s;
    s *= shape[d];
  }
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (let i = 0; i < n; i++) {
    map[i] = o;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        o += outStride[d];
        break;
      }
      o -= (shape[d] - 1) * outStride[d];
      idx[d] = 0;
    }
  }
  return map;
}

/** The tangents of a sum: entry c of each tangent added into position `map[c]` of `cols`. */
export function reduceBatch(b: Batch, map: Int32Array, cols: number): Batch {
  const sb = new SparseBuilder(b.rows, cols, Math.min(nnzOf(b), b.rows * cols));
  for (let r = 0; r < b.rows; r++) {
    forEachEntry(b, r, (c, v) => sb.add(map[c], v));
    sb.endRow();
  }
  return sb.finish();
}

/**
 * The adjoint of the sum over `axes` (sorted): R (of the kept shape) copied along the
 * summed axes back to `shape`. Written with public differentiable ops (outer, permute).
 */
export function spreadAlong(R: Tensor, axes: readonly number[], shape: Shape): Tensor {
  const spread = outer(R, ones(axes.map((a) => shape[a])));
  // spread has the kept axes first, then the summed ones: put each back in its place.
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const order = shape.map((_, i) => (axes.includes(i) ? kept.length + axes.indexOf(i) : kept.indexOf(i)));
  return order.every((a, i) => a === i) ? spread : permute(spread, order);
}
