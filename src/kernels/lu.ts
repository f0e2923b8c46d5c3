/**
 * LU factorisation with partial pivoting (PA = LU) on raw row-major storage:
 * the kernel behind inv, det, logdet, solve and their derivative rules.
 * @packageDocumentation
 */
import { SingularMatrixError } from "../core/errors";
import { gaussJordanInverse, gemm, luPanelKernel, withKernelMemory } from "./gemm";
import { transposeInto } from "./transpose";
import { trsmLeft, type Triangle } from "./trsm";

/** @internal A packed LU factorisation of an n×n matrix. */
export interface LU {
  n: number;
  /** L (unit lower, below the diagonal) and U (on and above), row-major n×n. */
  lu: Float64Array;
  /** Row i of PA is row perm[i] of A. */
  perm: Int32Array;
  /** det(P) = ±1. */
  sign: number;
  /** First column whose pivot is at or below the singularity threshold, or -1. */
  singularColumn: number;
  /** The offending pivot's magnitude when singularColumn ≥ 0. */
  singularPivot: number;
  /** The threshold: n·ε·‖A‖_F (‖A‖_F ≥ ‖A‖₂, as in the usual numerical-rank tolerance). */
  threshold: number;
}

/** Columns of a panel factored by plain loops (wider panels recurse on halves). */
const PANEL = 16;

/**
 * @internal Factor PA = LU with partial pivoting. A pivot whose magnitude is at
 * most `n·ε·‖A‖_F` marks the matrix as numerically singular (recorded, not thrown,
 * so det can still return its tiny value); elimination skips exactly-zero pivots.
 *
 * Recursive right-looking algorithm (Toledo's; LAPACK's getrf2): factor the left half of
 * the columns, solve for the block row of U, update the trailing block with one large
 * matrix product on the gemm kernel, factor the right half. Panels of at most
 * {@link PANEL} columns are factored by {@link factorPanel} (in WebAssembly where it runs).
 */
export function luFactor(a: Float64Array, n: number): LU {
  // the matrix, the panel's column-major copy and its pivot rows, together in the kernel's memory
  const panelLen = Math.min(PANEL, n) * n;
  return withKernelMemory(
    n * n + panelLen + PANEL / 2,
    (mem) => {
      const lu = mem.subarray(0, n * n);
      lu.set(a.subarray(0, n * n));
      const work = mem.subarray(n * n, n * n + panelLen);
      const ipiv = new Int32Array(mem.buffer, mem.byteOffset + (n * n + panelLen) * 8, PANEL);
      const f = factorInPlace(lu, n, singularThreshold(a, n), work, ipiv);
      return { ...f, lu: lu.slice() };
    },
    false,
  ); // every entry written before it is read
}

/** {@link luFactor} on `lu` itself (the matrix, overwritten by its factors), with the panel's scratch arrays. */
function factorInPlace(lu: Float64Array, n: number, threshold: number, work: Float64Array, ipiv: Int32Array): LU {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const state = { sign: 1, singularColumn: -1, singularPivot: 0 };
  const panel = (c0: number, c1: number): void => factorPanel(lu, n, c0, c1, perm, threshold, state, work, ipiv);
  const factor = (c0: number, c1: number): void => {
    if (c1 - c0 <= PANEL) {
      panel(c0, c1);
      return;
    }
    const h = c0 + ((c1 - c0) >> 1);
    factor(c0, h);
    // U12 = L11⁻¹ A12, then A22 −= L21 · U12, then the right half
    trsmLeft(unitLower(lu, n, c0), h - c0, lu, c0 * n + h, c1 - h, n);
    subtractBlock(lu, n, h, n, c0, h, h, c1);
    factor(h, c1);
  };
  factor(0, n);
  return { n, lu, perm, ...state, threshold };
}

/**
 * Columns [c0, c1) of rows [c0, n) factored with partial pivoting (the leaf of the recursion).
 * The panel is copied into `work` column by column, so the pivot search and each column's
 * update run over contiguous entries (row by row, every step of the n×n matrix would touch a
 * new cache line and page), factored there (in WebAssembly when `work` is in the kernel's
 * memory, else by {@link panelLoops}), and copied back; each row interchange is then recorded
 * and applied to the rest of the two rows (the panel reads and writes only its own columns).
 */
