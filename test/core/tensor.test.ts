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

test("error classes carry their names as data (they survive minification)", async () => {
  const errors = await import("../../src");
  const classes = [
    errors.TensorcalcError,
    errors.ShapeError,
    errors.IndexError,
    errors.AllocationError,
    errors.EinsumSpecError,
    errors.SingularMatrixError,
    errors.DifferentiationError,
    errors.ComparisonError,
  ];
  for (const C of classes) {
    const e = new C("m");
    assert.equal(e.name, C.name);
    assert.ok(e instanceof errors.TensorcalcError && e instanceof Error);
  }
  const p = new errors.ParseError("m", 3, "A' *");
  assert.equal(p.name, "ParseError");
  assert.equal(p.position, 3);
});
