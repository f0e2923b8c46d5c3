/**
 * Constant tensors: zeros, ones, full, eye.
 * @packageDocumentation
 */
import { IndexError } from "../core/errors";
import { allocate, checkShape, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";

/**
 * A tensor of zeros.
 * @throws {@link IndexError} for an invalid shape; {@link AllocationError} above the allocation limit (before allocating).
 * @example
 * ```ts
 * import { zeros } from "tensorcalc";
 * console.log(zeros([2, 3]).toNested()); // [[0, 0, 0], [0, 0, 0]]
 * ```
 */
export function zeros(shape: Shape): Tensor {
  const s = checkShape(shape, "zeros");
  return new Tensor(allocate(s, "zeros"), s);
}

/**
 * A tensor of ones.
 * @example
 * ```ts
 * import { ones } from "tensorcalc";
 * console.log(ones([3]).toNested()); // [1, 1, 1]
 * ```
 */
export function ones(shape: Shape): Tensor {
  return filled(shape, 1, "ones");
}

/**
 * A tensor with every entry equal to `value` (a finite number).
 * @example
 * ```ts
 * import { full } from "tensorcalc";
 * console.log(full([2, 2], 7).toNested()); // [[7, 7], [7, 7]]
 * ```
 */
export function full(shape: Shape, value: number): Tensor {
  return filled(shape, value, "full");
}

function filled(shape: Shape, value: number, where: string): Tensor {
  const s = checkShape(shape, where);
  checkFiniteNumber(value, where, "value");
  const data = allocate(s, where);
  data.fill(value);
  return new Tensor(data, s);
}

/**
 * The m×n identity-like matrix: ones on the main diagonal, zeros elsewhere (`n` defaults to `m`).
 * @example
 * ```ts
 * import { eye } from "tensorcalc";
 * console.log(eye(2, 3).toNested()); // [[1, 0, 0], [0, 1, 0]]
 * ```
 */
export function eye(m: number, n: number = m): Tensor {
  const s = checkShape([m, n], "eye");
  const data = allocate(s, "eye");
  const k = Math.min(m, n);
  for (let i = 0; i < k; i++) data[i * n + i] = 1;
  return new Tensor(data, s);
}

/** @internal Throw an IndexError unless `v` is a finite number. */
export function checkFiniteNumber(v: unknown, where: string, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new IndexError(
      `${where}: ${name} must be a finite number, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`,
    );
  }
  return v;
}
