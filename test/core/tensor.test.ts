import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, IndexError, ShapeError } from "../../src";

test("Tensor wraps row-major data and checks indices", () => {
  const A = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assert.equal(A.get(1, 2), 6);
  assert.deepEqual(A.T.toNested(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.throws(
    () => A.get(2, 0),
    (e: unknown) => e instanceof IndexError && /out of range on axis 0/.test(e.message),
  );
  assert.throws(() => new Tensor(new Float64Array(5), [2, 3]), ShapeError);
});
