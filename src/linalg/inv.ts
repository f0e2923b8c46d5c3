/**
 * Matrix inverse.
 * @packageDocumentation
 */
import { checkAllocation } from "../core/shape";
import { Tensor } from "../core/tensor";
import { inverse } from "../kernels/lu";
import { mulLeft, mulRight } from "../trace/batch";
import { record, type OpDef } from "../ops/def";
import { wellConditioned } from "../ops/cases";
import { neg } from "../ops/arith/scale";
import { transpose } from "../ops/shape/transpose";
import { matmul } from "../ops/products/matmul";
import { checkFinite, checkSquare } from "./square";

/** @internal */
export const invDef: OpDef = {
  name: "inv",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.inputs[0].shape[0];
    const Y = ctx.output.data;
    // d(A⁻¹) = −A⁻¹ dA A⁻¹ (the sign folded into the left factor)
    const negY = new Float64Array(Y.length);
    for (let i = 0; i < Y.length; i++) negY[i] = -Y[i];
    return mulRight(mulLeft(negY, t, n, n, n), Y, n, n, n);
  },
  vjp: (ctx, C) => {
    const Yt = transpose(ctx.output);
    return [neg(matmul(matmul(Yt, C), Yt))];
  },
  cases: [{ label: "X⁻¹", x: (d) => wellConditioned(d.a, d.seed), f: () => (x) => inv(x) }],
};

/**
 * The inverse A⁻¹ of a square matrix, by LU factorisation with partial pivoting.
 * Differentiable (d(A⁻¹) = −A⁻¹ dA A⁻¹).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @throws {@link IndexError} naming the entry when A has a NaN or an infinite entry.
 * @throws {@link SingularMatrixError} naming the size and the pivot column when A is
 * singular (a pivot ≤ n·ε·‖A‖_F; this
 * threshold is a heuristic: a numerically singular matrix can also pass with a huge inverse).
 * @example
 * ```ts
 * import { tensor, inv } from "tensorcalc";
 * console.log(inv(tensor([[2, 0], [0, 4]])).toNested()); // [[0.5, 0], [0, 0.25]]
 * ```
 */
export function inv(A: Tensor): Tensor {
  const n = checkSquare(A, "inv");
  checkFinite(A, n, "inv");
  checkAllocation([n, n], "inv");
  return record(invDef, [A], new Tensor(inverse(A.data, n, "inv"), [n, n]));
}
