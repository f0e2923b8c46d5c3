// inv, solve, det and logdet of a matrix with a NaN or an infinite entry name that entry (index and value),
// instead of calling the matrix "singular to working precision … threshold = NaN" or returning a number.
import { test } from "node:test";
import assert from "node:assert/strict";
import { det, inv, log, logdet, solve, tensor, Tensor, IndexError, SingularMatrixError } from "../../src";
import { throwsWith } from "../helpers/assert";

const withEntry = (n: number, i: number, j: number, v: number): Tensor => {
  const a = new Float64Array(n * n);
  for (let k = 0; k < n; k++) a[k * n + k] = 2;
  a[i * n + j] = v;
  return new Tensor(a, [n, n]);
};

test("each function names the first non-finite entry, its value and the size", () => {
  for (const [v, shown] of [
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ] as const) {
    const A = withEntry(3, 1, 2, v);
    const re = new RegExp(`the entry A\\[1, 2\\] of the 3×3 matrix is ${shown}; `);
    throwsWith(() => inv(A), IndexError, /^inv: /, re, /inv needs a matrix of finite numbers$/);
    throwsWith(() => solve(A, tensor([1, 2, 3])), IndexError, /^solve: /, re);
    throwsWith(() => det(A), IndexError, /^det: /, re);
    throwsWith(() => logdet(A), IndexError, /^logdet: /, re);
  }
});

test("a matrix that came out of log of a negative number: the message says where the NaN is, not 'singular'", () => {
  const A = log(
    tensor([
      [1, -1],
      [2, 3],
    ]),
  );
  assert.throws(
    () => inv(A),
    (e: unknown) => {
      assert.ok(e instanceof IndexError && !(e instanceof SingularMatrixError));
      assert.equal(e.message, "inv: the entry A[0, 1] of the 2×2 matrix is NaN; inv needs a matrix of finite numbers");
      assert.doesNotMatch(e.message, /singular|threshold/);
      return true;
    },
  );
});

test("several non-finite entries: the first in row-major order, and how many others", () => {
  const A = new Tensor(new Float64Array([1, 2, 3, -Infinity, NaN, 0, 1, Infinity, 1]), [3, 3]);
  throwsWith(
    () => det(A),
    IndexError,
    /the entry A\[1, 0\] of the 3×3 matrix is -Infinity \(and 2 more non-finite entries\)/,
  );
  const B = new Tensor(new Float64Array([NaN, NaN, 1, 1]), [2, 2]);
  throwsWith(() => inv(B), IndexError, /A\[0, 0\] of the 2×2 matrix is NaN \(and 1 more non-finite entry\)/);
});

test("finite matrices are unaffected: values, and a singular one is still a SingularMatrixError", () => {
  assert.deepEqual(
    inv(
      tensor([
        [2, 0],
        [0, 4],
      ]),
    ).toNested(),
    [
      [0.5, 0],
      [0, 0.25],
    ],
  );
  assert.equal(
    det(
      tensor([
        [2, 1],
        [1, 3],
      ]),
    ).item(),
    5,
  );
  throwsWith(
    () =>
      inv(
        tensor([
          [1, 2],
          [2, 4],
        ]),
      ),
    SingularMatrixError,
    /2×2 matrix is singular/,
  );
  // An infinite right-hand side is the caller's business (numpy answers inf too); only A is checked.
  assert.deepEqual(
    solve(
      tensor([
        [1, 0],
        [0, 1],
      ]),
      new Tensor(new Float64Array([1, Infinity]), [2]),
    ).toNested(),
    [1, Infinity],
  );
});
