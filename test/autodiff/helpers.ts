import assert from "node:assert/strict";
import fc from "fast-check";
import { Tensor } from "../../src";

/** A dimension 1..6. */
export const dim = fc.integer({ min: 1, max: 6 });
/** A seed for the PRNG-backed creators. */
export const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Assert an error of class `cls` whose message matches every regexp. */
export { throwsWith } from "../helpers/assert";

/** Exact equality of shape and entries, with a readable failure. */
export function assertSame(actual: Tensor, expected: Tensor, label = ""): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shapes differ`);
  for (let i = 0; i < actual.size; i++) {
    if (actual.data[i] !== expected.data[i] && !(actual.data[i] === 0 && expected.data[i] === 0)) {
      assert.fail(`${label}: entry ${i} differs: ${actual.data[i]} vs ${expected.data[i]}`);
    }
  }
}

/** Max |a-b| relative to max(1, |b|) over entries (shapes must match). */
export function relErr(a: Tensor, b: Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  let worst = 0;
  for (let i = 0; i < a.size; i++)
    worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]) / Math.max(1, Math.abs(b.data[i])));
  return worst;
}
