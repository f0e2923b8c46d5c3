/**
 * Entrywise hyperbolic functions: tanh.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { ones } from "../../create/constant";
import { hadamard } from "../arith/hadamard";
import { sub } from "../arith/sub";

/** @internal */
export const tanhDef: OpDef = {
  name: "tanh",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (_x, y) => 1 - y * y),
  vjp: (ctx, C) => [hadamard(C, sub(ones(ctx.output.shape), hadamard(ctx.output, ctx.output)))],
  cases: [{ label: "tanh", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => tanh(x) }],
};

/**
 * Entrywise hyperbolic tangent. Differentiable.
 * @example
 * ```ts
 * import { tensor, tanh } from "tensorcalc";
 * console.log(tanh(tensor([0])).toNested()); // [0]
 * ```
 */
export function tanh(t: Tensor): Tensor {
  return record(tanhDef, [t], mapEntries("tanh", t, Math.tanh));
}
