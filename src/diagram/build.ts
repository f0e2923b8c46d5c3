/**
 * From an expression tree to a diagram: each node of the tree becomes part of a network by its
 * op's drawing (see rules.ts). Products of sums are multiplied out into terms; a product with
 * too many terms, a broadcast sum and any shape the rules do not cover is drawn as one box, so
 * every tree has a diagram that contracts to its value.
 * @packageDocumentation
 */
import { type Dim, type Expr, numValue } from "../symbolic/expr";
import { exprToText } from "../symbolic/print";
import type { ShapeInfo, Shapes } from "../symbolic/shapes";
import { DiagramError } from "./errors";
import {
  type Diagram,
  type DiagramNode,
  type Network,
  type NodeKind,
  type PortRef,
  type Wire,
  sideOfAxis,
} from "./graph";
import { withDiagramDisplay } from "./display";
import { drawingOf } from "./rules";
import { joinIdentityWires } from "./wires";

/** An axis of a partial network: a free port, or null for a size-1 axis (no wire). */
type Slot = PortRef | null;

/** One term of a partial network, with its free axes in the order of the padded value. */
interface Part {
  readonly coef: number;
  readonly nodes: readonly DiagramNode[];
  readonly wires: readonly Wire[];
  readonly slots: readonly Slot[];
}

/** More terms than this from multiplying out a product: the product is drawn as one box. */
const MAX_TERMS = 16;

/** Index letters of the free wires, in order. */
export const OUTPUT_LETTERS = "ijklmnopqrstuvwxyz";

/** The padded shape: a scalar 1×1, a vector n×1. */
export function padDims(s: readonly Dim[]): Dim[] {
  return s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [...s];
}

const isUnit = (d: Dim): boolean => d === 1 || d === "1";

class Builder {
  private next = 0;
  constructor(
    readonly info: ShapeInfo,
    readonly shapes: Shapes,
  ) {}

  padded(e: Expr): Dim[] {
    try {
      return padDims(this.info.shapeOf(e));
    } catch {
      throw new DiagramError(`the shape of ${exprToText(e)} is not known, so it cannot be drawn`);
    }
  }

  /** A node with a port per axis of size other than 1, and the slots of its padded axes. */
  node(
    kind: NodeKind,
    label: string,
    dims: readonly Dim[],
    extra: Partial<DiagramNode> = {},
  ): { node: DiagramNode; slots: Slot[] } {
    const id = this.next++;
    const ports = [];
    const slots: Slot[] = [];
    for (const [axis, dim] of dims.entries()) {
      if (isUnit(dim)) slots.push(null);
      else {
        slots.push({ node: id, port: ports.length });
        ports.push({ axis, side: sideOfAxis(axis), dim });
      }
    }
    return { node: { id, kind, label, ports, ...extra }, slots };
  }

  leafPart(kind: NodeKind, label: string, dims: readonly Dim[], extra: Partial<DiagramNode> = {}): Part[] {
    const { node, slots } = this.node(kind, label, dims, extra);
    return [{ coef: 1, nodes: [node], wires: [], slots }];
  }

  /** The whole subtree as one box (what the rules do not cover). */
  box(e: Expr): Part[] {
    return this.leafPart("tensor", exprToText(e), this.padded(e), { expr: e });
  }

  /** A function box around the operands' diagrams. */
  functionBox(e: Expr, label: string): Part[] {
    const inputs = e.args.map((a) => this.diagram(a));
    return this.leafPart("function", label, this.padded(e), { expr: e, inputs });
  }

  diagram(e: Expr): Diagram {
    const unit = this.padded(e).map(isUnit);
    const terms = this.build(e).map((p) => toNetwork(p));
    return withDiagramDisplay({ terms, unit, expr: e, shapes: this.shapes, info: this.info });
  }

