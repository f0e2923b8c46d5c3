/**
 * The determinant det(A) of a square matrix. Jacobi's formula: d det(U) = det(U) tr(U⁻¹ dU).
 * @packageDocumentation
 */
import { det } from "../../linalg/index";
import { reshape } from "../../ops/index";
import { type Expr, invE, fn, mulE, trE } from "../expr";
import { type Factor, leaf, one, product, type Term } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp, type IndexScope } from "../opdef";
import { rule, X, dX } from "./rule";
import { squareShape } from "./common";

/** Jacobi's formula: `front` · tr(U⁻¹ dU) = front · (U⁻¹)_dc dU_cd (front: det(U) for det, 1 for logdet). */
export function jacobi(ix: IndexScope, u: Expr, front: Factor): Term[] {
  const [m] = ix.padded(u);
  const c = ix.fresh(m);
  const d = ix.fresh(m);
  return product([one([front, leaf(invE(u), [d, c])])], ix.diff(u, [c, d]));
}

export const detOp = defineOp({
  op: "det",
  arity: 1,
  differential: rule("Jacobi's formula", fn("det", X), mulE(fn("det", X), trE(mulE(invE(X), dX)))),
  help: { usage: "det(A)", meaning: "determinant" },
  syntax: [{ kind: "call", names: ["det"] }],
  traits: { scalar: true, domain: ["invertible"] },
  shape: (s, _e, [sa]) => {
    squareShape(s, "det", sa);
    return [];
  },
  diff: (ix, e, [a, b]) => jacobi(ix, e.args[0], leaf(e, [a, b])),
  examples: [{ expr: "det(X)", wrt: "X", shapes: { X: [3, 3] } }],
  print: callPrint("det", "\\det"),
  evaluate: ([a]) => reshape(det(a), [1, 1]),
  transpose: (e) => e,
});
