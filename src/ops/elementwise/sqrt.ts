/**
 * Entrywise square root.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { positive } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";
import { scale } from "../arith/scale";
import { pow } from "./pow";

/** @internal */
export const sqrtDef: OpDef = {
  name: "sqrt",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (_x, y) => 0.5 / y),
  vjp: (ctx, C) => [hadamard(C, scale(pow(ctx.output, -1), 0.5))],
  cases: [{ label: "sqrt", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => sqrt(x) }],
};

/**
 * Entrywise square root (NaN for negative entries). Differentiable.
 * @example
 * ```ts
 * import { tensor, sqrt } from "tensorcalc";
 * console.log(sqrt(tensor([4, 9])).toNested()); // [2, 3]
 * ```
 */
export function sqrt(t: Tensor): Tensor {
  return record(sqrtDef, [t], mapEntries("sqrt", t, Math.sqrt));
}