  build(e: Expr): Part[] {
    const d = drawingOf(e.op);
    const out = this.padded(e);
    const fits = (parts: readonly Part[]): boolean =>
      parts.every((p) => p.slots.length === out.length && p.slots.every((s, i) => (s === null) === isUnit(out[i])));
    const or = (parts: Part[] | undefined, fallback: () => Part[]): Part[] =>
      parts !== undefined && fits(parts) ? parts : fallback();
    switch (d.kind) {
      case "notation":
        throw new DiagramError(`${exprToText(e)} cannot be drawn: ${d.reason}`);
      case "tensor":
        return this.leafPart("tensor", exprToText(e), out, { expr: e });
      case "coefficient":
        return [{ coef: numValue(e) ?? 1, nodes: [], wires: [], slots: [null, null] }];
      case "scalar":
        return this.leafPart("scalar", exprToText(e), [], { expr: e }).map((p) => ({ ...p, slots: [null, null] }));
      case "identity":
        return or(this.leafPart("identity", d.label, out, { pairs: d.pairs, expr: e }), () => this.box(e));
      case "function":
        return this.functionBox(e, d.label ?? e.op);
      default:
        return this.composite(e, d.kind, fits);
    }
  }

  private composite(
    e: Expr,
    kind: "transpose" | "negate" | "trace" | "sumAll" | "product" | "sum" | "hadamard" | "outer" | "diag",
    fits: (parts: readonly Part[]) => boolean,
  ): Part[] {
    const args = e.args.map((a) => this.build(a));
    const d = drawingOf(e.op);
    let parts: Part[] | undefined;
    switch (kind) {
      case "negate":
        parts = args[0].map((p) => ({ ...p, coef: -p.coef }));
        break;
      case "transpose":
        parts = args[0].every((p) => p.slots.length === 2)
          ? args[0].map((p) => ({ ...p, slots: [p.slots[1], p.slots[0]] }))
          : undefined;
        break;
      case "trace":
        parts = mapAll(args[0], (p) => {
          if (p.slots.length !== 2) return undefined;
          const w = join(p.slots[0], p.slots[1]);
          return w === undefined ? undefined : { ...p, wires: [...p.wires, ...w], slots: [null, null] };
        });
        break;
      case "sumAll":
        parts = args[0].map((p) => {
          const nodes = [...p.nodes];
          const wires = [...p.wires];
          for (const s of p.slots) {
            if (s === null) continue;
            const dim = portDim(p, s);
            const { node, slots } = this.node("copy", "1", [dim]);
            nodes.push(node);
            wires.push({ a: s, b: slots[0] as PortRef });
          }
          return { ...p, nodes, wires, slots: [null, null] };
        });
        break;
      case "sum": {
        const sign = d.kind === "sum" ? d.sign : 1;
        parts = [...args[0], ...args[1].map((p) => ({ ...p, coef: sign * p.coef }))];
        break;
      }
      case "product": {
        const contract = d.kind === "product" ? d.contract : 1;
        const scalar = e.args.map((a) => this.info.shapeOf(a).length === 0);
        if (args[0].length * args[1].length > MAX_TERMS) break;
        parts = [];
        for (const l of args[0]) {
          for (const r of args[1]) {
            const p = scalar[0] || scalar[1] ? scaled(l, r, scalar[0]) : contracted(l, r, contract);
            if (p === undefined) {
              parts = undefined;
              break;
            }
            parts.push(p);
          }
          if (parts === undefined) break;
        }
        break;
      }
      case "outer":
        if (args[0].length * args[1].length > MAX_TERMS) break;
        parts = args[0].flatMap((l) =>
          args[1].map((r) => ({
            coef: l.coef * r.coef,
            nodes: [...l.nodes, ...r.nodes],
            wires: [...l.wires, ...r.wires],
            slots: [...l.slots, ...r.slots],
          })),
        );
        break;
      case "hadamard":
        if (args[0].length * args[1].length > MAX_TERMS) break;
        parts = [];
        for (const l of args[0]) {
          for (const r of args[1]) {
            const p = this.hadamard(l, r);
            if (p === undefined) return this.functionBox(e, "∘");
            parts.push(p);
          }
        }
        break;
      case "diag":
        parts = mapAll(args[0], (p) => this.diag(p));
        break;
    }
    if (parts !== undefined && fits(parts)) return parts;
    return kind === "hadamard"
      ? this.functionBox(e, "∘")
      : kind === "sum"
        ? this.functionBox(e, d.kind === "sum" && d.sign < 0 ? "−" : "+")
        : this.box(e);
  }

