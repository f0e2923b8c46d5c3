/**
 * log1p and expm1 end to end: the numeric op (accurate near 0, differentiable), the symbolic op
 * (parsed, derived in every form, verified against autodiff) and the generated JavaScript, which
 * agrees with the library on random values; over random rectangular sizes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  derive,
  exp,
  expm1,
  generate,
  grad,
  log,
  log1p,
  parse,
  exprToSource,
  rand,
  sum,
  tensor,
  type Tensor,
  verify,
} from "../../src/index";

type JsTensor = { shape: number[]; data: Float64Array };
const toJs = (t: Tensor): JsTensor => ({ shape: [...t.shape], data: Float64Array.from(t.data) });
const size = fc.integer({ min: 1, max: 4 });

test("log1p and expm1 keep the digits of a small x that log(1 + x) and exp(x) − 1 lose", () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-300, max: 1e-17, noNaN: true }), (x) => {
      const t = tensor([x, -x]);
      assert.deepEqual([...log1p(t).data], [Math.log1p(x), Math.log1p(-x)]);
      assert.deepEqual([...expm1(t).data], [Math.expm1(x), Math.expm1(-x)]);
      assert.ok(Math.abs(log1p(t).data[0] - x) <= 1e-16 * x); // log1p(x) = x − x²/2 + …
      assert.equal(log(tensor([1 + x])).data[0], 0); // where log(1 + x) has lost x
      assert.equal(exp(tensor([x])).data[0] - 1, 0);
    }),
    { numRuns: 50 },
  );
});

test("the gradients of sum(log1p(X)) and sum(expm1(X)) are 1 ⊘ (1 + X) and exp(X), on random rectangular X", () => {
  fc.assert(
    fc.property(size, size, fc.integer({ min: 1, max: 1e6 }), (m, n, seed) => {
      const X = rand([m, n], { seed });
      const g = grad((x) => sum(log1p(x)), X);
      const h = grad((x) => sum(expm1(x)), X);
      for (let i = 0; i < m * n; i++) {
        assert.ok(Math.abs(g.data[i] - 1 / (1 + X.data[i])) <= 1e-15);
        assert.equal(h.data[i], Math.exp(X.data[i]));
      }
    }),
    { numRuns: 20 },
  );
});

test("log1p and expm1 parse, print back, derive and verify in every form, on random rectangular sizes", () => {
  fc.assert(
    fc.property(size, size, size, fc.integer({ min: 1, max: 1e6 }), (m, n, p, seed) => {
      for (const src of ["sum(log1p(A * X))", "tr(B * expm1(A * X))", "sum(expm1(log1p(A * X)) .* C)"]) {
        const e = parse(src);
        assert.equal(exprToSource(parse(exprToSource(e))), exprToSource(e));
        const d = derive(src, "X", { A: [m, n], X: [n, p], B: [p, m], C: [m, p] });
        assert.ok(d.forms.length >= 2, `${src}: ${d.forms.length} forms`);
        const steps = d.steps();
        assert.ok(steps.ok, `${src}: the steps do not check numerically`);
        assert.ok(steps.steps.some((st) => /chain rule \((entrywise )?(log1p|expm1)\)/.test(st.rule)));
        const report = verify(d, { seed });
        assert.ok(report.ok, `${src} at ${JSON.stringify(report.dims)}: ${JSON.stringify(report.forms)}`);
      }
    }),
    { numRuns: 6 },
  );
});

test("generated JavaScript for log1p and expm1 agrees with the library on random values", () => {
  fc.assert(
    fc.property(size, size, size, fc.integer({ min: 1, max: 1e6 }), (m, n, p, seed) => {
      const d = derive("sum(log1p(A * X)) + tr(B * expm1(A * X))", "X", { A: [m, n], X: [n, p], B: [p, m] });
      const code = generate(d, { language: "js", what: "gradient" });
      assert.match(code.source, /Math\.log1p/);
      assert.match(code.source, /Math\.expm1/);
      const fAndG = new Function(`${code.source}; return fAndG;`)() as (a: unknown) => Record<string, unknown>;
      // A, X in [0, 1): 1 + AX > 0
      const values = {
        A: rand([m, n], { seed }),
        X: rand([n, p], { seed: seed + 1 }),
        B: rand([p, m], { seed: seed + 2 }),
      };
      const r = fAndG({ A: toJs(values.A), X: toJs(values.X), B: toJs(values.B) });
      const value = d.value(values);
      const f = (x: Tensor): Tensor => d.value({ ...values, X: x });
      const g = grad(f, values.X);
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b));
      assert.ok(close(r.value as number, value.data[0]), `value ${String(r.value)} vs ${value.data[0]}`);
      const gr = r.gradient as JsTensor;
      assert.deepEqual(gr.shape, [n, p]);
      for (let i = 0; i < n * p; i++) assert.ok(close(gr.data[i], g.data[i]), `gradient entry ${i}`);
    }),
    { numRuns: 10 },
  );
});
