/**
 * Entrywise quotient (a scalar operand is broadcast).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { combine, scaleAll, scaleCols, type Batch } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss, positive } from "../cases";
import { sum } from "../reduce/sum";
import { hadamard } from "./hadamard";
import { neg } from "./scale";
import { broadcastOperands, isBroadcast, mapPairs, reduceCotangent, spreadTangent } from "./broadcast";

/** The tangent t of one operand times g (result-shaped, or one entry for a 0-d result) as a tangent of the result. */
function times(t: Batch | null, operand: Tensor, out: Tensor, g: Float64Array): Batch | null {
  if (t === null) return null;
  if (isBroadcast(operand, out)) return spreadTangent(t, operand, out, g);
  return out.ndim === 0 ? scaleAll(t, g[0]) : scaleCols(t, g);
}

/** @internal */
export const divideDef: OpDef = {
  name: "divide",
  // d(a/b) = da/b − (a/b)·(db/b), in that order: db/b first, then times −a/b (a factor −(a/b)/b
  // underflows to 0 for a huge b, where db/b is of ordinary size: the Hessian of log(1 + exp(v))
  // at v ≈ 600 goes through C/a with a ≈ e^600)
  jvp: (ctx, [ta, tb]) => {
    const [a, b] = ctx.inputs;
    const y = ctx.output;
    const n = y.size;
    const bAt = (i: number): number => (b.ndim === 0 ? b.data[0] : b.data[i]);
    const inv = new Float64Array(n);
    for (let i = 0; i < n; i++) inv[i] = 1 / bAt(i);
    const tbOverB = times(tb, b, y, inv);
    const minusY = Float64Array.from(y.data, (v) => -v);
    const second = tbOverB === null ? null : y.ndim === 0 ? scaleAll(tbOverB, minusY[0]) : scaleCols(tbOverB, minusY);
    return combine(times(ta, a, y, inv), second);
  },
  vjp: (ctx, C) => {
    const [a, b] = ctx.inputs;
    const y = ctx.output;
    const Cb = divide(C, b);
    return [reduceCotangent(Cb, a, y), reduceCotangent(neg(hadamard(Cb, y)), b, y)];
  },
  cases: [
    {
      label: "X ./ C",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => divide(x, positive([d.a, d.b], d.seed + 1)),
    },
    {
      label: "C ./ X",
      x: (d) => positive([d.a, d.b], d.seed),
      f: (d) => (x) => divide(gauss([d.a, d.b], d.seed + 1), x),
    },
    { label: "X ./ X²", x: (d) => positive([d.a, d.b, d.c], d.seed), f: () => (x) => divide(x, hadamard(x, x)) },
    { label: "1 ./ X (number)", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => divide(1, x) },
    { label: "X ./ 4 (number)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => divide(x, 4) },
    { label: "X ./ sum(X) (0-d tensor)", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => divide(x, sum(x)) },
    { label: "sum(X) ./ X (0-d tensor)", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => divide(sum(x), x) },
    {
      label: "sum(X) ./ sum(X⊙X) (both 0-d)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => divide(sum(x), sum(hadamard(x, x))),
    },
  ],
};

/**
 * Entrywise quotient a ./ b of two tensors of the same shape (IEEE division: ±Infinity or
 * NaN where b is 0). Either operand may be a scalar (a number or a 0-d tensor), broadcast
 * to the other's shape: `divide(1, X)` is the entrywise reciprocal, `divide(X, s)` divides
 * every entry by s; the derivative with respect to a 0-d tensor operand is the sum over the
 * broadcast entries. Differentiable where b has no zero entry.
 * @throws {@link ShapeError} naming both shapes when neither operand is a scalar and the shapes differ.
 * @example
 * ```ts
 * import { tensor, divide } from "tensorcalc";
 * console.log(divide(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 4, 2], [8, 2, 4]])).toNested()); // [[1, 0.5, 1.5], [0.5, 2.5, 1.5]]
 * console.log(divide(1, tensor([2, 4])).toNested(), divide(tensor([2, 4]), 2).toNested()); // [0.5, 0.25] [1, 2]
 * ```
 */
export function divide(a: Tensor | number, b: Tensor | number): Tensor {
  const o = broadcastOperands("divide", a, b);
  return record(
    divideDef,
    [o.a, o.b],
    mapPairs("divide", o.a, o.b, o.shape, (x, y) => x / y),
  );
}