function factorPanel(
  lu: Float64Array,
  n: number,
  c0: number,
  c1: number,
  perm: Int32Array,
  threshold: number,
  state: { sign: number; singularColumn: number; singularPivot: number },
  work: Float64Array,
  ipiv: Int32Array,
): void {
  const h = n - c0;
  const w = c1 - c0;
  for (let j = 0; j < w; j++) {
    const col = j * h;
    for (let r = 0, o = c0 * n + c0 + j; r < h; r++, o += n) work[col + r] = lu[o];
  }
  if (!luPanelKernel(work, h, w, ipiv)) panelLoops(work, h, w, ipiv);
  for (let j = 0; j < w; j++) {
    const col = j * h;
    for (let r = 0, o = c0 * n + c0 + j; r < h; r++, o += n) lu[o] = work[col + r];
  }
  for (let kk = 0; kk < w; kk++) {
    const k = c0 + kk;
    const p = c0 + ipiv[kk];
    if (p !== k) {
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      state.sign = -state.sign;
      // the interchange on the columns outside the panel
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        if (j === c0) j = c1;
        if (j >= n) break;
        const v = lu[rk + j];
        lu[rk + j] = lu[rp + j];
        lu[rp + j] = v;
      }
    }
    const pivot = work[kk * h + kk];
    if (!(Math.abs(pivot) > threshold) && state.singularColumn < 0 && !Number.isNaN(pivot)) {
      state.singularColumn = k;
      state.singularPivot = Math.abs(pivot);
    }
  }
}

/**
 * The panel's elimination by loops, with the contract of the WebAssembly `lup`
 * ({@link luPanelKernel}): the h×w column-major `work` in place, the pivot row of column k
 * (the first of largest magnitude at or below k) into `ipiv[k]`; a zero pivot eliminates nothing.
 * @internal
 */
