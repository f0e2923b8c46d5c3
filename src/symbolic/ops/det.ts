/**
 * The determinant det(A) of a square matrix. Jacobi's formula: d det(U) = tr(adj(U) dU)
 * (= det(U) tr(U⁻¹ dU) where U is invertible; the adjugate form holds at a singular U too).
 * @packageDocumentation
 */
import { det } from "../../linalg/index";
import { reshape } from "../../ops/index";
import { type Expr, invE, fn, mulE, trE, unary } from "../expr";
import { delta, type Factor, leaf, one, product, type Term } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp, type IndexScope } from "../opdef";
import { rule, X, dX } from "./rule";
import { squareShape, transposeInside } from "./common";

/**
 * Jacobi's formula: `front` · tr(M dU) = front · M_dc dU_cd, with M = U⁻¹ (log|det U|, front 1)
 * or M = adj(U) (det U, front 1).
 */
export function jacobi(ix: IndexScope, u: Expr, front: Factor | undefined, m: Expr = invE(u)): Term[] {
  const [n] = ix.padded(u);
  const c = ix.fresh(n);
  const d = ix.fresh(n);
  return product([one([...(front ? [front] : []), leaf(m, [d, c])])], ix.diff(u, [c, d]));
}

export const detOp = defineOp({
  op: "det",
  arity: 1,
  emit: (s, e) => s.call("det", s.value(e.args[0])),
  differential: rule("Jacobi's formula", fn("det", X), trE(mulE(unary("adj", X), dX))),
  help: { usage: "det(A)", meaning: "determinant" },
  syntax: [{ kind: "call", names: ["det"] }],
  traits: { scalar: true, domain: ["invertible"] },
  shape: (s, _e, [sa]) => {
    squareShape(s, "det", sa);
    return [];
  },
  // the indices a, b of the scalar are of size 1: δ_ab = 1
  diff: (ix, e, [a, b]) => jacobi(ix, e.args[0], delta(a, b), unary("adj", e.args[0])),
  examples: [{ expr: "det(X)", wrt: "X", shapes: { X: [3, 3] } }],
  print: callPrint("det", "\\det"),
  evaluate: ([a]) => reshape(det(a), [1, 1]),
  transpose: (e) => e,
  simplify: { rewrites: [transposeInside] },
});
