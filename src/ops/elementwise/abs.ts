/**
 * Entrywise absolute value.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss, positive } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";
import { neg } from "../arith/scale";

/** @internal */
export const absDef: OpDef = {
  name: "abs",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => Math.sign(x)),
  // sign(x) is a constant (its derivative is 0 almost everywhere).
  vjp: (ctx, C) => [hadamard(C, mapEntries("abs", ctx.inputs[0], Math.sign))],
  cases: [
    { label: "|−x|", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => abs(neg(x)) },
    { label: "|x|", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => abs(x) },
  ],
};

/**
 * Entrywise absolute value. Differentiable (derivative sign(x), 0 at 0).
 * @example
 * ```ts
 * import { tensor, abs } from "tensorcalc";
 * console.log(abs(tensor([-2, 3])).toNested()); // [2, 3]
 * ```
 */
export function abs(t: Tensor): Tensor {
  return record(absDef, [t], mapEntries("abs", t, Math.abs));
}
