/**
 * The inverse A⁻¹ of a square matrix (`inv(A)`, `A^-1`, `A⁻¹`; `A^-T` for its transpose):
 * d(U⁻¹) = −U⁻¹ dU U⁻¹.
 * @packageDocumentation
 */
import { inv } from "../../linalg/index";
import { invTimes, timesInv } from "../../linalg/lufactors";
import { binary, invE, negE, mulE, num } from "../expr";
import { leaf, one, product } from "../indexterms";
import { latexSup } from "../notation";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";
import { samePadded, squareShape } from "./common";

export const invOp = defineOp({
  op: "inv",
  arity: 1,
  emit: (s, e) => s.call("inv", s.value(e.args[0])),
  differential: rule("inverse rule", invE(X), negE(mulE(invE(X), dX, invE(X)))),
  help: { usage: "inv(A), A^-1, A⁻¹, A^-T", meaning: "inverse (and its transpose)" },
  syntax: [
    { kind: "call", names: ["inv"] },
    { kind: "postfix", tokens: ["⁻¹"] },
  ],
  traits: { domain: ["invertible"] },
  // the inverse of a scalar (xᵀAx)⁻¹ is the scalar 1/s; of a matrix, a square matrix
  shape: (s, _e, [sa]) => (sa.length === 0 ? [] : squareShape(s, "inv", sa)),
  diff: (ix, e, [a, b]) => {
    const u = e.args[0];
    const [m] = ix.padded(u);
    const c = ix.fresh(m);
    const d = ix.fresh(m);
    return product([one([leaf(e, [a, c])], -1)], product(ix.diff(u, [c, d]), [one([leaf(e, [d, b])])]));
  },
  examples: [{ expr: "inv(X) * A", wrt: "X", shapes: { X: [3, 3], A: [3, 2] } }],
  print: {
    prec: 4,
    source: (e, p) => `inv(${p(e.args[0])})`,
    text: (e, p) => {
      const a = e.args[0];
      return a.op === "T" ? `${p.wrap(a.args[0], 5)}⁻ᵀ` : `${p.wrap(a, 5)}⁻¹`;
    },
    latex: (e, p) => {
      const a = e.args[0];
      return a.op === "T" ? latexSup(p, a.args[0], "-T") : latexSup(p, a, "-1");
    },
  },
  evaluate: ([a]) => inv(a),
  // X⁻¹M and MX⁻¹ by triangular solves with one LU of X (kept for the next call on the same X)
  implicitProduct: { left: ([a], M) => invTimes(a, M), right: (M, [a]) => timesInv(M, a) },
  // the inverse of a scalar (xᵀAx)⁻¹ is derived and simplified as the power s^(−1)
  inContext: (e, shape) => (shape.length === 0 ? binary("spow", e.args[0], num(-1)) : undefined),
  transpose: (e) => (e.args[0].op === "T" ? invE(e.args[0].args[0]) : undefined),
  matrixShape: samePadded,
  symmetry: { asOperand: true },
  simplify: {
    // (X⁻¹)⁻¹ = X
    rewrites: [(e) => (e.args[0].op === "inv" ? e.args[0].args[0] : undefined)],
    // X X⁻¹ = X⁻¹X = I in a product chain
    inverseOf: (e) => e.args[0],
  },
});
