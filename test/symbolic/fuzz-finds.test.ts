/**
 * What the grammar fuzzer (fuzz.test.ts) found, kept as regressions: each derivation is checked by
 * `verify` on every form and every other path to a number (the operator of `at(values)` and the
 * generated JavaScript) at several random points, and the printed trees parse back to themselves.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { derive, exprToSource, parse, randn, Tensor, tensor, verify, type Shapes } from "../../src";

const finds: [string, string, Shapes, string][] = [
  ["sum(B + c)", "c", { B: ["m", "n"], c: [] }, "a broadcast scalar's derivative counts every entry (was 1)"],
  ["tr(B + c)", "c", { B: ["n", "n"], c: [] }, "a broadcast scalar inside a trace counts the diagonal"],
  ["tr(I) * tr(X)", "X", { X: ["n", "n"] }, "the size of I is a dimension leaf (was an unevaluable d1)"],
  ["sum(C + a - C)", "a", { C: ["m", "n"], a: [] }, "C + a − C is a·𝟏𝟏ᵀ of C's shape, not the scalar a"],
  ["sum((C + A - C) .* B)", "A", { C: ["m", "n"], A: ["m", "n"], B: ["m", "n"] }, "a sum that cancels keeps its shape"],
  [
    "sigmoid(tr(C))",
    "C",
    { C: ["n", "n"] },
    "a 1×1 leaf on a repeated size-1 index is not wrapped in diag (Hessian operator)",
  ],
  ["tanh(exp(tr(C)))", "C", { C: ["n", "n"] }, "the same, two functions deep"],
  ["sum(C) ./ -sum(C)", "C", { C: ["m", "n"] }, "a derivative that is zero keeps DF's shape in the kron form"],
  ["tr(X^16)", "X", { X: ["n", "n"] }, "the generated Hessian's einsum is pairwise (was exponential: it hung)"],
  ["log(1 + exp(x' * A * x))", "x", { x: ["n"], A: ["n", "n"] }, "scalar chain of a quadratic form"],
  [
    "sum(adj(B))",
    "B",
    { B: ["n", "n"] },
    "an inverse applied by solves is not regrouped across a 1×1 factor (𝟏ᵀB⁻¹𝟏·adj(B)ᵀ)",
  ],
  ["sum(adj(exp(B)))", "B", { B: ["n", "n"] }, "the same inside a chain rule"],
  ["kron(sum(B), I)", "B", { B: ["m", "p"] }, "the component form keeps an identity W in Z_kl W"],
  ["I * sum(B)", "B", { B: ["m"] }, "the component form of a scalar times I by a vector"],
  ["kron(I, norm2(tan(A)))", "A", { A: ["m", "n"] }, "the component form of I ⊗ a norm"],
  [
    "log(vec(norm1(C))) * vec(norm1(C))",
    "C",
    { C: ["m", "n"] },
    "the tensor form of a one-entry result: WZ, not W ⊗ Z",
  ],
  ["B + tan(B)", "B", { B: ["m"] }, "2·dB + D·dB is not fused into (2 + D)dB by the operator (a 1×1 factor scales)"],
  ["x * (x' * x) + A * x", "x", { x: ["n"], A: ["n", "n"] }, "the same with a 1×1 product as the factor"],
  ["softplus(E(0, 1) : B)", "B", { B: ["m", "p"] }, "E's size is written into the tree, so the Hessian keeps it"],
  ["norm1(E(0, 1) * B)", "B", { B: ["p"] }, "the same, E of a free size"],
  [
    "kron(E(0, 1) * 3 - sigmoid(B), E(0, 1) * 3 - sigmoid(B))",
    "B",
    { B: [] },
    "two E(0, 1) of different sizes stay apart",
  ],
  ["E(0, 1) : kron(E(0, 1), tanh(A))", "A", { A: ["p", "n"] }, "E in a double contraction with a Kronecker product"],
  [
    "sum(log(softmax(B)))",
    "B",
    { B: ["m"] },
    "d log softmax's second term keeps the result's index: 𝟏 − m·softmax(B) (was 𝟏 − softmax(B))",
  ],
  ["sum(log(softmax(A * x)))", "x", { A: ["m", "n"], x: ["n"] }, "the same through a product"],
  [
    "vec(vec(A)) : vec(vec(A))",
    "A",
    { A: ["n", "p"] },
    "a split of vec(vec(A))'s index into A's axes does not fit vec(A): not unsplit (the gradient was 2vec(A))",
  ],
  ["sin(C) .* (I : I)", "C", { C: [] }, "a size named only in a leaf of the gradient (d1 of I) reaches the Hessian"],
  ["det(B ./ B)", "B", { B: ["n", "n"] }, "X ⊘ X is 𝟏𝟏ᵀ (the Hessian inverted B ⊘ B, singular everywhere)"],
  [
    "cos(A) ./ -norm2(C, 1)",
    "C",
    { A: ["n", "m"], C: ["p", "m"] },
    "a divisor kept with size 1 along an axis broadcasts",
  ],
  ["norm2(sum(C, 2), 1) ./ sum(C, 2)", "C", { C: ["n", "m"] }, "the same, both sides reduced"],
  ["sum(X, 2) ./ sum(X, 1)", "X", { X: ["n", "m"] }, "a column over a row: each broadcast along its own axis"],
  [
    "(recip(B) : B) .* B",
    "B",
    { B: ["p", "m"] },
    "B^(∘−1) ∘ B cancelled inside a sum counts its entries (was 1, not pm)",
  ],
  ["adj(C)", "C", { C: [] }, "the tensor form by a scalar is a plain product, no α of 1×1×1×1 beside 1×1"],
  ["t * A + B", "t", { t: [], A: ["m", "n"], B: ["m", "n"] }, "by a scalar: A, not A ⊗ I"],
];

for (const [expr, wrt, shapes, why] of finds) {
  test(`fuzz find: ${expr} by ${wrt} — ${why}`, () => {
    const d = derive(expr, wrt, shapes);
    for (const seed of [1, 2, 3]) {
      const r = verify(d, { seed });
      const names = r.paths.map((p) => p.name);
      assert.equal(r.undefinedAt, undefined, `${expr}: defined at the values drawn`);
      for (const p of ["at().applyT", "at().toDense", "code js: "])
        assert.ok(
          names.some((n) => n.startsWith(p)),
          `${expr}: verify checks ${p} (has ${names.join(", ")})`,
        );
      for (const p of [...r.forms, ...r.paths]) assert.ok(p.ok, `${expr} (seed ${seed}) ${p.name}: ${p.detail}`);
    }
  });
}

test("fuzz find: the derivative of sum(B + c) by a scalar c is the number of entries of B, at rectangular sizes", () => {
  const d = derive("sum(B + c)", "c", { B: ["m", "n"], c: [] });
  const values = { B: randn([3, 5], { seed: 1 }), c: randn([], { seed: 2 }) };
  assert.equal(d.at(values).gradient().data[0], 15);
  assert.equal(d.form("gradient")!.evaluate(values).data[0], 15);
});

test("fuzz find: exponents that are expressions print with parentheses and parse back to the same tree", () => {
  for (const src of ["B ^ (2')", "softplus(2) ^ (2 .^ C + 2 .^ C)", "(x' * x) ^ (-2)", "s ^ (a + b)"]) {
    const once = exprToSource(parse(src));
    assert.equal(exprToSource(parse(once)), once, src);
  }
});

test("fuzz find: relu keeps NaN as numpy and the generated code do (relu(log(−A)) at A > 0 is undefined, not 0)", () => {
  const d = derive("relu(log(-A))", "A", { A: [] });
  const r = verify(d, { values: { A: tensor(0.7) } });
  assert.ok(r.undefinedAt !== undefined, "verify says where the expression is undefined");
  assert.ok(Number.isNaN(d.value({ A: tensor(0.7) }).data[0]));
  assert.equal(d.value({ A: tensor(-0.5) }).data[0], 0); // log(0.5) < 0
});

test("fuzz find: a form of large terms that cancel is held to its measured rounding noise (tanh(3.^(C:C)) saturated)", () => {
  for (const [expr, shapes] of [
    ["tanh(3 .^ (C : C))", { C: ["p", "n"] }],
    ["tanh(sum(C) .^ sum(C))", { C: ["p", "m"] }],
  ] as const) {
    const d = derive(expr, "C", shapes);
    for (const seed of [1, 2, 3, 8]) {
      const r = verify(d, { seed });
      for (const p of [...r.forms, ...r.paths]) assert.ok(p.ok, `${expr} (seed ${seed}) ${p.name}: ${p.detail}`);
    }
  }
});

test("the noise allowance does not hide a wrong form: a relative error of 1e-6 is found on well-conditioned rows", () => {
  const cases: [string, string, Shapes][] = [
    ["tr(A * X * B)", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "m"] }],
    ["log(det(X))", "X", { X: ["n", "n"] }],
    ["sum(tanh(X))", "X", { X: ["m", "n"] }],
    ["x' * A * x", "x", { x: ["n"], A: ["n", "n"] }],
    ["softmax(W * x)", "x", { W: ["m", "n"], x: ["n"] }],
  ];
  for (const [expr, wrt, shapes] of cases) {
    const d = derive(expr, wrt, shapes);
    const broken = {
      ...d,
      forms: d.forms.map((f) => ({
        ...f,
        evaluate: (v: Parameters<typeof f.evaluate>[0]) => {
          const t = f.evaluate(v);
          return new Tensor(
            t.data.map((x) => x * (1 + 1e-6) + 1e-6),
            [...t.shape],
          );
        },
      })),
    };
    const r = verify(broken, { seed: 5 });
    for (const f of r.forms) assert.equal(f.ok, false, `${expr}: ${f.name} off by 1e-6 is caught (${f.detail})`);
  }
});

test("fuzz find: a rule that needs an invertible matrix where the argument is singular everywhere is reported as such (adj(B ⊘ B))", () => {
  const r = verify(derive("adj(B ./ B)", "B", { B: ["n", "n"] }), { seed: 4 });
  assert.equal(r.ok, false);
  assert.equal(r.undefinedAt, undefined, "the expression itself is defined");
  assert.match(r.formulaUndefined ?? "", /singular/);
  // where the argument is invertible the same rule verifies
  assert.equal(verify(derive("tr(A * adj(X))", "X", { X: ["n", "n"], A: ["n", "n"] })).formulaUndefined, undefined);
});

test("a reciprocal cancels against its factor in a Hadamard product: ∇ sum(x ∘ log(x)) is 𝟏 + log(x), not x^(∘−1) ∘ x + log(x)", () => {
  const d = derive("sum(x .* log(x))", "x", { x: ["n"] });
  const g = d.form("gradient")!;
  assert.ok(!g.text.includes("∘−1"), g.text);
  const x = tensor([0.5, 2, 3]);
  assert.deepEqual(
    Array.from(g.evaluate({ x }).data).map((v) => +v.toFixed(12)),
    [0.5, 2, 3].map((v) => +(1 + Math.log(v)).toFixed(12)),
  );
  assert.equal(derive("sum(y .* recip(x) .* x)", "x", { x: ["n"], y: ["n"] }).form("gradient")!.text, "0");
});

test("T : H of a 3-axis T and a matrix H (a vector result) indexes H with its two axes only (seed 20261208 of the 3-axis fuzz)", () => {
  // the padded size-1 axis of the vector result was given to H as a third index: every form failed
  const sizes = [
    [2, 3, 4],
    [4, 2, 3],
    [3, 5, 2],
  ];
  for (const [m, n, p] of sizes) {
    for (const [src, wrt] of [
      ["C : E(0, 1)", "C"],
      ["C : E(0, 1) + C : E(0, 1)", "C"],
      ["C : B", "C"],
      ["C : B", "B"],
    ]) {
      const d = derive(src, wrt, { C: [m, n, p], B: [n, p] });
      const r = verify(d);
      assert.ok(
        r.ok,
        `${src} by ${wrt} at ${m}×${n}×${p}: ${r.forms.filter((f) => !f.ok).map((f) => `${f.name}: ${f.detail}`)}`,
      );
      const values = { C: randn([m, n, p], { seed: 1 }), B: randn([n, p], { seed: 2 }) };
      // numerator layout: [...shape(Y), ...shape(wrt)] with Y of shape [m]
      assert.deepEqual(d.form("tensor")!.evaluate(values).shape, [m, ...(wrt === "C" ? [m, n, p] : [n, p])]);
    }
  }
});
