/**
 * Entrywise sum (a scalar operand is broadcast).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { combine } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { sum } from "../reduce/sum";
import { hadamard } from "./hadamard";
import { broadcastOperands, mapPairs, reduceCotangent, spreadTangent } from "./broadcast";

/** @internal */
export const addDef: OpDef = {
  name: "add",
  jvp: (ctx, [ta, tb]) => {
    const [a, b] = ctx.inputs;
    return combine(spreadTangent(ta, a, ctx.output), spreadTangent(tb, b, ctx.output));
  },
  vjp: (ctx, C) => {
    const [a, b] = ctx.inputs;
    return [reduceCotangent(C, a, ctx.output), reduceCotangent(C, b, ctx.output)];
  },
  cases: [
    { label: "X + C", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => add(x, gauss([d.a, d.b], d.seed + 1)) },
    { label: "X + X²", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => add(x, hadamard(x, x)) },
    { label: "X + 1 (number)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => add(x, 1) },
    { label: "2.5 + X (number)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => add(2.5, x) },
    { label: "X + sum(X) (0-d tensor)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => add(x, sum(x)) },
    {
      label: "sum(X⊙X) + X (0-d tensor)",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: () => (x) => add(sum(hadamard(x, x)), x),
    },
    {
      label: "sum(X) + sum(X⊙X) (both 0-d)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => add(sum(x), sum(hadamard(x, x))),
    },
  ],
};

/**
 * Entrywise sum a + b of two tensors of the same shape. Either operand may be a scalar
 * (a number or a 0-d tensor): it is added to every entry of the other (numpy's
 * broadcasting, for a scalar only), and the derivative with respect to a 0-d tensor
 * operand is the sum over the entries it was added to. Differentiable.
 * @throws {@link ShapeError} naming both shapes when neither operand is a scalar and the shapes differ.
 * @example
 * ```ts
 * import { tensor, add, sum } from "tensorcalc";
 * console.log(add(tensor([1, 2]), tensor([10, 20])).toNested()); // [11, 22]
 * console.log(add(tensor([1, 2]), 1).toNested(), add(sum(tensor([1, 2])), tensor([0, 1])).toNested()); // [2, 3] [3, 4]
 * ```
 */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  const o = broadcastOperands("add", a, b);
  return record(
    addDef,
    [o.a, o.b],
    mapPairs("add", o.a, o.b, o.shape, (x, y) => x + y),
  );
}
