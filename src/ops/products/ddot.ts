/**
 * Double contraction of two tensors.
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
 * The double-contraction product `S:T` (the seed's colon): the last two axes of `S`
 * are summed against the first two axes of `T`, in order,
 * `(S:T)[a…, b…] = Σ_kl S[a…, k, l] T[k, l, b…]`, with result shape
 * `[...S.shape.slice(0, -2), ...T.shape.slice(2)]`.
 *
 * So `α:H = H` for a matrix H, `F:β = Fᵀ`, and matrix:matrix is the Frobenius inner
 * product `Σ_kl S_kl T_kl` (a 0-d tensor). Runs as one matrix product on the fast
 * kernel. Differentiable.
 *
 * @throws {@link ShapeError} when an operand has fewer than two axes, or the
 * contracted dimensions differ (names both shapes and the axes).
 * @example
 * ```ts
 * import { tensor, ddot, alpha } from "tensorcalc";
 * const H = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(ddot(alpha(2, 3), H).toNested()); // [[1, 2, 3], [4, 5, 6]]
 * console.log(ddot(H, H).item()); // 91
 * ```
 */
export function ddot(S: Tensor, T: Tensor): Tensor {
  checkOperands("ddot", S, T);
  if (S.ndim < 2 || T.ndim < 2) {
    throw new ShapeError(
      `ddot: both operands need at least two axes (the double contraction sums over the last two axes of S and the first two of T), ` +
        `got shapes ${formatShape(S.shape)} and ${formatShape(T.shape)}`,
    );
  }
  const s1 = S.shape[S.ndim - 2];
  const s2 = S.shape[S.ndim - 1];
  const [t1, t2] = T.shape;
  if (s1 !== t1 || s2 !== t2) {
    throw new ShapeError(
      `ddot: cannot contract axes ${S.ndim - 2}, ${S.ndim - 1} of S (shape ${formatShape(S.shape)}, sizes ${s1}×${s2}) ` +
        `with axes 0, 1 of T (shape ${formatShape(T.shape)}, sizes ${t1}×${t2}): the last two axes of S must match the first two axes of T`,
    );
  }
  return contract(S, T, 2);
}

/** @internal `ddot` is a matrix product of reshaped operands: no rule of its own, only test cases. */
export const ddotComposite: Composite = {
  name: "ddot",
  cases: [
    {
      label: "S:C",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: (d) => (x) => ddot(x, gauss([d.b, d.c, d.d], d.seed + 1)),
    },
    {
      label: "C:T",
      x: (d) => gauss([d.b, d.c], d.seed),
      f: (d) => (x) => ddot(gauss([d.a, d.b, d.c], d.seed + 1), x),
    },
  ],
};
