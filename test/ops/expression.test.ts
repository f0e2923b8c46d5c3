/**
 * Value and error-message tests of the numeric ops of the expression language: sum over
 * axes, scalar broadcasting in add/sub/hadamard/divide, power, the norms, relu, sign,
 * sigmoid, softplus, tan, softmax and logsumexp (exact where the maths is exact, else
 * against naive formulas on moderate inputs; stable on ±1000), the conventions at kinks,
 * and second derivatives (Hessians nest through the reverse rules).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  abs,
  add,
  assertClose,
  divide,
  exp,
  frobenius,
  fromFunction,
  grad,
  hadamard,
  hessian,
  jacobian,
  jvp,
  log,
  logsumexp,
  norm1,
  norm2,
  numericJacobian,
  ones,
  pow,
  power,
  randint,
  randn,
  relu,
  scale,
  sigmoid,
  sign,
  softmax,
  softplus,
  sub,
  sum,
  tan,
  tensor,
  zeros,
  IndexError,
  ShapeError,
  rand,
  reshape,
  Tensor,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const shapes = (min: number, max: number) =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: min, maxLength: max });
const values = (t: Tensor): number[] => Array.from(t.data);
const mapT = (t: Tensor, f: (x: number) => number): Tensor => new Tensor(Float64Array.from(t.data, f), t.shape);

/** The sum over `axes` by its index definition (loops over every entry). */
function naiveSum(t: Tensor, axes: number[]): Tensor {
  const keep = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const out = zeros(keep.map((i) => t.shape[i]));
  const idx = new Array<number>(t.ndim).fill(0);
  for (let k = 0; k < t.size; k++) {
    const o = keep.reduce((acc, i) => acc * t.shape[i] + idx[i], 0);
    out.data[o] += t.data[k];
    for (let d = t.ndim - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

test("sum over axes matches its index definition, exactly on integers; negative axes count from the end", () => {
  const arb = shapes(1, 4).chain((shape) =>
    fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, i) => i)), fc.integer()),
  );
  fc.assert(
    fc.property(arb, ([shape, axes, seed]) => {
      const t = randint(shape, { seed });
      const expected = naiveSum(t, axes);
      const s = sum(t, axes);
      assert.deepEqual(s.shape, expected.shape);
      assert.deepEqual(values(s), values(expected));
      const negative = axes.map((a) => a - shape.length).reverse();
      assert.deepEqual(values(sum(t, negative)), values(expected));
      if (axes.length === 1) assert.deepEqual(values(sum(t, axes[0])), values(expected));
    }),
    { numRuns: 200 },
  );
  const X = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(sum(X, 0).toNested(), [5, 7, 9]);
  assert.deepEqual(sum(X, 1).toNested(), [6, 15]);
  assert.deepEqual(sum(X, -1).toNested(), [6, 15]);
  assert.deepEqual(sum(X, [1, 0]).shape, []);
  assert.equal(sum(X, [0, 1]).item(), 21);
  assert.deepEqual(sum(X, []).toNested(), X.toNested());
  assert.deepEqual(sum(zeros([2, 0, 3]), 1).toNested(), [
    [0, 0, 0],
    [0, 0, 0],
  ]);
});

test("sum over axes: the Jacobian is 0/1 and ∂sum(X, 0)/∂X[k, l] picks column l", () => {
  const X = randn([2, 3], { seed: 3 });
  const J = jacobian((x) => sum(x, 0), X);
  assert.deepEqual(J.shape, [3, 2, 3]);
  for (let j = 0; j < 3; j++)
    for (let k = 0; k < 2; k++) for (let l = 0; l < 3; l++) assert.equal(J.get(j, k, l), j === l ? 1 : 0);
});

