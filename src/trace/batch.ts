/**
 * Batches of tangents for forward-mode differentiation in all directions at
 * once. A batch holds `rows` tangents (one per input direction) of a tensor
 * with `cols` entries, either densely (row-major `rows × cols`) or sparsely
 * (compressed rows: one-hot seeds stay sparse through linear maps, so the
 * Jacobian of a bilinear expression costs about as much as writing it).
 * Batches are never mutated after construction.
 * @packageDocumentation
 * @internal
 */
import { checkAllocation } from "../core/shape";
import { gemm, rowMajor } from "../kernels/gemm";

/** `rows` dense tangents of `cols` entries each, row-major. */
export interface DenseBatch {
  readonly kind: "dense";
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** `rows` sparse tangents: row r has entries `idx[ptr[r]..ptr[r+1])` with values `val[…]` (no duplicates). */
export interface SparseBatch {
  readonly kind: "sparse";
  readonly rows: number;
  readonly cols: number;
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

export type Batch = DenseBatch | SparseBatch;

/** Above this fill a sparse result is stored densely. */
const DENSIFY_FILL = 0.3;

const WHERE = "jacobian (tangent batch)";

export function denseBatch(
  rows: number,
  cols: number,
): { kind: "dense"; rows: number; cols: number; data: Float64Array } {
  checkAllocation([rows, cols], WHERE);
  return { kind: "dense", rows, cols, data: new Float64Array(rows * cols) };
}

/** The identity batch: row r is the r-th unit vector (the seeds of an input with `n` entries). */
export function identityBatch(n: number): SparseBatch {
  const ptr = new Int32Array(n + 1);
  const idx = new Int32Array(n);
  const val = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    ptr[r + 1] = r + 1;
    idx[r] = r;
    val[r] = 1;
  }
  return { kind: "sparse", rows: n, cols: n, ptr, idx, val };
}

/** A dense batch of one given tangent (for jvp). */
export function singleBatch(v: Float64Array): DenseBatch {
  return { kind: "dense", rows: 1, cols: v.length, data: v };
}

/**
 * Builds a batch row by row. Sparse by default (a dense scratch row merges
 * duplicate positions); when the expected fill is high it writes a dense
 * batch directly instead.
 */
export class SparseBuilder {
  private ptr: Int32Array;
  private idx: Int32Array;
  private val: Float64Array;
  private nnz = 0;
  private row = 0;
  private readonly acc: Float64Array;
  private readonly mark: Int32Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  /** Dense mode: the output rows, and the offset of the current row. */
  private readonly dense: Float64Array | undefined;
  private base = 0;

  constructor(
    readonly rows: number,
    readonly cols: number,
    estimate: number,
  ) {
    if (estimate > DENSIFY_FILL * rows * cols) {
      checkAllocation([rows, cols], WHERE);
      this.dense = new Float64Array(rows * cols);
      this.ptr = this.idx = new Int32Array(0);
      this.val = this.acc = new Float64Array(0);
      this.mark = this.touched = this.idx;
      return;
    }
    this.ptr = new Int32Array(rows + 1);
    const cap = Math.max(16, Math.min(estimate, rows * cols));
    checkAllocation([cap], WHERE);
    this.idx = new Int32Array(cap);
    this.val = new Float64Array(cap);
    this.acc = new Float64Array(cols);
    this.mark = new Int32Array(cols);
    this.touched = new Int32Array(cols);
  }

  /** Add `v` at position `c` of the current row. */
  add(c: number, v: number): void {
    if (this.dense !== undefined) {
      this.dense[this.base + c] += v;
      return;
    }
    const stamp = this.row + 1;
    if (this.mark[c] !== stamp) {
      this.mark[c] = stamp;
      this.acc[c] = v;
      this.touched[this.nTouched++] = c;
    } else {
      this.acc[c] += v;
    }
  }

  /** Finish the current row. */
  endRow(): void {
    if (this.dense !== undefined) {
      this.row++;
      this.base += this.cols;
      return;
    }
    const n = this.nTouched;
    if (this.nnz + n > this.idx.length) this.grow(this.nnz + n);
    const idx = this.idx;
    const val = this.val;
    const acc = this.acc;
    const touched = this.touched;
    let k = this.nnz;
    for (let t = 0; t < n; t++) {
      const c = touched[t];
      idx[k] = c;
      val[k] = acc[c];
      k++;
    }
    this.nnz = k;
    this.nTouched = 0;
    this.row++;
    this.ptr[this.row] = k;
  }

