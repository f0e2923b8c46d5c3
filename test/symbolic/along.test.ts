/**
 * Operations along one axis (sum, mean, softmax, logsumexp, norm2 with an axis counted from 1),
 * the broadcasting of a kept axis, and facts about the data (`assume`): each result checked
 * against autodiff by `verify` on random rectangular sizes and against a formula written out
 * here with numbers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  derive,
  exprToSource,
  matmul,
  parse,
  randn,
  softmax,
  sub,
  Tensor,
  transpose,
  verify,
  type Tensor as T,
} from "../../src/index";
import { factValue } from "../../src/symbolic/facts";
import { runCli } from "../../src/cli/run";
import { closeTo } from "../helpers/assert";

const close = closeTo;

test("axes count from 1 and print back as written; reductions keep the axis with size 1", () => {
  for (const src of ["sum(X, 2)", "mean(X, 1)", "softmax(X, 2)", "logsumexp(X, 1)", "norm2(X, 2)"])
    assert.equal(exprToSource(parse(src)), src);
  const d = derive("sum(X, 2)", "X", { X: ["m", "n"] });
  assert.deepEqual(d.resultShape, ["m", 1]);
  assert.deepEqual(derive("mean(X, 1)", "X", { X: ["m", "n"] }).resultShape, [1, "n"]);
  assert.deepEqual(derive("sum(x, 1)", "x", { x: ["n"] }).resultShape, []);
  assert.deepEqual(derive("softmax(X, 1)", "X", { X: ["m", "n"] }).resultShape, ["m", "n"]);
});

test("bad axes and softmax of a matrix say what to write", () => {
  assert.throws(() => derive("sum(X, 3)", "X", { X: ["m", "n"] }), /axis 3 is out of range: the operand has 2 axes/);
  assert.throws(() => parse("sum(X, 0)"), /axis k must be a whole number counted from 1[\s\S]*\^/);
  assert.throws(() => parse("mean(X, )"), /axis k must be a whole number counted from 1[\s\S]*\^/);
  assert.throws(() => derive("softmax(X)", "X", { X: ["m", "n"] }), /softmax\(X, 2\) \(each row\)/);
  // a vector is not spread into a matrix: only a kept axis of size 1 broadcasts
  assert.throws(() => derive("X + x", "X", { X: ["m", "n"], x: ["m"] }), /same shape/);
});

test("a kept axis broadcasts back: X − logsumexp(X, 2) is the row-wise log-softmax", () => {
  const d = derive("X - logsumexp(X, 2)", "X", { X: ["m", "n"] });
  assert.deepEqual(d.resultShape, ["m", "n"]);
  const X = randn([3, 4], { seed: 3 });
  const ls = d.value({ X });
  const s = softmax(X, 1);
  close(ls, new Tensor(Float64Array.from(s.data, Math.log), [3, 4]));
  assert.ok(verify(d).ok);
});

test("the row-wise softmax cross-entropy: Xᵀ(diag(Y𝟏)S − Y), and Xᵀ(S − Y) when each row of Y sums to 1", () => {
  const expr = "-sum(Y .* log(softmax(X * W, 2)))";
  const shapes = { X: ["m", "d"], W: ["d", "c"], Y: ["m", "c"] } as const;
  const general = derive(expr, "W", shapes);
  assert.equal(general.form("gradient")?.text, "−Xᵀ(Y − diag(Y𝟏)softmax(XW, 2))");
  assert.ok(verify(general).ok);
  const book = derive(expr, "W", shapes, { assume: { Y: "probability" } });
  assert.equal(book.form("gradient")?.text, "−Xᵀ(Y − softmax(XW, 2))");
  assert.deepEqual(book.notes, ["assumed: each row of Y sums to 1, so Y𝟏 = 𝟏"]);
  const r = verify(book);
  assert.ok(r.ok, JSON.stringify(r.forms.filter((f) => !f.ok)));
  // the formula with numbers: Xᵀ(softmax(XW) − Y) on probability rows Y
  const X = randn([5, 3], { seed: 1 });
  const W = randn([3, 4], { seed: 2 });
  const Y = factValue("probability", [5, 4], 7);
  close(book.at({ X, W, Y }).gradient(), matmul(transpose(X), sub(softmax(matmul(X, W), 1), Y)));
});

test("facts: a probability vector, ±1 labels, and a fact about the variable is not used", () => {
  const v = derive(
    "-y' * log(softmax(W * x))",
    "W",
    { x: ["d"], W: ["c", "d"], y: ["c"] },
    { assume: { y: "probability" } },
  );
  assert.equal(v.form("gradient")?.text, "(softmax(Wx) − y)xᵀ");
  assert.ok(verify(v).ok);
  const logistic = ["sum(log(1 + exp(-y .* (X * w))))", "w", { X: ["m", "d"], w: ["d"], y: ["m"] }] as const;
  const s = derive(...logistic, { assume: { y: "sign" } });
  const hessian = (d: typeof s): string => d.form("hessian")?.text ?? "";
  // y ∘ y = 𝟏: the labels leave the Hessian's weights, as in the book's Xᵀ diag(σ(1 − σ)) X
  const count = (text: string, what: string): number => text.split(what).length - 1;
  assert.equal(count(hessian(s), "y"), count(hessian(s), "sigmoid"), hessian(s));
  const plain = hessian(derive(...logistic));
  assert.ok(count(plain, "y") > count(plain, "sigmoid"), plain);
  assert.ok(verify(s).ok);
  const self = derive("-sum(Y .* log(softmax(X * W, 2)))", "Y", {}, { assume: { Y: "probability" } });
  assert.match(self.notes[0], /Y is the variable/);
  assert.ok(verify(self).ok);
  assert.throws(() => derive("sum(x)", "x", {}, { assume: { x: "positive" as never } }), /unknown fact "positive"/);
  assert.throws(() => derive("sum(x)", "x", {}, { assume: { z: "sign" } }), /z does not appear/);
  // probability values: rows positive and summing to 1; signs ±1
  const P = factValue("probability", [3, 5], 2);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(P.data.slice(i * 5, i * 5 + 5).reduce((a, b) => a + b) - 1) < 1e-12);
  assert.ok(factValue("sign", [7], 3).data.every((x) => x === 1 || x === -1));
});

test("the CLI: --assume and a note; a bad fact names the allowed ones", () => {
  const r = runCli([
    "derive",
    "-sum(Y .* log(softmax(X*W, 2)))",
    "--wrt",
    "W",
    "--shape",
    "X=mxd",
    "--shape",
    "W=dxc",
    "--shape",
    "Y=mxc",
    "--assume",
    "Y=probability",
    "--form",
    "gradient",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /−Xᵀ\(Y − softmax\(XW, 2\)\)/);
  assert.match(r.stdout, /note: assumed: each row of Y sums to 1/);
  const bad = runCli(["derive", "sum(y)", "--wrt", "y", "--assume", "y=unit"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /probability, onehot, sign/);
});

// every axis op, in random compositions over random rectangular sizes: every form and every
// operator path agrees with autodiff (verify), and the value agrees with the numeric ops
const ALONG = ["sum", "mean", "softmax", "logsumexp", "norm2"] as const;
test("property: axis ops along either axis, composed with products and broadcasting, verify on rectangular sizes", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ALONG),
      fc.constantFrom(1, 2),
      fc.constantFrom("X", "A * X", "X .* X", "exp(X)"),
      fc.constantFrom("sum(%)", "sum(% .* %)", "sum(exp(X - %))"),
      fc.integer({ min: 2, max: 4 }),
      fc.integer({ min: 2, max: 5 }),
      (op, axis, inner, outer, m, n) => {
        if (m === n) n += 1;
        fc.pre(!(inner === "A * X" && outer.includes("X - ")));
        const e = `${op}(${inner}, ${axis})`;
        // exp(X − f(X, k)) needs a result that broadcasts against X: the reductions and softmax do
        const expr = outer.replace(/%/g, e);
        const d = derive(expr, "X", { X: [m, n], A: [m + 1, m] });
        const r = verify(d);
        assert.ok(
          r.ok,
          `${expr}: ${JSON.stringify([...r.forms, ...r.paths].filter((f) => !f.ok).map((f) => [f.name, f.maxAbsError]))}`,
        );
      },
    ),
    { numRuns: 40, seed: 20261207 },
  );
});

test("a single attention head: the gradient with respect to Q is FlashAttention's backward pass", () => {
  const shapes = { X: ["s", "d"], Q: ["d", "k"], K: ["d", "k"], V: ["d", "v"], G: ["s", "v"], c: [] } as const;
  const d = derive("sum(softmax(X*Q*(X*K)' / c, 2) * X * V .* G)", "Q", shapes);
  assert.ok(verify(d).ok);
  const [s, dm, k, v] = [5, 4, 3, 2];
  const X = randn([s, dm], { seed: 11 });
  const Q = randn([dm, k], { seed: 12 });
  const K = randn([dm, k], { seed: 13 });
  const V = randn([dm, v], { seed: 14 });
  const G = randn([s, v], { seed: 15 });
  const c = new Tensor(new Float64Array([1.7]), []);
  // the backward pass written out: A = softmax(XQ(XK)ᵀ/c), dA = G(XV)ᵀ, dZ = A ∘ (dA − rowsum(dA ∘ A)), dQ = Xᵀ dZ XK / c
  const mm = (a: T, b: T): T => matmul(a, b);
  const A = softmax(
    new Tensor(
      Float64Array.from(mm(mm(X, Q), transpose(mm(X, K))).data, (x) => x / 1.7),
      [s, s],
    ),
    1,
  );
  const dA = mm(G, transpose(mm(X, V)));
  const dZ = new Float64Array(s * s);
  for (let i = 0; i < s; i++) {
    let row = 0;
    for (let j = 0; j < s; j++) row += dA.data[i * s + j] * A.data[i * s + j];
    for (let j = 0; j < s; j++) dZ[i * s + j] = (A.data[i * s + j] * (dA.data[i * s + j] - row)) / 1.7;
  }
  const expected = mm(mm(transpose(X), new Tensor(dZ, [s, s])), mm(X, K));
  close(d.at({ X, Q, K, V, G, c }).gradient(), expected, 1e-12);
});

test("mean(X) is the mean of all entries at random rectangular sizes: its gradient is 𝟏𝟏ᵀ/(mn), verified", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.nat(1000), (m, n, seed) => {
      const d = derive("mean(X)", "X", { X: [m, n] });
      const X = randn([m, n], { seed });
      const total = X.data.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(d.value({ X }).data[0] - total / (m * n)) < 1e-12);
      const g = d.at({ X }).gradient();
      assert.deepEqual(g.shape, [m, n]);
      for (const v of g.data) assert.ok(Math.abs(v - 1 / (m * n)) < 1e-15);
    }),
    { numRuns: 25, seed: 20261207 },
  );
  for (const [src, wrt, shapes] of [
    ["mean(exp(X)) * mean(X .* X)", "X", { X: ["m", "n"] }],
    ["mean(A * x)", "x", { A: ["m", "n"], x: ["n"] }],
    ["mean(X, 2) - mean(X)", "X", { X: ["m", "n"] }],
  ] as const) {
    const r = verify(derive(src, wrt, shapes), { seed: 4 });
    assert.ok(r.ok, `${src}: ${[...r.forms, ...r.paths].filter((f) => !f.ok).map((f) => f.name + " " + f.detail)}`);
  }
});

test("the entries of X − mean(X) sum to zero: the variance's gradient is 2(x − mean(x)), and only a full sum drops", () => {
  const d = derive("sum((x - mean(x)) .^ 2)", "x", { x: ["n"] });
  assert.equal(d.form("gradient")?.text, "2(x − mean(x))");
  assert.ok(verify(d, { seed: 2 }).ok);
  // centred as a whole, summed along one axis only: not zero, so the term stays (and verifies)
  const rows = derive("sum(sum(X - mean(X), 2) .^ 2)", "X", { X: ["m", "n"] });
  const X = randn([3, 4], { seed: 9 });
  const g = rows.at({ X }).gradient();
  assert.ok(
    g.data.some((v) => Math.abs(v) > 1e-6),
    "the row sums of X − mean(X) are not zero",
  );
  assert.ok(verify(rows, { seed: 3 }).ok);
});
