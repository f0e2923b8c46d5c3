import { test } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import {
  catalogue,
  checkCatalogueEntry,
  derive,
  deriveEntry,
  verify,
  randn,
  jacobian,
  toVecJacobian,
  reshape,
  matmul,
  transpose,
  add,
  sub,
  scale,
  hadamard,
  eye,
  trace,
  maxAbsDiff,
  commutation,
  allclose,
} from "../../src";

test("the catalogue has the seed, Cookbook and Magnus–Neudecker rows with unique ids", () => {
  const ids = new Set(catalogue.map((e) => e.id));
  assert.equal(ids.size, catalogue.length);
  for (const s of ["seed", "cookbook", "magnus-neudecker", "ml"])
    assert.ok(catalogue.filter((e) => e.source === s).length >= 5, s);
  for (const e of catalogue) assert.ok(Object.keys(e.expected).length > 0, `${e.id} has expected forms`);
});

test("every scalar-valued catalogue row has a gradient and a Hessian form; the ML rows have a matrix-form gradient", () => {
  for (const e of catalogue) {
    const d = deriveEntry(e);
    if (d.resultShape.length !== 0) continue;
    assert.ok(d.form("gradient") && d.form("hessian"), `${e.id}: ${d.notApplicable.map((n) => n.reason).join("; ")}`);
    if (e.source === "ml") assert.ok(e.expected.gradient, `${e.id}: the textbook gradient is catalogued`);
  }
});

for (const entry of catalogue) {
  test(`catalogue ${entry.id} (${entry.ref}): engine = closed form, every form verified`, () => {
    for (const seed of [1, 2]) {
      const c = checkCatalogueEntry(entry, { seed });
      for (const f of c.report.forms) assert.ok(f.ok, `${entry.id} ${f.name}: ${f.detail}`);
      for (const x of c.expected) assert.ok(x.ok, `${entry.id} expected ${x.name} = ${x.expected}: ${x.detail}`);
      assert.ok(c.report.forms.length >= 1);
    }
  });
}

test("KaTeX renders every form of every catalogue row (and the expression)", () => {
  let n = 0;
  for (const entry of catalogue) {
    const d = deriveEntry(entry);
    for (const s of [d.exprLatex, ...d.forms.map((f) => f.latex)]) {
      assert.doesNotThrow(() => katex.renderToString(s, { throwOnError: true }), `${entry.id}: ${s}`);
      assert.ok(!s.includes("\\eqalign"), s);
      n++;
    }
  }
  assert.ok(n > 100, `rendered ${n}`);
});

test("KaTeX renders the forms of elementwise, Hessian and index-only derivations", () => {
  for (const [e, w] of [
    ["exp(A) .* B", "A"],
    ["tr(exp(X))", "X"],
    ["log(X) .* A", "X"],
    ["x'Ax + 2*x'b", "x"],
    ["A * alpha(3, 4)", "A"],
    ["det(X) * logdet(X)", "X"],
    ["tr(A' * tanh(X*B)) + sqrt(x)' * sin(x)", "X"],
    ["kron(A, X) + vec(X) * vec(X)'", "X"],
  ]) {
    const d = derive(e, w, e.startsWith("A * alpha") ? { A: [2, 3] } : {});
    for (const f of d.forms)
      assert.doesNotThrow(() => katex.renderToString(f.latex, { throwOnError: true }), `${e} ${f.name}: ${f.latex}`);
  }
});

