/**
 * Single contraction of two tensors.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { formatShape } from "../../core/shape";
import type { Tensor } from "../../core/tensor";
import { checkOperands } from "../../core/validate";
import { contract } from "./matmul";
import { gauss } from "../cases";
import type { Composite } from "../def";

/**
 * The single-contraction product `S·T` (the seed's juxtaposition): the last axis of
 * `S` is summed against the first axis of `T`,
 * `(S·T)[a…, b…] = Σ_i S[a…, i] T[i, b…]`, with result shape
 * `[...S.shape.slice(0, -1), ...T.shape.slice(1)]`.
 *
 * Works for any orders ≥ 1: vector·vector gives the inner product (a 0-d tensor),
 * matrix·matrix is {@link matmul}, and `dot(H, alpha(m, n))` is the seed's `Hα`
 * (shape [p, n, m, n] for H p×m). Runs as one matrix product on the fast kernel.
 * Differentiable.
 *
 * @throws {@link ShapeError} when an operand is 0-d (use {@link scale}) or the
 * contracted dimensions differ (names both shapes and both axes).
 * @example
 * ```ts
 * import { tensor, dot, eye, alpha } from "tensorcalc";
 * console.log(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()); // 32
 * const H = tensor([[1, 2], [3, 4], [5, 6]]); // 3×2
 * console.log(dot(H, alpha(2, 4)).shape); // [3, 4, 2, 4]
 * console.log(dot(eye(2), tensor([[1, 2, 3], [4, 5, 6]])).toNested()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function dot(S: Tensor, T: Tensor): Tensor {
  checkOperands("dot", S, T);
  if (S.ndim < 1 || T.ndim < 1) {
    throw new ShapeError(
      `dot: both operands need at least one axis, got shapes ${formatShape(S.shape)} and ${formatShape(T.shape)}; ` +
        `use scale(t, s) to multiply by a scalar`,
    );
  }
  const ks = S.shape[S.ndim - 1];
  const kt = T.shape[0];
  if (ks !== kt) {
    throw new ShapeError(
      `dot: cannot contract axis ${S.ndim - 1} of S (shape ${formatShape(S.shape)}, size ${ks}) ` +
        `with axis 0 of T (shape ${formatShape(T.shape)}, size ${kt}): the last axis of S and the first axis of T must have the same size`,
    );
  }
  return contract(S, T, 1);
}

/** @internal `dot` is a matrix product of reshaped operands: no rule of its own, only test cases. */
export const dotComposite: Composite = {
  name: "dot",
  cases: [
    {
      label: "S·C (S 3-d)",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: (d) => (x) => dot(x, gauss([d.c, d.d], d.seed + 1)),
    },
    {
      label: "C·T (T 3-d)",
      x: (d) => gauss([d.b, d.c, d.d], d.seed),
      f: (d) => (x) => dot(gauss([d.a, d.b], d.seed + 1), x),
    },
    { label: "u·u", x: (d) => gauss([d.a], d.seed), f: () => (x) => dot(x, x) },
  ],
};
