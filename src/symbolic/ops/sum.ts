/**
 * sum(X): the sum of all entries, Σ_ab X_ab (a scalar). Linear: its index rule is all the
 * engine needs to differentiate it (∂ sum(X)/∂X is the matrix of ones).
 * @packageDocumentation
 */
import { reshape, sum } from "../../ops/index";
import { delta, one, product } from "../indexterms";
import { callPrint } from "../notation";
import { fn } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";
import { zeroOfLinear } from "./common";

export const sumOp = defineOp({
  op: "sum",
  arity: 1,
  emit: (s, e) => s.call("sum", s.value(e.args[0])),
  differential: rule("linearity of the sum", fn("sum", X), fn("sum", dX)),
  help: { usage: "sum(X)", meaning: "the sum of all entries" },
  syntax: [{ kind: "call", names: ["sum"] }],
  traits: { polynomial: true, scalar: true },
  shape: (s, _e, [sa]) => {
    if (sa.length > 2) s.clash("sum", "sum takes a scalar, vector or matrix");
    return [];
  },
  index: (ix, e, out) => {
    const [m, n] = ix.padded(e.args[0]);
    return product(ix.toIndex(e.args[0], [ix.fresh(m), ix.fresh(n)]), [one([delta(out[0], out[1])])]);
  },
  examples: [
    { expr: "sum(exp(X))", wrt: "X", shapes: { X: [2, 3] } },
    { expr: "sum(A * x)", wrt: "x", shapes: { A: [3, 2], x: [2] } },
  ],
  print: callPrint("sum", "\\operatorname{sum}"),
  prune: zeroOfLinear,
  evaluate: ([a]) => reshape(sum(a), [1, 1]),
  transpose: (e) => e,
});
