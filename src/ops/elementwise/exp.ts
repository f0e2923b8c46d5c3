/**
 * Entrywise exponential.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";

/** @internal */
export const expDef: OpDef = {
  name: "exp",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (_x, y) => y),
  vjp: (ctx, C) => [hadamard(C, ctx.output)],
  cases: [{ label: "exp", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => exp(x) }],
};

/**
 * Entrywise eˣ. Differentiable.
 * @example
 * ```ts
 * import { tensor, exp } from "tensorcalc";
 * console.log(exp(tensor([0])).toNested()); // [1]
 * ```
 */
export function exp(t: Tensor): Tensor {
  return record(expDef, [t], mapEntries("exp", t, Math.exp));
}
