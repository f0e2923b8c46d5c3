/**
 * Elementwise functions f(U), applied entry by entry: exp, log, sin, cos, tan, tanh, sqrt,
 * abs, sign, relu, sigmoid, softplus, the reciprocal (which appears in derivatives of log and
 * sqrt) and the step function (the derivative of relu). At a kink (abs, relu at 0) the
 * derivative is the subgradient 0; sign and step have derivative 0. Each is defined here with
 * its derivative f'(U) written once, as a tree: d f(U) = f'(U) ∘ dU gives both the index terms
 * and the steps' differential rule.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import {
  abs,
  cos,
  exp,
  expm1,
  log,
  log1p,
  pow,
  relu,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  tan,
  tanh,
} from "../../ops/index";
import { addE, type Expr, hadE, mulE, negE, num, subE, type UnaryExpr, type UnaryOp, unary, withArgs } from "../expr";
import { leaf, one, product, scaled, type Term } from "../indexterms";
import { onesOn } from "./common";
import { paren } from "../notation";
import { arg, type EntrywiseCode } from "../emit";
import { ds, dX, rule, s as sv, scalarChain, withVariants, X } from "./rule";
import { defineOp, type IndexScope, type Printer, type SymOpDef, type Traits } from "../opdef";

interface Spec<O extends UnaryOp> {
  readonly op: O;
  readonly help: { readonly usage: string; readonly meaning: string };
  readonly names: readonly string[];
  readonly latex: (arg: string) => string;
  readonly text?: (e: UnaryExpr<O>, p: Printer) => string;
  readonly numeric: (t: Tensor) => Tensor;
  /** The code generator's emission in each language (see {@link EntrywiseCode}). */
  readonly code: EntrywiseCode;
  readonly domain?: Traits["domain"];
  /** Sample uses (see {@link SymOpDef.examples}). */
  readonly examples: SymOpDef["examples"];
  /**
   * f'(X) as a tree: the one derivative rule. The steps' differential d f(X) = f'(X) ∘ dX puts
   * the metavariable X in; the index terms put the operand U in and read the tree as entrywise
   * factors at the node's indices (numbers, sums, differences, negation, ∘, a number times a
   * term; any other node is one factor), times dU.
   */
  readonly prime: (x: Expr) => Expr;
  /**
   * A shorter chain for a special operand: d f(U) = factor ∘ d(through), e.g. log(1 + exp(V))
   * gives sigmoid(V) ∘ dV instead of (1 + exp(V))^(∘−1) ∘ exp(V) ∘ dV.
   */
  readonly special?: (ix: IndexScope, u: Expr, idx: readonly string[]) => Term[] | undefined;
  /** The simplifier's rules (see {@link SymOpDef.simplify}). */
  readonly simplify?: SymOpDef<O>["simplify"];
  /** The node as powers of scalars (see {@link SymOpDef.scalarPowers}). */
  readonly scalarPowers?: SymOpDef<O>["scalarPowers"];
}

/** An entrywise tree (f'(U)) as index terms at the indices `idx`. */
function entrywiseTerms(t: Expr, idx: readonly string[]): Term[] {
  const [a, b] = t.args as [Expr, Expr];
  switch (t.op) {
    case "num":
      return t.value === 0 ? [] : [one([], t.value)];
    case "add":
      return [...entrywiseTerms(a, idx), ...entrywiseTerms(b, idx)];
    case "sub":
      return [...entrywiseTerms(a, idx), ...scaled(entrywiseTerms(b, idx), -1)];
    case "neg":
      return scaled(entrywiseTerms(a, idx), -1);
    case "had":
      return product(entrywiseTerms(a, idx), entrywiseTerms(b, idx));
    case "mul":
      if (a.op === "num" || b.op === "num") return product(entrywiseTerms(a, idx), entrywiseTerms(b, idx));
      throw new Error("internal: a derivative of an elementwise op multiplies two matrices");
    default:
      return [one([leaf(t, idx)])];
  }
}

