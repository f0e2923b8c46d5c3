/**
 * The identity I (the Kronecker delta δ_ab as a matrix); `I(n)` gives its size.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { eye } from "../../create/index";
import { delta, one } from "../indexterms";
import { dimText } from "../notation";
import { defineOp } from "../opdef";
import { arg } from "../emit";

export const identityOp = defineOp({
  op: "I",
  arity: 0,
  emit: (s, e) => {
    const n = e.dims?.[0] ?? s.shapeOf(e)?.[0];
    if (n === undefined) return s.unsupported("the size of I is unknown; write I(n)");
    return s.call("eye", arg.size(n));
  },
  help: { usage: "I, I(n), eye, delta, δ", meaning: "the identity (size inferred unless given)" },
  syntax: [
    {
      kind: "constant",
      names: ["I", "eye", "delta", "δ"],
      sizes: [0, 1],
      node: (dims, start, end) =>
        dims.length === 1 ? { op: "I", dims: [dims[0]], args: [], start, end } : { op: "I", args: [], start, end },
    },
  ],
  traits: { polynomial: true, identity: true },
  shape: (s, e) => {
    const n = e.dims ? s.dim(e.dims[0]) : s.fresh();
    return [n, n];
  },
  index: (_ix, _e, out) => [one([delta(out[0], out[1])])],
  examples: [{ expr: "X + I", wrt: "X", shapes: { X: [3, 3] } }],
  print: {
    source: (e) => (e.dims ? `I(${e.dims.map(dimText).join(", ")})` : "I"),
    text: () => "I",
    latex: () => "I",
    latexSup: "bare",
  },
  evaluate: (_args, e, scope) => {
    const n = e.dims ? scope.dim(e.dims[0]) : scope.nodeShape(e)?.[0];
    if (n === undefined) throw new ShapeError("the size of I is unknown; write I(n)");
    return eye(n);
  },
  inContext: (e, shape) => (e.dims ? undefined : { ...e, dims: [shape[0]] }),
  matrixShape: { of: (e) => (e.dims ? [e.dims[0], e.dims[0]] : undefined) },
  symmetry: { leaf: () => true },
  transpose: (e) => e,
});
