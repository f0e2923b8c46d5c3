import assert from "node:assert/strict";

/** Assert that `fn` throws an error of class `cls` whose message matches every regexp (at least one). */
export function throwsWith(fn: () => unknown, cls: new (...a: never[]) => Error, re: RegExp, ...more: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    for (const r of [re, ...more]) assert.match((e as Error).message, r);
    return true;
  });
}
