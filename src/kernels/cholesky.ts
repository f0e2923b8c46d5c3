/**
 * Cholesky factorisation A = LLᵀ of a symmetric positive definite matrix on raw row-major
 * storage, on the gemm kernel: the kernel behind `cholesky` and `solve(A, B, { assume: "spd" })`.
 * @packageDocumentation
 * @internal
 */
import { gemmUpper, transposed, withKernelMemory } from "./gemm";
import { trsmLeft, type Triangle } from "./trsm";

/** @internal A Cholesky factorisation of an n×n matrix, or where it stopped. */
export interface Cholesky {
  n: number;
  /** U = Lᵀ, row-major n×n: on and above the diagonal (below it: zeros once the factorisation succeeded). */
  u: Float64Array;
  /** The first column whose pivot (U[k,k]², the pivot LU without interchanges would meet) is ≤ the threshold, or −1. */
  failedColumn: number;
  /** That pivot (≤ 0: not positive definite; in (0, threshold]: singular to working precision; NaN: non-finite input). */
  failedPivot: number;
  /** n·ε·‖S‖_F, the singularity threshold of LU (S the symmetric part factored). */
  threshold: number;
}

/** Columns factored by plain loops (wider blocks recurse on halves). */
const LEAF = 16;

/**
 * @internal Factor the symmetric part S = (A + Aᵀ)/2 of the n×n row-major `a` as UᵀU (U upper
 * triangular with a positive diagonal). Recursive, on the upper triangle: factor the leading half
 * (U₁₁), solve U₁₂ = U₁₁⁻ᵀ S₁₂ (trsm on a transposed view of U₁₁), subtract U₁₂ᵀU₁₂ from the
 * trailing block's upper triangle (gemmUpper: half the multiply-adds of a full product), factor
 * the trailing half: n³/3 multiply-adds, nearly all on the gemm kernel. It stops at the first
 * pivot at or below the threshold n·ε·‖S‖_F (the one LU uses), recording it.
 */
export function choleskyFactor(a: Float64Array, n: number): Cholesky {
  return withKernelMemory(
    n * n,
    (u) => {
      const f = factorInPlace(a, n, u);
      return { ...f, u: u.slice() };
    },
    false,
  ); // the upper triangle written first, the lower zeroed once the factorisation succeeds
}

/** {@link choleskyFactor} into the zeroed `u` (in the kernel's memory for speed). */
function factorInPlace(a: Float64Array, n: number, u: Float64Array): Cholesky {
  // the symmetric part's upper triangle, in 16×16 tiles (a row of a and a column of a stay in
  // cache), with its squared Frobenius norm (each entry above the diagonal counted twice)
  let s2 = 0;
  for (let i0 = 0; i0 < n; i0 += 16) {
    const i1 = Math.min(n, i0 + 16);
    for (let j0 = i0; j0 < n; j0 += 16) {
      const j1 = Math.min(n, j0 + 16);
      for (let i = i0; i < i1; i++) {
        const row = i * n;
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const v = 0.5 * (a[row + j] + a[j * n + i]);
          u[row + j] = v;
          s2 += 2 * v * v;
        }
      }
    }
    for (let i = i0; i < i1; i++) {
      const v = a[i * n + i];
      u[i * n + i] = v;
      s2 += v * v;
    }
  }
  const threshold = n * Number.EPSILON * Math.sqrt(s2);
  const f: Cholesky = { n, u, failedColumn: -1, failedPivot: 0, threshold };
  const factor = (c0: number, c1: number): void => {
    if (f.failedColumn >= 0) return;
    if (c1 - c0 <= LEAF) {
      leaf(f, c0, c1);
      return;
    }
    const h = c0 + ((c1 - c0) >> 1);
    factor(c0, h);
    if (f.failedColumn >= 0) return;
    const U11: Triangle = { T: transposed({ data: u, offset: c0 * n + c0, rs: n, cs: 1 }), lower: true, unit: false };
    trsmLeft(U11, h - c0, u, c0 * n + h, c1 - h, n);
    const U12 = { data: u, offset: c0 * n + h, rs: n, cs: 1 };
    gemmUpper(c1 - h, h - c0, transposed(U12), U12, u, h * n + h, false, undefined, -1, n);
    factor(h, c1);
  };
  factor(0, n);
  if (f.failedColumn < 0) for (let i = 1; i < n; i++) u.fill(0, i * n, i * n + i);
  return f;
}

/** The diagonal block [c0, c1) by loops (right-looking, on its upper triangle). */
function leaf(f: Cholesky, c0: number, c1: number): void {
  const { u, n, threshold } = f;
  for (let k = c0; k < c1; k++) {
    const rk = k * n;
    const d = u[rk + k];
    if (!(d > threshold)) {
      f.failedColumn = k;
      f.failedPivot = d;
      return;
    }
    const r = Math.sqrt(d);
    u[rk + k] = r;
    for (let j = k + 1; j < c1; j++) u[rk + j] /= r;
    for (let i = k + 1; i < c1; i++) {
      const l = u[rk + i];
      if (l === 0) continue;
      const ri = i * n;
      for (let j = i; j < c1; j++) u[ri + j] -= l * u[rk + j];
    }
  }
}

/**
 * @internal X = S⁻¹B for B row-major n×k, given S = UᵀU: two triangular solves (Uᵀ through a
 * transposed view, then U). Returns X (a new array).
 */
export function choleskySolveInto(f: Cholesky, b: Float64Array, k: number): Float64Array {
  const { n, u } = f;
  return withKernelMemory(
    n * k,
    (x) => {
      x.set(b.subarray(0, n * k));
      const U = { data: u, offset: 0, rs: n, cs: 1 };
      trsmLeft({ T: transposed(U), lower: true, unit: false }, n, x, 0, k, k);
      trsmLeft({ T: U, lower: false, unit: false }, n, x, 0, k, k);
      return x.slice();
    },
    false,
  ); // every entry set from b
}
