/**
 * The size of a dimension as a scalar (`n` in d tr(I)·tr(X)/dX = n·I, `mn` in d sum(B + c)/dc):
 * a factor the engine writes into forms, not read by the parser.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { delta } from "../indexterms";
import { dimLatex, dimText } from "../notation";
import { defineOp } from "../opdef";
import { arg } from "../emit";

export const sizeOp = defineOp({
  op: "size",
  arity: 0,
  emit: (s, e) => s.call("const", arg.size(e.dim)),
  help: { usage: "n (a dimension's size, in results)", meaning: "the size of a dimension, as a number" },
  syntax: [],
  traits: { polynomial: true, scalar: true, notation: true },
  shape: () => [],
  index: (_ix, e, out) => [
    typeof e.dim === "number"
      ? { coef: e.dim, dims: [], factors: [delta(out[0], out[1])] }
      : { coef: 1, dims: [e.dim], factors: [delta(out[0], out[1])] },
  ],
  examples: [],
  print: {
    source: (e) => dimText(e.dim),
    text: (e) => dimText(e.dim),
    latex: (e) => dimLatex(e.dim),
  },
  evaluate: (_args, e, scope) => new Tensor(Float64Array.of(scope.dim(e.dim)), [1, 1]),
  transpose: (e) => e,
});
