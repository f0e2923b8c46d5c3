/**
 * Outer (tensor) product.
 * @packageDocumentation
 */
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkOperands } from "./contract";

/**
 * The outer product `S ⊗ T` of tensors of any orders (0-d included):
 * `(S⊗T)[a…, b…] = S[a…] T[b…]`, shape `[...S.shape, ...T.shape]`.
 * For matrices W (m×n) and Z (p×q) this is the fourth-order tensor `W_ij Z_kl`
 * (the "kind 3" derivative form); compare {@link kron}, which lays the same
 * numbers out as an mp×nq matrix. Differentiable.
 *
 * @example
 * ```ts
 * import { tensor, outer } from "tensorcalc";
 * console.log(outer(tensor([1, 2]), tensor([3, 4, 5])).toNested()); // [[3, 4, 5], [6, 8, 10]]
 * ```
 */
export function outer(S: Tensor, T: Tensor): Tensor {
  checkOperands("outer", S, T);
  const shape = [...S.shape, ...T.shape];
  const out = allocate(shape, "outer");
  const s = S.data;
  const t = T.data;
  const n = t.length;
  for (let i = 0; i < s.length; i++) {
    const a = s[i];
    const o = i * n;
    for (let j = 0; j < n; j++) out[o + j] = a * t[j];
  }
  return record("outer", [S, T], new Tensor(out, shape));
}
