/**
 * Outer (tensor) product.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { checkOperands } from "../../core/validate";
import { contract } from "./matmul";
import { gauss } from "../cases";
import type { Composite } from "../def";

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
  return contract(S, T, 0);
}

/** @internal `outer` is a matrix product of reshaped operands: no rule of its own, only test cases. */
export const outerComposite: Composite = {
  name: "outer",
  cases: [
    { label: "X⊗X", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => outer(x, x) },
    { label: "X⊗c", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => outer(x, gauss([d.c], d.seed + 1)) },
  ],
};
