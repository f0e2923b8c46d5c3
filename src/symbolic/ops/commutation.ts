/**
 * The commutation matrix K(m, n): mn×mn, K vec(A) = vec(Aᵀ) for A m×n.
 * @packageDocumentation
 */
import { commutation } from "../../special/index";
import { dimLatex, dimText, subscript } from "../notation";
import { defineOp } from "../opdef";
import { arg } from "../emit";

export const commutationOp = defineOp({
  op: "K",
  arity: 0,
  emit: (s, e) => s.call("K", arg.size(e.dims[0]), arg.size(e.dims[1])),
  help: { usage: "K(m, n)", meaning: "the commutation matrix: K vec(A) = vec(Aᵀ) for A m×n" },
  syntax: [
    {
      kind: "constant",
      names: ["K"],
      sizes: [2],
      node: (dims, start, end) => ({ op: "K", dims: [dims[0], dims[1]], args: [], start, end }),
    },
  ],
  traits: { polynomial: true },
  shape: (s, e) => {
    const mn = s.times(s.dim(e.dims[0]), s.dim(e.dims[1]));
    return [mn, mn];
  },
  examples: [{ expr: "K(2, 3) * vec(X)", wrt: "X", shapes: { X: [2, 3] } }],
  print: {
    source: (e) => `K(${e.dims.map(dimText).join(", ")})`,
    text: (e) => `K${subscript(e.dims.map(dimText).join(""))}`,
    latex: (e) => `K_{${e.dims.map(dimLatex).join("")}}`,
    latexSup: "braced",
  },
  evaluate: (_args, e, scope) => commutation(scope.dim(e.dims[0]), scope.dim(e.dims[1])),
});