  private grow(need: number): void {
    let cap = Math.max(16, this.idx.length * 2);
    while (cap < need) cap *= 2;
    cap = Math.min(cap, Math.max(need, this.rows * this.cols));
    checkAllocation([cap], WHERE);
    const idx = new Int32Array(cap);
    idx.set(this.idx.subarray(0, this.nnz));
    const val = new Float64Array(cap);
    val.set(this.val.subarray(0, this.nnz));
    this.idx = idx;
    this.val = val;
  }

  /** The finished batch (dense when the fill is high). */
  finish(): Batch {
    if (this.dense !== undefined) return { kind: "dense", rows: this.rows, cols: this.cols, data: this.dense };
    const b: SparseBatch = {
      kind: "sparse",
      rows: this.rows,
      cols: this.cols,
      ptr: this.ptr,
      idx: this.idx.subarray(0, this.nnz),
      val: this.val.subarray(0, this.nnz),
    };
    if (this.nnz > DENSIFY_FILL * this.rows * this.cols) return densify(b);
    return b;
  }
}

/** The dense form of a batch. */
export function densify(b: Batch): DenseBatch {
  if (b.kind === "dense") return b;
  const out = denseBatch(b.rows, b.cols);
  const d = out.data;
  const { ptr, idx, val, cols } = b;
  for (let r = 0; r < b.rows; r++) {
    const base = r * cols;
    for (let e = ptr[r]; e < ptr[r + 1]; e++) d[base + idx[e]] += val[e];
  }
  return out;
}

/**
 * Gather: out[r, o] = in[r, src[o]] where `src` maps each output position to
 * an input position, injectively (`inv[src[o]] = o`).
 */
export function gather(b: Batch, src: Int32Array, inv: Int32Array): Batch {
  const cols = src.length;
  if (b.kind === "sparse") {
    const idx = new Int32Array(b.idx.length);
    for (let e = 0; e < idx.length; e++) idx[e] = inv[b.idx[e]];
    return { kind: "sparse", rows: b.rows, cols, ptr: b.ptr, idx, val: b.val };
  }
  const out = denseBatch(b.rows, cols);
  const d = out.data;
  const s = b.data;
  for (let r = 0; r < b.rows; r++) {
    const ib = r * b.cols;
    const ob = r * cols;
    for (let o = 0; o < cols; o++) d[ob + o] = s[ib + src[o]];
  }
  return out;
}

/** Multiply position c of every tangent by g[c] (an entrywise product with a constant). */
export function scaleCols(b: Batch, g: Float64Array): Batch {
  if (b.kind === "sparse") {
    const val = new Float64Array(b.val.length);
    for (let e = 0; e < val.length; e++) val[e] = b.val[e] * g[b.idx[e]];
    return { ...b, val };
  }
  const out = denseBatch(b.rows, b.cols);
  const d = out.data;
  const s = b.data;
  const cols = b.cols;
  for (let r = 0; r < b.rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) d[base + c] = s[base + c] * g[c];
  }
  return out;
}

/** s·b. */
export function scaleAll(b: Batch, s: number): Batch {
  if (b.kind === "sparse") {
    const val = new Float64Array(b.val.length);
    for (let e = 0; e < val.length; e++) val[e] = b.val[e] * s;
    return { ...b, val };
  }
  const out = denseBatch(b.rows, b.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = b.data[i] * s;
  return out;
}

/** x·a + y·b, where a missing (constant) tangent counts as zero. */
export function combine(a: Batch | null, b: Batch | null, x = 1, y = 1): Batch | null {
  if (a === null) return b === null ? null : y === 1 ? b : scaleAll(b, y);
  if (b === null) return x === 1 ? a : scaleAll(a, x);
  if (a.kind === "sparse" && b.kind === "sparse") {
    const sb = new SparseBuilder(a.rows, a.cols, a.idx.length + b.idx.length);
    for (let r = 0; r < a.rows; r++) {
      for (let e = a.ptr[r]; e < a.ptr[r + 1]; e++) sb.add(a.idx[e], x * a.val[e]);
      for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) sb.add(b.idx[e], y * b.val[e]);
      sb.endRow();
    }
    return sb.finish();
  }
  const out = denseBatch(a.rows, a.cols);
  const d = out.data;
  addInto(d, a, x);
  addInto(d, b, y);
  return out;
}

function addInto(d: Float64Array, b: Batch, s: number): void {
  if (b.kind === "dense") {
    for (let i = 0; i < d.length; i++) d[i] += s * b.data[i];
    return;
  }
  for (let r = 0; r < b.rows; r++) {
    const base = r * b.cols;
    for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) d[base + b.idx[e]] += s * b.val[e];
  }
}

