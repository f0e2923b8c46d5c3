import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allclose,
  assertClose,
  equal,
  assertEqual,
  maxAbsDiff,
  ComparisonError,
  randn,
  randint,
  tensor,
  add,
  scale,
  zeros,
  full,
  ShapeError,
  IndexError,
  Tensor,
  log,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const dims = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 4 });

test("a tensor is close and equal to itself; perturbations within/beyond rtol are classified", () => {
  fc.assert(
    fc.property(dims, fc.integer(), (shape, seed) => {
      const a = add(randn(shape, { seed }), full(shape, 3)); // entries away from 0
      assert.ok(allclose(a, a));
      assert.ok(equal(a, a));
      assert.equal(maxAbsDiff(a, a), 0);
      assertClose(a, a);
      assertEqual(a, a);
      const tiny = scale(a, 1 + 1e-12);
      assert.ok(allclose(a, tiny));
      assert.ok(allclose(tiny, a));
      if (a.size > 0 && a.data.some((x) => x !== 0)) {
        const big = scale(a, 1 + 1e-6);
        assert.ok(!allclose(a, big));
        assert.ok(allclose(a, big, { rtol: 1e-5 }));
        assert.ok(!equal(a, tiny) || a.data.every((x) => x * (1 + 1e-12) === x));
      }
    }),
  );
});

test("maxAbsDiff is the largest entrywise difference", () => {
  fc.assert(
    fc.property(dims, fc.integer(), (shape, seed) => {
      const a = randint(shape, { seed });
      const b = randint(shape, { seed: seed + 1 });
      const expected = Array.from(a.data).reduce((m, x, k) => Math.max(m, Math.abs(x - b.data[k])), 0);
      assert.equal(maxAbsDiff(a, b), expected);
      assert.equal(equal(a, b), expected === 0);
    }),
  );
  throwsWith(
    () => maxAbsDiff(zeros([2, 3]), zeros([3, 2])),
    ShapeError,
    /maxAbsDiff: the shapes \[2, 3\] and \[3, 2\] differ/,
  );
});

test("tolerance semantics: atol near zero, infinities, NaN", () => {
  assert.ok(allclose(tensor([0]), tensor([1e-13])));
  assert.ok(!allclose(tensor([0]), tensor([1e-11])));
  assert.ok(allclose(tensor([0]), tensor([1e-11]), { atol: 1e-10 }));
  assert.ok(allclose(tensor([1e9]), tensor([1e9 + 0.5])));
  assert.ok(!allclose(tensor([1e9]), tensor([1e9 + 2])));
  const inf = new Tensor(new Float64Array([Infinity, -Infinity]), [2]);
  assert.ok(allclose(inf, inf));
  assert.ok(!allclose(inf, new Tensor(new Float64Array([Infinity, Infinity]), [2])));
  const nan = log(tensor([-1]));
  assert.ok(!allclose(nan, nan));
  assert.ok(!equal(nan, nan));
  assert.ok(Number.isNaN(maxAbsDiff(nan, tensor([0]))));
  throwsWith(() => assertClose(nan, tensor([0]), "nan"), ComparisonError, /worst at index \[0\]: NaN vs 0/);
  assert.ok(!allclose(tensor([1, 2]), tensor([1, 2, 3])));
  assert.ok(!equal(zeros([2, 3]), zeros([3, 2])));
  assert.ok(equal(tensor([[1, 2]]), [[1, 2]]));
  throwsWith(
    () => allclose(tensor([1]), tensor([1]), { rtol: -1 }),
    IndexError,
    /allclose: rtol must be a finite non-negative number, got -1/,
  );
});

test("assertClose names the label, shapes, worst index, values, difference and tolerance", () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = tensor([
    [1, 2, 3.001],
    [4, 5.1, 6],
  ]);
  throwsWith(
    () => assertClose(a, b, "dY/dA"),
    ComparisonError,
    /^assertClose \(dY\/dA\): 2 of 6 entries differ beyond the tolerance \(shapes \[2, 3\] and \[2, 3\]\); worst at index \[1, 1\]: 5 vs 5\.1, \|difference\| 0\.1 > tolerance 5\.1e-9 \(atol 1e-12 \+ rtol 1e-9·max\(\|x\|, \|y\|\)\)$/,
  );
  throwsWith(
    () => assertClose(a, a.T, "J"),
    ComparisonError,
    /^assertClose \(J\): the shapes differ: \[2, 3\] vs \[3, 2\]$/,
  );
  throwsWith(() => assertClose(tensor([1, 2]), [1, NaN]), IndexError, /entry at \[1\] is NaN/);
  assertClose(a, b, "loose", { atol: 0.2 });
});

test("assertEqual names the first differing index and both values", () => {
  throwsWith(
    () =>
      assertEqual(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        [
          [1, 2],
          [3, 5],
        ],
        "exact",
      ),
    ComparisonError,
    /^assertEqual \(exact\): 1 of 4 entries differ \(shapes \[2, 2\] and \[2, 2\]\); first at index \[1, 1\]: 4 vs 5$/,
  );
  throwsWith(() => assertEqual(tensor(1), tensor([1])), ComparisonError, /the shapes differ: \[\] vs \[1\]/);
  assertEqual(tensor(3), 3);
});
