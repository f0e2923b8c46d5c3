/**
 * LU factorisation with partial pivoting (PA = LU), the kernel behind
 * inv, det, logdet and solve.
 * @packageDocumentation
 */
import { ShapeError, SingularMatrixError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";

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

/** @internal ShapeError unless A is a square matrix. */
export function checkSquare(A: Tensor, where: string): number {
  if (A.ndim !== 2 || A.shape[0] !== A.shape[1]) {
    throw new ShapeError(`${where}: expected a square matrix, got shape ${formatShape(A.shape)}`);
  }
  return A.shape[0];
}

/**
 * @internal Factor PA = LU with partial pivoting. A pivot whose magnitude is at
 * most `n·ε·‖A‖_F` marks the matrix as numerically singular (recorded, not thrown,
 * so det can still return its tiny value); elimination skips exactly-zero pivots.
 */
export function luFactor(A: Tensor): LU {
  const n = A.shape[0];
  const lu = Float64Array.from(A.data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sumSq = 0;
  for (let k = 0; k < lu.length; k++) sumSq += lu[k] * lu[k];
  const threshold = n * Number.EPSILON * Math.sqrt(sumSq);
  let sign = 1;
  let singularColumn = -1;
  let singularPivot = 0;
  for (let k = 0; k < n; k++) {
    // pivot search in column k
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = lu[rk + j];
        lu[rk + j] = lu[rp + j];
        lu[rp + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = -sign;
    }
    const pivot = lu[k * n + k];
    if (!(Math.abs(pivot) > threshold) && singularColumn < 0 && !Number.isNaN(pivot)) {
      singularColumn = k;
      singularPivot = Math.abs(pivot);
    }
    if (pivot === 0) continue;
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = lu[ri + k] / pivot;
      if (l === 0) continue;
      lu[ri + k] = l;
      for (let j = k + 1; j < n; j++) lu[ri + j] -= l * lu[rk + j];
    }
  }
  return { n, lu, perm, sign, singularColumn, singularPivot, threshold };
}

/** @internal Throw SingularMatrixError when the factorisation found no usable pivot. */
export function requireNonsingular(f: LU, where: string): void {
  if (f.singularColumn < 0) return;
  const exact = f.singularPivot === 0;
  throw new SingularMatrixError(
    `${where}: the ${f.n}×${f.n} matrix is singular${exact ? "" : " to working precision"}: no usable pivot in column ${f.singularColumn} (0-based; ` +
      `largest candidate |pivot| = ${exact ? "0" : f.singularPivot.toPrecision(3)}${exact ? "" : `, threshold n·ε·‖A‖_F = ${f.threshold.toPrecision(3)}`})`,
  );
}

/**
 * @internal Solve A X = B in place for B stored row-major n×k (overwritten by X),
 * given PA = LU. Rows are permuted into a new array first.
 */
export function luSolveInto(f: LU, b: Float64Array, k: number): Float64Array {
  const { n, lu, perm } = f;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) x.set(b.subarray(perm[i] * k, perm[i] * k + k), i * k);
  // forward substitution with unit-lower L
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * k;
    for (let j = 0; j < i; j++) {
      const l = lu[ri + j];
      if (l === 0) continue;
      const xj = j * k;
      for (let c = 0; c < k; c++) x[xi + c] -= l * x[xj + c];
    }
  }
  // back substitution with U
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * k;
    for (let j = i + 1; j < n; j++) {
      const u = lu[ri + j];
      if (u === 0) continue;
      const xj = j * k;
      for (let c = 0; c < k; c++) x[xi + c] -= u * x[xj + c];
    }
    const d = lu[ri + i];
    for (let c = 0; c < k; c++) x[xi + c] /= d;
  }
  return x;
}
