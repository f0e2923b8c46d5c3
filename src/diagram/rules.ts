/**
 * How each symbolic op draws: a small table keyed by the op registry. An op without an entry
 * is drawn as tensorgrad draws functions, a box around the network of its operands with the
 * op's name, and contracted through the op's own evaluation rule, so every op of the registry
 * has a diagram that evaluates to it.
 * @packageDocumentation
 */
import type { Op } from "../symbolic/expr";

/** How one op becomes part of a network. */
export type Drawing =
  /** A labelled box (symbols, constants). */
  | { readonly kind: "tensor" }
  /** A number: the coefficient of the term. */
  | { readonly kind: "coefficient" }
  /** A scalar drawn as a label (a size n). */
  | { readonly kind: "scalar" }
  /** Bare wires joining the node's axes in pairs (`label` names them in the graph: δ, α, β). */
  | { readonly kind: "identity"; readonly label: string; readonly pairs: readonly (readonly [number, number])[] }
  /** The same network with its two free axes swapped. */
  | { readonly kind: "transpose" }
  /** The same network times −1. */
  | { readonly kind: "negate" }
  /** The two free axes joined by a wire. */
  | { readonly kind: "trace" }
  /** Every free axis ends on a vector of ones. */
  | { readonly kind: "sumAll" }
  /** The last free axis of the left operand joined to the first of the right (a scalar multiplies). */
  | { readonly kind: "product"; readonly contract: 1 | 2 }
  /** Both operands' terms side by side, the right one with this sign. */
  | { readonly kind: "sum"; readonly sign: 1 | -1 }
  /** A copy dot per axis joining the two operands' wires to the result's. */
  | { readonly kind: "hadamard" }
  /** Both operands side by side, their free axes one after the other. */
  | { readonly kind: "outer" }
  /** vector → diagonal matrix, matrix → diagonal: a copy dot. */
  | { readonly kind: "diag" }
  /** A box around the operands' networks (the default). */
  | { readonly kind: "function"; readonly label?: string }
  /** Notation of a form (dX, (Z)_kl): no diagram, with the reason. */
  | { readonly kind: "notation"; readonly reason: string };

/** The ops that do not draw as a function box. */
const DRAWINGS: Partial<Record<Op, Drawing>> = {
  sym: { kind: "tensor" },
  ones: { kind: "tensor" },
  K: { kind: "tensor" },
  E: { kind: "tensor" },
  num: { kind: "coefficient" },
  size: { kind: "scalar" },
  I: { kind: "identity", label: "δ", pairs: [[0, 1]] },
  // α_ijkl = δ_ik δ_jl; β_ijkl = δ_il δ_jk (axes 0 left, 1 right, 2 and 3 at the bottom: α two parallel wires, β two crossed ones)
  alpha: {
    kind: "identity",
    label: "α",
    pairs: [
      [0, 2],
      [1, 3],
    ],
  },
  beta: {
    kind: "identity",
    label: "β",
    pairs: [
      [0, 3],
      [1, 2],
    ],
  },
  T: { kind: "transpose" },
  neg: { kind: "negate" },
  tr: { kind: "trace" },
  sum: { kind: "sumAll" },
  mul: { kind: "product", contract: 1 },
  ddot: { kind: "product", contract: 2 },
  add: { kind: "sum", sign: 1 },
  sub: { kind: "sum", sign: -1 },
  had: { kind: "hadamard" },
  outer: { kind: "outer" },
  diag: { kind: "diag" },
  inv: { kind: "function", label: "inv" },
  recip: { kind: "function", label: "1/x" },
  div: { kind: "function", label: "÷" },
  pow: { kind: "function", label: "pow" },
  spow: { kind: "function", label: "pow" },
  dif: { kind: "notation", reason: "a differential dX is notation, not a tensor with values" },
  at: { kind: "notation", reason: "an entry (Z)_kl at symbolic indices is notation, not a tensor" },
};

/** How `op` draws (a function box labelled with the op's name unless the table says otherwise). */
export function drawingOf(op: Op): Drawing {
  return DRAWINGS[op] ?? { kind: "function", label: op };
}
