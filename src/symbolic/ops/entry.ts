/**
 * The single-entry matrix E(i, j): 1 at the (0-based) entry (i, j), 0 elsewhere; its size
 * is inferred from where it is used.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { E } from "../../special/index";
import { subscript } from "../notation";
import { defineOp } from "../opdef";
import { arg } from "../emit";

export const entryOp = defineOp({
  op: "E",
  arity: 0,
  emit: (s, e) => {
    const d = s.shapeOf(e);
    if (d === undefined) return s.unsupported(`the size of E(${e.entry.join(", ")}) is unknown`);
    return s.call("E", arg.num(e.entry[0]), arg.num(e.entry[1]), arg.shape(d));
  },
  help: { usage: "E(i, j)", meaning: "the single-entry matrix (0-based entry; size inferred)" },
  syntax: [{ kind: "entry", names: ["E"] }],
  traits: { polynomial: true },
  shape: (s, e) => (e.dims ? [s.dim(e.dims[0]), s.dim(e.dims[1])] : [s.fresh(), s.fresh()]),
  examples: [{ expr: "tr(E(0, 1) * X)", wrt: "X", shapes: { X: [3, 2] } }],
  print: {
    source: (e) => `E(${e.entry.join(", ")})`,
    text: (e) => `E${subscript(e.entry.join(""))}`,
    latex: (e) => `E_{${e.entry.join("")}}`,
    latexSup: "braced",
  },
  evaluate: (_args, e, scope) => {
    const s = e.dims ? [scope.dim(e.dims[0]), scope.dim(e.dims[1])] : scope.nodeShape(e);
    if (s === undefined) throw new ShapeError(`the size of E(${e.entry.join(", ")}) is unknown`);
    return E(e.entry[0], e.entry[1], s[0], s[1]);
  },
  // the size its context gives is written in, so that the trees built from it (a gradient, then
  // its derivative for the Hessian) keep it
  inContext: (e, shape) => (e.dims ? undefined : { ...e, dims: [shape[0], shape[1]] }),
});