test("sum names the bad axis and the shape", () => {
  const t = zeros([2, 3]);
  throwsWith(
    () => sum(t, 2),
    IndexError,
    /^sum: axis 2 is out of range for a tensor of shape \[2, 3\] \(2 axes: 0\.\.1, or -2\.\.-1 counting from the end\)$/,
  );
  throwsWith(() => sum(t, [0, -3]), IndexError, /sum: axis -3 is out of range for a tensor of shape \[2, 3\]/);
  throwsWith(() => sum(tensor(1), 0), IndexError, /sum: axis 0 is out of range for a tensor of shape \[\] \(0 axes\)/);
  throwsWith(
    () => sum(t, [1, -1]),
    IndexError,
    /sum: axis 1 is named twice in the axes \[1, -1\] \(tensor of shape \[2, 3\]\); the axes must be distinct/,
  );
  throwsWith(
    () => sum(t, 0.5),
    IndexError,
    /sum: an axis must be an integer, got number 0\.5 \(tensor of shape \[2, 3\]\)/,
  );
  throwsWith(() => sum(t, "0" as never), IndexError, /sum: axes must be an axis number or an array .*got string "0"/);
  throwsWith(() => sum([1, 2] as never), ShapeError, /sum: expected a Tensor, got an array/);
});

test("scalar broadcasting: a number or a 0-d tensor on either side, exact on integers; the result has the other's shape", () => {
  fc.assert(
    fc.property(shapes(0, 3), fc.integer(), fc.integer({ min: -9, max: 9 }), (shape, seed, c) => {
      const X = randint(shape, { seed });
      const s = tensor(c);
      const x = values(X);
      for (const k of [c, s]) {
        assert.deepEqual(add(X, k).shape, shape);
        assert.deepEqual(
          values(add(X, k)),
          x.map((v) => v + c),
        );
        assert.deepEqual(
          values(add(k, X)),
          x.map((v) => c + v),
        );
        assert.deepEqual(
          values(sub(X, k)),
          x.map((v) => v - c),
        );
        assert.deepEqual(
          values(sub(k, X)),
          x.map((v) => c - v),
        );
        assert.deepEqual(
          values(hadamard(k, X)),
          x.map((v) => c * v),
        );
        assert.deepEqual(values(hadamard(X, k)), values(scale(X, c)));
        if (c !== 0)
          assert.deepEqual(
            values(divide(X, k)),
            x.map((v) => v / c),
          );
        assert.deepEqual(sub(k, X).shape, shape);
      }
    }),
  );
  assert.deepEqual(add(1, 2).shape, []);
  assert.equal(add(1, 2).item(), 3);
  assert.deepEqual(add(tensor(1), tensor(2)).shape, []);
  assert.deepEqual(sub(1, tensor([[1, 2, 3]])).toNested(), [[0, -1, -2]]);
});

test("the derivative with respect to a broadcast 0-d operand is the sum over the broadcast entries", () => {
  const X = randn([2, 3], { seed: 5 });
  const s = tensor(1.5);
  const cases: [string, (x: Tensor, s: Tensor) => Tensor, (x: number, s: number) => number][] = [
    ["add(X, s)", (x, t) => add(x, t), () => 1],
    ["add(s, X)", (x, t) => add(t, x), () => 1],
    ["sub(X, s)", (x, t) => sub(x, t), () => -1],
    ["sub(s, X)", (x, t) => sub(t, x), () => 1],
    ["hadamard(s, X)", (x, t) => hadamard(t, x), (x) => x],
    ["divide(X, s)", (x, t) => divide(x, t), (x, v) => -x / (v * v)],
    ["divide(s, X)", (x, t) => divide(t, x), (x) => 1 / x],
  ];
  for (const [label, f, d] of cases) {
    const [, Js] = jacobian(f, [X, s]);
    assert.deepEqual(Js.shape, [2, 3], label);
    assertClose(
      Js,
      mapT(X, (x) => d(x, 1.5)),
      label,
      { rtol: 1e-14, atol: 0 },
    );
    // gradient of the sum of the result = Σ over the broadcast entries
    const g = grad((t) => sum(f(X, t)), s);
    assert.deepEqual(g.shape, [], label);
    assertClose(g, tensor(values(X).reduce((acc, x) => acc + d(x, 1.5), 0)), label, { rtol: 1e-13 });
  }
});

