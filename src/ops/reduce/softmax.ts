/**
 * Softmax along an axis, computed stably (shifted by the maximum of each slice).
 * @packageDocumentation
 */
import { allocate, type Shape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { densify, denseBatch } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { hadamard } from "../arith/hadamard";
import { sub } from "../arith/sub";
import { normalizeAxis, spreadAlong } from "./axes";
import { fibersOf, forEachFiber } from "./fibers";
import { expNonPositive } from "../../kernels/exp";
import { sum } from "./sum";

/** The attrs of `softmax`: the axis (normalised). @internal */
export interface SoftmaxAttrs {
  readonly axis: number;
}

/** @internal */
export const softmaxDef: OpDef<SoftmaxAttrs> = {
  name: "softmax",
  // ds = s ∘ (v − ⟨s, v⟩) along the axis, for each tangent v.
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const s = ctx.output.data;
    const f = fibersOf(ctx.output.shape, ctx.attrs.axis);
    const v = densify(t);
    const out = denseBatch(v.rows, v.cols);
    for (let r = 0; r < v.rows; r++) {
      const off = r * v.cols;
      forEachFiber(f, (base, stride) => {
        let dot = 0;
        for (let k = 0; k < f.n; k++) dot += s[base + k * stride] * v.data[off + base + k * stride];
        for (let k = 0; k < f.n; k++) {
          const p = base + k * stride;
          out.data[off + p] = s[p] * (v.data[off + p] - dot);
        }
      });
    }
    return out;
  },
  // s ∘ (C − Σ_axis s ∘ C), written with public ops (the output s is traced on outer tapes).
  vjp: (ctx, C) => {
    const s = ctx.output;
    const axes = [ctx.attrs.axis];
    return [hadamard(s, sub(C, spreadAlong(sum(hadamard(s, C), axes), axes, s.shape)))];
  },
  cases: [
    { label: "softmax(x) (vector)", x: (d) => gauss([d.a], d.seed), f: () => (x) => softmax(x) },
    { label: "softmax(X) (rows of m×n)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => softmax(x) },
    { label: "softmax(X, 0) (columns of m×n)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => softmax(x, 0) },
    { label: "softmax(T, 1) (a×b×c)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => softmax(x, 1) },
    {
      label: "softmax(X)⊙C (m×n)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => hadamard(softmax(x, -1), gauss([d.a, d.b], d.seed + 1)),
    },
  ],
};

/**
 * The softmax exp(xᵢ)/Σⱼ exp(xⱼ) along `axis` (default −1, the last: for a matrix, each row
 * is normalised; `axis = 0` normalises the columns), same shape as t. Computed stably: each
 * slice is shifted by its maximum first, so inputs like ±1000 neither overflow nor give NaN.
 * Differentiable: the Jacobian-vector product is s ∘ (v − ⟨s, v⟩) along the axis.
 * @throws {@link IndexError} naming the axis and the shape when the axis is out of range
 * (a 0-d tensor has no axis).
 * @example
 * ```ts
 * import { tensor, softmax } from "tensorcalc";
 * console.log(softmax(tensor([1000, 1000, -1000])).toNested()); // [0.5, 0.5, 0]
 * console.log(softmax(tensor([[0, 0], [1, 1]]), 0).toNested().flat().map((v) => Number(v).toFixed(4))); // ["0.2689", "0.2689", "0.7311", "0.7311"]
 * ```
 */
export function softmax(t: Tensor, axis = -1): Tensor {
  checkTensor(t, "softmax");
  const a = normalizeAxis("softmax", axis, t.shape);
  return record(softmaxDef, [t], new Tensor(softmaxKernel(t.data, t.shape, a), t.shape), { axis: a });
}

/**
 * @internal The softmax of the entries `x` of a tensor of shape `shape` along `axis` (normalised); not recorded.
 * Three passes over each fiber (maximum, exp and sum, scale), the exponential inlined (`kernels/exp.ts`); fibers
 * along the last axis are read as contiguous runs.
 */
export function softmaxKernel(x: Float64Array, shape: Shape, axis: number): Float64Array {
  const out = allocate(shape, "softmax");
  const f = fibersOf(shape, axis);
  const n = f.n;
  if (f.inner === 1) {
    for (let base = 0; base < x.length; base += n) {
      const end = base + n;
      let m = -Infinity;
      for (let p = base; p < end; p++) if (x[p] > m) m = x[p];
      if (m === Infinity || Number.isNaN(m)) {
        for (let p = base; p < end; p++) out[p] = Math.exp(x[p] - m);
        let s = 0;
        for (let p = base; p < end; p++) s += out[p];
        for (let p = base; p < end; p++) out[p] /= s;
        continue;
      }
      let s = 0;
      for (let p = base; p < end; p++) s += out[p] = expNonPositive(x[p] - m);
      for (let p = base; p < end; p++) out[p] /= s;
    }
    return out;
  }
  forEachFiber(f, (base, stride) => {
    let m = -Infinity;
    for (let k = 0; k < n; k++) m = Math.max(m, x[base + k * stride]);
    const exp = m === Infinity || Number.isNaN(m) ? Math.exp : expNonPositive;
    let s = 0;
    for (let k = 0; k < n; k++) {
      const e = exp(x[base + k * stride] - m);
      out[base + k * stride] = e;
      s += e;
    }
    for (let k = 0; k < n; k++) out[base + k * stride] /= s;
  });
  return out;
}
