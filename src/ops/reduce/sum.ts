/**
 * The sum of all entries.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { ones } from "../../create/constant";
import { functional } from "../../trace/batch";
import { outer } from "../../products/outer";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** @internal */
export const sumDef: OpDef = {
  name: "sum",
  jvp: (_ctx, [t]) => (t === null ? null : functional(t, null)),
  // The cotangent C is 0-d: C ⊗ 1 spreads it over the input's shape.
  vjp: (ctx, C) => [outer(C, ones(ctx.inputs[0].shape))],
  cases: [{ label: "sum", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => sum(x) }],
};

/**
 * The sum of all entries, as a 0-d tensor (`.item()` gives the number). Differentiable.
 * @example
 * ```ts
 * import { tensor, sum } from "tensorcalc";
 * console.log(sum(tensor([[1, 2], [3, 4]])).item()); // 10
 * ```
 */
export function sum(t: Tensor): Tensor {
  checkTensor(t, "sum");
  const x = t.data;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return record(sumDef, [t], new Tensor(new Float64Array([s]), []));
}
