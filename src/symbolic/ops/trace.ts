/**
 * The trace tr(A) = Σ_s A_ss of a square matrix (`tr`, `trace`).
 * @packageDocumentation
 */
import { reshape, trace } from "../../ops/index";
import { delta, one, product } from "../indexterms";
import { callPrint } from "../notation";
import { trE } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";
import { squareShape, transposeInside, zeroOfLinear } from "./common";

export const traceOp = defineOp({
  op: "tr",
  arity: 1,
  emit: (s, e) => s.call("tr", s.value(e.args[0])),
  differential: rule("linearity of the trace", trE(X), trE(dX)),
  help: { usage: "tr(A), trace(A)", meaning: "trace" },
  syntax: [{ kind: "call", names: ["tr", "trace"] }],
  traits: { polynomial: true, scalar: true },
  shape: (s, _e, [sa]) => {
    squareShape(s, "tr", sa);
    return [];
  },
  index: (ix, e, out) => {
    const s = ix.fresh(ix.padded(e.args[0])[0]);
    return product(ix.toIndex(e.args[0], [s, s]), [one([delta(out[0], out[1])])]);
  },
  examples: [{ expr: "tr(A * X)", wrt: "X", shapes: { A: [3, 2], X: [2, 3] } }],
  print: callPrint("tr", "\\operatorname{tr}"),
  evaluate: ([a]) => reshape(trace(a), [1, 1]),
  transpose: (e) => e,
  // tr(Xᵀ) = tr(X); the trace of a scalar is the scalar
  prune: zeroOfLinear,
  simplify: { rewrites: [transposeInside, (e, s) => (s.isScalarShaped(e.args[0]) ? e.args[0] : undefined)] },
});
