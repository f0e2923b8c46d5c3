/**
 * Entrywise sum.
 * @packageDocumentation
 */
import { allocate } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkSameShape } from "../../core/validate";
import { combine } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { hadamard } from "./hadamard";

/** @internal */
export const addDef: OpDef = {
  name: "add",
  jvp: (_ctx, [a, b]) => combine(a, b),
  vjp: (_ctx, C) => [C, C],
  cases: [
    { label: "X + C", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => add(x, gauss([d.a, d.b], d.seed + 1)) },
    { label: "X + X²", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => add(x, hadamard(x, x)) },
  ],
};

/**
 * Entrywise sum a + b of two tensors of the same shape. Differentiable.
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { tensor, add } from "tensorcalc";
 * console.log(add(tensor([1, 2]), tensor([10, 20])).toNested()); // [11, 22]
 * ```
 */
export function add(a: Tensor, b: Tensor): Tensor {
  checkSameShape("add", a, b);
  const out = allocate(a.shape, "add");
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  return record(addDef, [a, b], new Tensor(out, a.shape));
}
