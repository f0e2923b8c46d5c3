/**
 * `d.steps("index")`: the Ricci-calculus route, one named rule per step, every line a tree
 * (einsum nodes with δ's and pending ∂E/∂X) printed in index notation, each checked with
 * numbers. Tensors of three and four axes with every axis a different size, and the matrix
 * cases; the last line is compared with the tensor form (an independent construction) and with
 * finite differences computed here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { derive, Tensor } from "../../src/index";
import { runCli } from "../../src/cli/run";
import { drawPoint, exactJacobian, tolerance } from "../../src/symbolic/steps/check";
import { checkIndexDraft, evaluateIndexLine, indexRoute } from "../../src/symbolic/steps/indexRoute";
import { STEPS_SOURCE, type StepsSource } from "../../src/symbolic/steps/routes";
import { einsumE, identity, sym } from "../../src/symbolic/expr";

type Shapes = Record<string, string[]>;

/** Cases: expression, variable, shapes (dimension names; the sizes are drawn). */
const TENSOR_CASES: [string, string, Shapes][] = [
  ["sin(T)", "T", { T: ["a", "b", "c"] }],
  ['einsum("ijk,i->jk", T, x)', "x", { T: ["a", "b", "c"], x: ["a"] }],
  ['einsum("ijk,i->jk", T, x)', "T", { T: ["a", "b", "c"], x: ["a"] }],
  ["sum(T[i,j,k] * x[i] * y[j] * z[k])", "y", { T: ["a", "b", "c"], x: ["a"], y: ["b"], z: ["c"] }],
  ["sum(T[i,j,k] * x[i] * y[j] * z[k])", "T", { T: ["a", "b", "c"], x: ["a"], y: ["b"], z: ["c"] }],
  ['exp(einsum("bsd,de->bse", X, W))', "W", { X: ["a", "b", "c"], W: ["c", "e"] }],
  ['einsum("bsd,de->bse", X, W) .* einsum("bsd,de->bse", X, W)', "X", { X: ["a", "b", "c"], W: ["c", "e"] }],
  ["permute(T, [3, 1, 2])", "T", { T: ["a", "b", "c"] }],
  ["tanh(Q)", "Q", { Q: ["a", "b", "c", "e"] }],
  ["logsumexp(X, 2)", "X", { X: ["a", "b", "c"] }],
  ["sum(T .* T)", "T", { T: ["a", "b", "c"] }],
];

const MATRIX_CASES: [string, string, Shapes][] = [
  ["A * X * B", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] }],
  ["X' * X", "X", { X: ["m", "n"] }],
  ["x' * A * x", "x", { A: ["n", "n"], x: ["n"] }],
  ["tanh(X * W)", "W", { X: ["m", "n"], W: ["n", "p"] }],
  ["tr(A * X)", "X", { A: ["n", "m"], X: ["m", "n"] }],
  ["sin(X) .* X", "X", { X: ["m", "n"] }],
  ["inv(X) * A", "X", { X: ["n", "n"], A: ["n", "m"] }],
  ["-sum(Y .* log(softmax(X * W, 2)))", "W", { Y: ["m", "p"], X: ["m", "n"], W: ["n", "p"] }],
];

/** Distinct sizes (2…6) for the dimension names of a case. */
function dimsArb(shapes: Shapes): fc.Arbitrary<Record<string, number>> {
  const names = [...new Set(Object.values(shapes).flat())];
  return fc
    .shuffledSubarray([2, 3, 4, 5, 6], { minLength: names.length, maxLength: names.length })
    .map((s) => Object.fromEntries(names.map((n, i) => [n, s[i]])));
}

/** The Jacobian by central differences, numerator layout (independent of autodiff and the engine). */
function finiteJacobian(f: (x: Tensor) => Tensor, x: Tensor): Float64Array {
  const y0 = f(x);
  const out = new Float64Array(y0.size * x.size);
  const h = 1e-6;
  for (let k = 0; k < x.size; k++) {
    const p = new Float64Array(x.data);
    const m = new Float64Array(x.data);
    p[k] += h;
    m[k] -= h;
    const yp = f(new Tensor(p, [...x.shape]));
    const ym = f(new Tensor(m, [...x.shape]));
    for (let i = 0; i < y0.size; i++) out[i * x.size + k] = (yp.data[i] - ym.data[i]) / (2 * h);
  }
  return out;
}