function elementwise<O extends UnaryOp>(spec: Spec<O>): SymOpDef<O> {
  return defineOp<O>({
    op: spec.op,
    arity: 1,
    emit: (s, e) => s.call("map", arg.str(spec.op), s.value(e.args[0])),
    code: spec.code,
    help: spec.help,
    syntax: spec.names.length > 0 ? [{ kind: "call", names: spec.names }] : [],
    traits: { elementwise: true, ...(spec.domain ? { domain: spec.domain } : {}) },
    examples: spec.examples,
    shape: (_s, _e, [sa]) => sa,
    differential: withVariants(rule(`chain rule (entrywise ${spec.op})`, unary(spec.op, X), hadE(spec.prime(X), dX)), {
      scalar: rule(`chain rule (${spec.op})`, unary(spec.op, sv), scalarChain(spec.prime(sv), ds), undefined, ["s"]),
    }),
    diff: (ix, e, idx) => {
      const u = e.args[0];
      const sp = spec.special?.(ix, u, idx);
      if (sp !== undefined) return sp;
      return product(entrywiseTerms(spec.prime(u), idx), ix.diff(u, idx));
    },
    print: {
      source: (e, p) => `${spec.op}(${p(e.args[0])})`,
      text: (e, p) => (spec.text ? spec.text(e as UnaryExpr<O>, p) : `${spec.op}(${p(e.args[0])})`),
      latex: (e, p) => spec.latex(p(e.args[0])),
    },
    evaluate: ([a]) => spec.numeric(a),
    transpose: (e, tr) => unary(e.op as UnaryOp, tr(e.args[0])),
    ...(spec.simplify ? { simplify: spec.simplify } : {}),
    ...(spec.scalarPowers ? { scalarPowers: spec.scalarPowers } : {}),
  } as SymOpDef<O>);
}

const fnLatex = (command: string) => (arg: string) => `${command}${paren(arg)}`;
const recip = (x: Expr): Expr => unary("recip", x);

