/**
 * Test helpers for products and einsum: fast-check arbitraries of small-integer tensors
 * (so every product is exact) and exact comparison.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Tensor } from "../../src";

export const dim = (max = 6): fc.Arbitrary<number> => fc.integer({ min: 1, max });

/** A tensor of the given shape with integer entries in [-lim, lim]. */
export function intTensor(shape: readonly number[], lim = 5): fc.Arbitrary<Tensor> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.integer({ min: -lim, max: lim }), { minLength: n, maxLength: n })
    .map((v) => new Tensor(Float64Array.from(v), shape));
}

/** A tensor with a random shape of `rank` axes (dims 1..maxDim). */
export function anyTensor(rank: number, maxDim = 6): fc.Arbitrary<Tensor> {
  return fc.array(dim(maxDim), { minLength: rank, maxLength: rank }).chain((s) => intTensor(s));
}

/** Exact equality of shape and every entry (integer arithmetic is exact). */
export function assertSame(actual: Tensor, expected: Tensor, label = ""): void {
  assert.deepEqual([...actual.shape], [...expected.shape], `${label} shape`);
  for (let i = 0; i < expected.size; i++) {
    if (actual.data[i] !== expected.data[i]) {
      assert.fail(
        `${label} entry ${i}: got ${actual.data[i]}, expected ${expected.data[i]} (shape [${expected.shape}])`,
      );
    }
  }
}

/** Row-major multi-index of a flat offset. */
export function unravel(off: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = off % shape[a];
    off = Math.floor(off / shape[a]);
  }
  return idx;
}

/** Build a tensor entry by entry from its multi-index. */
export function build(shape: readonly number[], f: (idx: number[]) => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let o = 0; o < n; o++) data[o] = f(unravel(o, shape));
  return new Tensor(data, shape);
}
