/**
 * Entrywise natural logarithm.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { positive } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";
import { pow } from "./pow";

/** @internal */
export const logDef: OpDef = {
  name: "log",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => 1 / x),
  vjp: (ctx, C) => [hadamard(C, pow(ctx.inputs[0], -1))],
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
