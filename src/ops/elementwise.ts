/**
 * Elementwise functions: exp, log, pow, sqrt, abs, sin, cos, tanh.
 * They follow IEEE arithmetic outside their domain (log(0) = -Infinity,
 * log(-1) = NaN, sqrt(-1) = NaN), like Math.*.
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "../core/errors";
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record, type OpAttrs } from "../autodiff/trace";
import { typeName } from "./arith";

function unary(op: string, t: Tensor, f: (x: number) => number, attrs?: OpAttrs): Tensor {
  if (!(t instanceof Tensor)) throw new ShapeError(`${op}: expected a Tensor, got ${typeName(t)}`);
  const out = allocate(t.shape, op);
  const x = t.data;
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
  return record(op, [t], new Tensor(out, t.shape), attrs);
}

/**
 * Entrywise eˣ. Differentiable.
 * @example
 * ```ts
 * import { tensor, exp } from "tensorcalc";
 * console.log(exp(tensor([0])).toNested()); // [1]
 * ```
 */
export function exp(t: Tensor): Tensor {
  return unary("exp", t, Math.exp);
}

/**
 * Entrywise natural logarithm (−Infinity at 0, NaN below). Differentiable.
 * @example
 * ```ts
 * import { tensor, log } from "tensorcalc";
 * console.log(log(tensor([1])).toNested()); // [0]
 * ```
 */
export function log(t: Tensor): Tensor {
  return unary("log", t, Math.log);
}

/**
 * Entrywise power xᵖ for a fixed finite exponent p. Differentiable (in x).
 * @throws {@link IndexError} when p is not a finite number.
 * @example
 * ```ts
 * import { tensor, pow } from "tensorcalc";
 * console.log(pow(tensor([1, 2, 3]), 2).toNested()); // [1, 4, 9]
 * ```
 */
export function pow(t: Tensor, p: number): Tensor {
  if (typeof p !== "number" || !Number.isFinite(p)) {
    throw new IndexError(
      `pow: the exponent must be a finite number, got ${typeof p === "string" ? JSON.stringify(p) : String(p)}`,
    );
  }
  if (p === 2) return unary("pow", t, (x) => x * x, { p });
  return unary("pow", t, (x) => Math.pow(x, p), { p });
}

/**
 * Entrywise square root (NaN for negative entries). Differentiable.
 * @example
 * ```ts
 * import { tensor, sqrt } from "tensorcalc";
 * console.log(sqrt(tensor([4, 9])).toNested()); // [2, 3]
 * ```
 */
export function sqrt(t: Tensor): Tensor {
  return unary("sqrt", t, Math.sqrt);
}

/**
 * Entrywise absolute value. Differentiable (derivative sign(x), 0 at 0).
 * @example
 * ```ts
 * import { tensor, abs } from "tensorcalc";
 * console.log(abs(tensor([-2, 3])).toNested()); // [2, 3]
 * ```
 */
export function abs(t: Tensor): Tensor {
  return unary("abs", t, Math.abs);
}

/**
 * Entrywise sine. Differentiable.
 * @example
 * ```ts
 * import { tensor, sin } from "tensorcalc";
 * console.log(sin(tensor([0])).toNested()); // [0]
 * ```
 */
export function sin(t: Tensor): Tensor {
  return unary("sin", t, Math.sin);
}

/**
 * Entrywise cosine. Differentiable.
 * @example
 * ```ts
 * import { tensor, cos } from "tensorcalc";
 * console.log(cos(tensor([0])).toNested()); // [1]
 * ```
 */
export function cos(t: Tensor): Tensor {
  return unary("cos", t, Math.cos);
}

/**
 * Entrywise hyperbolic tangent. Differentiable.
 * @example
 * ```ts
 * import { tensor, tanh } from "tensorcalc";
 * console.log(tanh(tensor([0])).toNested()); // [0]
 * ```
 */
export function tanh(t: Tensor): Tensor {
  return unary("tanh", t, Math.tanh);
}
