/**
 * Operations along one axis: `sum(X, k)`, `mean(X, k)`, `softmax(X, k)`, `logsumexp(X, k)` and
 * `norm2(X, k)`. The axis k counts from 1, as in MATLAB and matrixcalculus.org: `sum(X, 2)` sums
 * each row and `softmax(X, 2)` normalises each row. The reductions keep the axis with size 1
 * (`sum(X, 2)` of an m×n matrix is an m×1 column), so that `X − logsumexp(X, 2)` broadcasts it
 * back along the rows. The node keeps the axis counted from 0 (`AxisExpr.axis`), as numpy does.
 *
 * Along the axis, each slice is the vector op: d softmax = s ∘ (dX − sum(s ∘ dX, k)),
 * d logsumexp = sum(softmax ∘ dX, k), d norm2 = sum(X ∘ dX, k) ⊘ norm2(X, k).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { divide, hadamard, logsumexp, reshape, softmax, sqrt, sum } from "../../ops/index";
import { type AxisExpr, type AxisOp, along, divE, type Expr, hadE, sizeE, subE, unary } from "../expr";
import { leaf, one, product, scaled, type Term } from "../indexterms";
import { arg } from "../emit";
import { paren } from "../notation";
import { defineOp, type DimTerm, type IndexScope, type Printer, type ShapeScope } from "../opdef";
import { rule, X, dX } from "./rule";

/** The shape along an axis: `keep` the axis with size 1 (a reduction) or the operand's shape. */
function alongShape(s: ShapeScope, e: AxisExpr, what: string, sa: readonly DimTerm[], reduce: boolean): DimTerm[] {
  const p = sa.length <= 2 ? s.pad(sa) : [...sa];
  if (e.axis >= p.length)
    s.clash(
      `${what}(…, ${e.axis + 1})`,
      `axis ${e.axis + 1} is out of range: the operand has ${p.length} axes (1: down each column, 2: along each row${p.length > 2 ? ", …" : ""})`,
    );
  if (!reduce || sa.length === 0) return [...sa];
  // a vector is a column: along axis 1 it reduces to a scalar, along axis 2 each entry is its own slice
  if (sa.length === 1) return e.axis === 0 ? [] : [...sa];
  return p.map((d, i) => (i === e.axis ? s.one : d));
}

/** The indices `idx` with the axis replaced by a fresh summation index (running along the slice). */
function alongIndices(ix: IndexScope, e: AxisExpr, idx: readonly string[]): string[] {
  const n = ix.padded(e.args[0])[e.axis];
  const c = ix.fresh(n);
  return idx.map((o, i) => (i === e.axis ? c : o));
}

/** The value with the reduced axis kept, size 1 (padded values keep their two axes). */
function keep(t: Tensor, a: Tensor, axis: number): Tensor {
  return reshape(
    t,
    a.shape.map((d, i) => (i === axis ? 1 : d)),
  );
}

/** `name(X, k)` in source and text, `\operatorname{name}(X, k)` in LaTeX. */
function alongPrint(name: string) {
  const latexName = `\\operatorname{${name}}`;
  return {
    source: (e: AxisExpr, p: Printer): string => `${name}(${p(e.args[0])}, ${e.axis + 1})`,
    text: (e: AxisExpr, p: Printer): string => `${name}(${p(e.args[0])}, ${e.axis + 1})`,
    latex: (e: AxisExpr, p: Printer): string => `${latexName}${paren(`${p(e.args[0])}, ${e.axis + 1}`)}`,
  };
}

const alongOf =
  (op: AxisOp) =>
  (a: Expr, e: AxisExpr): Expr =>
    along(op, a, e.axis);

export const sumAlongOp = defineOp({
  op: "sumAlong",
  arity: 1,
  emit: (s, e) => s.call("sumAlong", s.value(e.args[0]), arg.num(e.axis), arg.bool(false)),
  differential: (e) => rule("linearity of the sum", alongOf("sumAlong")(X, e), alongOf("sumAlong")(dX, e)),
  help: { usage: "sum(X, k)", meaning: "the sums along axis k (k = 2: of each row, an m×1 column)" },
  syntax: [{ kind: "axis", names: ["sum"] }],
  traits: { polynomial: true },
  shape: (s, e, [sa]) => alongShape(s, e, "sum", sa, true),
  index: (ix, e, out) => ix.toIndex(e.args[0], alongIndices(ix, e, out)),
  examples: [
    { expr: "sum(X .* X, 2)", wrt: "X", shapes: { X: [2, 3] } },
    { expr: "sum(A * X, 1)", wrt: "X", shapes: { A: [4, 2], X: [2, 3] } },
    { expr: "sum(exp(X - sum(X, 2)))", wrt: "X", shapes: { X: [3, 2] } },
  ],
  print: alongPrint("sum"),
  evaluate: ([a], e) => keep(sum(a, [e.axis]), a, e.axis),
});

