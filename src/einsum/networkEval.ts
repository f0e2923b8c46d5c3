/**
 * The numbers of a planned einsum network ({@link planNetwork}): every node once, in order, each
 * pair as a batch of matrix products on the fast kernel (`pairwise.ts`), the terms' roots scaled
 * and summed into one array.
 * @packageDocumentation
 * @internal
 */
import { allocate } from "../core/shape";
import type { NetworkPlan } from "./network";
import { contractPair } from "./pairwise";
import { isLaidOut, reduceTo, type LabelledView } from "./strided";

/** A row-major tensor's view with its axes labelled `axes` (a repeated label reads the diagonal). */
function leafView(data: Float64Array, shape: readonly number[], axes: readonly number[]): LabelledView {
  const labels: number[] = [];
  const sizes: number[] = [];
  const strides: number[] = [];
  let s = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    const at = labels.indexOf(axes[a]);
    if (at >= 0) strides[at] += s;
    else {
      labels.push(axes[a]);
      sizes.push(shape[a]);
      strides.push(s);
    }
    s *= shape[a];
  }
  return { data, offset: 0, labels: labels.reverse(), shape: sizes.reverse(), strides: strides.reverse() };
}

const relabel = (v: LabelledView, map: readonly number[]): LabelledView => ({
  ...v,
  labels: v.labels.map((l) => map[l]),
});

/**
 * Evaluate a plan on the tensors' row-major data (`shapes[t]` the shape of tensor t): the sum of
 * its terms, row-major on the output axes (`outShape`).
 */
export function evaluateNetwork(
  plan: NetworkPlan,
  data0: readonly Float64Array[],
  shapes0: readonly (readonly number[])[],
  outShape: readonly number[],
): Float64Array {
  const where = "einsum network";
  let data = data0;
  let shapes = shapes0;
  // the tensors made first (factored sums), each by its own plan
  if (plan.inner.length > 0) {
    const d = data.slice();
    const sh = shapes.slice();
    for (const i of plan.inner) {
      d[i.tensor] = evaluateNetwork(i.plan, d, sh, i.shape);
      sh[i.tensor] = i.shape;
    }
    data = d;
    shapes = sh;
  }
  const values: LabelledView[] = [];
  const range = (n: number): number[] => [...Array(n).keys()];
  // a node met by a tensor in a later step is made in that tensor's order of labels where it can
  const prefer = new Map<number, number[]>();
  for (const node of plan.nodes) {
    if (node.kind !== "pair") continue;
    for (const [self, other] of [node.children, [...node.children].reverse()]) {
      const o = plan.nodes[other.node];
      if (o.kind !== "leaf" || plan.nodes[self.node].kind !== "pair" || o.axes.length !== o.rank) continue;
      const back = new Map(self.map.map((l, j) => [l, j]));
      const order = o.axes.map((l) => back.get(other.map[l])).filter((j): j is number => j !== undefined);
      if (!prefer.has(self.node)) prefer.set(self.node, order);
    }
  }
  for (const [k, node] of plan.nodes.entries()) {
    if (node.kind === "leaf") {
      const v = leafView(data[node.tensor], shapes[node.tensor], node.axes);
      const summed = v.labels.length > node.rank;
      values.push(summed ? reduceTo(v, range(node.rank), where) : v);
    } else {
      const [a, b] = node.children;
      const keep = new Set(range(node.rank));
      values.push(
        contractPair(relabel(values[a.node], a.map), relabel(values[b.node], b.map), keep, where, prefer.get(k)),
      );
    }
  }
  let out: Float64Array | undefined;
  for (const t of plan.terms) {
    const root = values[t.node];
    const v = relabel(
      root,
      range(root.labels.length).map((l) => t.output.indexOf(l)),
    );
    const order = range(outShape.length);
    const inOrder = isLaidOut(v, order);
    const r = inOrder ? v.data : reduceTo(v, order, where).data;
    if (out === undefined) {
      // a root in order is a node's own array (maybe shared): copied, never scaled in place
      out = inOrder ? r.slice() : r;
      if (t.coef !== 1) for (let i = 0; i < out.length; i++) out[i] *= t.coef;
    } else {
      const c = t.coef;
      for (let i = 0; i < out.length; i++) out[i] += c * r[i];
    }
  }
  return out ?? allocate(outShape, where);
}