for (const [expr, wrt, shapes] of [...TENSOR_CASES, ...MATRIX_CASES]) {
  test(`index route of ${expr} by ${wrt}: every step checks on random rectangular sizes, the last line is the derivative`, () => {
    fc.assert(
      fc.property(dimsArb(shapes), fc.integer({ min: 1, max: 1000 }), (dims, seed) => {
        const d = derive(expr, wrt, shapes, { dims });
        const s = d.steps("index", { seed });
        assert.equal(s.route, "index");
        assert.equal(s.steps[0].rule, "write in indices");
        for (const [n, st] of s.steps.entries())
          assert.ok(st.check.ok, `step ${n + 1} (${st.rule}): ${st.beforeText} → ${st.afterText}: ${st.check.detail}`);
        assert.ok(s.ok);
        // the lines follow each other: each step starts where the one before ended
        for (let n = 1; n < s.steps.length; n++) {
          assert.equal(s.steps[n].before, s.steps[n - 1].after);
          assert.equal(s.steps[n].beforeText, s.steps[n - 1].afterText);
        }
        // one rule per step, no rule twice in a row
        for (let n = 1; n < s.steps.length; n++) assert.notEqual(s.steps[n].rule, s.steps[n - 1].rule);
        // sizes as drawn (all different)
        for (const [k, v] of Object.entries(dims)) assert.equal(s.dims[k], v);
      }),
      { numRuns: 4 },
    );
  });
}

for (const [expr, wrt, shapes] of [...TENSOR_CASES, ...MATRIX_CASES]) {
  test(`index route of ${expr} by ${wrt}: its last line equals the tensor form and finite differences`, () => {
    const names = [...new Set(Object.values(shapes).flat())];
    const dims = Object.fromEntries(names.map((n, i) => [n, 2 + i]));
    const d = derive(expr, wrt, shapes, { dims });
    const s = d.steps("index");
    const last = s.steps[s.steps.length - 1].after;
    // the values of the check's point, redrawn from the derivation's own source
    const src = stepsSource(d);
    const p = drawPoint(src, 1);
    assert.ok(typeof p !== "string");
    const got = evaluateIndexLine(src, last, p);
    const form = d.form("tensor")?.evaluate(p.values) ?? d.form("index")!.evaluate(p.values);
    assert.equal(got.size, form.size);
    let err = 0;
    for (let i = 0; i < got.size; i++) err = Math.max(err, Math.abs(got.data[i] - form.data[i]));
    assert.ok(err < 1e-9 * largest(form.data), `tensor form differs by ${err}`);
    const fd = finiteJacobian((x) => d.value({ ...p.values, [wrt]: x }), p.values[wrt]);
    let errFd = 0;
    for (let i = 0; i < got.size; i++) errFd = Math.max(errFd, Math.abs(got.data[i] - fd[i]));
    assert.ok(errFd < 1e-4 * largest(fd), `finite differences differ by ${errFd}`);
  });
}

/** The derivation's steps source (the same object `d.steps` reads). */
function stepsSource(d: ReturnType<typeof derive>): StepsSource {
  return (d as unknown as Record<typeof STEPS_SOURCE, StepsSource>)[STEPS_SOURCE];
}

test("the rules are named: product rule, ∂X/∂X = δδ, chain rule, contract δ, rename dummy index", () => {
  const t = derive("sin(T)", "T", { T: ["a", "b", "c"] }).steps("index");
  assert.deepEqual(
    t.steps.map((s) => s.rule),
    [
      "write in indices",
      "linearity: ∂ of the varying factor",
      "chain rule for sin elementwise",
      "∂T[i,j,m]/∂T[k,l,r] = δ_ik δ_jl δ_mr",
    ],
  );
  assert.equal(t.steps[3].afterText, "(cos(T))_ijm δ_ik δ_jl δ_mr");
  assert.equal(t.steps[3].lhsAfter.text, "∂Y_ijm/∂T_klr");
  const q = derive("x' * A * x", "x", { A: ["n", "n"], x: ["n"] }).steps("index");
  const rules = q.steps.map((s) => s.rule);
  for (const r of ["product rule", "∂x[i]/∂x[k] = δ_ik", "contract δ", "rename dummy index"])
    assert.ok(rules.includes(r), `${r} in ${rules.join(" | ")}`);
  assert.equal(q.steps[1].afterText, "∂x_p/∂x_k A_pq x_q + x_p A_pq ∂x_q/∂x_k");
  const m = derive("A * X * B", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] }).steps("index");
  assert.equal(m.steps[m.steps.length - 1].afterText, "A_ik B_lj");
  const e = derive('einsum("ijk,i->jk", T, x)', "T", { T: ["a", "b", "c"], x: ["a"] }).steps("index");
  assert.equal(e.steps[e.steps.length - 1].afterText, "δ_il δ_jr x_k");
});

