import assert from "node:assert/strict";
import fc from "fast-check";
import { numericJacobian, Tensor } from "../../src";
import { composites, primitives } from "../../src/registry";
import type { CaseDims, OpCase } from "../../src/ops/def";

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

/** Random rectangular dimensions 1..4 and a seed, for the registry's op cases. */
export const caseDims: fc.Arbitrary<CaseDims> = fc.record({
  a: fc.integer({ min: 1, max: 4 }),
  b: fc.integer({ min: 1, max: 4 }),
  c: fc.integer({ min: 1, max: 4 }),
  d: fc.integer({ min: 1, max: 4 }),
  seed,
});

/** Every case of every registered primitive and composite, labelled with the op's name. */
export function allCases(): (OpCase & { op: string })[] {
  return [...primitives, ...composites].flatMap((def) =>
    def.cases.map((c) => ({ ...c, op: def.name, label: `${def.name}: ${c.label}` })),
  );
}

/** |exact − numeric| ≤ the numeric error estimate (+ a rounding allowance for the exact value), entrywise. */
export function assertWithinEstimate(exact: Tensor, f: (x: Tensor) => Tensor, x: Tensor, label: string): void {
  const { jacobian: Jn, error } = numericJacobian(f, x);
  assert.deepEqual(exact.shape, Jn.shape, `${label}: shapes`);
  for (let i = 0; i < exact.size; i++) {
    const diff = Math.abs(exact.data[i] - Jn.data[i]);
    const allowed = error.data[i] + 1e-12 * Math.max(1, Math.abs(exact.data[i]));
    if (!(diff <= allowed))
      assert.fail(
        `${label}: entry ${i}: exact ${exact.data[i]}, numeric ${Jn.data[i]}, diff ${diff} > estimate ${allowed}`,
      );
  }
}
