/**
 * The rules each op definition owns for the engines (issue 22), checked by property over random
 * rectangular sizes and values: the padded shape an op's `matrixShape` rule gives is the shape
 * of the evaluated value; a matrix the ops' `symmetry` rules call symmetric evaluates to a
 * symmetric matrix; the simplifier (its op-owned rewrites and sum-of-products readings) and the
 * display tidying keep the value; the fast evaluation of derivative operators (each op's
 * `fastEval`) gives the plain evaluation's value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { evaluatePadded, parse, randn, type Tensor } from "../../src/index";
import { isSymmetric, paddedShape, tidy, tidyContext } from "../../src/symbolic/kinds";
import { simplifyExpr } from "../../src/symbolic/simplify";
import { treeEvaluator } from "../../src/symbolic/fastEval";
import type { Expr } from "../../src/symbolic/expr";

/** Expressions over A (m×n), B (n×p), C (m×n), S (n×n), x (n), s (scalar), using the ops with rules. */
const EXPRESSIONS = [
  "A * B",
  "A'",
  "A + C",
  "A - C",
  "-A",
  "A .* C",
  "A ./ (C .* C + 1)",
  "exp(A) * B",
  "A' * A",
  "A * A' + C * C'",
  "inv(S' * S + I(n))",
  "adj(S) / det(S)",
  "inv(inv(S))",
  "tr(S') * A",
  "det(S') * x",
  "S * inv(S) * B",
  "(2 * A) .* C - A .* (2 * C)",
  "A ./ A",
  "A' * diag(A * x) * A",
  "(A * x)' * (A * x)",
  "s * (A + C) - (A + C) * s",
  "x' * S * x + x' * S' * x",
  "S - S'",
  "S + S'",
  "diag(x) * S - diag(x .* x) * S",
  "recip(x' * x) * x",
  "(x' * x) .^ 2 * x",
];

const sizes = fc.record({
  m: fc.integer({ min: 1, max: 4 }),
  n: fc.integer({ min: 1, max: 4 }),
  p: fc.integer({ min: 1, max: 4 }),
});

function setup(d: { m: number; n: number; p: number }) {
  const shapes = { A: [d.m, d.n], B: [d.n, d.p], C: [d.m, d.n], S: [d.n, d.n], x: [d.n], s: [] as number[] };
  const values: Record<string, Tensor> = {};
  for (const [k, s] of Object.entries(shapes))
    values[k] = randn(s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : s);
  return { shapes, values, dims: { m: d.m, n: d.n, p: d.p } };
}

const close = (a: Tensor, b: Tensor): boolean => {
  if (a.shape.join() !== b.shape.join()) return false;
  let scale = 1;
  for (const v of b.data) scale = Math.max(scale, Math.abs(v));
  return a.data.every((v, i) => Math.abs(v - b.data[i]) <= 1e-8 * scale);
};

test("an op's matrixShape rule gives the shape of the evaluated value", () => {
  fc.assert(
    fc.property(sizes, fc.constantFrom(...EXPRESSIONS), (d, src) => {
      const { shapes, values, dims } = setup(d);
      const e = parse(src.replace("I(n)", `I(${d.n})`));
      const s = paddedShape(e, tidyContext(shapes));
      if (s === undefined) return true;
      const v = evaluatePadded(e, values, dims);
      assert.deepEqual([...s], v.shape, `${src} at ${JSON.stringify(d)}`);
      return true;
    }),
    { numRuns: 150 },
  );
});

test("a matrix the ops' symmetry rules call symmetric evaluates to a symmetric matrix", () => {
  let claimed = 0;
  fc.assert(
    fc.property(sizes, fc.constantFrom(...EXPRESSIONS), (d, src) => {
      const { shapes, values, dims } = setup(d);
      const e = parse(src.replace("I(n)", `I(${d.n})`));
      if (!isSymmetric(e, tidyContext(shapes))) return true;
      claimed++;
      const v = evaluatePadded(e, values, dims);
      const [r, c] = v.shape;
      assert.equal(r, c, src);
      for (let i = 0; i < r; i++)
        for (let j = 0; j < c; j++)
          assert.ok(Math.abs(v.data[i * c + j] - v.data[j * c + i]) <= 1e-9 * (1 + Math.abs(v.data[i * c + j])), src);
      return true;
    }),
    { numRuns: 150 },
  );
  assert.ok(claimed > 0);
});

test("simplifying and tidying keep the value, and the fast evaluation agrees with the plain one", () => {
  fc.assert(
    fc.property(sizes, fc.constantFrom(...EXPRESSIONS), (d, src) => {
      const { shapes, values, dims } = setup(d);
      const e = parse(src.replace("I(n)", `I(${d.n})`));
      const tc = tidyContext(shapes);
      const want = evaluatePadded(e, values, dims);
      const simplified: Expr = simplifyExpr(e, tc);
      const got = evaluatePadded(simplified, values, dims);
      // a zero is written 0 at the top, whatever its shape
      if (!(simplified.op === "num" && simplified.value === 0))
        assert.ok(close(got, want), `${src} simplified to a different value`);
      assert.ok(close(evaluatePadded(tidy(e, tc), values, dims), want), `${src} tidied to a different value`);
      const fast = treeEvaluator(values, dims, undefined, ["x"]);
      assert.ok(close(fast(e, { x: values.x }), want), `${src}: the fast evaluation differs`);
      return true;
    }),
    { numRuns: 150 },
  );
});
