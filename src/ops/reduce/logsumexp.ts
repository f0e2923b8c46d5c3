/**
 * log Σ exp, over all entries or along an axis, computed stably (shifted by the maximum).
 * @packageDocumentation
 */
import { allocate } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { functional, scaleCols } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { hadamard } from "../arith/hadamard";
import { sub } from "../arith/sub";
import { exp } from "../elementwise/exp";
import { keptShape, normalizeAxis, reduceBatch, reductionMap, spreadAlong } from "./axes";
import { fibersOf, forEachFiber, logSumExpOf } from "./fibers";

/** The attrs of `logsumexp` along an axis (normalised); none: over all entries. @internal */
export interface LogSumExpAttrs {
  readonly axis: number;
}

/** The softmax weights exp(x − y), with y = logsumexp(x) repeated along the reduced axis. */
function weights(x: Tensor, y: Tensor, axis: number | undefined): Float64Array {
  const w = new Float64Array(x.size);
  if (axis === undefined) {
    for (let i = 0; i < w.length; i++) w[i] = Math.exp(x.data[i] - y.data[0]);
    return w;
  }
  const map = reductionMap(x.shape, [axis]);
  for (let i = 0; i < w.length; i++) w[i] = Math.exp(x.data[i] - y.data[map[i]]);
  return w;
}

/** @internal */
export const logsumexpDef: OpDef<LogSumExpAttrs | undefined> = {
  name: "logsumexp",
  // d logsumexp(x) = ⟨softmax(x), dx⟩ (along the axis).
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const x = ctx.inputs[0];
    const axis = ctx.attrs?.axis;
    const w = weights(x, ctx.output, axis);
    if (axis === undefined) return functional(t, w);
    return reduceBatch(scaleCols(t, w), reductionMap(x.shape, [axis]), ctx.output.size);
  },
  // The weights exp(x − y) are written with public ops, so that second derivatives work.
  vjp: (ctx, C) => {
    const x = ctx.inputs[0];
    const y = ctx.output;
    if (ctx.attrs === undefined) return [hadamard(C, exp(sub(x, y)))];
    const axes = [ctx.attrs.axis];
    return [hadamard(spreadAlong(C, axes, x.shape), exp(sub(x, spreadAlong(y, axes, x.shape))))];
  },
  cases: [
    { label: "logsumexp(x) (vector)", x: (d) => gauss([d.a], d.seed), f: () => (x) => logsumexp(x) },
    { label: "logsumexp(X) (all entries)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => logsumexp(x) },
    { label: "logsumexp(X, 0) (m×n → n)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => logsumexp(x, 0) },
    { label: "logsumexp(X, -1) (m×n → m)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => logsumexp(x, -1) },
    {
      label: "logsumexp(T, 1) (a×b×c → a×c)",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: () => (x) => logsumexp(x, 1),
    },
    {
      label: "logsumexp(5X) (large entries)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => logsumexp(hadamard(5, x)),
    },
  ],
};

/**
 * log Σ exp(xᵢ) over all entries (a 0-d result), or, with `axis` (negative counts from the
 * end), along that axis, which is dropped from the shape. Computed stably as
 * m + log Σ exp(xᵢ − m) with m the maximum, so it neither overflows nor underflows
 * (logsumexp([1000, 1000]) = 1000 + log 2). Differentiable: the gradient is the softmax of
 * x (along the axis).
 * @throws {@link IndexError} naming the axis and the shape when the axis is out of range.
 * @example
 * ```ts
 * import { tensor, logsumexp } from "tensorcalc";
 * console.log(logsumexp(tensor([1000, 1000])).item().toFixed(6)); // 1000.693147 (1000 + log 2)
 * console.log(logsumexp(tensor([[0, 0], [1, 1]]), 1).toNested().map((v) => Number(v) - Math.LN2)); // [0, 1]
 * ```
 */
export function logsumexp(t: Tensor, axis?: number): Tensor {
  checkTensor(t, "logsumexp");
  const x = t.data;
  if (axis === undefined) {
    const y = new Tensor(new Float64Array([logSumExpOf(x, 0, 1, x.length)]), []);
    return record(logsumexpDef, [t], y, undefined);
  }
  const a = normalizeAxis("logsumexp", axis, t.shape);
  const shape = keptShape(t.shape, [a]);
  const out = allocate(shape, "logsumexp");
  const f = fibersOf(t.shape, a);
  forEachFiber(f, (base, stride, fiber) => (out[fiber] = logSumExpOf(x, base, stride, f.n)));
  return record(logsumexpDef, [t], new Tensor(out, shape), { axis: a });
}