test("trap: the gradient with respect to a symmetric matrix is sym(G) = (G + Gᵀ)/2, not G + Gᵀ − G∘I", () => {
  // f(S) = tr(A S); the engine's (unconstrained) gradient is G = Aᵀ
  const entry = catalogue.find((e) => e.id === "mc-trace-AX")!;
  assert.match(entry.trap!, /sym\(G\) = \(G \+ Gᵀ\)\/2/);
  const n = 4;
  const A = randn([n, n], { seed: 3 });
  const d = derive("tr(A*S)", "S", { A: [n, n], S: [n, n] });
  const S = add(randn([n, n], { seed: 4 }), transpose(randn([n, n], { seed: 4 })));
  const G = d.form("gradient")!.evaluate({ A, S });
  // directional derivative along a symmetric direction H: tr(A H) must equal <grad, H> (Frobenius)
  const H0 = randn([n, n], { seed: 5 });
  const H = add(H0, transpose(H0));
  const directional = trace(matmul(A, H)).item();
  const inner = (X: ReturnType<typeof randn>, Y: ReturnType<typeof randn>) => trace(matmul(transpose(X), Y)).item();
  const symG = scale(add(G, transpose(G)), 0.5);
  const wrong = sub(add(G, transpose(G)), hadamard(G, eye(n)));
  assert.ok(Math.abs(inner(symG, H) - directional) < 1e-10, "sym(G) gives the directional derivative");
  assert.ok(Math.abs(inner(wrong, H) - directional) > 1e-3, "G + Gᵀ − G∘I does not");
  // and sym(G) is itself symmetric
  assert.ok(allclose(symG, transpose(symG)));
});

test("trap: a row-major reshape of the Jacobian is not DF = Bᵀ ⊗ A", () => {
  const entry = catalogue.find((e) => e.id === "mn-AXB")!;
  assert.match(entry.trap!, /row-major reshape/);
  const d = derive(entry.expr, entry.wrt, { A: [2, 3], X: [3, 4], B: [4, 5] });
  const A = randn([2, 3], { seed: 1 });
  const X = randn([3, 4], { seed: 2 });
  const B = randn([4, 5], { seed: 3 });
  const J = jacobian((Y) => matmul(matmul(A, Y), B), X);
  const DF = d.form("kron")!.evaluate({ A, X, B });
  const rowMajor = reshape(J, [10, 12]);
  assert.ok(maxAbsDiff(DF, toVecJacobian(J)) < 1e-12, "the kron form is DF");
  assert.ok(maxAbsDiff(rowMajor, DF) > 1e-3, "the row-major reshape is not");
  // the reshape is DF with rows and columns permuted by commutation matrices: K_{nm}ᵀ… here K_25ᵀ·… check K·DF·Kᵀ
  const Ky = commutation(2, 5); // vec(Y) → vec(Yᵀ) for Y 2×5 (row-major order of Y)
  const Kx = commutation(3, 4);
  assert.ok(maxAbsDiff(rowMajor, matmul(matmul(Ky, DF), transpose(Kx))) < 1e-12, "reshape = K·DF·Kᵀ");
});

test("verify reports every form and the dimensions used", () => {
  const r = verify(derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }));
  assert.deepEqual(r.dims, { p: 2, m: 3, n: 4 });
  assert.equal(r.exact, true);
  assert.deepEqual(
    r.forms.map((f) => [f.name, f.ok, f.maxAbsError]),
    [
      ["tensor", true, 0],
      ["index", true, 0],
      ["kron", true, 0],
      ["component", true, 0],
      ["differential", true, 0],
    ],
  );
  const custom = verify(derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }), {
    dims: { p: 5, m: 1, n: 2 },
    seed: 9,
  });
  assert.deepEqual(custom.dims, { p: 5, m: 1, n: 2 });
  assert.ok(custom.ok);
});

test("verify detects a wrong form (the checks can fail)", () => {
  const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
  const broken = {
    ...d,
    forms: d.forms.map((f) =>
      f.name === "tensor" ? { ...f, evaluate: (v: Parameters<typeof f.evaluate>[0]) => scale(f.evaluate(v), 2) } : f,
    ),
  };
  const r = verify(broken);
  assert.equal(r.ok, false);
  assert.equal(r.forms.find((f) => f.name === "tensor")!.ok, false);
  assert.equal(r.forms.find((f) => f.name === "index")!.ok, true);
});
