/**
 * The tensor network of a diagram: nodes (a box per tensor, bare wires for identity tensors,
 * copy dots for Hadamard products and diagonals, function boxes around a subnetwork), wires
 * joining two ports, and free ports that are the result's axes, in order. A diagram is a sum
 * of such networks, each with its coefficient.
 * @packageDocumentation
 */
import type { Displayable } from "../display/protocol";
import type { Dim, Expr } from "../symbolic/expr";
import type { ShapeInfo, Shapes } from "../symbolic/shapes";

/**
 * Where a port leaves its node: axis 1 (rows) on the left, axis 2 (columns) on the right,
 * axes 3 and 4 at the bottom (left to right), axes 5 and 6 on top. So α (δ_ik δ_jl) is two
 * parallel wires bending down and β (δ_il δ_jk) two crossed ones, and the axes of the variable
 * in ∂Y/∂A come out at the bottom.
 */
export type PortSide = "left" | "right" | "top" | "bottom";

/** The side of the port of axis `axis` (0-based) of a node. */
export function sideOfAxis(axis: number): PortSide {
  if (axis === 0) return "left";
  if (axis === 1) return "right";
  return axis < 4 ? "bottom" : "top";
}

/** One axis of a node. `axis` is the axis of the node's padded value (a vector n×1 has one port, axis 0). */
export interface Port {
  readonly axis: number;
  readonly side: PortSide;
  /** The size of the axis (a number or a dimension name). */
  readonly dim: Dim;
}

/** What a node is, and so how it is drawn and contracted. */
export type NodeKind =
  /** A box with a label: a symbol, a constant (K, E_ij, ones) or a subexpression drawn as one tensor. */
  | "tensor"
  /** Bare wires joining its ports in pairs: δ/I one wire, α two parallel wires, β two crossed wires. */
  | "identity"
  /** A dot joining its wires: every port has the same index (Hadamard products, diag). */
  | "copy"
  /** A box around the networks of its operands, with the function's name (exp, inv, det, …). */
  | "function"
  /** A scalar factor shown as a label (a size such as n). */
  | "scalar";

export interface DiagramNode {
  readonly id: number;
  readonly kind: NodeKind;
  readonly label: string;
  readonly ports: readonly Port[];
  /** identity: the ports joined inside the node, in pairs. */
  readonly pairs?: readonly (readonly [number, number])[];
  /** tensor, scalar, function: the subexpression it stands for (evaluated by its op's rule). */
  readonly expr?: Expr;
  /** function: one diagram per operand. */
  readonly inputs?: readonly Diagram[];
}

/** A port of a node in the same network. */
export interface PortRef {
  readonly node: number;
  readonly port: number;
}

/** A contraction: the two ports share an index that is summed over. */
export interface Wire {
  readonly a: PortRef;
  readonly b: PortRef;
}

/** A free port: an axis of the result, with the index letter it is labelled with. */
export interface Output {
  readonly port: PortRef;
  readonly label: string;
}

/** One term of a diagram: a connected or disconnected network times a coefficient. */
export interface Network {
  readonly coef: number;
  readonly nodes: readonly DiagramNode[];
  readonly wires: readonly Wire[];
  /** The free ports, in the order of the result's axes (size-1 axes have none). */
  readonly outputs: readonly Output[];
}

/**
 * A tensor-network diagram: the sum of its terms. `unit` marks the axes of the padded result
 * (a scalar 1×1, a vector n×1) that have size 1 and so no wire. `show(d)` draws it (its SVG in a
 * notebook) and `console.log(d)` prints a one-line summary.
 */
export interface Diagram extends Displayable {
  readonly terms: readonly Network[];
  /** The padded axes of the value: true for a size-1 axis (no output port). */
  readonly unit: readonly boolean[];
  /** The expression drawn. */
  readonly expr: Expr;
  /** The shapes of the symbols, for the sizes of values given to {@link contractDiagram}. */
  readonly shapes: Shapes;
  /** The shapes of the nodes of `expr`. */
  readonly info: ShapeInfo;
}
