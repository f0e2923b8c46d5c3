/** Degenerate inputs: empty axes, 0-d tensors, functions that ignore their input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  jacobian,
  grad,
  hessian,
  jvp,
  vjp,
  numericJacobian,
  zeros,
  ones,
  matmul,
  transpose,
  sum,
  tensor,
  exp,
  scale,
  einsum,
  kron,
} from "../../src";

test("empty axes give empty Jacobians of the right shape", () => {
  assert.deepEqual(jacobian((x) => matmul(transpose(x), x), zeros([0, 3])).shape, [3, 3, 0, 3]);
  assert.deepEqual(jacobian((x) => matmul(x, transpose(x)), zeros([3, 0])).shape, [3, 3, 3, 0]);
  assert.deepEqual(grad((x) => sum(x), zeros([0])).shape, [0]);
  assert.deepEqual(jacobian((x) => einsum("ij,jk->ik", x, ones([0, 2])), zeros([3, 0])).shape, [3, 2, 3, 0]);
  assert.deepEqual(jacobian((x) => kron(x, ones([0, 2])), ones([2, 2])).shape, [0, 4, 2, 2]);
  assert.deepEqual(numericJacobian((x) => x, zeros([0, 2])).jacobian.shape, [0, 2, 0, 2]);
});

test("0-d inputs and results", () => {
  assert.equal(jacobian((x) => x, tensor(2)).item(), 1);
  assert.equal(hessian((x) => exp(x), tensor(0)).item(), 1);
  // a matrix-valued function of a scalar: J has Y's shape
  assert.deepEqual(jacobian((s) => scale(tensor([[1, 2, 3]]), s), tensor(1.5)).toNested(), [[1, 2, 3]]);
});

test("a function that ignores its input has a zero derivative in every form", () => {
  assert.deepEqual(jacobian(() => ones([2]), ones([3])).toNested(), [
    [0, 0, 0],
    [0, 0, 0],
  ]);
  assert.deepEqual(jacobian(() => tensor(3), ones([3])).toNested(), [0, 0, 0]);
  assert.deepEqual(grad(() => tensor(3), ones([2])).toNested(), [0, 0]);
  assert.deepEqual(jvp(() => ones([2]), ones([3]), ones([3])).tangent.toNested(), [0, 0]);
  assert.deepEqual(vjp(() => ones([2]), ones([3]), ones([2])).cotangent.toNested(), [0, 0, 0]);
});
