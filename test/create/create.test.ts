import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor,
  zeros,
  ones,
  full,
  eye,
  randn,
  rand,
  randint,
  fromFunction,
  ShapeError,
  IndexError,
  AllocationError,
  type NestedArray,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const dims = (n: number) => fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: n });

test("tensor round-trips nested arrays of any rectangular shape", () => {
  fc.assert(
    fc.property(dims(4), fc.integer(), (shape, seed) => {
      const t = randint(shape, { seed, min: -9, max: 9 });
      const back = tensor(t.toNested());
      assert.deepEqual(back.shape, t.shape);
      assert.deepEqual(Array.from(back.data), Array.from(t.data));
    }),
  );
});

test("tensor infers shapes, including scalars and empty axes", () => {
  assert.deepEqual(tensor(3).shape, []);
  assert.equal(tensor(3).item(), 3);
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[], []]).shape, [2, 0]);
  assert.deepEqual(tensor([[1, 2, 3]]).shape, [1, 3]);
  assert.deepEqual(
    Array.from(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]).data,
    ),
    [1, 2, 3, 4, 5, 6],
  );
});

test("tensor names the path of a ragged row and of a bad entry", () => {
  throwsWith(
    () =>
      tensor([
        [1, 2, 3],
        [4, 5],
      ]),
    ShapeError,
    /row at \[1\] has length 2.*length 3.*\[2, 3\]/,
  );
  throwsWith(
    () =>
      tensor([
        [[1], [2]],
        [[3], [4, 5]],
      ]),
    ShapeError,
    /row at \[1, 1\] has length 2/,
  );
  throwsWith(
    () => tensor([[1, 2], 3] as unknown as NestedArray),
    ShapeError,
    /entry at \[1\] is the number 3, but an array of length 2/,
  );
  throwsWith(() => tensor([1, [2]] as unknown as NestedArray), ShapeError, /entry at \[1\] is an array/);
  throwsWith(() => tensor([[1, NaN]]), IndexError, /entry at \[0, 1\] is NaN; entries must be finite/);
  throwsWith(() => tensor([[1, Infinity]]), IndexError, /entry at \[0, 1\] is Infinity/);
  throwsWith(
    () => tensor([[1, "2"]] as unknown as NestedArray),
    IndexError,
    /entry at \[0, 1\] is the string "2", not a number/,
  );
  throwsWith(() => tensor([null] as unknown as NestedArray), IndexError, /entry at \[0\] is null/);
  throwsWith(() => tensor(undefined as unknown as NestedArray), IndexError, /entry at the top level is undefined/);
});