export const meanAlongOp = defineOp({
  op: "meanAlong",
  arity: 1,
  emit: (s, e) => s.call("sumAlong", s.value(e.args[0]), arg.num(e.axis), arg.bool(true)),
  differential: (e) => rule("linearity of the mean", alongOf("meanAlong")(X, e), alongOf("meanAlong")(dX, e)),
  help: { usage: "mean(X, k)", meaning: "the means along axis k (k = 1: of each column, a 1×n row)" },
  syntax: [{ kind: "axis", names: ["mean"] }],
  traits: {},
  shape: (s, e, [sa]) => alongShape(s, e, "mean", sa, true),
  index: (ix, e, out): Term[] => {
    const n = ix.padded(e.args[0])[e.axis];
    const terms = ix.toIndex(e.args[0], alongIndices(ix, e, out));
    if (typeof n === "number") return scaled(terms, 1 / n);
    return product([one([leaf(unary("recip", sizeE(n)), [ix.fresh(1), ix.fresh(1)])])], terms);
  },
  examples: [
    { expr: "sum(exp(mean(X, 2)))", wrt: "X", shapes: { X: [3, 2] } },
    { expr: "sum((X - mean(X, 1)) .^ 2)", wrt: "X", shapes: { X: [4, 3] } },
  ],
  print: alongPrint("mean"),
  evaluate: ([a], e) => keep(divide(sum(a, [e.axis]), a.shape[e.axis]), a, e.axis),
});

export const softmaxAlongOp = defineOp({
  op: "softmaxAlong",
  arity: 1,
  emit: (s, e) => s.call("softmaxAlong", s.value(e.args[0]), arg.num(e.axis)),
  differential: (e) => {
    const S = alongOf("softmaxAlong")(X, e);
    return rule("softmax", S, hadE(S, subE(dX, alongOf("sumAlong")(hadE(S, dX), e))));
  },
  help: { usage: "softmax(X, k)", meaning: "softmax along axis k (k = 2: each row sums to 1; stable)" },
  syntax: [{ kind: "axis", names: ["softmax"] }],
  traits: {},
  shape: (s, e, [sa]) => alongShape(s, e, "softmax", sa, false),
  diff: (ix, e, idx) => {
    const u = e.args[0];
    const j = alongIndices(ix, e, idx);
    // s_ab du_ab − s_ab Σ_c s_ac du_ac (along axis 2)
    return [
      ...product([one([leaf(e, idx)])], ix.diff(u, idx)),
      ...product([one([leaf(e, idx), leaf(e, j)], -1)], ix.diff(u, j)),
    ];
  },
  examples: [
    { expr: "-sum(Y .* log(softmax(X * W, 2)))", wrt: "W", shapes: { X: [4, 3], W: [3, 2], Y: [4, 2] } },
    { expr: "sum(softmax(A * X, 1) .* B)", wrt: "X", shapes: { A: [3, 2], X: [2, 4], B: [3, 4] } },
  ],
  print: alongPrint("softmax"),
  evaluate: ([a], e) => softmax(a, e.axis),
});

export const logsumexpAlongOp = defineOp({
  op: "logsumexpAlong",
  arity: 1,
  emit: (s, e) => s.call("logsumexpAlong", s.value(e.args[0]), arg.num(e.axis)),
  differential: (e) =>
    rule(
      "log-sum-exp",
      alongOf("logsumexpAlong")(X, e),
      alongOf("sumAlong")(hadE(alongOf("softmaxAlong")(X, e), dX), e),
    ),
  help: { usage: "logsumexp(X, k)", meaning: "log(sum(exp(X), k)) along axis k, size 1 along it (stable)" },
  syntax: [{ kind: "axis", names: ["logsumexp"] }],
  traits: {},
  shape: (s, e, [sa]) => alongShape(s, e, "logsumexp", sa, true),
  diff: (ix, e, idx) => {
    const u = e.args[0];
    const j = alongIndices(ix, e, idx);
    return product([one([leaf(along("softmaxAlong", u, e.axis), j)])], ix.diff(u, j));
  },
  examples: [
    { expr: "sum(logsumexp(X * W, 2))", wrt: "W", shapes: { X: [4, 3], W: [3, 2] } },
    { expr: "sum(X - logsumexp(X, 1))", wrt: "X", shapes: { X: [3, 2] } },
  ],
  print: alongPrint("logsumexp"),
  evaluate: ([a], e) => keep(logsumexp(a, e.axis), a, e.axis),
});

export const norm2AlongOp = defineOp({
  op: "norm2Along",
  arity: 1,
  emit: (s, e) => s.call("norm2Along", s.value(e.args[0]), arg.num(e.axis)),
  differential: (e) =>
    rule(
      "norm rule",
      alongOf("norm2Along")(X, e),
      divE(alongOf("sumAlong")(hadE(X, dX), e), alongOf("norm2Along")(X, e)),
    ),
  help: { usage: "norm2(X, k)", meaning: "the Euclidean norms along axis k (k = 1: of each column)" },
  syntax: [{ kind: "axis", names: ["norm2"] }],
  traits: { domain: ["nonzero"] },
  shape: (s, e, [sa]) => alongShape(s, e, "norm2", sa, true),
  diff: (ix, e, idx) => {
    const u = e.args[0];
    const j = alongIndices(ix, e, idx);
    return product([one([leaf(unary("recip", e), idx), leaf(u, j)])], ix.diff(u, j));
  },
  examples: [
    { expr: "sum(norm2(X, 1))", wrt: "X", shapes: { X: [3, 2] } },
    { expr: "sum(norm2(A * X, 2))", wrt: "X", shapes: { A: [4, 3], X: [3, 2] } },
  ],
  print: alongPrint("norm2"),
  evaluate: ([a], e) => keep(sqrt(sum(hadamard(a, a), [e.axis])), a, e.axis),
});