export function panelLoops(work: Float64Array, h: number, w: number, ipiv: Int32Array): void {
  for (let kk = 0; kk < w; kk++) {
    const col = kk * h;
    let p = kk;
    let best = Math.abs(work[col + kk]);
    for (let r = kk + 1; r < h; r++) {
      const v = Math.abs(work[col + r]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    ipiv[kk] = p;
    if (p !== kk) {
      for (let j = 0; j < w; j++) {
        const t = work[j * h + kk];
        work[j * h + kk] = work[j * h + p];
        work[j * h + p] = t;
      }
    }
    const pivot = work[col + kk];
    if (pivot === 0) continue; // the whole column below is 0: nothing to eliminate
    for (let r = kk + 1; r < h; r++) work[col + r] /= pivot;
    for (let j = kk + 1; j < w; j++) {
      const cj = j * h;
      const u = work[cj + kk];
      if (u === 0) continue;
      for (let r = kk + 1; r < h; r++) work[cj + r] -= work[col + r] * u;
    }
  }
}

/** The unit lower triangle L of the packed factors, from diagonal entry (d, d). */
function unitLower(lu: Float64Array, n: number, d = 0): Triangle {
  return { T: { data: lu, offset: d * n + d, rs: n, cs: 1 }, lower: true, unit: true };
}

/** The upper triangle U of the packed factors. */
function upper(lu: Float64Array, n: number): Triangle {
  return { T: { data: lu, offset: 0, rs: n, cs: 1 }, lower: false, unit: false };
}

/** lu[r0:r1, c0:c1] −= lu[r0:r1, k0:k1] · lu[k0:k1, c0:c1] (one gemm, in place). */
function subtractBlock(
  lu: Float64Array,
  n: number,
  r0: number,
  r1: number,
  k0: number,
  k1: number,
  c0: number,
  c1: number,
): void {
  const h = r1 - r0;
  const w = c1 - c0;
  if (h === 0 || w === 0 || k1 === k0) return;
  // the operands (columns k0:k1 of rows r0:r1, rows k0:k1 of columns c0:c1) do not overlap the block written
  gemm(
    h,
    k1 - k0,
    w,
    { data: lu, offset: r0 * n + k0, rs: n, cs: 1 },
    { data: lu, offset: k0 * n + c0, rs: n, cs: 1 },
    lu,
    r0 * n + c0,
    -1,
    n,
  );
}

/** @internal Throw SingularMatrixError when the factorisation found no usable pivot. */
export function requireNonsingular(
  f: Pick<LU, "n" | "singularColumn" | "singularPivot" | "threshold">,
  where: string,
): void {
  if (f.singularColumn < 0) return;
  const exact = f.singularPivot === 0;
  throw new SingularMatrixError(
    `${where}: the ${f.n}×${f.n} matrix is singular${exact ? "" : " to working precision"}: no usable pivot in column ${f.singularColumn} (0-based; ` +
      `largest candidate |pivot| = ${exact ? "0" : f.singularPivot.toPrecision(3)}${exact ? "" : `, threshold n·ε·‖A‖_F = ${f.threshold.toPrecision(3)}`})`,
  );
}

/**
 * @internal Solve A X = B for B stored row-major n×k, given PA = LU; returns X
 * (a new array). Rows are permuted first; both triangular solves are recursive: halve the
 * rows, solve the first half, subtract its product with the off-diagonal block (one large
 * gemm), solve the second half; blocks of at most TRSM_LEAF rows are solved by loops.
 */
export function luSolveInto(f: LU, b: Float64Array, k: number): Float64Array {
  const { n, lu, perm } = f;
  if (k === 0) return new Float64Array(0);
  return withKernelMemory(
    n * k,
    (x) => {
      for (let i = 0; i < n; i++) x.set(b.subarray(perm[i] * k, perm[i] * k + k), i * k);
      trsmLeft(unitLower(lu, n), n, x, 0, k, k);
      trsmLeft(upper(lu, n), n, x, 0, k, k);
      return x.slice();
    },
    false,
  ); // every row set from b
}

/**
 * @internal Y = V A⁻¹ for V stored row-major m×n, given PA = LU; returns Y (a new array). As
 * Aᵀ = UᵀLᵀP, Yᵀ = Pᵀ L⁻ᵀ U⁻ᵀ Vᵀ: two triangular solves with transposed views of the factors
 * (no copy of them), the transposition and the permutation done in one pass at each end.
 */
export function luSolveRightInto(f: LU, v: Float64Array, m: number): Float64Array {
  const { n, lu, perm } = f;
  return withKernelMemory(
    n * m,
    (z) => {
      transposeInto(v, m, n, z);
      const T = { data: lu, offset: 0, rs: 1, cs: n };
      trsmLeft({ T, lower: true, unit: false }, n, z, 0, m, m);
      trsmLeft({ T, lower: false, unit: true }, n, z, 0, m, m);
      const y = new Float64Array(m * n);
      for (let i = 0; i < n; i++) {
        const zi = i * m;
        const col = perm[i];
        for (let r = 0; r < m; r++) y[r * n + col] = z[zi + r];
      }
      return y;
    },
    false,
  ); // every entry set by the transposition
}

/**
 * Sizes inverted by Gauss–Jordan elimination in WebAssembly ({@link gaussJordanInverse}): below
 * GJ_MIN the call costs more than the loops; above GJ_MAX the blocked LU and its triangular
 * solves (nearly all of it gemm) are faster (measured: 7.7 against 8.8 GFLOP/s at 300, 9.5
 * against 8.8 at 400, 12.2 against 8.9 at 500).
 */
const GJ_MIN = 8;
const GJ_MAX = 350;

/** The pivot magnitude at or below which an n×n matrix counts as singular: n·ε·‖a‖_F (first n² entries). */
function singularThreshold(a: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < n * n; k++) s += a[k] * a[k];
  return n * Number.EPSILON * Math.sqrt(s);
}

/**
 * @internal The inverse of the n×n row-major matrix `a` (a new array): by Gauss–Jordan
 * elimination in WebAssembly for 8 ≤ n ≤ 350, else from the LU factorisation.
 * @throws {@link SingularMatrixError} naming `where`, the size and the pivot column when `a` is singular.
 */
export function inverse(a: Float64Array, n: number, where: string): Float64Array {
  if (n >= GJ_MIN && n <= GJ_MAX) {
    const threshold = singularThreshold(a, n);
    const r = gaussJordanInverse(a, n, threshold);
    if (r !== undefined) {
      if ("inverse" in r) return r.inverse;
      requireNonsingular({ n, singularColumn: r.singularColumn, singularPivot: r.singularPivot, threshold }, where);
    }
  }
  const f = luFactor(a, n);
  requireNonsingular(f, where);
  // A⁻¹ = U⁻¹ L⁻¹ P: L⁻¹ (lower triangular) from the identity, then U⁻¹ of it, then the columns
  // moved back (column perm[i] of A⁻¹ is column i of U⁻¹L⁻¹): 2n³ flops with the factorisation
  return withKernelMemory(n * n, (x) => {
    for (let i = 0; i < n; i++) x[i * n + i] = 1;
    trsmLeft(unitLower(f.lu, n), n, x, 0, n, n, true);
    trsmLeft(upper(f.lu, n), n, x, 0, n, n);
    const out = new Float64Array(n * n);
    const { perm } = f;
    for (let r = 0; r < n; r++) {
      const o = r * n;
      for (let i = 0; i < n; i++) out[o + perm[i]] = x[o + i];
    }
    return out;
  });
}
