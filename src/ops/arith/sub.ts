/**
 * Entrywise difference (a scalar operand is broadcast).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { combine } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { sum } from "../reduce/sum";
import { hadamard } from "./hadamard";
import { neg } from "./scale";
import { broadcastOperands, mapPairs, reduceCotangent, spreadTangent } from "./broadcast";

/** @internal */
export const subDef: OpDef = {
  name: "sub",
  jvp: (ctx, [ta, tb]) => {
    const [a, b] = ctx.inputs;
    return combine(spreadTangent(ta, a, ctx.output), spreadTangent(tb, b, ctx.output), 1, -1);
  },
  vjp: (ctx, C) => {
    const [a, b] = ctx.inputs;
    return [reduceCotangent(C, a, ctx.output), neg(reduceCotangent(C, b, ctx.output))];
  },
  cases: [
    {
      label: "C − X⊙X",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => sub(gauss([d.a, d.b], d.seed + 1), hadamard(x, x)),
    },
    { label: "X − C", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => sub(x, gauss([d.a, d.b], d.seed + 1)) },
    { label: "1 − X (number)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sub(1, x) },
    { label: "X − 0.5 (number)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sub(x, 0.5) },
    {
      label: "X − sum(X⊙X) (0-d tensor)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => sub(x, sum(hadamard(x, x))),
    },
    {
      label: "sum(X) − X⊙X (0-d tensor)",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: () => (x) => sub(sum(x), hadamard(x, x)),
    },
  ],
};

/**
 * Entrywise difference a − b of two tensors of the same shape. Either operand may be a
 * scalar (a number or a 0-d tensor), broadcast to the other's shape: `sub(1, X)` is 1 − X
 * entry by entry; the derivative with respect to a 0-d tensor operand is the sum over the
 * broadcast entries. Differentiable.
 * @throws {@link ShapeError} naming both shapes when neither operand is a scalar and the shapes differ.
 * @example
 * ```ts
 * import { tensor, sub } from "tensorcalc";
 * console.log(sub(tensor([5, 7]), tensor([1, 2])).toNested()); // [4, 5]
 * console.log(sub(1, tensor([5, 7])).toNested(), sub(tensor([5, 7]), tensor(5)).toNested()); // [-4, -6] [0, 2]
 * ```
 */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  const o = broadcastOperands("sub", a, b);
  return record(
    subDef,
    [o.a, o.b],
    mapPairs("sub", o.a, o.b, o.shape, (x, y) => x - y),
  );
}