test("broadcasting is for scalars only: other shape mismatches name both shapes", () => {
  const a = zeros([2, 3]);
  throwsWith(
    () => add(a, zeros([3])),
    ShapeError,
    /^add: the shapes \[2, 3\] and \[3\] differ; add needs operands of the same shape, or a scalar \(a number or a 0-d tensor\) as one of them \(no other broadcasting\)$/,
  );
  throwsWith(() => sub(zeros([1]), a), ShapeError, /sub: the shapes \[1\] and \[2, 3\] differ/);
  throwsWith(() => hadamard(a, zeros([1, 1])), ShapeError, /hadamard: the shapes \[2, 3\] and \[1, 1\] differ/);
  throwsWith(() => divide(a, zeros([3, 2])), ShapeError, /divide: the shapes \[2, 3\] and \[3, 2\] differ/);
  throwsWith(() => add(a, NaN), IndexError, /add: a number operand must be finite, got NaN/);
  throwsWith(() => divide(Infinity, a), IndexError, /divide: a number operand must be finite, got Infinity/);
  throwsWith(
    () => divide(a, "2" as never),
    ShapeError,
    /divide: both operands must be Tensors \(got a Tensor of shape \[2, 3\] and string\), or one of them a number/,
  );
});

test("divide: entrywise quotient, IEEE at zero", () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = tensor([
    [1, 4, 2],
    [8, 2, 4],
  ]);
  assert.deepEqual(divide(a, b).toNested(), [
    [1, 0.5, 1.5],
    [0.5, 2.5, 1.5],
  ]);
  assert.deepEqual(divide(1, tensor([2, 0, -4])).toNested(), [0.5, Infinity, -0.25]);
  assert.ok(Number.isNaN(divide(tensor([0]), 0).data[0]));
});

test("power: the number case is pow; the 0-d tensor case is differentiable in p (tᵖ log t)", () => {
  const t = tensor([
    [0.5, 1, 2],
    [3, 4, 0.25],
  ]);
  assert.deepEqual(values(power(t, 3)), values(pow(t, 3)));
  assert.deepEqual(
    values(power(t, tensor(2))),
    values(t).map((x) => x * x),
  );
  assert.deepEqual(values(power(tensor([-2, 3]), tensor(3))), [-8, 27]);
  const [Jt, Jp] = jacobian((x, p) => power(x, p), [t, tensor(1.5)]);
  assert.deepEqual(Jp.shape, [2, 3]);
  assertClose(
    Jp,
    mapT(t, (x) => x ** 1.5 * Math.log(x)),
    "∂/∂p",
    { rtol: 1e-14 },
  );
  assertClose(
    Jt,
    jacobian((x) => pow(x, 1.5), t),
    "∂/∂t",
    { rtol: 1e-14 },
  );
  throwsWith(
    () => power(t, tensor([2])),
    ShapeError,
    /^power: the exponent must be a number or a 0-d tensor, got a tensor of shape \[1\]/,
  );
  throwsWith(
    () => power(t, "2" as never),
    ShapeError,
    /power: the exponent must be a number or a 0-d tensor, got string/,
  );
  throwsWith(() => power(t, NaN), IndexError, /pow: the exponent must be a finite number, got NaN/);
});

test("norm1 and norm2 (Frobenius) against their formulas, without overflow or underflow", () => {
  fc.assert(
    fc.property(shapes(0, 3), fc.integer(), (shape, seed) => {
      const X = randn(shape, { seed });
      const x = values(X);
      assertClose(norm1(X), tensor(x.reduce((a, v) => a + Math.abs(v), 0)), "norm1", { rtol: 1e-14 });
      assertClose(norm2(X), tensor(Math.sqrt(x.reduce((a, v) => a + v * v, 0))), "norm2", { rtol: 1e-14 });
      assert.equal(frobenius(X).item(), norm2(X).item());
    }),
  );
  assert.equal(norm2(tensor([3, 4])).item(), 5);
  assert.equal(
    norm2(
      tensor([
        [1, 2],
        [2, 4],
      ]),
    ).item(),
    5,
  );
  assert.equal(
    norm1(
      tensor([
        [1, -2],
        [0, 3.5],
      ]),
    ).item(),
    6.5,
  );
  assertClose(norm2(tensor([3e200, 4e200])), tensor(5e200), "large", { rtol: 1e-15 });
  assertClose(norm2(tensor([3e-200, 4e-200])), tensor(5e-200), "small", { rtol: 1e-15, atol: 0 });
  assert.equal(norm2(zeros([2, 3])).item(), 0);
  throwsWith(() => norm2([3, 4] as never), ShapeError, /norm2: expected a Tensor, got an array/);
  throwsWith(() => norm1(null as never), ShapeError, /norm1: expected a Tensor, got null/);
});

