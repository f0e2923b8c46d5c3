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
import { reshape } from "../shape/reshape";
import { keptShape, normalizeAxis, reduceBatch, reductionMap, spreadAlong } from "./axes";
import { fibersOf, forEachFiber, logSumExpOf } from "./fibers";
import { softmax, softmaxKernel } from "./softmax";

/** The attrs of `logsumexp` along an axis (normalised); none: over all entries. @internal */
export interface LogSumExpAttrs {
  readonly axis: number;
}

/** @internal */
export const logsumexpDef: OpDef<LogSumExpAttrs | undefined> = {
  name: "logsumexp",
  // d logsumexp(x) = ⟨softmax(x), dx⟩ (along the axis).
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const x = ctx.inputs[0];
    const axis = ctx.attrs?.axis;
    const w = softmaxKernel(x.data, axis === undefined ? [x.size] : x.shape, axis ?? 0);
    if (axis === undefined) return functional(t, w);
    return reduceBatch(scaleCols(t, w), reductionMap(x.shape, [axis]), ctx.output.size);
  },
  // The gradient is the softmax (a differentiable op, so that second derivatives work).
  vjp: (ctx, C) => {
    const x = ctx.inputs[0];
    if (ctx.attrs === undefined) return [hadamard(C, reshape(softmax(reshape(x, [x.size])), x.shape))];
    const axes = [ctx.attrs.axis];
    return [hadamard(spreadAlong(C, axes, x.shape), softmax(x, ctx.attrs.axis))];
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
