/**
 * Triangular solves with many right-hand sides (BLAS's trsm) on the gemm kernel: the
 * solves behind LU (solve, inverse, the blocks of the factorisation itself) and Cholesky.
 * @packageDocumentation
 * @internal
 */
import { gemm, triangularLeafKernel, type MatView } from "./gemm";

/** Rows of a triangular block solved by plain loops (above it, the solve recurses on halves). */
export const TRSM_LEAF = 8;

/** What a triangular factor is: which triangle of `T` is read, and whether its diagonal is taken as ones. */
export interface Triangle {
  /** The r×r triangle, read through strides (a transposed view turns an upper triangle into a lower one). */
  readonly T: MatView;
  readonly lower: boolean;
  /** A unit diagonal: the diagonal entries are not read (LU's L). */
  readonly unit: boolean;
}

/**
 * @internal `X ← T⁻¹ X` in place for the r×r triangle `t` and X r×w, row-major at `xOff` with
 * row stride `ldx` (the first w columns of each row). Recursive: halve the rows, solve one half,
 * subtract its product with the off-diagonal block of T from the other (one gemm), solve that
 * half; blocks of at most {@link TRSM_LEAF} rows are solved in WebAssembly (their rows in registers,
 * two columns at a time) where X is in the kernel's memory, else by loops, so ~all of the r²w
 * multiply-adds run on the gemm kernel.
 *
 * With `lowerX` (a lower `t` only) the right-hand side is lower triangular (X[i, c] = 0 for c > i,
 * as for the identity) and so is the solution: the columns right of each block's diagonal are
 * skipped, a third of the multiply-adds (the inverse's L⁻¹).
 */
export function trsmLeft(
  t: Triangle,
  r: number,
  X: Float64Array,
  xOff: number,
  w: number,
  ldx: number,
  lowerX = false,
): void {
  if (r === 0 || w === 0) return;
  solveRows(t, 0, r, X, xOff, w, ldx, lowerX && t.lower);
}

function solveRows(
  t: Triangle,
  r0: number,
  r1: number,
  X: Float64Array,
  xOff: number,
  w: number,
  ldx: number,
  lowerX: boolean,
): void {
  const { T, lower } = t;
  if (r1 - r0 > TRSM_LEAF) {
    const h = r0 + ((r1 - r0) >> 1);
    // lower: rows [r0, h) first, then X[h:r1] −= T[h:r1, r0:h]·X[r0:h]; upper: the other way round
    const [a0, a1, b0, b1] = lower ? [r0, h, h, r1] : [h, r1, r0, h];
    solveRows(t, a0, a1, X, xOff, w, ldx, lowerX);
    gemm(
      b1 - b0,
      a1 - a0,
      lowerX ? Math.min(w, a1) : w,
      { data: T.data, offset: T.offset + b0 * T.rs + a0 * T.cs, rs: T.rs, cs: T.cs },
      { data: X, offset: xOff + a0 * ldx, rs: ldx, cs: 1 },
      X,
      xOff + b0 * ldx,
      -1,
      ldx,
    );
    solveRows(t, b0, b1, X, xOff, w, ldx, lowerX);
    return;
  }
  // the leaf: in WebAssembly where X is in the kernel's memory (for a lower X, its columns left of
  // the block, where the solution is not known to be zero), the rest by loops
  const c0 = lowerX ? Math.min(w, r0) : w;
  const T0 = { data: T.data, offset: T.offset + r0 * T.rs + r0 * T.cs, rs: T.rs, cs: T.cs };
  if (c0 > 0 && triangularLeafKernel(T0, r1 - r0, X, xOff + r0 * ldx, c0, ldx, lower, t.unit))
    leafLoops(t, r0, r1, X, xOff, c0, w, ldx, lowerX);
  else leafLoops(t, r0, r1, X, xOff, 0, w, ldx, lowerX);
}

/**
 * @internal The leaf of {@link trsmLeft} by loops: rows [r0, r1) of X ← T⁻¹X on columns [c0, w)
 * (`lowerX` as there), with the contract of the WebAssembly leaf ({@link triangularLeafKernel}):
 * each entry x_i − t_ij·x_j in order of j, skipped where t_ij = 0, then x_i / t_ii.
 */
export function leafLoops(
  t: Triangle,
  r0: number,
  r1: number,
  X: Float64Array,
  xOff: number,
  c0: number,
  w: number,
  ldx: number,
  lowerX: boolean,
): void {
  const { T, lower } = t;
  const Td = T.data;
  const { rs, cs, offset } = T;
  if (lower) {
    for (let i = r0; i < r1; i++) {
      const xi = xOff + i * ldx;
      const ti = offset + i * rs;
      for (let j = r0; j < i; j++) {
        const l = Td[ti + j * cs];
        if (l === 0) continue;
        const xj = xOff + j * ldx;
        const end = lowerX ? Math.min(w, j + 1) : w;
        for (let c = c0; c < end; c++) X[xi + c] -= l * X[xj + c];
      }
      if (!t.unit) {
        const d = Td[ti + i * cs];
        const end = lowerX ? Math.min(w, i + 1) : w;
        for (let c = c0; c < end; c++) X[xi + c] /= d;
      }
    }
    return;
  }
  for (let i = r1 - 1; i >= r0; i--) {
    const xi = xOff + i * ldx;
    const ti = offset + i * rs;
    for (let j = i + 1; j < r1; j++) {
      const u = Td[ti + j * cs];
      if (u === 0) continue;
      const xj = xOff + j * ldx;
      for (let c = c0; c < w; c++) X[xi + c] -= u * X[xj + c];
    }
    if (!t.unit) {
      const d = Td[ti + i * cs];
      for (let c = c0; c < w; c++) X[xi + c] /= d;
    }
  }
}
