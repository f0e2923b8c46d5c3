/**
 * Tensors of any order in the expression language: shapes with more than two axes, entrywise
 * operations and operations along an axis on them, derivatives with respect to them (shape
 * [...shape(Y), ...shape(X)], numerator layout), each checked by `verify` against autodiff on
 * random rectangular sizes (every axis a different size) and against formulas written out here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { cos, derive, randn, Tensor, verify, type Tensor as T } from "../../src/index";

const close = (a: T, b: T, tol = 1e-10): void => {
  assert.deepEqual(a.shape, b.shape);
  const err = a.data.reduce((m, x, i) => Math.max(m, Math.abs(x - b.data[i])), 0);
  assert.ok(err < tol, `max |error| ${err}`);
};

/** A shape of `n` axes with all sizes different (2, 3, 4, … shuffled by the seed). */
const distinctShape = (n: number): fc.Arbitrary<number[]> =>
  fc
    .shuffledSubarray([2, 3, 4, 5], { minLength: n, maxLength: n })
    .filter((s) => s.length === n && new Set(s).size === n);

test("a symbol may have any number of axes; entrywise ops and ops along an axis keep their rules", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 4 }).chain((n) => fc.tuple(distinctShape(n), fc.integer({ min: 1, max: n }))),
      fc.constantFrom(
        "sin(A)",
        "A .* B - exp(A)",
        "sum(tanh(A) .* B)",
        "A ./ (1 + B .* B)",
        "softmax(A, K) .* B",
        "sum(A, K) + 2",
        "sum(logsumexp(A, K))",
        "A - mean(A, K)",
      ),
      ([shape, k], src) => {
        const expr = src.replace(/K/g, String(k));
        const d = derive(expr, "A", { A: shape, B: shape });
        assert.deepEqual(d.wrtShape, shape);
        const reduced = /^sum\(A, |^sum\(logsumexp/.test(expr);
        const y = expr.startsWith("sum(A,")
          ? shape.map((s, i) => (i === k - 1 ? 1 : s))
          : reduced || expr.startsWith("sum(")
            ? []
            : shape;
        assert.deepEqual(d.resultShape, y);
        const r = verify(d);
        assert.ok(r.ok, `${expr} ${JSON.stringify(shape)}: ${r.forms.map((f) => `${f.name} ${f.detail}`).join("; ")}`);
        assert.ok(r.forms.some((f) => f.name === "index"));
        const A = randn(shape, { seed: 3 });
        const B = randn(shape, { seed: 4 });
        assert.deepEqual(d.at({ A, B }).toDense().shape, [...y, ...shape]);
      },
    ),
    { numRuns: 12 },
  );
});

test("d sin(A)/dA for A of shape (3, 2, 4): cos(A) on the diagonal of the six-axis Jacobian (SymPy's example)", () => {
  const shape = [3, 2, 4];
  const d = derive("sin(A)", "A", { A: shape });
  assert.deepEqual(d.resultShape, shape);
  assert.equal(d.form("index")?.text, "(cos(A))_ijm δ_ik δ_jl δ_mr");
  const A = randn(shape, { seed: 7 });
  const c = cos(A);
  const n = A.size;
  const want = new Float64Array(n * n);
  for (let p = 0; p < n; p++) want[p * n + p] = c.data[p];
  close(d.form("index")!.evaluate({ A }), new Tensor(want, [...shape, ...shape]));
  close(d.at({ A }).toDense(), new Tensor(want, [...shape, ...shape]));
});

test("scalar and matrix shapes are unchanged (no shape of more than two axes is needed for them)", () => {
  const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
  assert.deepEqual(
    d.forms.map((f) => f.name),
    ["tensor", "index", "kron", "component", "differential"],
  );
  assert.equal(d.form("index")?.text, "δ_il B_kj");
});