test("the convention at kinks: the derivative 0 (abs, norm1, relu and sign at 0; norm2 at the origin)", () => {
  const x = tensor([-2, 0, 3]);
  assert.deepEqual(values(grad((t) => sum(abs(t)), x)), [-1, 0, 1]);
  assert.deepEqual(values(grad(norm1, x)), [-1, 0, 1]);
  assert.deepEqual(values(grad((t) => sum(relu(t)), x)), [0, 0, 1]);
  assert.deepEqual(values(grad((t) => sum(sign(t)), x)), [0, 0, 0]);
  assert.deepEqual(values(grad(norm2, zeros([2, 3]))), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(values(jacobian(norm2, zeros([3]))), [0, 0, 0]);
  assertClose(grad(norm2, tensor([3, 4])), tensor([0.6, 0.8]), "x/‖x‖", { rtol: 1e-15 });
});

test("relu, sign, sigmoid, softplus and tan: values, and stability at ±1000", () => {
  const x = randn([3, 4], { seed: 11 });
  assert.deepEqual(
    values(relu(x)),
    values(x).map((v) => Math.max(v, 0)),
  );
  assert.deepEqual(
    values(sign(tensor([-2.5, -0, 0, 3]))).map((v) => v + 0),
    [-1, 0, 0, 1],
  );
  assert.ok(Number.isNaN(sign(new Tensor(Float64Array.of(NaN), [1])).data[0]));
  assertClose(
    sigmoid(x),
    mapT(x, (v) => 1 / (1 + Math.exp(-v))),
    "sigmoid",
    { rtol: 1e-15 },
  );
  assertClose(
    softplus(x),
    mapT(x, (v) => Math.log(1 + Math.exp(v))),
    "softplus",
    { rtol: 1e-14 },
  );
  assertClose(tan(x), mapT(x, Math.tan), "tan", { rtol: 0, atol: 0 });
  const big = tensor([-1000, -40, 40, 1000]);
  assert.deepEqual(
    values(sigmoid(big)).map((v) => Number.isFinite(v)),
    [true, true, true, true],
  );
  assert.equal(sigmoid(big).data[0], 0);
  assert.equal(sigmoid(big).data[3], 1);
  assertClose(tensor(sigmoid(big).data[1]), tensor(Math.exp(-40) / (1 + Math.exp(-40))), "σ(-40)", {
    rtol: 1e-15,
    atol: 0,
  });
  assert.deepEqual(values(softplus(big)).slice(2), [40 + Math.log1p(Math.exp(-40)), 1000]);
  assertClose(tensor(softplus(big).data[1]), tensor(Math.log1p(Math.exp(-40))), "softplus(-40)", {
    rtol: 1e-15,
    atol: 0,
  });
  assert.equal(softplus(big).data[0], 0);
  // naive formulas overflow there
  assert.equal(Math.log(1 + Math.exp(1000)), Infinity);
  // derivatives: σ′ = σ(1 − σ), softplus′ = σ, tan′ = 1 + tan², all finite at ±1000
  const g = grad((t) => sum(sigmoid(t)), big);
  assertClose(
    g,
    mapT(sigmoid(big), (s) => s * (1 - s)),
    "σ′",
    { rtol: 1e-15, atol: 0 },
  );
  assertClose(
    grad((t) => sum(softplus(t)), big),
    sigmoid(big),
    "softplus′",
    { rtol: 1e-15, atol: 0 },
  );
  assertClose(
    grad((t) => sum(tan(t)), x),
    mapT(x, (v) => 1 / Math.cos(v) ** 2),
    "tan′",
    { rtol: 1e-13 },
  );
  throwsWith(() => relu([1] as never), ShapeError, /relu: expected a Tensor, got an array/);
  throwsWith(() => sigmoid(1 as never), ShapeError, /sigmoid: expected a Tensor, got number/);
});

/** Naive softmax along `axis` of a matrix or 3-d tensor, by fromFunction. */
function naiveSoftmax(t: Tensor, axis: number): Tensor {
  const e = exp(t);
  const den = sum(e, axis);
  return fromFunction(t.shape, (...i) => e.get(...i) / den.get(...i.filter((_, d) => d !== axis)));
}

test("softmax and logsumexp match the naive formulas on moderate inputs, along every axis", () => {
  fc.assert(
    fc.property(shapes(1, 3), fc.integer(), (shape, seed) => {
      const t = randn(shape, { seed });
      for (let axis = 0; axis < shape.length; axis++) {
        const s = softmax(t, axis);
        assertClose(s, naiveSoftmax(t, axis), `softmax axis ${axis}`, { rtol: 1e-14, atol: 1e-16 });
        assertClose(softmax(t, axis - shape.length), s, "negative axis", { rtol: 0, atol: 0 });
        assertClose(sum(s, axis), ones(shape.filter((_, d) => d !== axis)), "sums to 1", { rtol: 1e-15, atol: 1e-15 });
        assertClose(logsumexp(t, axis), log(sum(exp(t), axis)), `logsumexp axis ${axis}`, { rtol: 1e-14, atol: 1e-15 });
      }
      assertClose(softmax(t), softmax(t, shape.length - 1), "default axis −1", { rtol: 0, atol: 0 });
      assertClose(logsumexp(t), log(sum(exp(t))), "logsumexp of all entries", { rtol: 1e-14, atol: 1e-15 });
      assert.deepEqual(logsumexp(t).shape, []);
    }),
    { numRuns: 50 },
  );
});

test("softmax and logsumexp are stable on inputs of ±1000, where the naive formulas overflow", () => {
  const x = tensor([1000, 999, -1000]);
  const naive = divide(exp(x), sum(exp(x)));
  assert.ok(Number.isNaN(naive.data[0]), "the naive softmax gives NaN");
  const s = softmax(x);
  const e = Math.exp(-1);
  assertClose(s, tensor([1 / (1 + e), e / (1 + e), 0]), "softmax", { rtol: 1e-15, atol: 0 });
  assert.deepEqual(softmax(tensor([-1000, -1000])).toNested(), [0.5, 0.5]);
  assert.equal(log(sum(exp(tensor([1000, 1000])))).item(), Infinity);
  assert.equal(log(sum(exp(tensor([-1000, -1000])))).item(), -Infinity);
  assertClose(logsumexp(tensor([1000, 1000])), tensor(1000 + Math.LN2), "lse +1000", { rtol: 1e-15 });
  assertClose(logsumexp(tensor([-1000, -1000])), tensor(-1000 + Math.LN2), "lse −1000", { rtol: 1e-15 });
  const X = tensor([
    [1000, 1000, 1000],
    [-1000, -1001, -1002],
  ]);
  assertClose(logsumexp(X, 1), tensor([1000 + Math.log(3), -1000 + Math.log(1 + e + e * e)]), "rows", { rtol: 1e-15 });
  assertClose(logsumexp(X, 0), tensor([1000, 1000, 1000]), "columns", { rtol: 1e-15 });
  assert.deepEqual(softmax(X, 0).toNested(), [
    [1, 1, 1],
    [0, 0, 0],
  ]);
  // gradients are finite and equal the softmax
  assertClose(
    grad((t) => logsumexp(t), X),
    reshape(softmax(reshape(X, [6])), [2, 3]),
    "∇lse",
    { rtol: 1e-15, atol: 0 },
  );
  assertClose(
    grad((t) => sum(logsumexp(t, 1)), X),
    softmax(X, 1),
    "∇Σ lse rows",
    { rtol: 1e-15, atol: 0 },
  );
  assert.equal(logsumexp(zeros([0])).item(), -Infinity);
});

test("softmax's Jacobian-vector product is s ∘ (v − ⟨s, v⟩) along the axis", () => {
  const X = randn([3, 4], { seed: 21 });
  const V = randn([3, 4], { seed: 22 });
  for (const axis of [0, 1]) {
    const s = softmax(X, axis);
    const sv = sum(hadamard(s, V), axis);
    const expected = fromFunction([3, 4], (i, j) => s.get(i, j) * (V.get(i, j) - sv.get(axis === 0 ? j : i)));
    assertClose(jvp((x) => softmax(x, axis), X, V).tangent, expected, `axis ${axis}`, { rtol: 1e-13, atol: 1e-15 });
  }
});

test("softmax and logsumexp name the bad axis and the shape", () => {
  throwsWith(
    () => softmax(zeros([2, 3]), 2),
    IndexError,
    /^softmax: axis 2 is out of range for a tensor of shape \[2, 3\] \(2 axes: 0\.\.1, or -2\.\.-1 counting from the end\)$/,
  );
  throwsWith(
    () => softmax(tensor(1)),
    IndexError,
    /softmax: axis -1 is out of range for a tensor of shape \[\] \(0 axes\)/,
  );
  throwsWith(
    () => logsumexp(zeros([4]), -2),
    IndexError,
    /logsumexp: axis -2 is out of range for a tensor of shape \[4\] \(1 axis: 0\.\.0, or -1\.\.-1/,
  );
  throwsWith(() => logsumexp(zeros([4]), 1.5), IndexError, /logsumexp: an axis must be an integer, got number 1\.5/);
  throwsWith(() => softmax(zeros([4]), [0] as never), IndexError, /softmax: an axis must be an integer, got \[0\]/);
});

/** The Hessian of f at x by autodiff (forward over reverse) vs finite differences of the exact gradient. */
function checkHessian(label: string, f: (x: Tensor) => Tensor, x: Tensor): void {
  const H = hessian(f, x);
  const { jacobian: Hn, error } = numericJacobian((t) => grad(f, t), x);
  assert.deepEqual(H.shape, Hn.shape, label);
  for (let i = 0; i < H.size; i++) {
    const diff = Math.abs(H.data[i] - Hn.data[i]);
    assert.ok(
      diff <= error.data[i] + 1e-9 * Math.max(1, Math.abs(H.data[i])),
      `${label}: entry ${i}: ${H.data[i]} vs ${Hn.data[i]}`,
    );
  }
}

test("second derivatives nest through the new reverse rules (Hessian = Jacobian of the gradient)", () => {
  const X = randn([2, 3], { seed: 31 });
  const P = rand([2, 3], { seed: 32, min: 0.6, max: 1.4 });
  const C = randn([2, 3], { seed: 33 });
  const cases: [string, (x: Tensor) => Tensor, Tensor][] = [
    ["sum(sum(X, 0)²)", (x) => sum(pow(sum(x, 0), 2)), X],
    ["sum(sum(X, 1)³)", (x) => sum(pow(sum(x, -1), 3)), X],
    ["sum(X ⊙ sum(X))", (x) => sum(hadamard(x, sum(x))), X],
    ["sum((1 − X) ./ (2 + X⊙X))", (x) => sum(divide(sub(1, x), add(2, hadamard(x, x)))), X],
    ["sum(X ./ sum(X))", (x) => sum(divide(hadamard(x, x), sum(hadamard(x, x)))), X],
    ["sum(P^mean(P))", (x) => sum(power(x, hadamard(sum(x), 1 / 6))), P],
    ["norm2(X)", norm2, X],
    ["sum(sigmoid(X))", (x) => sum(sigmoid(x)), X],
    ["sum(softplus(X)⊙C)", (x) => sum(hadamard(softplus(x), C)), X],
    ["sum(tan(X/3))", (x) => sum(tan(divide(x, 3))), X],
    ["logsumexp(X)", (x) => logsumexp(x), X],
    ["sum(logsumexp(X, 0)²)", (x) => sum(pow(logsumexp(x, 0), 2)), X],
    ["sum(softmax(X)⊙C)", (x) => sum(hadamard(softmax(x), C)), X],
    ["sum(softmax(X, 0)⊙C)", (x) => sum(hadamard(softmax(x, 0), C)), X],
  ];
  for (const [label, f, x] of cases) checkHessian(label, f, x);
  // Hessian of logsumexp(x) = diag(s) − s sᵀ, exactly
  const x = randn([4], { seed: 34 });
  const s = softmax(x);
  const H = hessian((t) => logsumexp(t), x);
  assertClose(
    H,
    fromFunction([4, 4], (i, j) => (i === j ? s.get(i) : 0) - s.get(i) * s.get(j)),
    "∇²lse",
    { rtol: 1e-13, atol: 1e-15 },
  );
});
