/**
 * Issue 21's regressions: every public path to a number agrees. `d.at(values)` on Jacobians with
 * an outer-product term (once a crash in applyT and in toDense of non-square Jacobians), scalar
 * powers with negative exponents, symmetric and diagonal variables (one convention for the
 * operator and the gradient form; declared ⇒ square), and `verify` checking the operator paths.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  add,
  derive,
  verify,
  parse,
  exprToSource,
  randn,
  jacobian,
  transpose,
  maxAbsDiff,
  type Shapes,
  type Tensor,
} from "../../src";

const outerProductCases: [string, string, Shapes][] = [
  ["softmax(x)", "x", { x: ["n"] }],
  ["x * (x' * x)", "x", { x: ["n"] }],
  ["v * (u' * x)", "x", { x: ["n"], u: ["n"], v: ["m"] }],
  ["x - 2 * u * (u' * x)", "x", { x: ["n"], u: ["n"] }],
  ["V' * softmax(K * q)", "q", { V: ["s", "d"], K: ["s", "k"], q: ["k"] }],
  ["softmax(B * x)", "x", { B: ["m", "n"], x: ["n"] }],
  ["x / norm2(x)", "x", { x: ["n"] }],
  ["(x - u * (u' * x)) / norm2(x - u * (u' * x))", "x", { x: ["n"], u: ["n"] }],
];

for (const [expr, wrt, shapes] of outerProductCases) {
  test(`at(values) of ${expr} by ${wrt}: every operator path agrees with autodiff (verify checks them)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const r = verify(derive(expr, wrt, shapes), { seed });
        const names = r.paths.map((p) => p.name);
        for (const p of ["at().apply", "at().applyT", "at().entry", "at().toDense", "at().toVec"])
          assert.ok(names.includes(p), `${expr}: verify checks ${p}`);
        for (const p of [...r.forms, ...r.paths]) assert.ok(p.ok, `${expr} (seed ${seed}) ${p.name}: ${p.detail}`);
      }),
      { numRuns: 4 },
    );
  });
}

test("applyT on a non-square Jacobian with a scalar factor between two columns, (Wᵀx)x, at rectangular sizes", () => {
  const d = derive("v * (u' * x)", "x", { x: [3], u: [3], v: [5] });
  const values = { x: randn([3], { seed: 1 }), u: randn([3], { seed: 2 }), v: randn([5], { seed: 3 }) };
  const op = d.at(values);
  const J = jacobian((x: Tensor) => d.value({ ...values, x }), values.x);
  const W = randn([5], { seed: 4 });
  const got = op.applyT(W);
  // Wᵀ J = (Wᵀv) uᵀ
  const wv = W.data.reduce((s, w, i) => s + w * values.v.data[i], 0);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(got.data[k] - wv * values.u.data[k]) < 1e-12, `entry ${k}`);
  assert.ok(maxAbsDiff(op.toDense(), J) < 1e-12, "toDense = J");
});

test("scalar powers: s^-p parses as a power, (xᵀAx)^(-1) is the scalar 1/(xᵀAx), with a gradient; A^-1 stays the inverse", () => {
  assert.equal(exprToSource(parse("(x'*x)^-2")), exprToSource(parse("(x'*x)^(-2)")));
  for (const [expr, shapes] of [
    ["(x'*A*x)^(-1)", { x: ["n"], A: ["n", "n"] }],
    ["(x'*A*x)^-1", { x: ["n"], A: ["n", "n"] }],
    ["(x'*x)^-2", { x: ["n"] }],
    ["(x'*x)^-0.5 * x", { x: ["n"] }],
    ["inv(x'*x) * x", { x: ["n"] }],
  ] as [string, Shapes][]) {
    const d = derive(expr, "x", shapes);
    if (!expr.endsWith("* x")) {
      assert.deepEqual(d.resultShape, [], `${expr} is a scalar`);
      assert.ok(d.form("gradient"), `${expr} has a gradient`);
    }
    const r = verify(d);
    for (const p of [...r.forms, ...r.paths]) assert.ok(p.ok, `${expr} ${p.name}: ${p.detail}`);
  }
  // the gradient of (xᵀx)^-2 is −4x/(xᵀx)³
  const d = derive("(x'*x)^-2", "x", { x: [4] });
  const x = randn([4], { seed: 9 });
  const g = d.at({ x }).gradient();
  const s = x.data.reduce((a, v) => a + v * v, 0);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(g.data[i] + (4 * x.data[i]) / s ** 3) < 1e-12);
  // a matrix keeps the inverse; a matrix to a negative non-unit power is refused with its shape
  assert.deepEqual(derive("inv(X) * A", "X", { X: [3, 3], A: [3, 2] }).resultShape, [3, 2]);
  assert.throws(
    () => derive("A^-2", "A", { A: [3, 3] }),
    /A has shape \[3, 3\].*only a scalar can be raised to a power that is not a whole number/s,
  );
});

test("a symmetric or diagonal variable without a shape is inferred square", () => {
  const d = derive("tr(A * X)", "X", {}, { symmetric: ["X"] });
  assert.equal(d.shapes.X[0], d.shapes.X[1]);
  const e = derive("x' * D * y", "D", {}, { diagonal: ["D"] });
  assert.equal(e.shapes.D[0], e.shapes.D[1]);
  // a given non-square shape is still refused, naming it
  assert.throws(
    () => derive("tr(A * X)", "X", { X: [2, 3] }, { symmetric: ["X"] }),
    /X is declared symmetric but has shape \[2, 3\]/,
  );
});

test("symmetric variable: at().gradient() is the gradient form sym(G), toDense is J on the symmetric matrices", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 1000 }), (n, seed) => {
      const d = derive("tr(A * S) + x' * S * S * y", "S", { A: [n, n], x: [n], y: [n] }, { symmetric: ["S"] });
      const Sr = randn([n, n], { seed });
      const values = {
        S: add(Sr, transpose(Sr)),
        A: randn([n, n], { seed: seed + 1 }),
        x: randn([n], { seed: seed + 2 }),
        y: randn([n], { seed: seed + 3 }),
      };
      const op = d.at(values);
      const form = d.form("gradient");
      assert.ok(form, "gradient form");
      assert.ok(maxAbsDiff(op.gradient(), form.evaluate(values)) < 1e-9, "at().gradient() = gradient form");
      assert.ok(maxAbsDiff(op.gradient(), transpose(op.gradient())) < 1e-12, "the gradient is symmetric");
      const title = d.form("tensor")?.title ?? "";
      assert.match(title, /for a general S, every direction dS/, "the tensor form says which convention it uses");
    }),
    { numRuns: 10 },
  );
});