  private hadamard(l: Part, r: Part): Part | undefined {
    if (l.slots.length !== r.slots.length) return undefined;
    const nodes = [...l.nodes, ...r.nodes];
    const wires = [...l.wires, ...r.wires];
    const slots: Slot[] = [];
    for (const [i, a] of l.slots.entries()) {
      const b = r.slots[i];
      if (a === null || b === null) {
        if (a !== b) return undefined;
        slots.push(null);
        continue;
      }
      const dim = portDim(l, a);
      const c = this.copy(dim, 3);
      nodes.push(c.node);
      wires.push({ a, b: c.ports[0] }, { a: b, b: c.ports[1] });
      slots.push(c.ports[2]);
    }
    return { coef: l.coef * r.coef, nodes, wires, slots };
  }

  private diag(p: Part): Part | undefined {
    const [a, b] = p.slots;
    if (p.slots.length !== 2) return undefined;
    if (a !== null && b === null) {
      // diag(x)_ij = x_i δ_ij
      const c = this.copy(portDim(p, a), 3);
      return {
        ...p,
        nodes: [...p.nodes, c.node],
        wires: [...p.wires, { a, b: c.ports[0] }],
        slots: [c.ports[1], c.ports[2]],
      };
    }
    if (a !== null && b !== null) {
      // diag(X)_i = X_ii
      const c = this.copy(portDim(p, a), 3);
      return {
        ...p,
        nodes: [...p.nodes, c.node],
        wires: [...p.wires, { a, b: c.ports[0] }, { a: b, b: c.ports[1] }],
        slots: [c.ports[2], null],
      };
    }
    return undefined;
  }

  /** A copy dot with `n` ports of size `dim`. */
  private copy(dim: Dim, n: number): { node: DiagramNode; ports: PortRef[] } {
    const id = this.next++;
    const sides = ["left", "bottom", "right", "top"] as const;
    const ports = Array.from({ length: n }, (_, k) => ({ axis: k, side: sides[k % 4], dim }));
    return { node: { id, kind: "copy", label: "", ports }, ports: ports.map((_, port) => ({ node: id, port })) };
  }
}

function mapAll(parts: readonly Part[], f: (p: Part) => Part | undefined): Part[] | undefined {
  const out: Part[] = [];
  for (const p of parts) {
    const q = f(p);
    if (q === undefined) return undefined;
    out.push(q);
  }
  return out;
}

function portDim(p: Part, s: PortRef): Dim {
  const n = p.nodes.find((x) => x.id === s.node);
  if (n === undefined) throw new DiagramError("internal: a free wire of a diagram has no node");
  return n.ports[s.port].dim;
}

/** The wire joining two slots (none for two size-1 axes; undefined when only one has size 1). */
function join(a: Slot, b: Slot): Wire[] | undefined {
  if (a === null && b === null) return [];
  if (a === null || b === null) return undefined;
  return [{ a, b }];
}

/** A scalar times a tensor: the scalar's network beside the other's. */
function scaled(l: Part, r: Part, leftIsScalar: boolean): Part {
  return {
    coef: l.coef * r.coef,
    nodes: [...l.nodes, ...r.nodes],
    wires: [...l.wires, ...r.wires],
    slots: leftIsScalar ? r.slots : l.slots,
  };
}

/** The last `k` free axes of `l` joined to the first `k` of `r`. */
function contracted(l: Part, r: Part, k: number): Part | undefined {
  if (l.slots.length < k || r.slots.length < k) return undefined;
  const wires = [...l.wires, ...r.wires];
  for (let i = 0; i < k; i++) {
    const w = join(l.slots[l.slots.length - k + i], r.slots[i]);
    if (w === undefined) return undefined;
    wires.push(...w);
  }
  return {
    coef: l.coef * r.coef,
    nodes: [...l.nodes, ...r.nodes],
    wires,
    slots: [...l.slots.slice(0, l.slots.length - k), ...r.slots.slice(k)],
  };
}

function toNetwork(p: Part): Network {
  const free = p.slots.filter((s): s is PortRef => s !== null);
  return joinIdentityWires({
    coef: p.coef,
    nodes: p.nodes,
    wires: p.wires,
    outputs: free.map((port, i) => ({ port, label: OUTPUT_LETTERS[i] ?? `i${i}` })),
  });
}

/** @internal The diagram of `e`, a node of the tree that `info` describes. */
export function buildDiagram(e: Expr, info: ShapeInfo, shapes: Shapes): Diagram {
  return new Builder(info, shapes).diagram(e);
}
