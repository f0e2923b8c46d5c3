/**
 * vech (stack the columns of the lower triangle) and its inverse unvech, the symmetric matrix of a half-vector.
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkTensor } from "../core/validate";
import { gauss } from "../ops/cases";
import { record, type Batch, type OpDef } from "../ops/def";
import { add } from "../ops/arith/add";
import { hadamard } from "../ops/arith/hadamard";
import { sub } from "../ops/arith/sub";
import { diag } from "../ops/shape/diag";
import { transpose } from "../ops/shape/transpose";
import { matmul } from "../ops/products/matmul";
import { forEachEntry, nnzOf, SparseBuilder } from "../trace/batch";

/** @internal The length n(n+1)/2 of the half-vectorization of an n×n matrix. */
export const vechLength = (n: number): number => (n * (n + 1)) / 2;

/** @internal The position of X[i, j] (i ≥ j, lower triangle) in vech(X) of an n×n matrix X. */
export const vechIndex = (i: number, j: number, n: number): number => j * n - (j * (j - 1)) / 2 + (i - j);

/** @internal The size n of a matrix given to the symmetric-matrix functions: a positive integer. */
export function checkOrder(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new IndexError(
      `${where}: n must be a positive integer, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`,
    );
  }
  return v;
}

/** For each entry of X (row-major), its position in vech(X), or −1 above the diagonal. */
function vechPositions(n: number): Int32Array {
  const to = new Int32Array(n * n).fill(-1);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) to[i * n + j] = vechIndex(i, j, n);
  return to;
}

/**
 * Each tangent's entry c copied to position `first[c]` and, unless it is −1, `second[c]`
 * (an entry whose `first` is −1 is dropped).
 */
function spread(b: Batch, cols: number, first: Int32Array, second: Int32Array | null): Batch {
  const copies = second === null ? 1 : 2;
  const sb = new SparseBuilder(b.rows, cols, Math.min(copies * nnzOf(b), b.rows * cols));
  for (let r = 0; r < b.rows; r++) {
    forEachEntry(b, r, (c, v) => {
      if (first[c] < 0) return;
      sb.add(first[c], v);
      if (second !== null && second[c] >= 0) sb.add(second[c], v);
    });
    sb.endRow();
  }
  return sb.finish();
}

/** The n×n 0/1 matrix with ones on and below the diagonal. */
function lowerOnes(n: number): Tensor {
  const out = allocate([n, n], "vech");
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[i * n + j] = 1;
  return new Tensor(out, [n, n]);
}

/** @internal */
export const vechDef: OpDef = {
  name: "vech",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.inputs[0].shape[0];
    return spread(t, vechLength(n), vechPositions(n), null);
  },
  // The adjoint puts the cotangent on and below the diagonal of an n×n matrix (zeros above).
  vjp: (ctx, C) => [hadamard(unvech(C), lowerOnes(ctx.inputs[0].shape[0]))],
  cases: [
    { label: "vech(X) (n×n)", x: (d) => gauss([d.a, d.a], d.seed), f: () => (x) => vech(x) },
    {
      label: "vech(X Xᵀ) (X n×m)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => vech(matmul(x, transpose(x))),
    },
  ],
};

/** @internal */
export const unvechDef: OpDef = {
  name: "unvech",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.output.shape[0];
    const L = vechLength(n);
    const first = new Int32Array(L);
    const second = new Int32Array(L);
    for (let j = 0; j < n; j++) {
      for (let i = j; i < n; i++) {
        const k = vechIndex(i, j, n);
        first[k] = i * n + j;
        second[k] = i === j ? -1 : j * n + i;
      }
    }
    return spread(t, n * n, first, second);
  },
  // v_k appears at (i, j) and (j, i): its cotangent is G_ij + G_ji off the diagonal and G_ii on it.
  vjp: (_ctx, G) => [vech(sub(add(G, transpose(G)), diag(diag(G))))],
  cases: [
    { label: "unvech(v) (length n(n+1)/2)", x: (d) => gauss([vechLength(d.a)], d.seed), f: () => (x) => unvech(x) },
    { label: "vech(unvech(v))", x: (d) => gauss([vechLength(d.a)], d.seed), f: () => (x) => vech(unvech(x)) },
    { label: "unvech(vech(X)) (n×n)", x: (d) => gauss([d.a, d.a], d.seed), f: () => (x) => unvech(vech(x)) },
  ],
};

