/**
 * Step-by-step derivations (src/symbolic/steps/): the seed's own lines through the tensor route,
 * the other routes on the classic examples, the numeric check of each step, and that the last
 * line of each route is the corresponding form of `derive`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import { derive, exprEquals, exprToText, parse, verifySteps } from "../../src/index";

const seedShapes = { A: ["p", "m"], B: ["p", "n"] } as const;
const texts = (d: ReturnType<typeof derive>, route: "tensor" | "kron" | "gradient") =>
  d.steps(route).steps.map((s) => s.afterText);
const text = (src: string) => exprToText(parse(src));

test("the seed, ∂Y/∂B by the tensor route: Y = AᵀB = Aᵀα:B ⟹ ∂Y/∂B = Aᵀα", () => {
  const d = derive("A' * B", "B", { ...seedShapes });
  const s = d.steps("tensor");
  assert.equal(s.start.text, `Y = ${text("A' * B")}`);
  assert.deepEqual(texts(d, "tensor"), [text("A' * alpha : B"), text("A' * alpha")]);
  assert.equal(s.steps[0].beforeText, text("A' * B"));
  assert.equal(s.steps[0].lhs.text, "Y");
  assert.equal(s.steps.at(-1)?.lhsAfter.text, "∂Y/∂B");
  assert.ok(s.ok);
  assert.ok(exprEquals(s.steps.at(-1)!.after, d.form("tensor")!.rhs!));
});

test("the seed, ∂Y/∂A by the tensor route: Y = αBᵀ:Aᵀ = αBᵀ:β:A ⟹ ∂Y/∂A = αBᵀ:β", () => {
  const d = derive("A' * B", "A", { ...seedShapes });
  const s = d.steps("tensor");
  assert.deepEqual(texts(d, "tensor"), [
    text("alpha * B' : A'"),
    text("alpha * B' : beta : A"),
    text("alpha * B' : beta"),
  ]);
  assert.deepEqual(
    s.steps.map((x) => x.check.ok),
    [true, true, true],
  );
  assert.equal(s.steps.at(-1)?.lhsAfter.text, "∂Y/∂A");
});

test("the kron route of the seed ends on the Magnus–Neudecker form (Bᵀ ⊗ I)K", () => {
  const d = derive("A' * B", "A", { ...seedShapes });
  const s = d.steps("kron");
  assert.deepEqual(
    s.steps.map((x) => x.rule),
    ["constant factor", "transpose", "vec of a product", "identification theorem"],
  );
  assert.equal(s.steps[0].statement.text, "d(XC) = dX C");
  assert.ok(exprEquals(s.steps.at(-1)!.after, d.form("kron")!.rhs!));
  assert.ok(s.ok);
});

test("tr(AXB), log det X and least squares by the gradient route", () => {
  const cases: [string, string, Record<string, string[]>, string][] = [
    ["tr(A * X * B)", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "m"] }, "A' * B'"],
    ["logdet(X)", "X", { X: ["n", "n"] }, "inv(X)'"],
    ["(A * x - b)' * (A * x - b)", "x", { A: ["m", "n"], x: ["n"], b: ["m"] }, ""],
  ];
  for (const [e, w, sh, g] of cases) {
    const d = derive(e, w, sh);
    const s = d.steps("gradient");
    assert.ok(s.ok, `${e}: ${s.steps.map((x) => `${x.rule} ${x.check.detail}`).join("; ")}`);
    assert.equal(s.steps.at(-1)?.rule, "identification of the gradient");
    assert.ok(exprEquals(s.steps.at(-1)!.after, d.form("gradient")!.rhs!));
    if (g !== "") assert.equal(s.steps.at(-1)?.afterText, exprToText(d.form("gradient")!.rhs!));
    assert.equal(d.steps().route, "gradient", "a scalar's default route");
  }
  const ld = derive("logdet(X)", "X", { X: ["n", "n"] }).steps("gradient");
  assert.equal(ld.steps[0].rule, "Jacobi's formula (log-determinant)");
});

test("∂(XᵀX)/∂X: product rule, transpose, then α and β (tensor) or vec and K (kron)", () => {
  const d = derive("X' * X", "X", { X: ["m", "n"] });
  const t = d.steps("tensor");
  assert.deepEqual(t.steps.map((x) => x.rule).slice(0, 2), ["product rule", "transpose"]);
  assert.equal(t.steps[2].lhs.text, "dY");
  assert.ok(t.ok);
  assert.ok(d.steps("kron").ok);
});

test("each step shows its rule's general statement, printed from the op's rule", () => {
  const d = derive("inv(X) * A", "X", { X: ["n", "n"], A: ["n", "m"] });
  const s = d.steps("kron").steps;
  assert.equal(s[0].rule, "constant factor");
  assert.equal(s[0].statement.text, "d(XC) = dX C");
  assert.equal(s[1].rule, "inverse rule");
  assert.equal(s[1].statement.text, "d(X⁻¹) = −X⁻¹ dX X⁻¹");
  assert.equal(s[1].afterText, exprToText(parse("-inv(X) * dX * inv(X) * A", { differentials: true })));
});

test("every step's LaTeX and statement render in KaTeX", () => {
  for (const [e, w, sh] of [
    ["A' * B", "A", seedShapes],
    ["tr(A * X * B)", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "m"] }],
    ["inv(X) * A", "X", { X: ["n", "n"], A: ["n", "m"] }],
  ] as const) {
    const d = derive(e, w, sh as unknown as Record<string, string[]>);
    for (const r of d.stepRoutes().filter((x) => x.reason === undefined)) {
      for (const s of d.steps(r.route).steps) {
        assert.doesNotThrow(() => katex.renderToString(s.latex, { throwOnError: true }), `${e} ${r.route} ${s.rule}`);
        assert.doesNotThrow(() => katex.renderToString(s.statement.latex, { throwOnError: true }), s.statement.latex);
      }
    }
  }
});

test("a route that does not apply says why", () => {
  const d = derive("A' * B", "A", { ...seedShapes });
  assert.throws(() => d.steps("gradient"), /gradient route does not apply: the expression is not scalar-valued/);
  assert.match(d.stepRoutes().find((r) => r.route === "gradient")?.reason ?? "", /scalar-valued/);
});

test("verifySteps reports each route and step", () => {
  const r = verifySteps(derive("inv(X) * A", "X", { X: ["n", "n"], A: ["n", "m"] }), { seed: 7 });
  assert.ok(r.ok);
  assert.deepEqual(
    r.routes.map((x) => x.route),
    ["tensor", "kron"],
  );
  assert.ok(r.routes.every((x) => x.steps.every((s) => s.ok && s.detail.length > 0)));
  assert.equal(r.notApplicable[0]?.route, "gradient");
});

test("a product of two varying factors is the product rule; one varying factor is a constant factor", () => {
  const both = derive("X' * X", "X", { X: ["m", "n"] }).steps("kron").steps;
  assert.equal(both[0].rule, "product rule");
  assert.equal(both[0].statement.text, "d(XY) = dX Y + X dY");
  const right = derive("A * X", "X", { A: ["m", "p"], X: ["p", "n"] }).steps("kron").steps;
  assert.equal(right[0].rule, "constant factor");
  assert.equal(right[0].statement.text, "d(CY) = C dY");
  assert.equal(right[0].afterText, "A dX");
});

test("the chain rule of a scalar is written in scalar notation, the entrywise one with ∘", () => {
  const s = derive("log(det(X))", "X", { X: ["n", "n"] }).steps("gradient");
  assert.ok(s.ok);
  assert.equal(s.steps[0].rule, "chain rule (log)");
  assert.equal(s.steps[0].statement.text, "d log(s) = ds / s");
  assert.equal(s.steps[0].afterText, "d det(X) / det(X)");
  const t = derive("tanh(x' * x)", "x", { x: ["n"] }).steps("gradient");
  assert.ok(t.ok);
  assert.equal(t.steps[0].statement.text, "d tanh(s) = (1 − tanh(s)^2) ds");
  const q = derive("sum(X) / tr(A * X)", "X", { X: ["n", "m"], A: ["m", "n"] }).steps("gradient");
  assert.ok(q.ok);
  assert.equal(q.steps[0].statement.text, "d(X / Y) = (dX Y − X dY) / Y^2");
  const e = derive("sum(exp(X))", "X", { X: ["m", "n"] }).steps("gradient");
  assert.ok(e.steps.some((x) => x.statement.text === "d exp(X) = exp(X) ∘ dX"));
});

test("a negated factor inside a product is parenthesized (xᵀ(−M)x, not xᵀ−Mx)", () => {
  const s = derive("x' * inv(A + x * x') * x", "x", { x: ["n"], A: ["n", "n"] }).steps("gradient");
  assert.ok(s.ok);
  const inverse = s.steps.find((x) => x.rule === "inverse rule");
  assert.ok(inverse !== undefined);
  assert.ok(inverse.afterText.includes("xᵀ(−(A + xxᵀ)⁻¹"), inverse.afterText);
  assert.ok(!/[ᵀ⁻¹A-Za-z]−/.test(inverse.afterText.replace(/ − /g, "")), inverse.afterText);
  assert.equal(exprToText(parse("x' * (-A) * x")), "xᵀ(−A)x");
  assert.equal(exprToText(parse("-A * x")), "−Ax");
});

test("the simplify step is named by the rewrites that shaped its result, and checks", () => {
  const cases: [string, string, Record<string, string[]>, string][] = [
    ["sum(log(sigmoid(X*w)))", "w", { X: ["m", "n"] }, "X^(∘−1) ∘ X = 𝟏"],
    ["norm2(A*x - b)^2", "x", { A: ["m", "n"] }, "ss⁻¹ = 1"],
  ];
  for (const [expr, wrt, shapes, rule] of cases) {
    const st = derive(expr, wrt, shapes).steps("gradient");
    const s = st.steps.find((x) => x.rule.startsWith("simplify"));
    assert.ok(s, `${expr}: a simplify step`);
    assert.ok(s.rule.split(": ")[1]?.split("; ").includes(rule), `${expr}: ${s.rule}`);
    assert.equal(s.statement.text, s.rule.slice("simplify: ".length));
    assert.ok(s.check.ok, `${expr}: ${s.check.detail}`);
    assert.ok(st.ok);
    assert.doesNotThrow(() => katex.renderToString(s.latex, { throwOnError: true, strict: false }), s.latex);
  }
});
