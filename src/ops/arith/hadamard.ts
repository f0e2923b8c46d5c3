/**
 * Entrywise (Hadamard) product (a scalar operand is broadcast).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { combine, scaleAll, scaleCols, type Batch } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { sum } from "../reduce/sum";
import { broadcastOperands, isBroadcast, mapPairs, reduceCotangent, spreadTangent } from "./broadcast";

/** The tangent t of one operand times the other operand `other`, as a tangent of the result. */
function times(t: Batch | null, operand: Tensor, other: Tensor, out: Tensor): Batch | null {
  if (t === null) return null;
  if (isBroadcast(operand, out)) return spreadTangent(t, operand, out, other.data);
  return other.ndim === 0 ? scaleAll(t, other.data[0]) : scaleCols(t, other.data);
}

/** @internal */
export const hadamardDef: OpDef = {
  name: "hadamard",
  jvp: (ctx, [ta, tb]) => {
    const [a, b] = ctx.inputs;
    return combine(times(ta, a, b, ctx.output), times(tb, b, a, ctx.output));
  },
  vjp: (ctx, C) => {
    const [a, b] = ctx.inputs;
    return [reduceCotangent(hadamard(C, b), a, ctx.output), reduceCotangent(hadamard(C, a), b, ctx.output)];
  },
  cases: [
    {
      label: "X⊙C",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => hadamard(x, gauss([d.a, d.b], d.seed + 1)),
    },
    { label: "X⊙X", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => hadamard(x, x) },
    { label: "3·X (number)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => hadamard(3, x) },
    { label: "sum(X)·X (0-d tensor)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => hadamard(sum(x), x) },
    {
      label: "X·sum(X⊙X) (0-d tensor)",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: () => (x) => hadamard(x, sum(hadamard(x, x))),
    },
    {
      label: "sum(X)·sum(X) (both 0-d)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => hadamard(sum(x), sum(x)),
    },
  ],
};

/**
 * Entrywise (Hadamard) product a ∘ b of two tensors of the same shape. Either operand may
 * be a scalar (a number or a 0-d tensor), which multiplies every entry of the other (as
 * {@link scale} does); the derivative with respect to a 0-d tensor operand is the sum over
 * the broadcast entries. Differentiable.
 * @throws {@link ShapeError} naming both shapes when neither operand is a scalar and the shapes differ.
 * @example
 * ```ts
 * import { tensor, hadamard } from "tensorcalc";
 * console.log(hadamard(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).toNested()); // [[5, 12], [21, 32]]
 * console.log(hadamard(tensor(2), tensor([1, 2])).toNested()); // [2, 4]
 * ```
 */
export function hadamard(a: Tensor | number, b: Tensor | number): Tensor {
  const o = broadcastOperands("hadamard", a, b);
  return record(
    hadamardDef,
    [o.a, o.b],
    mapPairs("hadamard", o.a, o.b, o.shape, (x, y) => x * y),
  );
}