export const expOp = elementwise({
  op: "exp",
  code: { js: "Math.exp", ts: { code: "exp", imports: ["exp"] }, numpy: { code: "np.exp" } },
  prime: (x) => unary("exp", x),
  help: { usage: "exp(A)", meaning: "entrywise eˣ" },
  names: ["exp"],
  latex: fnLatex("\\exp"),
  numeric: exp,
  examples: [{ expr: "tr(B * exp(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
});

/** `1 + exp(u)` (either order): then log of it is softplus(u), whose derivative is sigmoid(u). */
function onePlusExp(x: Expr): Expr | undefined {
  if (x.op !== "add") return undefined;
  const [a, b] = x.args;
  if (a.op === "num" && a.value === 1 && b.op === "exp") return b.args[0];
  if (b.op === "num" && b.value === 1 && a.op === "exp") return a.args[0];
  return undefined;
}

/** σ(V) when x is 1 − σ(V). */
function oneMinusSigmoid(x: Expr): Expr | undefined {
  if (x.op !== "sub") return undefined;
  const [a, b] = x.args;
  return a.op === "num" && a.value === 1 && b.op === "sigmoid" ? b : undefined;
}

export const logOp = elementwise({
  op: "log",
  code: { js: "Math.log", ts: { code: "log", imports: ["log"] }, numpy: { code: "np.log" } },
  prime: (x) => recip(x),
  help: { usage: "log(A)", meaning: "entrywise natural logarithm" },
  names: ["log"],
  latex: fnLatex("\\log"),
  numeric: log,
  domain: ["positive"],
  examples: [{ expr: "tr(B * log(X))", wrt: "X", shapes: { X: [2, 3], B: [3, 2] } }],
  // d log(U) = U^(∘−1) ∘ dU; written shorter for U = 1 + exp(V) (softplus: sigmoid(V) ∘ dV) and
  // for U = softmax(v) (d log softmax(v) = dv − 𝟏 softmax(v)ᵀ dv)
  special: (ix, u, idx) => {
    const v = onePlusExp(u);
    if (v !== undefined) return product([one([leaf(unary("sigmoid", v), idx)])], ix.diff(v, idx));
    // d log σ(V) = (1 − σ(V)) ∘ dV and d log(1 − σ(V)) = −σ(V) ∘ dV (the logistic loss's terms,
    // which then collect into Xᵀ(σ(Xw) − y) instead of σ^(∘−1) ∘ σ ∘ (1 − σ))
    if (u.op === "sigmoid") {
      const w = u.args[0];
      return product(entrywiseTerms(subE(num(1), u), idx), ix.diff(w, idx));
    }
    const s = oneMinusSigmoid(u);
    if (s !== undefined) return product(entrywiseTerms(negE(s), idx), ix.diff(s.args[0] as Expr, idx));
    if (u.op !== "softmax") return undefined;
    const w = u.args[0];
    const c = ix.fresh(ix.padded(w)[0]);
    const d = ix.fresh(1);
    // the second term is the same for every entry of the result: 𝟏 on its indices keeps them
    return [...ix.diff(w, idx), ...product([one([...onesOn(ix, idx), leaf(u, [c, d])], -1)], ix.diff(w, [c, d]))];
  },
});

export const sinOp = elementwise({
  op: "sin",
  code: { js: "Math.sin", ts: { code: "sin", imports: ["sin"] }, numpy: { code: "np.sin" } },
  prime: (x) => unary("cos", x),
  help: { usage: "sin(A)", meaning: "entrywise sine" },
  names: ["sin"],
  latex: fnLatex("\\sin"),
  numeric: sin,
  examples: [{ expr: "tr(B * sin(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
});

export const cosOp = elementwise({
  op: "cos",
  code: { js: "Math.cos", ts: { code: "cos", imports: ["cos"] }, numpy: { code: "np.cos" } },
  prime: (x) => negE(unary("sin", x)),
  help: { usage: "cos(A)", meaning: "entrywise cosine" },
  names: ["cos"],
  latex: fnLatex("\\cos"),
  numeric: cos,
  examples: [{ expr: "tr(B * cos(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
});

export const tanhOp = elementwise({
  op: "tanh",
  code: { js: "Math.tanh", ts: { code: "tanh", imports: ["tanh"] }, numpy: { code: "np.tanh" } },
  prime: (x) => subE(num(1), hadE(unary("tanh", x), unary("tanh", x))),
  help: { usage: "tanh(A)", meaning: "entrywise hyperbolic tangent" },
  names: ["tanh"],
  latex: fnLatex("\\tanh"),
  numeric: tanh,
  examples: [{ expr: "tr(B * tanh(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
});

export const sqrtOp = elementwise({
  op: "sqrt",
  code: { js: "Math.sqrt", ts: { code: "sqrt", imports: ["sqrt"] }, numpy: { code: "np.sqrt" } },
  prime: (x) => mulE(num(0.5), recip(unary("sqrt", x))),
  help: { usage: "sqrt(A)", meaning: "entrywise square root" },
  names: ["sqrt"],
  latex: (arg) => `\\sqrt{${arg}}`,
  numeric: sqrt,
  domain: ["positive"],
  examples: [{ expr: "tr(B * sqrt(X))", wrt: "X", shapes: { X: [2, 3], B: [3, 2] } }],
});

export const recipOp = elementwise({
  op: "recip",
  code: { js: "(x) => 1 / x", ts: { code: "(t) => pow(t, -1)", imports: ["pow"] }, numpy: { code: "lambda x: 1 / x" } },
  prime: (x) => negE(hadE(recip(x), recip(x))),
  help: { usage: "recip(A)", meaning: "entrywise reciprocal 1/x" },
  names: ["recip"],
  latex: (arg) => `{${paren(arg)}}^{\\circ -1}`,
  text: (e, p) => `${p.wrap(e.args[0], 5)}^(∘−1)`,
  numeric: (t) => pow(t, -1),
  examples: [{ expr: "tr(B * recip(X))", wrt: "X", shapes: { X: [2, 3], B: [3, 2] } }],
  scalarPowers: (e, of) => of(e.args[0]).map((p) => ({ ...p, exp: -p.exp })),
  simplify: {
    sumNeedsShape: true,
    asPower: (e) => ({ base: e.args[0], exp: -1 }),
    // the reciprocal of a scalar is its power −1
    sum: (s, e) => {
      const folded = s.fold(e);
      if (folded !== undefined) return s.sum(folded);
      const [a] = e.args;
      return s.isScalarShaped(a) ? [s.inverted(s.prod(a))] : [s.atom(withArgs(e, [s.simp(a)]))];
    },
  },
});

export const log1pOp = elementwise({
  op: "log1p",
  code: { js: "Math.log1p", ts: { code: "log1p", imports: ["log1p"] }, numpy: { code: "np.log1p" } },
  prime: (x) => recip(addE(num(1), x)),
  help: { usage: "log1p(A)", meaning: "entrywise log(1 + x), accurate for small x" },
  names: ["log1p"],
  latex: fnLatex("\\operatorname{log1p}"),
  numeric: log1p,
  domain: ["positive"],
  examples: [{ expr: "sum(log1p(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 4] } }],
});

export const expm1Op = elementwise({
  op: "expm1",
  code: { js: "Math.expm1", ts: { code: "expm1", imports: ["expm1"] }, numpy: { code: "np.expm1" } },
  prime: (x) => unary("exp", x),
  help: { usage: "expm1(A)", meaning: "entrywise exp(x) − 1, accurate for small x" },
  names: ["expm1"],
  latex: fnLatex("\\operatorname{expm1}"),
  numeric: expm1,
  examples: [{ expr: "tr(B * expm1(A * X))", wrt: "X", shapes: { A: [3, 2], X: [2, 3], B: [3, 3] } }],
});

export const tanOp = elementwise({
  op: "tan",
  code: { js: "Math.tan", ts: { code: "tan", imports: ["tan"] }, numpy: { code: "np.tan" } },
  prime: (x) => addE(num(1), hadE(unary("tan", x), unary("tan", x))),
  help: { usage: "tan(A)", meaning: "entrywise tangent" },
  names: ["tan"],
  latex: fnLatex("\\tan"),
  numeric: tan,
  examples: [{ expr: "sum(tan(A * x))", wrt: "x", shapes: { A: [3, 2], x: [2] } }],
});

export const absOp = elementwise({
  op: "abs",
  code: { js: "Math.abs", ts: { code: "abs", imports: ["abs"] }, numpy: { code: "np.abs" } },
  prime: (x) => unary("sign", x),
  help: { usage: "abs(A)", meaning: "entrywise absolute value (derivative sign, 0 at 0)" },
  names: ["abs"],
  latex: (arg) => `\\left|${arg}\\right|`,
  text: (e, p) => `|${p(e.args[0])}|`,
  numeric: abs,
  domain: ["nonzero"],
  examples: [{ expr: "sum(abs(A * x - b))", wrt: "x", shapes: { A: [3, 2], x: [2], b: [3] } }],
});

export const signOp = elementwise({
  op: "sign",
  code: { js: "_sign", ts: { code: "sign", imports: ["sign"] }, numpy: { code: "np.sign" } },
  prime: () => num(0),
  help: { usage: "sign(A)", meaning: "entrywise sign (derivative 0)" },
  names: ["sign"],
  latex: fnLatex("\\operatorname{sign}"),
  numeric: sign,
  domain: ["nonzero"],
  examples: [{ expr: "sign(x) .* x", wrt: "x", shapes: { x: [3] } }],
});

export const stepOp = elementwise({
  op: "step",
  code: {
    js: "_step",
    ts: { code: "(t) => sign(relu(t))", imports: ["sign", "relu"] },
    numpy: { code: "lambda x: np.where(x > 0, 1.0, np.where(np.isnan(x), np.nan, 0.0))" },
  },
  prime: () => num(0),
  help: { usage: "step(A)", meaning: "entrywise step: 1 where positive, 0 elsewhere (the derivative of relu)" },
  names: ["step"],
  latex: fnLatex("\\operatorname{step}"),
  numeric: (t) => sign(relu(t)),
  domain: ["nonzero"],
  examples: [{ expr: "step(x) .* x", wrt: "x", shapes: { x: [3] } }],
});

export const reluOp = elementwise({
  op: "relu",
  code: {
    js: "_relu",
    ts: { code: "relu", imports: ["relu"] },
    numpy: { code: "lambda x: np.where(x > 0, x, np.where(np.isnan(x), np.nan, 0.0))" },
  },
  prime: (x) => unary("step", x),
  help: { usage: "relu(A)", meaning: "entrywise max(x, 0) (derivative step(x), 0 at 0)" },
  names: ["relu"],
  latex: fnLatex("\\operatorname{relu}"),
  numeric: relu,
  domain: ["nonzero"],
  examples: [{ expr: "v' * relu(W * x)", wrt: "W", shapes: { v: [3], W: [3, 2], x: [2] } }],
});

export const sigmoidOp = elementwise({
  op: "sigmoid",
  code: {
    js: "_sigmoid",
    ts: { code: "sigmoid", imports: ["sigmoid"] },
    numpy: {
      code: "_sigmoid",
      def: "def _sigmoid(x):\n    e = np.exp(-np.abs(x))\n    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
    },
  },
  prime: (x) => hadE(unary("sigmoid", x), subE(num(1), unary("sigmoid", x))),
  help: { usage: "sigmoid(A)", meaning: "entrywise 1 / (1 + exp(−x))" },
  names: ["sigmoid"],
  latex: fnLatex("\\sigma"),
  numeric: sigmoid,
  examples: [{ expr: "sum(sigmoid(X * w))", wrt: "w", shapes: { X: [4, 2], w: [2] } }],
});

export const softplusOp = elementwise({
  op: "softplus",
  code: {
    js: "_softplus",
    ts: { code: "softplus", imports: ["softplus"] },
    numpy: { code: "lambda x: np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))" },
  },
  prime: (x) => unary("sigmoid", x),
  help: { usage: "softplus(A)", meaning: "entrywise log(1 + exp(x)) (stable)" },
  names: ["softplus"],
  latex: fnLatex("\\operatorname{softplus}"),
  numeric: softplus,
  examples: [{ expr: "sum(softplus(X * w))", wrt: "w", shapes: { X: [4, 2], w: [2] } }],
});
