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
 * the largest entry of the evaluations and of the slopes |∂f/∂X_k|·max(1, |X_k|) and |∂f_i/∂X_j|·max(1, |X_j|)
 * (a proxy for the size of intermediate terms that may cancel). A third difference D(h/4) checks that the
 * step is in the asymptotic range (the spread shrinks when the step halves, and f is nearly linear over the
 * stencil: |f(X + h E_k) + f(X − h E_k) − 2f(X)| ≤ |f(X + h E_k) − f(X − h E_k)|/2): where it is not, as for a
 * function that turns faster than the step can resolve (sin of a huge argument), the entry's error is
 * `Infinity` — finite differences cannot measure it there. Costs 6·size(X) + 1 evaluations of f.
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
  const f0 = y0.data;
  // Per entry: the spreads |D(h/2) − D(h)|, |D(h/4) − D(h/2)|, the sums of |f| over each stencil, and whether f
  // is far from linear over it; per entry of X its step and the largest value or slope of its evaluations; per
  // entry of f its largest slope |∂f_i/∂X_j|·max(1, |X_j|) (the size of the terms that may cancel in f_i).
  const n = ny * nx;
  const e12 = new Float64Array(n);
  const e24 = new Float64Array(n);
  const sum1 = new Float64Array(n);
  const sum4 = new Float64Array(n);
  const curved = new Uint8Array(n);
  const steps = new Float64Array(nx);
  const colMax = new Float64Array(nx);
  const rowSlope = new Float64Array(ny);
  for (let k = 0; k < nx; k++) {
    const xk = X.data[k];
    const h = step * Math.max(1, Math.abs(xk));
    steps[k] = h;
    // Use the actually representable steps.
    const hp = xk + h - xk;
    const hm = xk - (xk - h);
    const hp2 = xk + h / 2 - xk;
    const hm2 = xk - (xk - h / 2);
    const hp4 = xk + h / 4 - xk;
    const hm4 = xk - (xk - h / 4);
    const fp = evalAt(k, xk + hp);
    const fm = evalAt(k, xk - hm);
    const fp2 = evalAt(k, xk + hp2);
    const fm2 = evalAt(k, xk - hm2);
    const fp4 = evalAt(k, xk + hp4);
    const fm4 = evalAt(k, xk - hm4);
    for (let i = 0; i < ny; i++) {
      const d1 = (fp[i] - fm[i]) / (hp + hm);
      const d2 = (fp2[i] - fm2[i]) / (hp2 + hm2);
      const d4 = (fp4[i] - fm4[i]) / (hp4 + hm4);
      const o = i * nx + k;
      J[o] = (4 * d2 - d1) / 3;
      e12[o] = Math.abs(d2 - d1);
      e24[o] = Math.abs(d4 - d2);
      sum1[o] = Math.abs(fp[i]) + Math.abs(fm[i]) + Math.abs(fp2[i]) + Math.abs(fm2[i]);
      sum4[o] = Math.abs(fp2[i]) + Math.abs(fm2[i]) + Math.abs(fp4[i]) + Math.abs(fm4[i]);
      curved[o] = Math.abs(fp[i] + fm[i] - 2 * f0[i]) > 0.5 * Math.abs(fp[i] - fm[i]) ? 1 : 0;
      const slope = Math.abs(d1) * Math.max(1, Math.abs(xk));
      colMax[k] = Math.max(colMax[k], Math.abs(fp[i]), Math.abs(fm[i]), Math.abs(fp2[i]), Math.abs(fm2[i]), slope);
      rowSlope[i] = Math.max(rowSlope[i], slope);
    }
  }
  let maxError = 0;
  for (let i = 0; i < ny; i++) {
    for (let k = 0; k < nx; k++) {
      const o = i * nx + k;
      // Rounding in f's entries scales with the size of the intermediate terms, not only with |f_i|
      // (cancellation): take the largest value of the evaluations and of the first-order terms beside it.
      const m = Math.max(colMax[k], rowSlope[i]);
      const rounding = (16 * EPS * (sum1[o] + m)) / steps[k];
      const rounding4 = (16 * EPS * (sum4[o] + m)) / (steps[k] / 2);
      // In the asymptotic range the spread shrinks fourfold when the step halves; when it does not, or when f is
      // far from linear over the stencil (a function that turns faster than the step resolves, sin of a huge
      // argument), the differences measure nothing.
      const unresolved =
        e12[o] > 8 * rounding && ((e24[o] > 8 * rounding4 && e24[o] > 0.5 * e12[o]) || curved[o] === 1);
      const e = unresolved ? Infinity : e12[o] + rounding;
      err[o] = e;
      if (e > maxError) maxError = e;
    }
  }
  return { jacobian: new Tensor(J, shape), error: new Tensor(err, shape), maxError };
}
