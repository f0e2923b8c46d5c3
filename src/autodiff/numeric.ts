/**
 * Finite-difference Jacobians with an error estimate: the independent
 * cross-check shown beside exact results.
 * @packageDocumentation
 */
import { DifferentiationError, IndexError } from "../core/errors";
import { allocate, formatShape, sameShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkFiniteValue, checkFunction, checkInputs, checkJacobianSize, checkResult } from "./checks";

/**
 * Options of {@link numericJacobian}.
 * @example
 * ```ts
 * import { numericJacobian, sin, tensor } from "tensorcalc";
 * const { maxError } = numericJacobian(sin, tensor([1, 2]), { step: 1e-4 });
 * console.log(maxError < 1e-6); // true
 * ```
 */
export interface NumericJacobianOptions {
  /**
   * Relative step: entry k of X moves by `h_k = step · max(1, |X_k|)`.
   * Default `cbrt(ε) ≈ 6.06e-6` (ε = 2⁻⁵²), which balances truncation and rounding for central differences.
   */
  step?: number;
}

/**
 * A finite-difference Jacobian and its estimated absolute error, as returned by {@link numericJacobian}.
 * @example
 * ```ts
 * import { numericJacobian, sin, tensor } from "tensorcalc";
 * const { jacobian, error, maxError } = numericJacobian(sin, tensor([0, 1]));
 * console.log(jacobian.shape, error.shape, maxError < 1e-8); // [2, 2] [2, 2] true
 * ```
 */
export interface NumericJacobian {
  /** The estimate of the Jacobian (numerator layout, shape `[...Y, ...X]`). */
  jacobian: Tensor;
  /** Estimated absolute error of each entry (same shape). */
  error: Tensor;
  /** The largest entry of `error`. */
  maxError: number;
}

const EPS = 2 ** -52;

/**
 * The Jacobian of `f` at `X` by central differences, with an error estimate.
 *
 * For each entry k of X, with `h = step·max(1, |X_k|)`, it forms the central
 * differences D(h) = (f(X + h E_k) − f(X − h E_k)) / 2h and D(h/2), returns
 * the Richardson extrapolation (4·D(h/2) − D(h)) / 3 and, as the error estimate,
 * |D(h/2) − D(h)| (which bounds the truncation error of the estimate when the
 * step is in the asymptotic range) plus a bound on the rounding error
 * 16·ε·(|f(X ± h E_k)| + |f(X ± h/2 E_k)| + M)/h, per entry of f, where M is
 * the largest entry of the four evaluations and of |∂f/∂X_k|·max(1, |X_k|)
 * (a proxy for the size of intermediate terms that may cancel). Costs 4·size(X) + 1 evaluations of f.
 * Use it to cross-check {@link jacobian}; never as the primary result.
 *
 * @throws {@link DifferentiationError} when f does not return a Tensor, returns non-finite values, or changes its result's shape.
 * @example
 * ```ts
 * import { numericJacobian, jacobian, tensor, exp, allclose } from "tensorcalc";
 * const X = tensor([0, 1, 2]);
 * const { jacobian: Jn, maxError } = numericJacobian(exp, X);
 * console.log(allclose(Jn, jacobian(exp, X), { atol: 1e-8 }), maxError < 1e-6); // true true
 * ```
 */
export function numericJacobian(
  f: (X: Tensor) => Tensor,
  X: Tensor,
  opts: NumericJacobianOptions = {},
): NumericJacobian {
  const where = "numericJacobian";
  checkFunction(f, where);
  checkInputs([X], where, false);
  const step = opts.step ?? Math.cbrt(EPS);
  if (typeof step !== "number" || !Number.isFinite(step) || step <= 0) {
    throw new IndexError(`${where}: step must be a positive finite number, got ${String(step)}`);
  }
  const y0: unknown = f(X);
  checkResult(y0, where);
  checkFiniteValue(y0, where);
  checkJacobianSize(y0.shape, X.shape, where);
  const shape = [...y0.shape, ...X.shape];
  const J = allocate(shape, where);
  const err = allocate(shape, where);
  const nx = X.size;
  const ny = y0.size;
  const x = Float64Array.from(X.data);
  const evalAt = (k: number, xk: number): Float64Array => {
    x[k] = xk;
    const y: unknown = f(new Tensor(Float64Array.from(x), X.shape));
    x[k] = X.data[k];
    checkResult(y, where);
    if (!sameShape(y.shape, y0.shape)) {
      throw new DifferentiationError(
        `${where}: f returned shape ${formatShape(y.shape)} at a perturbed X but ${formatShape(y0.shape)} at X; the result's shape must not depend on the values`,
      );
    }
    for (let i = 0; i < y.size; i++) {
      if (!Number.isFinite(y.data[i])) {
        throw new DifferentiationError(
          `${where}: f is not finite (${y.data[i]}) near X when entry ${k} of X moves by ${xk - X.data[k]}; X is too close to a singularity for finite differences`,
        );
      }
    }
    return y.data;
  };
  let maxError = 0;
  for (let k = 0; k < nx; k++) {
    const xk = X.data[k];
    const h = step * Math.max(1, Math.abs(xk));
    // Use the actually representable steps.
    const hp = xk + h - xk;
    const hm = xk - (xk - h);
    const hp2 = xk + h / 2 - xk;
    const hm2 = xk - (xk - h / 2);
    const fp = evalAt(k, xk + hp);
    const fm = evalAt(k, xk - hm);
    const fp2 = evalAt(k, xk + hp2);
    const fm2 = evalAt(k, xk - hm2);
    // Rounding in f's entries scales with the size of the intermediate terms, not only with |f_i|
    // (cancellation): take the largest entry of the four evaluations and of the first-order terms |∂f/∂x_k|·|x_k|.
    let fmax = 0;
    for (let i = 0; i < ny; i++) {
      const slope = Math.abs(fp[i] - fm[i]) / (hp + hm);
      fmax = Math.max(
        fmax,
        Math.abs(fp[i]),
        Math.abs(fm[i]),
        Math.abs(fp2[i]),
        Math.abs(fm2[i]),
        slope * Math.max(1, Math.abs(xk)),
      );
    }
    for (let i = 0; i < ny; i++) {
      const d1 = (fp[i] - fm[i]) / (hp + hm);
      const d2 = (fp2[i] - fm2[i]) / (hp2 + hm2);
      const o = i * nx + k;
      J[o] = (4 * d2 - d1) / 3;
      const rounding =
        (16 * EPS * (Math.abs(fp[i]) + Math.abs(fm[i]) + Math.abs(fp2[i]) + Math.abs(fm2[i]) + fmax)) / h;
      const e = Math.abs(d2 - d1) + rounding;
      err[o] = e;
      if (e > maxError) maxError = e;
    }
  }
  return { jacobian: new Tensor(J, shape), error: new Tensor(err, shape), maxError };
}
