/**
 * The outer (tensor) product a ⊗ b (`outer(A, B)`) of two matrices, vectors or scalars taken
 * as matrices: the fourth-order tensor (a ⊗ b)[i, j, k, l] = a[i, j] b[k, l]. The tensor form
 * writes a derivative tr(Zᵀ dA)·W as W ⊗ Z.
 * @packageDocumentation
 */
import { outer } from "../../products/index";
import { product } from "../indexterms";
import { outerE, addE } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { zeroOfProduct } from "./common";

export const outerOp = defineOp({
  op: "outer",
  arity: 2,
  emit: (s, e) => s.call("outer", s.value(e.args[0]), s.value(e.args[1])),
  differential: withVariants(rule("product rule (outer)", outerE(X, Y), addE(outerE(dX, Y), outerE(X, dY))), {
    constantFactor: "constant factor (outer)",
  }),
  help: {
    usage: "outer(A, B)",
    meaning: "outer product: (A ⊗ B)[i,j,k,l] = A[i,j] B[k,l] (tensors: the axes of A, then of B)",
  },
  syntax: [{ kind: "call", names: ["outer"] }],
  traits: { polynomial: true, tensorValued: true },
  // matrices (scalars and vectors padded to matrices) or tensors of any order: the axes of a, then of b
  shape: (s, _e, [sa, sb]) => [...(sa.length > 2 ? sa : s.pad(sa)), ...(sb.length > 2 ? sb : s.pad(sb))],
  index: (ix, e, out) => {
    const na = ix.padded(e.args[0]).length;
    return product(ix.toIndex(e.args[0], out.slice(0, na)), ix.toIndex(e.args[1], out.slice(na)));
  },
  examples: [
    { expr: "outer(X, A)", wrt: "X", shapes: { X: [2, 3], A: [3, 2] } },
    { expr: "outer(outer(A, X), B)", wrt: "X", shapes: { A: [2, 3], X: [4, 3, 2], B: [3, 4] } },
  ],
  print: {
    prec: 2,
    source: (e, p) => `outer(${p(e.args[0])}, ${p(e.args[1])})`,
    text: (e, p) => `${p.wrap(e.args[0], 2)} ⊗ ${p.wrap(e.args[1], 3)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 2)} \\otimes ${p.wrap(e.args[1], 3)}`,
  },
  prune: zeroOfProduct,
  evaluate: ([a, b]) => outer(a, b),
});
