/**
 * sum(X): the sum of all entries, Σ_ab X_ab (a scalar), and mean(X) = sum(X)/(mn). Linear: their
 * index rules are all the engine needs to differentiate them (∂ sum(X)/∂X is the matrix of ones).
 * @packageDocumentation
 */
import { divide, reshape, sum } from "../../ops/index";
import { delta, leaf, one, product, scaled, type Term } from "../indexterms";
import { callPrint } from "../notation";
import { type Expr, fn, sizeE, unary } from "../expr";
import { arg } from "../emit";
import { defineOp, type IndexScope } from "../opdef";
import { rule, X, dX } from "./rule";
import { zeroOfLinear } from "./common";

/** Σ_ab X_ab (over every axis) on the 1×1 indices `out`, times 1/m for each size m in `per` (numbers or named). */
function sumIndex(ix: IndexScope, x: Expr, out: readonly string[], per: readonly (number | string)[]): Term[] {
  const summed = ix.padded(x).map((d) => ix.fresh(d));
  let terms = product(ix.toIndex(x, summed), [one([delta(out[0], out[1])])]);
  for (const d of per)
    terms =
      typeof d === "number"
        ? scaled(terms, 1 / d)
        : product([one([leaf(unary("recip", sizeE(d)), [ix.fresh(1), ix.fresh(1)])])], terms);
  return terms;
}

export const sumOp = defineOp({
  op: "sum",
  arity: 1,
  emit: (s, e) => s.call("sum", s.value(e.args[0])),
  differential: rule("linearity of the sum", fn("sum", X), fn("sum", dX)),
  help: { usage: "sum(X)", meaning: "the sum of all entries" },
  syntax: [{ kind: "call", names: ["sum"] }],
  traits: { polynomial: true, scalar: true },
  shape: () => [],
  index: (ix, e, out) => sumIndex(ix, e.args[0], out, []),
  examples: [
    { expr: "sum(exp(X))", wrt: "X", shapes: { X: [2, 3] } },
    { expr: "sum(A * x)", wrt: "x", shapes: { A: [3, 2], x: [2] } },
  ],
  print: callPrint("sum", "\\operatorname{sum}"),
  prune: zeroOfLinear,
  evaluate: ([a]) => reshape(sum(a), [1, 1]),
  transpose: (e) => e,
});

export const meanOp = defineOp({
  op: "mean",
  arity: 1,
  emit: (s, e) => {
    const shape = s.shapeOf(e.args[0]);
    if (shape === undefined) return s.unsupported("mean(X) needs the shape of X");
    let v = s.call("sum", s.value(e.args[0]));
    for (const d of shape) if (d !== 1) v = s.call("div", v, s.call("const", arg.size(d)));
    return v;
  },
  differential: rule("linearity of the mean", fn("mean", X), fn("mean", dX)),
  help: { usage: "mean(X)", meaning: "the mean of all entries (mean(X, k): along axis k)" },
  syntax: [{ kind: "call", names: ["mean"] }],
  traits: { scalar: true, meanOfAll: true },
  shape: () => [],
  index: (ix, e, out) =>
    sumIndex(
      ix,
      e.args[0],
      out,
      ix.padded(e.args[0]).filter((d) => d !== 1),
    ),
  examples: [
    { expr: "sum((x - mean(x)) .^ 2)", wrt: "x", shapes: { x: [4] } },
    { expr: "mean(exp(X))", wrt: "X", shapes: { X: [2, 3] } },
  ],
  print: callPrint("mean", "\\operatorname{mean}"),
  evaluate: ([a]) => reshape(divide(sum(a), a.size), [1, 1]),
  transpose: (e) => e,
});
