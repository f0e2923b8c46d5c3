/**
 * The adjugate adj(A) of a square matrix (the transposed cofactor matrix: adj(A)·A = det(A)·I),
 * the matrix in Jacobi's formula d det(U) = tr(adj(U) dU). Where U is invertible adj(U) =
 * det(U)·U⁻¹, so d adj(U) = tr(adj(U) dU)·U⁻¹ − det(U)·U⁻¹ dU U⁻¹ (the rule needs an
 * invertible U; the value does not).
 * @packageDocumentation
 */
import { adjugate } from "../../linalg/index";
import { invE, mulE, subE, trE, unary } from "../expr";
import { rule, X, dX } from "./rule";
import { leaf, one, product } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp } from "../opdef";
import { samePadded, squareShape } from "./common";

export const adjOp = defineOp({
  op: "adj",
  arity: 1,
  // generated code computes det(A)·A⁻¹ (an invertible A)
  differential: rule(
    "derivative of the adjugate",
    unary("adj", X),
    subE(mulE(trE(mulE(unary("adj", X), dX)), invE(X)), mulE(unary("det", X), invE(X), dX, invE(X))),
  ),
  emit: (s, e) => s.call("adj", s.value(e.args[0])),
  help: { usage: "adj(A)", meaning: "adjugate (transposed cofactor matrix, det(A)·A⁻¹ when invertible)" },
  syntax: [{ kind: "call", names: ["adj"] }],
  traits: { domain: ["invertible"] },
  shape: (s, _e, [sa]) => squareShape(s, "adj", sa),
  diff: (ix, e, [a, b]) => {
    const u = e.args[0];
    const [n] = ix.padded(u);
    const [c, d, f, g] = [ix.fresh(n), ix.fresh(n), ix.fresh(n), ix.fresh(n)];
    const inv = invE(u);
    const det = unary("det", u);
    // tr(adj(U) dU) (U⁻¹)_ab − det(U) (U⁻¹)_ac dU_cd (U⁻¹)_db
    const first = product([one([leaf(inv, [a, b]), leaf(e, [d, c])])], ix.diff(u, [c, d]));
    const [o1, o2] = [ix.fresh(1), ix.fresh(1)];
    const second = product(
      [one([leaf(det, [o1, o2]), leaf(inv, [a, f])], -1)],
      product(ix.diff(u, [f, g]), [one([leaf(inv, [g, b])])]),
    );
    return [...first, ...second];
  },
  examples: [{ expr: "tr(A * adj(X))", wrt: "X", shapes: { X: [3, 3], A: [3, 3] } }],
  print: callPrint("adj", "\\operatorname{adj}"),
  evaluate: ([a]) => adjugate(a),
  transpose: (e) => (e.args[0].op === "T" ? unary("adj", e.args[0].args[0]) : undefined),
  matrixShape: samePadded,
  symmetry: { asOperand: true },
  // adj(M) / det(M) = M⁻¹ in a product
  simplify: { quotient: (e) => ({ divisor: unary("det", e.args[0]), result: invE(e.args[0]) }) },
});
