/**
 * Shapes: validation, sizes, row-major strides and the allocation limit.
 * @packageDocumentation
 */
import { AllocationError, IndexError } from "./errors";

/** A tensor shape: one non-negative integer per axis; `[]` is a 0-d scalar. */
export type Shape = readonly number[];

const DEFAULT_LIMIT = 2 ** 27;
let allocationLimit = DEFAULT_LIMIT;

/**
 * The largest number of elements a single tensor may have (default 2^27 = 134,217,728,
 * i.e. 1 GiB of Float64). Larger allocations are refused before allocating.
 *
 * @example
 * ```ts
 * import { getAllocationLimit } from "tensorcalc";
 * console.log(getAllocationLimit()); // 134217728
 * ```
 */
export function getAllocationLimit(): number {
  return allocationLimit;
}

/**
 * Change the allocation limit (in elements); returns the previous value.
 *
 * @example
 * ```ts
 * import { setAllocationLimit, zeros } from "tensorcalc";
 * const previous = setAllocationLimit(100);
 * try { zeros([20, 20]); } catch (e) { console.log((e as Error).message); }
 * setAllocationLimit(previous);
 * ```
 */
export function setAllocationLimit(elements: number): number {
  if (!Number.isSafeInteger(elements) || elements < 1) {
    throw new IndexError(`allocation limit must be a positive integer, got ${String(elements)}`);
  }
  const previous = allocationLimit;
  allocationLimit = elements;
  return previous;
}

/**
 * Format a shape as `[2, 3]` for messages.
 * @example
 * ```ts
 * import { formatShape, zeros } from "tensorcalc";
 * console.log(formatShape(zeros([2, 3]).shape)); // [2, 3]
 * ```
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Check that `shape` is an array of non-negative safe integers and return a frozen copy.
 * `where` names the operation for the error message.
 */
export function checkShape(shape: unknown, where: string): Shape {
  if (!Array.isArray(shape)) {
    throw new IndexError(`${where}: shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  for (let axis = 0; axis < shape.length; axis++) {
    const d: unknown = shape[axis];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw new IndexError(
        `${where}: shape ${describeArray(shape)} has an invalid dimension ${describe(d)} on axis ${axis} (dimensions must be non-negative integers)`,
      );
    }
  }
  return Object.freeze(shape.slice() as number[]);
}

/** Number of elements of a shape (1 for a 0-d scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Refuse, before allocating, a tensor larger than the allocation limit.
 * Returns the number of elements.
 */
export function checkAllocation(shape: Shape, where: string): number {
  const n = sizeOf(shape);
  if (n > allocationLimit) {
    const mib = (n * 8) / 2 ** 20;
    throw new AllocationError(
      `${where}: a tensor of shape ${formatShape(shape)} would have ${n.toLocaleString("en-US")} elements ` +
        `(${mib.toLocaleString("en-US", { maximumFractionDigits: 1 })} MiB of Float64), above the allocation limit of ` +
        `${allocationLimit.toLocaleString("en-US")} elements; use setAllocationLimit() to raise it`,
    );
  }
  return n;
}

/** Allocate zeroed Float64 storage for `shape`, after the allocation check. */
export function allocate(shape: Shape, where: string): Float64Array {
  return new Float64Array(checkAllocation(shape, where));
}

/** True when two shapes are equal axis by axis. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return describeArray(v);
  return String(v);
}

function describeArray(a: readonly unknown[]): string {
  return `[${a.map((x) => (typeof x === "string" ? JSON.stringify(x) : String(x))).join(", ")}]`;
}
