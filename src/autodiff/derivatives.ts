/**
 * Gradients, Hessians and Jacobian–vector products.
 * @packageDocumentation
 */
import { DifferentiationError, ShapeError } from "../core/errors";
import { formatShape, sameShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { ones, zeros } from "../create/constant";
import { densify, singleBatch } from "../trace/batch";
import { checkFiniteValue, checkFunction, checkInputs, checkResult } from "./checks";
import { forwardPass } from "./forward";
import { jacobianN, type TensorFunction } from "./jacobian";
import { detach, reversePass } from "./reverse";
import { anyTapeActive, makeLeaf, withTape } from "../trace/record";

function gradImpl(f: TensorFunction, X: Tensor, where: string): Tensor {
  return withTape((tape) => {
    const leaf = makeLeaf(tape, X, 0);
    const y: unknown = f(leaf);
    checkResult(y, where);
    if (y.size !== 1) {
      throw new DifferentiationError(
        `${where}: f must return a scalar (a 0-d tensor or a tensor with one entry), but it returned shape ${formatShape(y.shape)}; use jacobian for non-scalar results`,
      );
    }
    checkFiniteValue(y, where);
    const [g] = reversePass(tape, y, ones(y.shape), where);
    return g === undefined ? zeros(X.shape) : detach(tape, g);
  });
}

/**
 * The gradient of a scalar function: `G[k, l] = ∂f/∂X[k, l]`, with X's shape
 * (the Jacobian of a 0-d result, in either layout). One reverse pass.
 * Differentiable: `jacobian(X => grad(f, X), X)` is the Hessian.
 *
 * @throws {@link DifferentiationError} when f's result has more than one entry, is not a Tensor, or is not finite.
 * @example
 * ```ts
 * import { grad, tensor, matmul, trace } from "tensorcalc";
 * const A = tensor([[1, 2], [3, 4], [5, 6]]);             // 3×2
 * const G = grad((X) => trace(matmul(A, X)), tensor([[0, 0, 0], [0, 0, 0]])); // X 2×3
 * console.log(G.toNested()); // [[1, 3, 5], [2, 4, 6]]  (d tr(AX) = tr(A dX): G = Aᵀ)
 * ```
 */
export function grad(f: TensorFunction, X: Tensor): Tensor {
  checkFunction(f, "grad");
  checkInputs([X], "grad", false);
  return gradImpl(f, X, "grad");
}

/**
 * The Hessian of a scalar function: `H[i, j, k, l] = ∂²f/∂X[i, j]∂X[k, l]`,
 * shape `[...X.shape, ...X.shape]`. Exact: forward mode over the reverse-mode
 * gradient (the gradient's rules are built from differentiable ops, which the
 * outer Jacobian records).
 *
 * @throws {@link DifferentiationError} as {@link grad}.
 * @example
 * ```ts
 * import { hessian, tensor, matmul, dot } from "tensorcalc";
 * const A = tensor([[1, 2], [0, 3]]);
 * const H = hessian((x) => dot(x, matmul(A, x)), tensor([1, 1])); // xᵀAx
 * console.log(H.toNested()); // [[2, 2], [2, 6]]  (A + Aᵀ)
 * ```
 */
export function hessian(f: TensorFunction, X: Tensor): Tensor {
  checkFunction(f, "hessian");
  checkInputs([X], "hessian", false);
  return jacobianN((x: Tensor) => gradImpl(f, x, "hessian"), [X], "hessian")[0];
}

/**
 * A value and a directional derivative, as returned by {@link jvp}.
 * @example
 * ```ts
 * import { jvp, exp, tensor } from "tensorcalc";
 * const { value, tangent } = jvp(exp, tensor([0]), tensor([2]));
 * console.log(value.toNested(), tangent.toNested()); // [1] [2]
 * ```
 */
export interface JvpResult {
  /** f(X). */
  value: Tensor;
  /** J·V: the derivative of f at X in the direction V (Y's shape). */
  tangent: Tensor;
}

/**
 * A value and a vector–Jacobian product, as returned by {@link vjp}.
 * @example
 * ```ts
 * import { vjp, exp, tensor } from "tensorcalc";
 * const { value, cotangent } = vjp(exp, tensor([0]), tensor([3]));
 * console.log(value.toNested(), cotangent.toNested()); // [1] [3]
 * ```
 */
export interface VjpResult {
  /** f(X). */
  value: Tensor;
  /** Cᵀ·J: `Σ_ij C[i, j] ∂Y[i, j]/∂X` (X's shape). */
  cotangent: Tensor;
}

function vjpImpl(f: TensorFunction, X: Tensor, C: Tensor, where: string): VjpResult {
  return withTape((tape) => {
    const leaf = makeLeaf(tape, X, 0);
    const y: unknown = f(leaf);
    checkResult(y, where);
    if (!(C instanceof Tensor) || !sameShape(C.shape, y.shape)) {
      throw new ShapeError(
        `${where}: the cotangent C must have the shape of f(X), ${formatShape(y.shape)}, got ${C instanceof Tensor ? formatShape(C.shape) : String(C)}`,
      );
    }
    checkFiniteValue(y, where);
    const [g] = reversePass(tape, y, C, where);
    return { value: detach(tape, y), cotangent: g === undefined ? zeros(X.shape) : detach(tape, g) };
  });
}

/**
 * The vector–Jacobian product `Cᵀ·J` (reverse mode, one pass), without forming
 * the Jacobian: `cotangent[k, l] = Σ_ij C[i, j] ∂Y[i, j]/∂X[k, l]`.
 * Differentiable (usable inside another differentiation).
 *
 * @throws {@link ShapeError} when C's shape differs from f(X)'s.
 * @example
 * ```ts
 * import { vjp, tensor, matmul } from "tensorcalc";
 * const A = tensor([[1, 2], [3, 4]]);
 * const { cotangent } = vjp((x) => matmul(A, x), tensor([1, 1]), tensor([1, 0]));
 * console.log(cotangent.toNested()); // [1, 2]  (first row of A)
 * ```
 */
export function vjp(f: TensorFunction, X: Tensor, C: Tensor): VjpResult {
  checkFunction(f, "vjp");
  checkInputs([X], "vjp", false);
  return vjpImpl(f, X, C, "vjp");
}

/**
 * The Jacobian–vector product `J·V` (the directional derivative of f at X
 * along V), without forming the Jacobian: forward mode, one pass. Inside
 * another differentiation it is computed as two reverse passes instead (the
 * vjp of the linear map u ↦ Jᵀu), so the result stays differentiable.
 *
 * @throws {@link ShapeError} when V's shape differs from X's.
 * @example
 * ```ts
 * import { jvp, tensor, matmul } from "tensorcalc";
 * const A = tensor([[1, 2], [3, 4]]);
 * const { tangent } = jvp((x) => matmul(A, x), tensor([1, 1]), tensor([1, 0]));
 * console.log(tangent.toNested()); // [1, 3]  (first column of A)
 * ```
 */
export function jvp(f: TensorFunction, X: Tensor, V: Tensor): JvpResult {
  const where = "jvp";
  checkFunction(f, where);
  checkInputs([X], where, false);
  if (!(V instanceof Tensor) || !sameShape(V.shape, X.shape)) {
    throw new ShapeError(
      `${where}: the direction V must have the shape of X, ${formatShape(X.shape)}, got ${V instanceof Tensor ? formatShape(V.shape) : String(V)}`,
    );
  }
  if (anyTapeActive()) {
    const value: unknown = f(X);
    checkResult(value, where);
    const g = (u: Tensor): Tensor => vjpImpl(f, X, u, where).cotangent;
    const { cotangent } = vjpImpl(g, zeros(value.shape), V, where);
    return { value, tangent: cotangent };
  }
  return withTape((tape) => {
    const leaf = makeLeaf(tape, X, 0);
    const y: unknown = f(leaf);
    checkResult(y, where);
    checkFiniteValue(y, where);
    const T = forwardPass(tape, y, 0, singleBatch(Float64Array.from(V.data)), X.shape, where);
    const tangent = T === null ? zeros(y.shape) : new Tensor(Float64Array.from(densify(T).data), y.shape);
    return { value: detach(tape, y), tangent };
  });
}