/** A linear functional per tangent: out[r] = Σ_c g[c]·b[r, c] (`g` null = all ones). */
export function functional(b: Batch, g: Float64Array | null): DenseBatch {
  const out = denseBatch(b.rows, 1);
  const d = out.data;
  if (b.kind === "sparse") {
    for (let r = 0; r < b.rows; r++) {
      let s = 0;
      for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) s += g === null ? b.val[e] : g[b.idx[e]] * b.val[e];
      d[r] = s;
    }
    return out;
  }
  const cols = b.cols;
  for (let r = 0; r < b.rows; r++) {
    const base = r * cols;
    let s = 0;
    if (g === null) for (let c = 0; c < cols; c++) s += b.data[base + c];
    else for (let c = 0; c < cols; c++) s += g[c] * b.data[base + c];
    d[r] = s;
  }
  return out;
}

/** Estimated nnz of a product result, capped by the dense size. */
function estimate(b: Batch, factor: number, outCols: number): number {
  const nnz = b.kind === "sparse" ? b.idx.length : b.rows * b.cols;
  return Math.min(nnz * factor, b.rows * outCols);
}

/** Each tangent T (m×k) times a constant matrix B (k×n, row-major data). */
export function mulRight(b: Batch, B: Float64Array, m: number, k: number, n: number): Batch {
  const cols = m * n;
  if (b.kind === "sparse") {
    const sb = new SparseBuilder(b.rows, cols, estimate(b, n, cols));
    for (let r = 0; r < b.rows; r++) {
      for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) {
        const pos = b.idx[e];
        const v = b.val[e];
        const i = (pos / k) | 0;
        const p = pos - i * k;
        const ob = i * n;
        const bb = p * n;
        for (let j = 0; j < n; j++) sb.add(ob + j, v * B[bb + j]);
      }
      sb.endRow();
    }
    return sb.finish();
  }
  // Dense: the whole batch is one (rows·m)×k matrix times B.
  const out = denseBatch(b.rows, cols);
  gemm(b.rows * m, k, n, rowMajor(b.data, 0, k), rowMajor(B, 0, n), out.data);
  return out;
}

/** A constant matrix A (m×k, row-major) times each tangent T (k×n). */
export function mulLeft(A: Float64Array, b: Batch, m: number, k: number, n: number): Batch {
  const cols = m * n;
  if (b.kind === "sparse") {
    const sb = new SparseBuilder(b.rows, cols, estimate(b, m, cols));
    for (let r = 0; r < b.rows; r++) {
      for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) {
        const pos = b.idx[e];
        const v = b.val[e];
        const p = (pos / n) | 0;
        const j = pos - p * n;
        for (let i = 0; i < m; i++) sb.add(i * n + j, A[i * k + p] * v);
      }
      sb.endRow();
    }
    return sb.finish();
  }
  const out = denseBatch(b.rows, cols);
  const left = rowMajor(A, 0, k);
  for (let r = 0; r < b.rows; r++) gemm(m, k, n, left, rowMajor(b.data, r * b.cols, n), out.data, r * cols);
  return out;
}

/** Calls `f(c, v)` for each stored entry of row r (dense rows: every nonzero). */
export function forEachEntry(b: Batch, r: number, f: (c: number, v: number) => void): void {
  if (b.kind === "sparse") {
    for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) f(b.idx[e], b.val[e]);
    return;
  }
  const base = r * b.cols;
  for (let c = 0; c < b.cols; c++) {
    const v = b.data[base + c];
    if (v !== 0) f(c, v);
  }
}

/** The number of stored entries (all of them for a dense batch). */
export function nnzOf(b: Batch): number {
  return b.kind === "sparse" ? b.idx.length : b.rows * b.cols;
}

/** The first non-finite entry: its row (direction), column (position) and value. */
export function firstNonFinite(b: Batch): { row: number; col: number; value: number } | undefined {
  if (b.kind === "dense") {
    for (let i = 0; i < b.data.length; i++) {
      if (!Number.isFinite(b.data[i])) return { row: Math.floor(i / b.cols), col: i % b.cols, value: b.data[i] };
    }
    return undefined;
  }
  for (let r = 0; r < b.rows; r++) {
    for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) {
      if (!Number.isFinite(b.val[e])) return { row: r, col: b.idx[e], value: b.val[e] };
    }
  }
  return undefined;
}
