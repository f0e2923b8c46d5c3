import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  diag,
  permute,
  reshape,
  transpose,
  add,
  sub,
  neg,
  scale,
  hadamard,
  sum,
  trace,
  exp,
  log,
  pow,
  sqrt,
  abs,
  sin,
  cos,
  tanh,
  randint,
  randn,
  tensor,
  fromFunction,
  zeros,
  Tensor,
  ShapeError,
  IndexError,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const dims = (min: number, max: number) => fc.array(fc.integer({ min: 1, max: 6 }), { minLength: min, maxLength: max });
const permOf = (n: number) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
const shapeAndPerm = dims(0, 5).chain((shape) => fc.tuple(fc.constant(shape), permOf(shape.length), fc.integer()));

test("permute matches its index definition and inverts with the inverse permutation", () => {
  fc.assert(
    fc.property(shapeAndPerm, ([shape, axes, seed]) => {
      const t = randint(shape, { seed });
      const p = permute(t, axes);
      const expected = fromFunction(
        axes.map((a) => shape[a]),
        (...o) => {
          const j = new Array<number>(shape.length);
          axes.forEach((a, k) => (j[a] = o[k]));
          return t.get(...j);
        },
      );
      assert.deepEqual(p.shape, expected.shape);
      assert.deepEqual(Array.from(p.data), Array.from(expected.data));
      const inverse = new Array<number>(axes.length);
      axes.forEach((a, k) => (inverse[a] = k));
      assert.deepEqual(Array.from(permute(p, inverse).data), Array.from(t.data));
    }),
  );
});

test("permute of a matrix with [1, 0] is the transpose", () => {
  fc.assert(
    fc.property(dims(2, 2), fc.integer(), ([m, n], seed) => {
      const A = randint([m, n], { seed });
      assert.deepEqual(permute(A, [1, 0]).toNested(), transpose(A).toNested());
      assert.deepEqual(A.T.toNested(), transpose(A).toNested());
    }),
  );
});

test("permute refuses non-permutations", () => {
  const t = zeros([2, 3, 4]);
  throwsWith(
    () => permute(t, [0, 1]),
    IndexError,
    /permute: axes \[0, 1\] must list each of the 3 axes of a tensor of shape \[2, 3, 4\]/,
  );
  throwsWith(() => permute(t, [0, 1, 1]), IndexError, /not a permutation of 0\.\.2 .*axis 1 is repeated/);
  throwsWith(() => permute(t, [0, 1, 3]), IndexError, /axis 3 is out of range/);
  throwsWith(() => permute(t, [0, 1, 1.5]), IndexError, /axis 1.5 is out of range/);
  throwsWith(() => transpose(t), ShapeError, /transpose: expected a matrix \(2 axes\), got shape \[2, 3, 4\]/);
});

test("reshape keeps row-major order and round-trips", () => {
  fc.assert(
    fc.property(dims(0, 4), fc.integer(), (s1, seed) => {
      const t = randint(s1, { seed });
      const flat = reshape(t, [-1]);
      assert.deepEqual(flat.shape, [t.size]);
      assert.deepEqual(Array.from(flat.data), Array.from(t.data));
      assert.deepEqual(reshape(flat, s1).toNested(), t.toNested());
      // reshape into a shape with a -1 inferred
      const r = reshape(t, [1, -1, 1]);
      assert.deepEqual(r.shape, [1, t.size, 1]);
    }),
  );
  assert.deepEqual(
    reshape(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      [3, 2],
    ).toNested(),
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  );
  assert.deepEqual(reshape(tensor(5), [1, 1]).toNested(), [[5]]);
});

test("reshape reports size mismatches and bad dimensions", () => {
  const t = zeros([2, 3]);
  throwsWith(
    () => reshape(t, [4, 2]),
    ShapeError,
    /reshape: cannot reshape a tensor of shape \[2, 3\] \(6 entries\) into \[4, 2\] \(8 entries\)/,
  );
  throwsWith(
    () => reshape(t, [4, -1]),
    ShapeError,
    /cannot infer the -1 in \[4, -1\] for a tensor of shape \[2, 3\] \(6 entries\)/,
  );
  throwsWith(() => reshape(t, [-1, -1]), IndexError, /invalid dimension -1 on axis 1/);
  throwsWith(() => reshape(t, [2, 1.5]), IndexError, /invalid dimension 1.5 on axis 1/);
});

test("diag: vector → diagonal matrix, rectangular matrix → its min(m, n) diagonal entries, by index", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer(), (m, n, s) => {
      const X = randint([m, n], { seed: s });
      const d = diag(X);
      assert.deepEqual(d.shape, [Math.min(m, n)]);
      for (let i = 0; i < Math.min(m, n); i++) assert.equal(d.get(i), X.get(i, i));
      const v = randint([n], { seed: s + 1 });
      const D = diag(v);
      assert.deepEqual(D.shape, [n, n]);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(D.get(i, j), i === j ? v.get(i) : 0);
      assert.deepEqual(diag(D).toNested(), v.toNested());
    }),
    { numRuns: 50 },
  );
});

test("diag names what was passed and its shape", () => {
  throwsWith(
    () => diag(zeros([2, 3, 4])),
    ShapeError,
    /^diag: expected a vector \(1 axis\) or a matrix \(2 axes\), got a tensor of shape \[2, 3, 4\] \(3 axes\)$/,
  );
  throwsWith(() => diag(tensor(3)), ShapeError, /diag: .*got a tensor of shape \[\] \(0 axes\)/);
  throwsWith(() => diag([1, 2] as never), ShapeError, /^diag: expected a Tensor, got an array/);
});

