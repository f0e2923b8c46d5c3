/**
 * LaTeX that KaTeX accepts can still be broken: a command written with one backslash in a
 * TypeScript string loses it ("\operatorname" is "operatorname", "\frac" a form feed and "rac",
 * "\right" a carriage return and "ight"), and KaTeX prints the letters. Every form and every step
 * of every op's examples and of tensor expressions is checked for control characters and for
 * command names without their backslash, and rendered by KaTeX.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import { SYMBOLIC_OPS, derive, catalogue, deriveEntry } from "../../src";
import type { Derivation } from "../../src";

const COMMANDS =
  /(^|[^\\a-zA-Z])(operatorname|frac|partial|left|right|mathrm|mathbb|mathbf|delta|otimes|circ|texttt|implies|quad|cdot)(?![a-zA-Z])/;

/** What is wrong with a LaTeX string, or undefined. */
export function latexProblem(s: string): string | undefined {
  if (/[\u0000-\u0008\u000b-\u001f]/.test(s)) return "a control character (a lost backslash: \\f, \\r, \\b, \\v)";
  const m = COMMANDS.exec(s.replace(/\\text\{[^}]*\}/g, ""));
  if (m) return `"${m[2]}" without its backslash`;
  try {
    katex.renderToString(s, { throwOnError: true, strict: false });
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

function check(label: string, d: Derivation): number {
  let n = 0;
  const one = (what: string, s: string): void => {
    const p = latexProblem(s);
    assert.equal(p, undefined, `${label} ${what}: ${p}\n${s}`);
    n++;
  };
  one("expression", d.exprLatex);
  for (const f of d.forms) one(`form ${f.name}`, f.latex);
  for (const r of d.stepRoutes()) {
    if (r.reason !== undefined) continue;
    const st = d.steps(r.route);
    for (const s of st.steps) {
      one(`steps ${r.route} ${s.rule}`, s.latex);
      one(`steps ${r.route} ${s.rule} statement`, s.statement.latex);
    }
  }
  return n;
}

test("the latex sanity check catches a lost backslash", () => {
  assert.ok(latexProblem("\\operatorname{mean}(x)") === undefined);
  assert.ok(latexProblem("operatorname{mean}(x)") !== undefined);
  assert.ok(latexProblem("\frac{a}{b}") !== undefined);
  assert.ok(latexProblem("\\left(x\right)") !== undefined);
  assert.ok(latexProblem("\\text{left as is}") === undefined);
});

test("every op example's forms and steps have well-formed LaTeX", () => {
  let n = 0;
  for (const def of SYMBOLIC_OPS)
    for (const ex of def.examples) n += check(`${def.op}: ${ex.expr}`, derive(ex.expr, ex.wrt, ex.shapes));
  assert.ok(n > 500, `${n} strings checked`);
});

test("tensor expressions' forms and index steps have well-formed LaTeX", () => {
  const cases: [string, string, Record<string, string[]>][] = [
    [
      'sum((T - einsum("ir,jr,kr->ijk", A, B, C)) .^ 2)',
      "A",
      { T: ["i", "j", "k"], A: ["i", "r"], B: ["j", "r"], C: ["k", "r"] },
    ],
    ["sum(T[i,j,k] * x[i] * y[j] * z[k])", "T", { T: ["i", "j", "k"], x: ["i"], y: ["j"], z: ["k"] }],
    ["sum(softmax(X, 2) .* Y)", "X", { X: ["m", "n"], Y: ["m", "n"] }],
  ];
  for (const [e, w, s] of cases) {
    const d = derive(e, w, s);
    check(e, d);
    for (const st of d.steps("index").steps) assert.equal(latexProblem(st.latex), undefined, `${e} index ${st.rule}`);
  }
});

test("a symmetric variable's forms (the independent entries) have well-formed LaTeX", () => {
  check("tr(A X), X symmetric", derive("tr(A * X)", "X", { X: ["n", "n"] }, { symmetric: ["X"] }));
  check("A X, X symmetric", derive("A * X", "X", { A: ["m", "n"], X: ["n", "n"] }, { symmetric: ["X"] }));
});

test("every catalogue row's forms have well-formed LaTeX", () => {
  for (const entry of catalogue) {
    const d = deriveEntry(entry);
    for (const f of d.forms) assert.equal(latexProblem(f.latex), undefined, `${entry.id} ${f.name}: ${f.latex}`);
  }
});
