import assert from "node:assert/strict";

/** Assert that `fn` throws an error of class `cls` whose message matches every regexp (at least one). */
export function throwsWith(fn: () => unknown, cls: new (...a: never[]) => Error, re: RegExp, ...more: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    for (const r of [re, ...more]) assert.match((e as Error).message, r);
    return true;
  });
}

/** Assert that two tensors have the same shape and differ by less than `tol` in every entry. */
export function closeTo(
  a: { shape: readonly number[]; data: ArrayLike<number> },
  b: { shape: readonly number[]; data: ArrayLike<number> },
  tol = 1e-10,
): void {
  assert.deepEqual(a.shape, b.shape);
  let err = 0;
  for (let i = 0; i < a.data.length; i++) err = Math.max(err, Math.abs(a.data[i] - b.data[i]));
  assert.ok(err < tol, `max |error| ${err}`);
}
