/**
 * Derivatives with respect to a symmetric matrix: the gradient on the symmetric matrices sym(G)
 * satisfies df = ⟨∇f, dX⟩ for symmetric dX; the independent-entries form G + Gᵀ − G∘I is
 * ∂f/∂vech(X) (and is not the gradient); both verified against autodiff.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { add, derive, jacobian, randn, reshape, transpose, unvech, vech, verify, maxAbsDiff } from "../../src";
import type { Tensor } from "../../src";

const rows: [string, string, Record<string, string[]>][] = [
  ["tr(A * X)", "X", { X: ["n", "n"], A: ["n", "n"] }],
  ["x' * X * x", "X", { X: ["n", "n"] }],
  ["x' * X * y", "X", { X: ["n", "n"] }],
  ["logdet(X)", "X", { X: ["n", "n"] }],
  ["log(det(X))", "X", { X: ["n", "n"] }],
  ["tr(X * X)", "X", { X: ["n", "n"] }],
  ["-0.5 * logdet(S) - 0.5 * (x - u)' * inv(S) * (x - u)", "S", { S: ["n", "n"] }],
];

const inner = (a: Tensor, b: Tensor): number => a.data.reduce((s, v, i) => s + v * b.data[i], 0);

test("symmetric variable: every form verifies, sym(G) is the gradient for symmetric directions, entries = ∂f/∂vech", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...rows),
      fc.integer({ min: 2, max: 5 }),
      fc.integer({ min: 1, max: 500 }),
      ([e, w, shapes], n, seed) => {
        const d = derive(e, w, shapes, { symmetric: [w] });
        const r = verify(d, { seed, dims: { n } });
        for (const f of r.forms) assert.ok(f.ok, `${e} ${f.name}: ${f.detail}`);
        const g = d.form("gradient");
        const en = d.form("entries");
        assert.ok(g && en, `${e}: gradient and entries forms`);
        const values = r.values as Record<string, Tensor>;
        const G = g.evaluate(values);
        assert.ok(maxAbsDiff(G, transpose(G)) < 1e-9, `${e}: the gradient ${g.text} is symmetric`);
        // df = ⟨G, dX⟩ for a random symmetric direction dX (the exact Jacobian gives df)
        const R = randn([n, n], { seed: seed + 7 });
        const dX = add(R, transpose(R));
        const J = jacobian((x: Tensor) => d.value({ ...values, [w]: x }), values[w]);
        const df = inner(reshape(J, [n, n]), dX);
        assert.ok(Math.abs(df - inner(G, dX)) < 1e-8 * Math.max(1, Math.abs(df)), `${e}: df = ⟨∇f, dX⟩`);
        // the entries form is ∂f/∂vech(X), unvech'd
        const E = en.evaluate(values);
        const dv = jacobian((v: Tensor) => d.value({ ...values, [w]: unvech(v) }), vech(values[w]));
        assert.ok(maxAbsDiff(vech(E), reshape(dv, [vech(E).size])) < 1e-8, `${e}: entries = ∂f/∂vech(X)`);
      },
    ),
    { numRuns: 30 },
  );
});

test("the two conventions differ: ⟨G + Gᵀ − G∘I, dX⟩ is not df off the diagonal", () => {
  const d = derive("tr(A * X)", "X", { X: [3, 3], A: [3, 3] }, { symmetric: ["X"] });
  assert.equal(d.form("gradient")?.text, "0.5(Aᵀ + A)");
  assert.equal(d.form("entries")?.text, "Aᵀ + A − Aᵀ ∘ I");
  assert.equal(
    d.form("gradient")?.latex,
    "\\nabla_{X}\\, \\left(\\operatorname{tr}\\left(A X\\right)\\right) = 0.5 \\left(A^{T} + A\\right)",
  );
  const A = randn([3, 3], { seed: 3 });
  const X = randn([3, 3], { seed: 4 });
  const Xs = add(X, transpose(X));
  const dX = add(randn([3, 3], { seed: 5 }), transpose(randn([3, 3], { seed: 5 })));
  const G = d.form("gradient")!.evaluate({ A, X: Xs });
  const E = d.form("entries")!.evaluate({ A, X: Xs });
  const df = inner(transpose(A), dX);
  assert.ok(Math.abs(inner(G, dX) - df) < 1e-12);
  assert.ok(Math.abs(inner(E, dX) - df) > 1e-3);
});

test("a symmetric symbol that is not the variable simplifies: xᵀSx gives 2Sx; a non-square one is refused", () => {
  const d = derive("x' * S * x", "x", { S: ["n", "n"] }, { symmetric: ["S"] });
  assert.equal(d.form("gradient")?.text, "2Sx");
  assert.ok(verify(d).ok);
  assert.throws(
    () => derive("tr(A * X)", "X", { X: ["m", "n"] }, { symmetric: ["X"] }),
    /declared symmetric but has shape \[m, n\]/,
  );
});

test("diagonal variable: the gradient on the diagonal matrices is G ∘ I, verified with diagonal values", () => {
  const cases: [string, Record<string, string[]>][] = [
    ["tr(A * X)", { X: ["n", "n"], A: ["n", "n"] }],
    ["x' * X * y", { X: ["n", "n"] }],
    ["logdet(X)", { X: ["n", "n"] }],
  ];
  for (const [e, shapes] of cases) {
    const d = derive(e, "X", shapes, { diagonal: ["X"] });
    assert.equal(d.form("entries"), undefined, "the entries form is for symmetric variables");
    for (const n of [2, 4]) {
      const r = verify(d, { dims: { n }, seed: n });
      for (const f of r.forms) assert.ok(f.ok, `${e} ${f.name}: ${f.detail}`);
      const X = r.values.X as Tensor;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) assert.ok(X.data[i * n + j] === 0);
      const G = d.form("gradient")!.evaluate(r.values as Record<string, Tensor>);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) assert.ok(G.data[i * n + j] === 0);
    }
  }
  assert.equal(derive("tr(A * X)", "X", { X: [3, 3] }, { diagonal: ["X"] }).form("gradient")?.text, "Aᵀ ∘ I");
});

test("a matrix-valued function of a symmetric X: the entries form is DF · D_n = ∂vec(F)/∂vech(X)ᵀ", () => {
  for (const e of ["A * X * B", "inv(X)", "X * X", "X' * A"]) {
    const A = e === "X' * A" ? ["n", "m"] : ["m", "n"];
    const d = derive(e, "X", { X: ["n", "n"], A, B: ["n", "p"] }, { symmetric: ["X"] });
    const f = d.form("entries");
    assert.ok(f?.text.endsWith("D_n"), `${e}: ${f?.text}`);
    for (const n of [2, 3]) {
      const r = verify(d, { dims: { n, m: n + 1, p: 2 }, seed: n });
      for (const c of r.forms) assert.ok(c.ok, `${e} ${c.name}: ${c.detail}`);
      const J = f!.evaluate(r.values as Record<string, Tensor>);
      assert.equal(J.shape[1], (n * (n + 1)) / 2, `${e}: one column per independent entry`);
    }
  }
});