test("add, sub, neg, hadamard and scale agree with entrywise arithmetic (exact on integers)", () => {
  fc.assert(
    fc.property(dims(0, 4), fc.integer(), fc.integer({ min: -7, max: 7 }), (shape, seed, s) => {
      const a = randint(shape, { seed });
      const b = randint(shape, { seed: seed + 1 });
      const x = Array.from(a.data);
      const y = Array.from(b.data);
      assert.deepEqual(
        Array.from(add(a, b).data),
        x.map((v, i) => v + y[i]),
      );
      assert.deepEqual(
        Array.from(sub(a, b).data),
        x.map((v, i) => v - y[i]),
      );
      assert.deepEqual(
        Array.from(hadamard(a, b).data),
        x.map((v, i) => v * y[i]),
      );
      assert.deepEqual(
        Array.from(neg(a).data),
        x.map((v) => -v),
      );
      assert.deepEqual(
        Array.from(scale(a, s).data),
        x.map((v) => s * v),
      );
      assert.deepEqual(
        Array.from(scale(a, tensor(s)).data),
        x.map((v) => s * v),
      );
      assert.deepEqual(add(a, b).shape, shape);
      // a − b + b = a, a + (−a) = 0
      assert.deepEqual(Array.from(add(sub(a, b), b).data), x);
      assert.ok(add(a, neg(a)).data.every((v) => v === 0));
    }),
  );
});

test("arithmetic names both shapes on mismatch", () => {
  const a = zeros([2, 3]);
  const b = zeros([3, 2]);
  throwsWith(
    () => add(a, b),
    ShapeError,
    /add: the shapes \[2, 3\] and \[3, 2\] differ; add needs operands of the same shape/,
  );
  throwsWith(() => sub(a, b), ShapeError, /sub: the shapes \[2, 3\] and \[3, 2\] differ/);
  throwsWith(() => hadamard(a, zeros([2, 3, 1])), ShapeError, /hadamard: the shapes \[2, 3\] and \[2, 3, 1\] differ/);
  throwsWith(
    () => scale(a, zeros([1])),
    ShapeError,
    /scale: the factor must be a number or a 0-d tensor, got a tensor of shape \[1\]/,
  );
  throwsWith(() => scale(a, NaN), IndexError, /scale: the factor must be a finite number/);
  throwsWith(
    () => add(a, [[1]] as unknown as Tensor),
    ShapeError,
    /add: both operands must be Tensors \(got a Tensor of shape \[2, 3\] and an array/,
  );
});

test("sum and trace are exact on integers and 0-d", () => {
  fc.assert(
    fc.property(dims(0, 4), fc.integer(), (shape, seed) => {
      const a = randint(shape, { seed });
      const s = sum(a);
      assert.deepEqual(s.shape, []);
      assert.equal(
        s.item(),
        Array.from(a.data).reduce((p, v) => p + v, 0),
      );
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (m, n, seed) => {
      const A = randint([n, n], { seed });
      let t = 0;
      for (let i = 0; i < n; i++) t += A.get(i, i);
      assert.equal(trace(A).item(), t);
      assert.deepEqual(trace(A).shape, []);
      // tr(AB) = tr(BA) for A n×m... via hadamard: tr(AᵀB) = sum(A∘B) for equal rectangular shapes
      const X = randint([m, n], { seed: seed + 1 });
      const Y = randint([m, n], { seed: seed + 2 });
      let tAtB = 0;
      for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) tAtB += X.get(k, j) * Y.get(k, j);
      assert.equal(sum(hadamard(X, Y)).item(), tAtB);
    }),
  );
  throwsWith(() => trace(zeros([2, 3])), ShapeError, /trace: expected a square matrix, got shape \[2, 3\]/);
  throwsWith(() => trace(zeros([3])), ShapeError, /trace: expected a square matrix, got shape \[3\]/);
});

test("elementwise functions apply Math.* entry by entry and keep the shape", () => {
  const fns: [string, (t: Tensor) => Tensor, (x: number) => number][] = [
    ["exp", exp, Math.exp],
    ["log", log, Math.log],
    ["sqrt", sqrt, Math.sqrt],
    ["abs", abs, Math.abs],
    ["sin", sin, Math.sin],
    ["cos", cos, Math.cos],
    ["tanh", tanh, Math.tanh],
    ["pow3", (t) => pow(t, 3), (x) => x ** 3],
    ["pow-0.5", (t) => pow(t, -0.5), (x) => Math.pow(x, -0.5)],
  ];
  fc.assert(
    fc.property(dims(0, 3), fc.integer(), (shape, seed) => {
      const t = randn(shape, { seed });
      const positive = abs(t);
      for (const [name, f, g] of fns) {
        const input = name === "log" || name === "sqrt" || name.startsWith("pow-") ? positive : t;
        const r = f(input);
        assert.deepEqual(r.shape, shape, name);
        assert.deepEqual(Array.from(r.data), Array.from(input.data).map(g), name);
      }
    }),
  );
  assert.deepEqual(pow(tensor([1, 2, 3]), 2).toNested(), [1, 4, 9]);
  assert.deepEqual(log(tensor([0])).toNested(), [-Infinity]);
  throwsWith(() => pow(tensor([1]), NaN), IndexError, /pow: the exponent must be a finite number, got NaN/);
  throwsWith(() => exp([1, 2] as unknown as Tensor), ShapeError, /exp: expected a Tensor, got an array/);
});
