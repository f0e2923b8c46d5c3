/**
 * Matrix transpose; installs {@link Tensor}'s `T`.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { allocate, formatShape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { transposeInto } from "../../kernels/transpose";
import { gather } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** @internal The index map of the transpose of an m×n matrix: src[out] = in, inv[in] = out. */
export function transposeMap(m: number, n: number): { src: Int32Array; inv: Int32Array } {
  const src = new Int32Array(m * n);
  const inv = new Int32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      src[j * m + i] = i * n + j;
      inv[i * n + j] = j * m + i;
    }
  }
  return { src, inv };
}

/** @internal */
export const transposeDef: OpDef = {
  name: "transpose",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const [m, n] = ctx.inputs[0].shape;
    const { src, inv } = transposeMap(m, n);
    return gather(t, src, inv);
  },
  vjp: (_ctx, C) => [transpose(C)],
  cases: [
    { label: "Xᵀ", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => transpose(x) },
    { label: "X.T", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => x.T },
  ],
};

/**
 * The transpose Aᵀ of a matrix A (m×n → n×m). Same as `A.T`.
 * Differentiable: ∂Aᵀ/∂A is the seed's β.
 *
 * @throws {@link ShapeError} when `a` is not 2-D.
 * @example
 * ```ts
 * import { tensor, transpose } from "tensorcalc";
 * console.log(transpose(tensor([[1, 2, 3]])).toNested()); // [[1], [2], [3]]
 * ```
 */
export function transpose(a: Tensor): Tensor {
  checkTensor(a, "transpose");
  if (a.ndim !== 2) {
    throw new ShapeError(
      `transpose: expected a matrix (2 axes), got shape ${formatShape(a.shape)}; use permute(t, axes) for other orders`,
    );
  }
  const [m, n] = a.shape;
  const out = allocate([n, m], "transpose");
  transposeInto(a.data, m, n, out);
  return record(transposeDef, [a], new Tensor(out, [n, m]));
}

declare module "../../core/tensor" {
  interface Tensor {
    /**
     * Matrix transpose (2-D tensors only; use {@link permute} for higher orders).
     * @example
     * ```ts
     * import { zeros } from "tensorcalc";
     * console.log(zeros([2, 3]).T.shape); // [3, 2]
     * ```
     */
    readonly T: Tensor;
  }
}

Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor): Tensor {
    return transpose(this);
  },
  configurable: true,
});
