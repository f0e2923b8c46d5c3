/**
 * The determinant det(A) of a square matrix. Jacobi's formula: d det(U) = det(U) tr(U⁻¹ dU).
 * @packageDocumentation
 */
import { det } from "../../linalg/index";
import { reshape } from "../../ops/index";
import { invE } from "../expr";
import { leaf, one, product } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp } from "../opdef";
import { squareShape } from "./common";

export const detOp = defineOp({
  op: "det",
  arity: 1,
  help: { usage: "det(A)", meaning: "determinant" },
  syntax: [{ kind: "call", names: ["det"] }],
  traits: { scalar: true, domain: ["invertible"] },
  shape: (s, _e, [sa]) => {
    squareShape(s, "det", sa);
    return [];
  },
  diff: (ix, e, [a, b]) => {
    const u = e.args[0];
    const [m] = ix.padded(u);
    const c = ix.fresh(m);
    const d = ix.fresh(m);
    return product([one([leaf(e, [a, b]), leaf(invE(u), [d, c])])], ix.diff(u, [c, d]));
  },
  examples: [{ expr: "det(X)", wrt: "X", shapes: { X: [3, 3] } }],
  print: callPrint("det", "\\det"),
  evaluate: ([a]) => reshape(det(a), [1, 1]),
  transpose: (e) => e,
});
