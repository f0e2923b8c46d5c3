/** The recording machinery: tapes are scoped, inputs are never mutated, failures leave no state behind. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { jacobian, grad, hessian, randn, matmul, transpose, sum, exp, Tensor, alpha } from "../../src";
import { record, anyTapeActive } from "../../src/trace/record";
import { matmulDef } from "../../src/ops/products/matmul";
import { reshapeDef } from "../../src/ops/shape/reshape";
import { assertSame } from "./helpers";

test("record is the identity outside a differentiation", () => {
  const t = randn([2, 2], { seed: 1 });
  const out = randn([2, 2], { seed: 2 });
  assert.equal(record(matmulDef, [t, t], out), out);
  assert.equal(out.node, undefined);
  assert.equal(anyTapeActive(), false);
});

test("the user's tensors are never marked or mutated", () => {
  const X = randn([2, 3], { seed: 3 });
  const before = Float64Array.from(X.data);
  jacobian((x) => matmul(transpose(x), x), X);
  grad((x) => sum(exp(x)), X);
  hessian((x) => sum(exp(x)), X);
  assert.equal(X.node, undefined);
  assert.deepEqual(Array.from(X.data), Array.from(before));
  // results carry no trace either
  assert.equal(jacobian((x) => x, X).node, undefined);
  assert.equal(grad((x) => sum(x), X).node, undefined);
});

test("an op that hands back its own input is recorded on a copy, not on the input", () => {
  // a pass-through op (like reshape to the same shape) returning the very tensor it got
  const passThrough = (t: Tensor): Tensor => record(reshapeDef, [t], t, { shape: t.shape });
  const X = randn([2, 3], { seed: 4 });
  let leaf: Tensor | undefined;
  let result: Tensor | undefined;
  const J = jacobian((x) => {
    leaf = x;
    result = passThrough(x);
    return result;
  }, X);
  assert.notEqual(result, leaf, "the op's output was wrapped");
  assertSame(J, alpha(2, 3), "J of a pass-through is α");
});

test("a throwing f leaves no tape active, and later differentiations work", () => {
  const X = randn([2, 2], { seed: 5 });
  assert.throws(() =>
    jacobian((x) => {
      matmul(x, x);
      throw new Error("boom");
    }, X),
  );
  assert.throws(
    () =>
      grad(() => {
        throw new RangeError("inner");
      }, X),
    RangeError,
  );
  assert.equal(anyTapeActive(), false);
  assertSame(
    jacobian((x) => x, X),
    alpha(2, 2),
    "still works",
  );
});

test("tensors leaked from a finished differentiation are inert", () => {
  let leaked: Tensor | undefined;
  jacobian(
    (x) => {
      leaked = matmul(x, x);
      return leaked;
    },
    randn([2, 2], { seed: 6 }),
  );
  assert.ok(leaked !== undefined && leaked.node !== undefined);
  // using it later, alone or inside another differentiation, treats it as a constant
  const out = matmul(leaked, leaked);
  assert.equal(out.node, undefined);
  const Y = randn([2, 2], { seed: 7 });
  const J = jacobian((y) => matmul(leaked as Tensor, y), Y);
  const expected = jacobian((y) => matmul(new Tensor((leaked as Tensor).data, [2, 2]), y), Y);
  assertSame(J, expected, "leaked tensor is a constant");
});
