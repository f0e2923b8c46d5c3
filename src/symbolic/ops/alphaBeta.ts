/**
 * The seed's fourth-order identity tensors: α_ijkl = δ_ik δ_jl (shape [m, n, m, n], α:H = H)
 * and β_ijkl = δ_il δ_jk (shape [m, n, n, m], β:F = Fᵀ).
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import type { Tensor } from "../../core/tensor";
import { alpha, beta } from "../../special/index";
import type { AlphaBetaExpr, Dim } from "../expr";
import { delta, one } from "../indexterms";
import { dimText } from "../notation";
import { defineOp, type EvalScope } from "../opdef";
import { arg, type EmitArg, type EmitScope } from "../emit";

function sizes(e: AlphaBetaExpr, scope: EvalScope): [number, number] {
  const s = scope.nodeShape(e);
  const [m, n] = e.dims ? e.dims.map(scope.dim) : s !== undefined ? [s[0], s[1]] : [undefined, undefined];
  if (m === undefined || n === undefined) throw new ShapeError(`the size of ${e.op} is unknown; write ${e.op}(m, n)`);
  return [m, n];
}

/** The sizes m, n of α or β as helper arguments (from the node's shape when not written). */
function emitSizes(s: EmitScope, e: AlphaBetaExpr): EmitArg[] {
  const d = e.dims ?? s.shapeOf(e)?.slice(0, 2);
  if (d === undefined) return s.unsupported(`the size of ${e.op} is unknown; write ${e.op}(m, n)`);
  return [arg.size(d[0]), arg.size(d[1])];
}

/** α and β get the sizes m, n their context infers written in. */
const inContext = (e: AlphaBetaExpr, shape: readonly Dim[]): AlphaBetaExpr | undefined =>
  e.dims ? undefined : { ...e, dims: [shape[0], shape[1]] };

/** α or β with the sizes written (`alpha(m, n)`), or bare. */
const node = (op: "alpha" | "beta", dims: readonly Dim[], start: number, end: number): AlphaBetaExpr =>
  dims.length === 2 ? { op, dims: [dims[0], dims[1]], args: [], start, end } : { op, args: [], start, end };

const source = (e: AlphaBetaExpr): string => (e.dims ? `${e.op}(${e.dims.map(dimText).join(", ")})` : e.op);

export const alphaOp = defineOp({
  op: "alpha",
  arity: 0,
  emit: (s, e) => s.call("alpha", ...emitSizes(s, e)),
  help: { usage: "alpha, α, alpha(m, n)", meaning: "α_ijkl = δ_ik δ_jl (shape [m, n, m, n])" },
  syntax: [
    {
      kind: "constant",
      names: ["alpha", "α"],
      sizes: [0, 2],
      node: (dims, start, end) => node("alpha", dims, start, end),
    },
  ],
  traits: { polynomial: true, tensorValued: true },
  shape: (s, e) => {
    const [m, n] = e.dims ? e.dims.map((d) => s.dim(d)) : [s.fresh(), s.fresh()];
    return [m, n, m, n];
  },
  index: (_ix, _e, out) => [one([delta(out[0], out[2]), delta(out[1], out[3])])],
  examples: [{ expr: "alpha : X", wrt: "X", shapes: { X: [2, 3] } }],
  print: { source, text: () => "α", latex: () => "\\alpha" },
  evaluate: (_args, e, scope): Tensor => alpha(...sizes(e, scope)),
  // four axes: not a matrix
  matrixShape: { of: () => "none" },
  inContext,
});

export const betaOp = defineOp({
  op: "beta",
  arity: 0,
  emit: (s, e) => s.call("beta", ...emitSizes(s, e)),
  help: { usage: "beta, β, beta(m, n)", meaning: "β_ijkl = δ_il δ_jk (shape [m, n, n, m])" },
  syntax: [
    {
      kind: "constant",
      names: ["beta", "β"],
      sizes: [0, 2],
      node: (dims, start, end) => node("beta", dims, start, end),
    },
  ],
  traits: { polynomial: true, tensorValued: true },
  shape: (s, e) => {
    const [m, n] = e.dims ? e.dims.map((d) => s.dim(d)) : [s.fresh(), s.fresh()];
    return [m, n, n, m];
  },
  index: (_ix, _e, out) => [one([delta(out[0], out[3]), delta(out[1], out[2])])],
  examples: [{ expr: "beta : X", wrt: "X", shapes: { X: [2, 3] } }],
  print: { source, text: () => "β", latex: () => "\\beta" },
  evaluate: (_args, e, scope): Tensor => beta(...sizes(e, scope)),
  // four axes: not a matrix
  matrixShape: { of: () => "none" },
  inContext,
});
