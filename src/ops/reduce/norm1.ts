/**
 * The 1-norm Σ|x| (a composite: sum of abs).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { awayFromZero } from "../cases";
import type { Composite } from "../def";
import { abs } from "../elementwise/abs";
import { sum } from "./sum";

/**
 * The 1-norm Σ|xᵢ| of the entries of a tensor of any shape (for a matrix: the entrywise
 * 1-norm, not the induced norm), as a 0-d tensor. Differentiable: the derivative is
 * sign(x), with the subgradient 0 at entries equal to 0 (as for {@link abs}).
 * @example
 * ```ts
 * import { tensor, norm1 } from "tensorcalc";
 * console.log(norm1(tensor([[1, -2], [0, 3.5]])).item()); // 6.5
 * ```
 */
export function norm1(t: Tensor): Tensor {
  checkTensor(t, "norm1");
  return sum(abs(t));
}

/** @internal `norm1` is sum ∘ abs: no rule of its own, only test cases. */
export const norm1Composite: Composite = {
  name: "norm1",
  cases: [
    { label: "‖x‖₁ (vector)", x: (d) => awayFromZero([d.a], d.seed), f: () => (x) => norm1(x) },
    { label: "‖X‖₁ (m×n)", x: (d) => awayFromZero([d.a, d.b], d.seed), f: () => (x) => norm1(x) },
  ],
};
