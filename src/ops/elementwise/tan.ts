/**
 * Entrywise tangent.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { between } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { add } from "../arith/add";
import { hadamard } from "../arith/hadamard";

/** @internal */
export const tanDef: OpDef = {
  name: "tan",
  // tan′ = 1 + tan²
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (_x, y) => 1 + y * y),
  vjp: (ctx, C) => [hadamard(C, add(1, hadamard(ctx.output, ctx.output)))],
  cases: [
    // Inside (−π/2, π/2), away from the poles.
    { label: "tan", x: (d) => between([d.a, d.b], d.seed, -1.2, 1.2), f: () => (x) => tan(x) },
  ],
};

/**
 * Entrywise tangent (poles at π/2 + kπ, where it is very large). Differentiable:
 * tan′ = 1 + tan².
 * @example
 * ```ts
 * import { tensor, tan } from "tensorcalc";
 * const y = tan(tensor([0, Math.PI / 4]));
 * console.log(y.data[0], y.data[1].toFixed(12)); // 0 1.000000000000
 * ```
 */
export function tan(t: Tensor): Tensor {
  return record(tanDef, [t], mapEntries("tan", t, Math.tan));
}
