/**
 * Entrywise difference.
 * @packageDocumentation
 */
import { allocate } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkSameShape } from "../../core/validate";
import { combine } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { hadamard } from "./hadamard";
import { neg } from "./scale";

/** @internal */
export const subDef: OpDef = {
  name: "sub",
  jvp: (_ctx, [a, b]) => combine(a, b, 1, -1),
  vjp: (_ctx, C) => [C, neg(C)],
  cases: [
    {
      label: "C − X⊙X",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => sub(gauss([d.a, d.b], d.seed + 1), hadamard(x, x)),
    },
    { label: "X − C", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => sub(x, gauss([d.a, d.b], d.seed + 1)) },
  ],
};

/**
 * Entrywise difference a − b of two tensors of the same shape. Differentiable.
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { tensor, sub } from "tensorcalc";
 * console.log(sub(tensor([5, 7]), tensor([1, 2])).toNested()); // [4, 5]
 * ```
 */
export function sub(a: Tensor, b: Tensor): Tensor {
  checkSameShape("sub", a, b);
  const out = allocate(a.shape, "sub");
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] - y[i];
  return record(subDef, [a, b], new Tensor(out, a.shape));
}
