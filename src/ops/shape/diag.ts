/**
 * The diagonal: vector → diagonal matrix, matrix → vector of its diagonal.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { allocate, formatShape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { eye } from "../../create/constant";
import { nnzOf, SparseBuilder, forEachEntry, type Batch } from "../../trace/batch";
import { matmul } from "../products/matmul";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** Each tangent's entry c moved to position `to(c)` (or dropped when it is −1). */
function moveEntries(b: Batch, cols: number, to: (c: number) => number): Batch {
  const sb = new SparseBuilder(b.rows, cols, Math.min(nnzOf(b), b.rows * cols));
  for (let r = 0; r < b.rows; r++) {
    forEachEntry(b, r, (c, v) => {
      const o = to(c);
      if (o >= 0) sb.add(o, v);
    });
    sb.endRow();
  }
  return sb.finish();
}

/** @internal */
export const diagDef: OpDef = {
  name: "diag",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const x = ctx.inputs[0];
    if (x.ndim === 1) {
      const n = x.shape[0];
      return moveEntries(t, n * n, (i) => i * (n + 1));
    }
    const [m, n] = x.shape;
    const k = Math.min(m, n);
    return moveEntries(t, k, (c) => {
      const i = Math.floor(c / n);
      return c === i * (n + 1) && i < k ? i : -1;
    });
  },
  vjp: (ctx, C) => {
    const x = ctx.inputs[0];
    // diag(x) for a vector: the cotangent is the diagonal of C.
    if (x.ndim === 1) return [diag(C)];
    // diag(X) for an m×n matrix: C (length min(m, n)) on the diagonal of an m×n matrix.
    const [m, n] = x.shape;
    const k = C.shape[0];
    const square = diag(C);
    if (m === k && n === k) return [square];
    return [matmul(matmul(eye(m, k), square), eye(k, n))];
  },
  cases: [
    { label: "diag(x) (vector → matrix)", x: (d) => gauss([d.a], d.seed), f: () => (x) => diag(x) },
    { label: "diag(X) (m×n → min(m, n))", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => diag(x) },
    { label: "diag(diag(X)) (m×n)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => diag(diag(x)) },
  ],
};

/**
 * The diagonal, as in numpy: for a vector x of length n, the n×n matrix with x
 * on its diagonal; for a matrix X (m×n, rectangular allowed), the vector of its
 * min(m, n) diagonal entries `X[i, i]`. Differentiable.
 *
 * @throws {@link ShapeError} naming what was passed and its shape, unless it is a vector or a matrix.
 * @example
 * ```ts
 * import { tensor, diag } from "tensorcalc";
 * console.log(diag(tensor([1, 2])).toNested()); // [[1, 0], [0, 2]]
 * console.log(diag(tensor([[1, 2, 3], [4, 5, 6]])).toNested()); // [1, 5]
 * ```
 */
export function diag(x: Tensor): Tensor {
  checkTensor(x, "diag");
  if (x.ndim === 1) {
    const n = x.shape[0];
    const out = allocate([n, n], "diag");
    for (let i = 0; i < n; i++) out[i * (n + 1)] = x.data[i];
    return record(diagDef, [x], new Tensor(out, [n, n]));
  }
  if (x.ndim === 2) {
    const [m, n] = x.shape;
    const k = Math.min(m, n);
    const out = allocate([k], "diag");
    for (let i = 0; i < k; i++) out[i] = x.data[i * (n + 1)];
    return record(diagDef, [x], new Tensor(out, [k]));
  }
  throw new ShapeError(
    `diag: expected a vector (1 axis) or a matrix (2 axes), got a tensor of shape ${formatShape(x.shape)} (${x.ndim} axes)`,
  );
}
