/**
 * Products with an inverse, X⁻¹M and M X⁻¹, computed by one LU factorisation and
 * triangular solves, never forming X⁻¹ (⅔n³ flops for the factorisation and 2n²k per product
 * with k columns, against 2n³ for the inverse and 2n²k for a product with it), with the
 * factorisation kept for the next call on the same X: the evaluators of derivative forms
 * (−X⁻¹ dX X⁻¹, −X⁻ᵀ W X⁻ᵀ) call these in every `d.at(values)` evaluation.
 * @packageDocumentation
 * @internal
 */
import { ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { luFactor, luSolveInto, luSolveRightInto, requireNonsingular, type LU } from "../kernels/lu";
import { checkFinite, checkSquare } from "./square";

/**
 * The factorisations kept, by the storage of the matrix factored, with a copy of the entries
 * factored: a hit is checked against the copy (n² comparisons against ⅔n³ flops), so a matrix
 * changed in place since is factored again. Weak: dropped with the matrix.
 */
const kept = new WeakMap<Float64Array, { entries: Float64Array; f: LU }>();

/** The LU factorisation of the square X (kept for the next call on the same, unchanged X). */
function factorsOf(X: Tensor, where: string): LU {
  const n = checkSquare(X, where);
  const hit = kept.get(X.data);
  if (hit !== undefined && hit.f.n === n && sameEntries(hit.entries, X.data)) return hit.f;
  checkFinite(X, n, where);
  const f = luFactor(X.data, n);
  requireNonsingular(f, where);
  kept.set(X.data, { entries: Float64Array.from(X.data), f });
  return f;
}

function sameEntries(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

/** M as a matrix (a vector is a column), with the rows it must have. */
function matrixOf(M: Tensor, rows: number, side: "rows" | "columns", where: string): [number, number] {
  const [r, c] = M.ndim === 2 ? M.shape : M.ndim === 1 ? [M.shape[0], 1] : [-1, -1];
  if ((side === "rows" ? r : c) !== rows)
    throw new ShapeError(
      `${where}: a ${rows}×${rows} inverse cannot multiply a matrix of shape ${formatShape(M.shape)} (it needs ${rows} ${side})`,
    );
  return [r, c];
}

/**
 * @internal X⁻¹M (M n×k, or a vector of n), by triangular solves with X's LU factors.
 * @throws {@link SingularMatrixError} as `inv` does.
 */
export function invTimes(X: Tensor, M: Tensor, where = "inv"): Tensor {
  const f = factorsOf(X, where);
  const [, k] = matrixOf(M, f.n, "rows", where);
  return new Tensor(luSolveInto(f, M.data, k), M.shape);
}

/** @internal M X⁻¹ (M m×n). */
export function timesInv(M: Tensor, X: Tensor, where = "inv"): Tensor {
  const f = factorsOf(X, where);
  const [m] = matrixOf(M, f.n, "columns", where);
  return new Tensor(luSolveRightInto(f, M.data, m), M.shape);
}
