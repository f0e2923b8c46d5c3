/**
 * The duplication matrix D_n and the elimination matrix L_n, between vec and vech.
 * @packageDocumentation
 */
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkOrder, vechIndex, vechLength } from "./vech";

/**
 * The duplication matrix D_n (n²×n(n+1)/2, entries 0 and 1, Magnus–Neudecker) with
 * `D_n · vech(S) = vec(S)` for every symmetric n×n matrix S. Each row has a single 1:
 * `D[i + j·n, k] = 1` where k is the position of S[max(i, j), min(i, j)] in vech(S).
 * Its left inverse is D_n⁺ = (D_nᵀ D_n)⁻¹ D_nᵀ, and K_nn D_n = D_n.
 *
 * @throws {@link IndexError} when `n` is not a positive integer.
 * @example
 * ```ts
 * import { duplication, matmul, tensor, vech } from "tensorcalc";
 * const S = tensor([[1, 2], [2, 3]]);
 * const D = duplication(2);
 * console.log(D.shape); // [4, 3]
 * console.log(D.toNested()); // [[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]]
 * console.log(matmul(D, vech(S)).toNested()); // [1, 2, 2, 3] = vec(S)
 * ```
 */
export function duplication(n: number): Tensor {
  checkOrder(n, "duplication");
  const L = vechLength(n);
  const out = allocate([n * n, L], "duplication");
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) out[(i + j * n) * L + vechIndex(Math.max(i, j), Math.min(i, j), n)] = 1;
  }
  return new Tensor(out, [n * n, L]);
}

/**
 * The elimination matrix L_n (n(n+1)/2×n², entries 0 and 1, Magnus–Neudecker) with
 * `L_n · vec(X) = vech(X)` for every n×n matrix X: it keeps the entries on and below the diagonal.
 * `L[k, i + j·n] = 1` for i ≥ j, where k is the position of X[i, j] in vech(X). L_n D_n = I.
 *
 * @throws {@link IndexError} when `n` is not a positive integer.
 * @example
 * ```ts
 * import { elimination, matmul, tensor, vec } from "tensorcalc";
 * const X = tensor([[1, 2], [3, 4]]);
 * const L = elimination(2);
 * console.log(L.shape); // [3, 4]
 * console.log(vec(X).toNested()); // [1, 3, 2, 4]
 * console.log(matmul(L, vec(X)).toNested()); // [1, 3, 4] = vech(X)
 * ```
 */
export function elimination(n: number): Tensor {
  checkOrder(n, "elimination");
  const N = n * n;
  const out = allocate([vechLength(n), N], "elimination");
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) out[vechIndex(i, j, n) * N + (i + j * n)] = 1;
  return new Tensor(out, [vechLength(n), N]);
}
