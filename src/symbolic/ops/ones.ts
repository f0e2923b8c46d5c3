/**
 * A vector or matrix of ones, `vector(1)` / `matrix(1)` (𝟏), of a size inferred from where it
 * is used unless given. A constant factor of its own in index notation (𝟏_ab), so that sums over
 * its indices count their sizes.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { ones } from "../../create/index";
import { defineOp } from "../opdef";
import { arg } from "../emit";
import type { OnesExpr } from "../expr";

/** A matrix of ones whose shape is given and has no axis of size 1. */
const ones2 = (e: OnesExpr): boolean => e.rank === 2 && e.dims !== undefined && !e.dims.includes(1);

export const onesOp = defineOp({
  op: "ones",
  arity: 0,
  emit: (s, e) => {
    const d = e.dims ?? s.shapeOf(e);
    if (d === undefined) return s.unsupported(`the size of ${e.rank === 1 ? "vector(1)" : "matrix(1)"} is unknown`);
    return s.call("ones", arg.shape(d.length === 1 ? [d[0], 1] : d));
  },
  help: { usage: "vector(1), matrix(1)", meaning: "a vector or matrix of ones (size inferred)" },
  syntax: [{ kind: "ones", names: ["vector", "matrix"] }],
  traits: { polynomial: true, uniform: 1 },
  shape: (s, e) => {
    const dims = e.dims?.map((d) => s.dim(d));
    return dims ?? (e.rank === 1 ? [s.fresh()] : [s.fresh(), s.fresh()]);
  },
  examples: [
    { expr: "vector(1)' * log(1 + exp(A * x))", wrt: "x", shapes: { A: [3, 2], x: [2] } },
    { expr: "tr(matrix(1) * X)", wrt: "X", shapes: { X: [2, 3] } },
  ],
  print: {
    source: (e) => (e.rank === 1 ? "vector(1)" : "matrix(1)"),
    // a matrix of ones of a given shape (a typed constant of the simplifier) is 𝟏𝟏ᵀ
    text: (e) => (ones2(e) ? "𝟏𝟏ᵀ" : "𝟏"),
    latex: (e) => (ones2(e) ? "\\mathbf{1}\\mathbf{1}^\\top" : "\\mathbf{1}"),
  },
  evaluate: (_args, e, scope) => {
    const s = e.dims?.map(scope.dim) ?? scope.nodeShape(e);
    if (s === undefined)
      throw new ShapeError(`the size of ${e.rank === 1 ? "vector(1)" : "matrix(1)"} is not determined by its context`);
    return ones(s.length === 1 ? [s[0], 1] : s);
  },
  simplify: { constant: (e) => (e.dims !== undefined ? { value: 1, ones: e } : undefined) },
  inContext: (e, shape) => (e.dims ? undefined : { ...e, dims: [...shape] }),
  transpose: (e) =>
    e.rank === 2 && e.dims !== undefined && e.dims.length === 2 ? { ...e, dims: [e.dims[1], e.dims[0]] } : undefined,
});
