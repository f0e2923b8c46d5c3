import { test } from "node:test";
import assert from "node:assert/strict";
import {
  zeros,
  ones,
  alpha,
  kron,
  eye,
  inv,
  getAllocationLimit,
  setAllocationLimit,
  formatShape,
  AllocationError,
  IndexError,
} from "../../src";

test("the allocation limit is 2^27 elements by default and can be changed and restored", () => {
  assert.equal(getAllocationLimit(), 2 ** 27);
  const previous = setAllocationLimit(100);
  try {
    assert.equal(getAllocationLimit(), 100);
    assert.equal(zeros([10, 10]).size, 100);
    assert.equal(inv(eye(10)).size, 100);
    assert.throws(
      () => ones([10, 11]),
      (e: unknown) =>
        e instanceof AllocationError &&
        e.message ===
          "ones: a tensor of shape [10, 11] would have 110 elements (0 MiB of Float64), above the allocation limit of 100 elements; use setAllocationLimit() to raise it",
    );
    assert.throws(
      () => alpha(4, 4),
      (e: unknown) =>
        e instanceof AllocationError &&
        /^alpha: a tensor of shape \[4, 4, 4, 4\] would have 256 elements/.test(e.message),
    );
  } finally {
    setAllocationLimit(previous);
  }
  assert.equal(getAllocationLimit(), 2 ** 27);
});

test("setAllocationLimit refuses nonsense", () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity]) {
    assert.throws(
      () => setAllocationLimit(bad),
      (e: unknown) =>
        e instanceof IndexError && e.message === `allocation limit must be a positive integer, got ${String(bad)}`,
    );
  }
  assert.equal(getAllocationLimit(), 2 ** 27);
});

test("products whose result would be too large are refused before allocating", () => {
  // kron of two 4096×4096 matrices would be 2^48 entries: must throw, not try to allocate
  const big = zeros([4096, 4096]);
  assert.throws(
    () => kron(big, big),
    (e: unknown) => e instanceof AllocationError && /\[16777216, 16777216\]/.test(e.message),
  );
});

test("formatShape prints shapes as in messages", () => {
  assert.equal(formatShape([2, 3]), "[2, 3]");
  assert.equal(formatShape([]), "[]");
});
