/**
 * A diagram contracted back to a tensor: one einsum per term over its wires (the library's
 * einsum), the terms added with their coefficients. This is how every picture is checked.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import { eye, full, ones } from "../create/index";
import { einsum } from "../einsum/index";
import { add, reshape, scale } from "../ops/index";
import { sizesFromValues } from "../symbolic/derive";
import type { Dim, Expr, ExprOf } from "../symbolic/expr";
import { evalScope, evaluatePadded, type Values } from "../symbolic/evaluate";
import type { SymOpDef } from "../symbolic/opdef";
import { opDef } from "../symbolic/ops/registry";
import { dimValue } from "../symbolic/shapes";
import { DiagramError } from "./errors";
import type { Diagram, DiagramNode, Network } from "./graph";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

interface Context {
  readonly diagram: Diagram;
  readonly values: Values;
  readonly sizes: Record<string, number>;
}

/**
 * Contract a diagram on values of its symbols: the tensor whose axes are the diagram's free
 * wires, in order (the result's axes without those of size 1; reshape it to the true shape).
 * @param sizes sizes of dimensions that no value determines.
 * @throws {@link DiagramError} when a value is missing or a term has more wires than einsum has letters.
 * @example
 * ```ts
 * import { contractDiagram, diagram, randn } from "tensorcalc";
 * const d = diagram("A' * B", { A: ["p", "m"], B: ["p", "n"] });
 * const t = contractDiagram(d, { A: randn([4, 2], { seed: 1 }), B: randn([4, 3], { seed: 2 }) });
 * console.log(t.shape); // [2, 3]
 * ```
 */
export function contractDiagram(
  diagram: Diagram,
  values: Values,
  sizes: Readonly<Record<string, number>> = {},
): Tensor {
  let known: Record<string, number>;
  try {
    known = { ...sizes, ...sizesFromValues(diagram.shapes, values) };
  } catch (err) {
    throw new DiagramError(`the values do not fit the diagram's symbols: ${(err as Error).message}`);
  }
  const ctx: Context = { diagram, values, sizes: known };
  return contractIn(ctx);
}

function contractIn(ctx: Context): Tensor {
  let total: Tensor | undefined;
  for (const net of ctx.diagram.terms) {
    const t = contractNetwork(ctx, net);
    total = total === undefined ? t : add(total, t);
  }
  if (total === undefined) throw new DiagramError("a diagram with no terms has no value");
  return total;
}

/** The padded value of a node's expression, as a tensor over its ports. */
function nodeValue(ctx: Context, node: DiagramNode): Tensor {
  const e = node.expr as Expr;
  let padded: Tensor;
  try {
    if (node.kind === "function") {
      const args = (node.inputs ?? []).map((d) => {
        const v = contractIn({ ...ctx, diagram: d });
        const dims = v.shape;
        let k = 0;
        return reshape(
          v,
          d.unit.map((u) => (u ? 1 : dims[k++])),
        );
      });
      const scope = evalScope((name) => ctx.values[name], ctx.sizes, ctx.diagram.info);
      padded = (opDef(e.op) as SymOpDef).evaluate(args, e as ExprOf<typeof e.op>, scope);
    } else {
      padded = evaluatePadded(e, ctx.values, ctx.sizes, ctx.diagram.info);
    }
  } catch (err) {
    if (err instanceof DiagramError) throw err;
    throw new DiagramError(`the node ${node.label} of the diagram has no value: ${(err as Error).message}`);
  }
  const kept = node.ports.map((p) => padded.shape[p.axis]);
  return node.kind === "scalar" ? padded : reshape(padded, kept);
}

class Classes {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

const key = (node: number, port: number): string => `${node}:${port}`;

function contractNetwork(ctx: Context, net: Network): Tensor {
  const classes = new Classes();
  for (const w of net.wires) classes.union(key(w.a.node, w.a.port), key(w.b.node, w.b.port));
  for (const n of net.nodes) {
    if (n.kind === "identity") for (const [a, b] of n.pairs ?? []) classes.union(key(n.id, a), key(n.id, b));
    if (n.kind === "copy") for (let p = 1; p < n.ports.length; p++) classes.union(key(n.id, 0), key(n.id, p));
  }
  const letter = new Map<string, number>();
  const labelOf = (k: string): number => {
    const r = classes.find(k);
    let l = letter.get(r);
    if (l === undefined) letter.set(r, (l = letter.size));
    return l;
  };
  const dimOf = new Map<number, Dim>();
  const sizeOf = new Map<number, number>();
  const operands: Tensor[] = [];
  const terms: number[][] = [];
  let factor = net.coef;
  for (const n of net.nodes) {
    n.ports.forEach((p, i) => dimOf.set(labelOf(key(n.id, i)), p.dim));
    if (n.kind === "scalar") factor *= nodeValue(ctx, n).data[0];
    if (n.kind !== "tensor" && n.kind !== "function") continue;
    const v = nodeValue(ctx, n);
    const labels = n.ports.map((_, i) => labelOf(key(n.id, i)));
    labels.forEach((l, i) => sizeOf.set(l, v.shape[i]));
    if (labels.length === 0) factor *= v.data[0];
    else {
      operands.push(v);
      terms.push(labels);
    }
  }
  const size = (l: number): number => {
    const s = sizeOf.get(l);
    if (s !== undefined) return s;
    const d = dimOf.get(l);
    try {
      return dimValue(d ?? 1, ctx.sizes);
    } catch (err) {
      throw new DiagramError(`a wire of the diagram has no size: ${(err as Error).message}`);
    }
  };
  const used = new Set(terms.flat());
  const output: number[] = [];
  for (const o of net.outputs) {
    const l = labelOf(key(o.port.node, o.port.port));
    if (!output.includes(l)) output.push(l);
    else {
      // two free wires joined by bare wires (α's pass-through): the identity between them
      const fresh = letter.size;
      letter.set(`out${fresh}`, fresh);
      operands.push(eye(size(l)));
      terms.push([l, fresh]);
      sizeOf.set(fresh, size(l));
      output.push(fresh);
    }
    used.add(l);
  }
  for (const l of new Set(letter.values())) {
    if (terms.some((t) => t.includes(l))) continue;
    // a closed loop of bare wires is tr(I) = n; a free wire on nothing is a vector of ones
    if (output.includes(l)) {
      operands.push(ones([size(l)]));
      terms.push([l]);
    } else factor *= size(l);
  }
  if (letter.size > LETTERS.length)
    throw new DiagramError(
      `a term of the diagram has ${letter.size} wires; at most ${LETTERS.length} can be contracted`,
    );
  if (operands.length === 0) return full([], factor);
  const spec = `${terms.map((t) => t.map((l) => LETTERS[l]).join("")).join(",")}->${output.map((l) => LETTERS[l]).join("")}`;
  const r = einsum(spec, ...operands);
  return factor === 1 ? r : scale(r, factor);
}
