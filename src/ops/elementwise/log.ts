/**
 * Entrywise natural logarithm.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { positive } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { divide } from "../arith/divide";

/** @internal */
export const logDef: OpDef = {
  name: "log",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => 1 / x),
  // C ./ x rather than C ⊙ x⁻¹: the derivative of the quotient stays finite where x⁻² underflows
  vjp: (ctx, C) => [divide(C, ctx.inputs[0])],
  cases: [{ label: "log", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => log(x) }],
};

/**
 * Entrywise natural logarithm (−Infinity at 0, NaN below). Differentiable.
 * @example
 * ```ts
 * import { tensor, log } from "tensorcalc";
 * console.log(log(tensor([1])).toNested()); // [0]
 * ```
 */
export function log(t: Tensor): Tensor {
  return record(logDef, [t], mapEntries("log", t, Math.log));
}
