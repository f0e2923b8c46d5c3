/**
 * Elementwise functions f(U), applied entry by entry: exp, log, sin, cos, tanh, sqrt, and
 * the reciprocal (which appears in derivatives of log and sqrt). Each is defined here with
 * its derivative f'(U) written as index factors: d f(U) = f'(U) ∘ dU.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { cos, exp, log, pow, sin, sqrt, tanh } from "../../ops/index";
import { type Expr, type UnaryExpr, type UnaryOp, unary } from "../expr";
import { type Factor, leaf, one, product, type Term } from "../indexterms";
import { paren } from "../notation";
import { defineOp, type Printer, type SymOpDef, type Traits } from "../opdef";

type Fn = "exp" | "log" | "sin" | "cos" | "tanh" | "sqrt" | "recip";

interface Spec<O extends Fn> {
  readonly op: O;
  readonly help: { readonly usage: string; readonly meaning: string };
  readonly names: readonly string[];
  readonly latex: (arg: string) => string;
  readonly text?: (e: UnaryExpr<O>, p: Printer) => string;
  readonly numeric: (t: Tensor) => Tensor;
  readonly domain?: Traits["domain"];
  /** Sample uses (see {@link SymOpDef.examples}). */
  readonly examples: SymOpDef["examples"];
  /**
   * f'(U) at the indices [a, b] of the node `e` = f(U): a sum of terms of factors (the
   * engine multiplies by dU).
   */
  readonly derivative: (e: UnaryExpr<O>, u: Expr, at: (x: Expr) => Factor) => Term[];
}

function elementwise<O extends Fn>(spec: Spec<O>): SymOpDef<O> {
  return defineOp<O>({
    op: spec.op,
    arity: 1,
    help: spec.help,
    syntax: spec.names.length > 0 ? [{ kind: "call", names: spec.names }] : [],
    traits: { elementwise: true, ...(spec.domain ? { domain: spec.domain } : {}) },
    examples: spec.examples,
    shape: (_s, _e, [sa]) => sa,
    diff: (ix, e, idx) => {
      const u = e.args[0];
      const at = (x: Expr): Factor => leaf(x, idx);
      return product(spec.derivative(e as UnaryExpr<O>, u, at), ix.diff(u, idx));
    },
    print: {
      source: (e, p) => `${spec.op}(${p(e.args[0])})`,
      text: (e, p) => (spec.text ? spec.text(e as UnaryExpr<O>, p) : `${spec.op}(${p(e.args[0])})`),
      latex: (e, p) => spec.latex(p(e.args[0])),
    },
    evaluate: ([a]) => spec.numeric(a),
    transpose: (e, tr) => unary(e.op as UnaryOp, tr(e.args[0])),
  } as SymOpDef<O>);
}

const fnLatex = (command: string) => (arg: string) => `${command}${paren(arg)}`;
const recip = (x: Expr): Expr => unary("recip", x);

export const expOp = elementwise({
  op: "exp",
  help: { usage: "exp(A)", meaning: "entrywise eˣ" },
  names: ["exp"],
  latex: fnLatex("\\exp"),
  numeric: exp,
  examples: [{ expr: "tr(B * exp(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
  derivative: (e, _u, at) => [one([at(e)])],
});

export const logOp = elementwise({
  op: "log",
  help: { usage: "log(A)", meaning: "entrywise natural logarithm" },
  names: ["log"],
  latex: fnLatex("\\log"),
  numeric: log,
  domain: ["positive"],
  examples: [{ expr: "tr(B * log(X))", wrt: "X", shapes: { X: [2, 3], B: [3, 2] } }],
  derivative: (_e, u, at) => [one([at(recip(u))])],
});

export const sinOp = elementwise({
  op: "sin",
  help: { usage: "sin(A)", meaning: "entrywise sine" },
  names: ["sin"],
  latex: fnLatex("\\sin"),
  numeric: sin,
  examples: [{ expr: "tr(B * sin(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
  derivative: (_e, u, at) => [one([at(unary("cos", u))])],
});

export const cosOp = elementwise({
  op: "cos",
  help: { usage: "cos(A)", meaning: "entrywise cosine" },
  names: ["cos"],
  latex: fnLatex("\\cos"),
  numeric: cos,
  examples: [{ expr: "tr(B * cos(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
  derivative: (_e, u, at) => [one([at(unary("sin", u))], -1)],
});

export const tanhOp = elementwise({
  op: "tanh",
  help: { usage: "tanh(A)", meaning: "entrywise hyperbolic tangent" },
  names: ["tanh"],
  latex: fnLatex("\\tanh"),
  numeric: tanh,
  // 1 − f(U) ∘ f(U)
  examples: [{ expr: "tr(B * tanh(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
  derivative: (e, _u, at) => [one([]), one([at(e), at(e)], -1)],
});

export const sqrtOp = elementwise({
  op: "sqrt",
  help: { usage: "sqrt(A)", meaning: "entrywise square root" },
  names: ["sqrt"],
  latex: (arg) => `\\sqrt{${arg}}`,
  numeric: sqrt,
  domain: ["positive"],
  examples: [{ expr: "tr(B * sqrt(X))", wrt: "X", shapes: { X: [2, 3], B: [3, 2] } }],
  derivative: (e, _u, at) => [one([at(recip(e))], 0.5)],
});

export const recipOp = elementwise({
  op: "recip",
  help: { usage: "recip(A)", meaning: "entrywise reciprocal 1/x" },
  names: ["recip"],
  latex: (arg) => `{${paren(arg)}}^{\\circ -1}`,
  text: (e, p) => `${p.wrap(e.args[0], 5)}^(∘−1)`,
  numeric: (t) => pow(t, -1),
  examples: [{ expr: "tr(B * recip(X))", wrt: "X", shapes: { X: [2, 3], B: [3, 2] } }],
  derivative: (e, _u, at) => [one([at(e), at(e)], -1)],
});
