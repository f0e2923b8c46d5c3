/**
 * The fibers of a tensor along one axis (the 1-d slices that `softmax` and `logsumexp`
 * work on): entry k of fiber (o, i) sits at flat position (o·n + k)·inner + i.
 * @packageDocumentation
 * @internal
 */
import { sizeOf, type Shape } from "../../core/shape";
import { _lseOf } from "../../runtime/padded";

export interface Fibers {
  /** The number of fibers before the axis (the product of the dimensions before it). */
  readonly outer: number;
  /** The length of each fiber (the axis' dimension). */
  readonly n: number;
  /** The stride along the axis (the product of the dimensions after it). */
  readonly inner: number;
}

/** The fibers of `shape` along `axis` (already normalised). */
export function fibersOf(shape: Shape, axis: number): Fibers {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/** Calls `f(base, stride, fiber)` for each fiber: its entries are at base + k·stride, k < n; `fiber` numbers it. */
export function forEachFiber(f: Fibers, body: (base: number, stride: number, fiber: number) => void): void {
  for (let o = 0; o < f.outer; o++) {
    for (let i = 0; i < f.inner; i++) body(o * f.n * f.inner + i, f.inner, o * f.inner + i);
  }
}

/** max_k x[base + k·stride] + log Σ_k exp(x[base + k·stride] − max): no overflow, −Infinity for an empty fiber (the one copy is the generated code's runtime). */
export const logSumExpOf = _lseOf;
