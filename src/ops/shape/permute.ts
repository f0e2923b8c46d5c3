/**
 * Axis permutation of a tensor of any order.
 * @packageDocumentation
 */
import { IndexError } from "../../core/errors";
import { allocate, formatShape, sizeOf, stridesOf, type Shape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { gather } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** The attrs of `permute`: result axis i is input axis `axes[i]`. @internal */
export interface PermuteAttrs {
  readonly axes: readonly number[];
}

/** The index map of a permutation: src[out] = in, inv[in] = out. */
function permuteMap(inShape: Shape, axes: readonly number[]): { src: Int32Array; inv: Int32Array } {
  const outShape = axes.map((a) => inShape[a]);
  const inStrides = stridesOf(inShape);
  const n = sizeOf(inShape);
  const src = new Int32Array(n);
  const inv = new Int32Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  const step = axes.map((a) => inStrides[a]);
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let d = 0; d < idx.length; d++) s += idx[d] * step[d];
    src[o] = s;
    inv[s] = o;
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return { src, inv };
}

/** @internal */
export const permuteDef: OpDef<PermuteAttrs> = {
  name: "permute",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const { src, inv } = permuteMap(ctx.inputs[0].shape, ctx.attrs.axes);
    return gather(t, src, inv);
  },
  vjp: (ctx, C) => {
    const axes = ctx.attrs.axes;
    const invAxes = new Array<number>(axes.length);
    axes.forEach((a, d) => (invAxes[a] = d));
    return [permute(C, invAxes)];
  },
  cases: [
    { label: "permute [2,0,1]", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => permute(x, [2, 0, 1]) },
    { label: "permute [1,0]", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => permute(x, [1, 0]) },
  ],
};

/**
 * Reorder the axes: result axis `i` is input axis `axes[i]`, i.e.
 * `permute(t, axes)[i_0, …] = t[j]` with `j[axes[k]] = i_k`. For a matrix,
 * `permute(A, [1, 0])` is Aᵀ. Differentiable.
 *
 * @throws {@link IndexError} when `axes` is not a permutation of 0..ndim-1.
 * @example
 * ```ts
 * import { zeros, permute } from "tensorcalc";
 * console.log(permute(zeros([2, 3, 4]), [2, 0, 1]).shape); // [4, 2, 3]
 * ```
 */
export function permute(t: Tensor, axes: readonly number[]): Tensor {
  checkTensor(t, "permute");
  const n = t.ndim;
  const describe = () => (Array.isArray(axes) ? `[${axes.join(", ")}]` : String(axes));
  if (!Array.isArray(axes) || axes.length !== n) {
    throw new IndexError(
      `permute: axes ${describe()} must list each of the ${n} axes of a tensor of shape ${formatShape(t.shape)} exactly once`,
    );
  }
  const seen = new Array<boolean>(n).fill(false);
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= n || seen[a]) {
      throw new IndexError(
        `permute: axes ${describe()} is not a permutation of 0..${n - 1} (shape ${formatShape(t.shape)}): axis ${String(a)} is ${
          Number.isInteger(a) && a >= 0 && a < n ? "repeated" : "out of range"
        }`,
      );
    }
    seen[a] = true;
  }
  const shape = axes.map((a) => t.shape[a]);
  const inStrides = axes.map((a) => t.strides[a]);
  const out = allocate(shape, "permute");
  const src = t.data;
  const size = out.length;
  if (n === 0 || size === 0) {
    if (size > 0) out[0] = src[0];
  } else {
    const idx = new Array<number>(n).fill(0);
    const last = n - 1;
    const lastDim = shape[last];
    const lastStride = inStrides[last];
    let off = 0;
    let k = 0;
    while (k < size) {
      // innermost axis in a tight loop
      for (let i = 0, o = off; i < lastDim; i++, o += lastStride) out[k++] = src[o];
      // advance the odometer over the outer axes
      let a = last - 1;
      for (; a >= 0; a--) {
        off += inStrides[a];
        if (++idx[a] < shape[a]) break;
        off -= inStrides[a] * shape[a];
        idx[a] = 0;
      }
      if (a < 0) break;
    }
  }
  return record(permuteDef, [t], new Tensor(out, shape), { axes: Object.freeze(axes.slice()) });
}