test("a wrong line fails its check (the checks can fail)", () => {
  const d = derive(
    "A * X * B",
    "X",
    { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] },
    { dims: { m: 2, p: 3, q: 4, n: 5 } },
  );
  const src = stepsSource(d);
  const r = indexRoute(src);
  const p = drawPoint(src, 3);
  assert.ok(typeof p !== "string");
  const exact = () => exactJacobian(src, p);
  const last = r.drafts[r.drafts.length - 1];
  assert.ok(checkIndexDraft(src, last, p, exact, (t) => tolerance(p, t)).ok);
  // A_il B_kj instead of A_ik B_lj: a transposition of the variable's indices
  const wrong = einsumE("il,kj->ijkl", sym("A"), sym("B"));
  const bad = checkIndexDraft(src, { ...last, after: wrong }, p, exact, (t) => tolerance(p, t));
  assert.equal(bad.ok, false);
  assert.ok(bad.maxAbsError > 0);
  // a δ dropped
  const dropped = einsumE("ik,lj,ab->ijkl", sym("A"), sym("B"), identity("m"));
  assert.equal(checkIndexDraft(src, { ...last, after: dropped }, p, exact, (t) => tolerance(p, t)).ok, false);
});

test("routes: tensors take the index route by default; matrices list it and give it by name", () => {
  const t = derive("sin(T)", "T", { T: ["a", "b", "c"] });
  const routes = t.stepRoutes();
  assert.equal(routes.find((r) => r.route === "index")?.reason, undefined);
  for (const r of routes.filter((x) => x.route !== "index")) assert.match(r.reason ?? "", /index route/);
  assert.equal(t.steps().route, "index");
  const m = derive("A * X", "X", { A: ["m", "p"], X: ["p", "n"] });
  assert.match(m.stepRoutes().find((r) => r.route === "index")?.reason ?? "", /asked for by name/);
  assert.equal(m.steps().route, "tensor");
  assert.ok(m.steps("index").ok);
});

test("the lines are trees: einsum nodes, δ as identities, pending derivatives as d(E)", () => {
  const s = derive("A * X * B", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] }).steps("index");
  const ops = (e: { op: string; args: readonly unknown[] }): string[] => [
    e.op,
    ...e.args.flatMap((a) => ops(a as { op: string; args: readonly unknown[] })),
  ];
  assert.ok(ops(s.steps[1].after).includes("dif"));
  assert.ok(ops(s.steps[2].after).includes("I"));
  assert.ok(!ops(s.steps[s.steps.length - 1].after).includes("I"));
  for (const st of s.steps) assert.ok(st.latex.includes("="));
});

test("CLI: --steps --route index", () => {
  const r = runCli(["derive", "sin(T)", "--wrt", "T", "--shape", "T=axbxc", "--steps", "--route", "index"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /index route/);
  assert.match(r.stdout, /chain rule for sin elementwise/);
  assert.match(r.stdout, /δ_ik δ_jl δ_mr/);
  const j = runCli([
    "derive",
    "A * X * B",
    "--wrt",
    "X",
    "--shape",
    "A=mxp",
    "--shape",
    "X=pxq",
    "--shape",
    "B=qxn",
    "--steps",
    "--route",
    "index",
    "--json",
  ]);
  assert.equal(j.code, 0, j.stderr);
  const parsed = JSON.parse(j.stdout) as { route: string; ok: boolean; steps: { after: string }[] };
  assert.equal(parsed.route, "index");
  assert.ok(parsed.ok);
  assert.equal(parsed.steps[parsed.steps.length - 1].after, "A_ik B_lj");
});

/** max(1, largest |entry|), by a loop (spreading a large array into Math.max overflows the stack). */
function largest(data: Float64Array): number {
  let m = 1;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

test("the index route drawn: lines without a pending derivative have pictures, the others say why", () => {
  const d = derive("A * X * B", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] });
  const s = d.stepDiagrams("index");
  assert.equal(s.steps.length, d.steps("index").steps.length);
  for (const [n, st] of s.steps.entries()) {
    const pendingInLine = d.steps("index").steps[n].afterText.includes("∂");
    if (pendingInLine) assert.match(st.reason ?? "", /pending derivative/);
    else assert.ok(st.diagram !== undefined, `${st.rule}: ${st.reason}`);
  }
});