/**
 * vech(X): the half-vectorization of the n×n matrix X, the columns of its lower triangle (diagonal included)
 * stacked into a vector of length n(n+1)/2, column-major like {@link vec} (Magnus–Neudecker). The entries above
 * the diagonal are ignored, so for a symmetric S, vech(S) holds each distinct entry once. Differentiable.
 *
 * @throws {@link ShapeError} when `X` is not a square matrix with at least one row.
 * @example
 * ```ts
 * import { tensor, vech } from "tensorcalc";
 * const X = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
 * console.log(vech(X).toNested()); // [1, 4, 7, 5, 8, 9]
 * ```
 */
export function vech(X: Tensor): Tensor {
  checkTensor(X, "vech");
  if (X.ndim !== 2 || X.shape[0] !== X.shape[1] || X.shape[0] === 0) {
    const what = X.ndim === 2 ? "" : ` (${X.ndim} ${X.ndim === 1 ? "axis" : "axes"})`;
    throw new ShapeError(
      `vech: expected a square n×n matrix (n ≥ 1), got shape ${formatShape(X.shape)}${what}; vech takes the lower triangle of a square matrix`,
    );
  }
  const n = X.shape[0];
  const out = allocate([vechLength(n)], "vech");
  const x = X.data;
  let k = 0;
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) out[k++] = x[i * n + j];
  return record(vechDef, [X], new Tensor(out, [k]));
}

/** The n with n(n+1)/2 = length, or a ShapeError naming the nearest valid lengths. */
function orderOf(length: number): number {
  let n = Math.floor((Math.sqrt(8 * length + 1) - 1) / 2);
  while (vechLength(n) > length) n--;
  while (vechLength(n + 1) <= length) n++;
  if (n >= 1 && vechLength(n) === length) return n;
  const above = `${vechLength(n + 1)} (n = ${n + 1})`;
  const nearest = n >= 1 ? `${vechLength(n)} (n = ${n}) and ${above}` : above;
  throw new ShapeError(
    `unvech: a vector of length ${length} is not the vech of a square matrix: its length must be a triangular number n(n+1)/2; the nearest are ${nearest}`,
  );
}

/**
 * unvech(v, n?): the symmetric n×n matrix S with vech(S) = v, so `unvech(vech(S))` is S for a symmetric S and
 * `vech(unvech(v))` is v. The size n follows from the length n(n+1)/2 of v; when `n` is given, the length must
 * match it. Differentiable.
 *
 * @throws {@link ShapeError} when `v` is not a vector or its length is not a triangular number n(n+1)/2 (the
 * message names the nearest valid lengths), or not that of the given `n`.
 * @throws {@link IndexError} when `n` is given and is not a positive integer.
 * @example
 * ```ts
 * import { tensor, unvech } from "tensorcalc";
 * console.log(unvech(tensor([1, 4, 7, 5, 8, 9])).toNested()); // [[1, 4, 7], [4, 5, 8], [7, 8, 9]]
 * ```
 */
export function unvech(v: Tensor, n?: number): Tensor {
  checkTensor(v, "unvech");
  if (n !== undefined) checkOrder(n, "unvech");
  if (v.ndim !== 1) {
    throw new ShapeError(
      `unvech: expected a vector (1 axis) of length n(n+1)/2, got shape ${formatShape(v.shape)} (${v.ndim} axes)`,
    );
  }
  const length = v.shape[0];
  if (n !== undefined && length !== vechLength(n)) {
    throw new ShapeError(
      `unvech: expected a vector of length n(n+1)/2 = ${vechLength(n)} for n = ${n}, got shape ${formatShape(v.shape)}`,
    );
  }
  const size = n ?? orderOf(length);
  const out = allocate([size, size], "unvech");
  const x = v.data;
  let k = 0;
  for (let j = 0; j < size; j++) {
    for (let i = j; i < size; i++) {
      out[i * size + j] = x[k];
      out[j * size + i] = x[k];
      k++;
    }
  }
  return record(unvechDef, [v], new Tensor(out, [size, size]));
}
