/**
 * The sum of all entries, or the sums over some axes (numpy's `keepdims=False`).
 * @packageDocumentation
 */
import { allocate } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { ones } from "../../create/constant";
import { functional } from "../../trace/batch";
import { outer } from "../products/outer";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { keptShape, normalizeAxes, reduceBatch, reductionMap, spreadAlong } from "./axes";

/** The attrs of `sum` over axes: the summed axes, normalised and ascending (none: every entry). @internal */
export interface SumAttrs {
  readonly axes: readonly number[];
}

/** @internal */
export const sumDef: OpDef<SumAttrs | undefined> = {
  name: "sum",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    if (ctx.attrs === undefined) return functional(t, null);
    const x = ctx.inputs[0];
    return reduceBatch(t, reductionMap(x.shape, ctx.attrs.axes), ctx.output.size);
  },
  // The cotangent C has the result's shape: copy it along the summed axes (C ⊗ 1 for a 0-d C).
  vjp: (ctx, C) => {
    const shape = ctx.inputs[0].shape;
    if (ctx.attrs === undefined) return [outer(C, ones(shape))];
    return [spreadAlong(C, ctx.attrs.axes, shape)];
  },
  cases: [
    { label: "sum", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => sum(x) },
    { label: "sum(X, 0) (m×n → n)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sum(x, 0) },
    { label: "sum(X, -1) (m×n → m)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sum(x, -1) },
    { label: "sum(T, [0, 2]) (a×b×c → b)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => sum(x, [0, 2]) },
    { label: "sum(T, [-1, 1]) (a×b×c → a)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => sum(x, [-1, 1]) },
    { label: "sum(T, 1) (a×b×c → a×c)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => sum(x, 1) },
    { label: "sum(X, []) (no axis: a copy)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sum(x, []) },
  ],
};

/**
 * The sum of all entries, as a 0-d tensor (`.item()` gives the number); with `axes`
 * (an axis or an array of distinct axes, negative ones counting from the end as in
 * numpy), the sums over those axes, which are dropped from the shape (numpy's
 * `keepdims=False`): `sum(X, 0)` of an m×n matrix is the vector of its n column sums.
 * Differentiable.
 * @throws {@link IndexError} naming the axis and the shape when an axis is out of range,
 * not an integer, or repeated.
 * @example
 * ```ts
 * import { tensor, sum } from "tensorcalc";
 * const X = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(sum(X).item()); // 21
 * console.log(sum(X, 0).toNested(), sum(X, -1).toNested()); // [5, 7, 9] [6, 15]
 * console.log(sum(X, [0, 1]).item()); // 21
 * ```
 */
export function sum(t: Tensor, axes?: number | readonly number[]): Tensor {
  checkTensor(t, "sum");
  const x = t.data;
  if (axes === undefined) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    return record(sumDef, [t], new Tensor(new Float64Array([s]), []), undefined);
  }
  const ax = normalizeAxes("sum", axes, t.shape);
  const shape = keptShape(t.shape, ax);
  const out = allocate(shape, "sum");
  const map = reductionMap(t.shape, ax);
  for (let i = 0; i < x.length; i++) out[map[i]] += x[i];
  return record(sumDef, [t], new Tensor(out, shape), { axes: ax });
}