test("zeros, ones, full and eye have the right entries on rectangular shapes", () => {
  fc.assert(
    fc.property(dims(4), fc.integer({ min: -100, max: 100 }), (shape, v) => {
      assert.ok(zeros(shape).data.every((x) => x === 0));
      assert.ok(ones(shape).data.every((x) => x === 1));
      const f = full(shape, v);
      assert.deepEqual(f.shape, shape);
      assert.ok(f.data.every((x) => x === v));
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (m, n) => {
      const I = eye(m, n);
      assert.deepEqual(I.shape, [m, n]);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assert.equal(I.get(i, j), i === j ? 1 : 0);
    }),
  );
  assert.deepEqual(eye(3).shape, [3, 3]);
});

test("creation refuses bad shapes and values with clear messages", () => {
  throwsWith(() => zeros([2, -1]), IndexError, /zeros: shape \[2, -1\] has an invalid dimension -1 on axis 1/);
  throwsWith(() => ones([2.5]), IndexError, /ones: .*invalid dimension 2.5 on axis 0/);
  throwsWith(() => zeros(3 as unknown as number[]), IndexError, /zeros: shape must be an array/);
  throwsWith(() => full([2], NaN), IndexError, /full: value must be a finite number, got NaN/);
  throwsWith(() => eye(-2), IndexError, /eye: shape \[-2, -2\] has an invalid dimension/);
  throwsWith(() => rand([2], { min: 1, max: 1 }), IndexError, /rand: min \(1\) must be less than max \(1\)/);
  throwsWith(() => randint([2], { min: 3, max: 1 }), IndexError, /randint: min \(3\) must not exceed max \(1\)/);
  throwsWith(() => randint([2], { min: 0.5 }), IndexError, /randint: min must be an integer, got 0.5/);
  throwsWith(() => randn([2], { seed: 1.5 }), IndexError, /randn: seed must be an integer, got 1.5/);
});

test("allocation above the limit is refused before allocating", () => {
  // 2^40 entries (8 TiB): if the check came after allocating, this would crash rather than throw.
  for (const make of [
    () => zeros([2 ** 20, 2 ** 20]),
    () => ones([2 ** 20, 2 ** 20]),
    () => eye(2 ** 20),
    () => randn([2 ** 20, 2 ** 20], { seed: 1 }),
    () => fromFunction([2 ** 20, 2 ** 20], () => 0),
  ]) {
    throwsWith(
      make,
      AllocationError,
      /shape \[1048576, 1048576\] would have 1,099,511,627,776 elements.*allocation limit/,
    );
  }
});

test("randn is reproducible for a seed and has standard normal statistics", () => {
  const a = randn([200, 50], { seed: 12345 });
  const b = randn([200, 50], { seed: 12345 });
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  const c = randn([200, 50], { seed: 12346 });
  assert.notDeepEqual(Array.from(a.data.slice(0, 10)), Array.from(c.data.slice(0, 10)));
  // n = 10000: the sample mean has sd 0.01, the sample variance sd ≈ 0.014 — use 5-sigma bounds.
  const n = a.size;
  const mean = a.data.reduce((s, x) => s + x, 0) / n;
  const variance = a.data.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.071, `variance ${variance}`);
  // about 68.27% within one sd (binomial sd ≈ 0.0047)
  const within = a.data.filter((x) => Math.abs(x) < 1).length / n;
  assert.ok(Math.abs(within - 0.6827) < 0.024, `fraction within 1 sd ${within}`);
  // a prefix of a longer draw equals the shorter draw
  assert.deepEqual(Array.from(randn([7], { seed: 9 }).data), Array.from(randn([3, 5], { seed: 9 }).data.slice(0, 7)));
});

test("rand is uniform in [min, max) and randint gives every integer in [min, max]", () => {
  const u = rand([10000], { seed: 3, min: -2, max: 3 });
  assert.ok(u.data.every((x) => x >= -2 && x < 3));
  const mean = u.data.reduce((s, x) => s + x, 0) / u.size;
  assert.ok(Math.abs(mean - 0.5) < 0.08, `mean ${mean}`); // sd of mean = 5/sqrt(12*1e4) ≈ 0.0144
  assert.deepEqual(Array.from(rand([5], { seed: 3 }).data), Array.from(rand([5], { seed: 3 }).data));
  const r = randint([6000], { seed: 11, min: -2, max: 3 });
  const counts = new Map<number, number>();
  for (const x of r.data) counts.set(x, (counts.get(x) ?? 0) + 1);
  assert.deepEqual(
    [...counts.keys()].sort((p, q) => p - q),
    [-2, -1, 0, 1, 2, 3],
  );
  for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 150, `count ${c}`); // sd ≈ 29
  const d = randint([1000], { seed: 1 });
  assert.ok(d.data.every((x) => Number.isInteger(x) && x >= -5 && x <= 5));
});

test("fromFunction calls f at every multi-index in row-major order", () => {
  fc.assert(
    fc.property(dims(4), (shape) => {
      const t = fromFunction(shape, (...idx) => idx.reduce((acc, i, a) => acc * (shape[a] + 1) + i, 0));
      let k = 0;
      const idx = shape.map(() => 0);
      for (let flat = 0; flat < t.size; flat++) {
        assert.equal(
          t.get(...idx),
          idx.reduce((acc, i, a) => acc * (shape[a] + 1) + i, 0),
        );
        assert.equal(t.data[flat], t.get(...idx));
        for (let a = shape.length - 1; a >= 0; a--) {
          if (++idx[a] < shape[a]) break;
          idx[a] = 0;
        }
        k++;
      }
      assert.equal(k, t.size);
    }),
  );
  throwsWith(
    () => fromFunction([2, 2], (i, j) => (i === 1 && j === 0 ? NaN : 0)),
    IndexError,
    /f\(1, 0\) returned NaN/,
  );
});
