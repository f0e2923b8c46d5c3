/**
 * Single-entry matrices E_ij and the Kronecker delta.
 * @packageDocumentation
 */
import { IndexError } from "../core/errors";
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { eye } from "../create/constant";
import { checkDim } from "./args";

/**
 * The single-entry m×n matrix E_ij: 1 at (i, j) (0-based), 0 elsewhere. The seed
 * writes component-wise derivatives with it: ∂(AᵀB)/∂A_ij = E_ijᵀ B.
 *
 * @throws {@link IndexError} when i or j is out of range.
 * @example
 * ```ts
 * import { E } from "tensorcalc";
 * console.log(E(0, 2, 2, 3).toNested()); // [[0, 0, 1], [0, 0, 0]]
 * ```
 */
export function E(i: number, j: number, m: number, n: number): Tensor {
  checkDim(m, "E", "m");
  checkDim(n, "E", "n");
  if (!Number.isInteger(i) || i < 0 || i >= m) {
    throw new IndexError(`E: row index i = ${String(i)} is out of range for a ${m}×${n} matrix (valid: 0..${m - 1})`);
  }
  if (!Number.isInteger(j) || j < 0 || j >= n) {
    throw new IndexError(
      `E: column index j = ${String(j)} is out of range for a ${m}×${n} matrix (valid: 0..${n - 1})`,
    );
  }
  const out = allocate([m, n], "E");
  out[i * n + j] = 1;
  return new Tensor(out, [m, n]);
}

/**
 * The Kronecker delta δ_ij as an n×n matrix (the identity).
 * @example
 * ```ts
 * import { delta } from "tensorcalc";
 * console.log(delta(2).toNested()); // [[1, 0], [0, 1]]
 * ```
 */
export function delta(n: number): Tensor {
  checkDim(n, "delta", "n");
  return eye(n, n);
}
