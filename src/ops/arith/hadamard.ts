/**
 * Entrywise (Hadamard) product.
 * @packageDocumentation
 */
import { allocate } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkSameShape } from "../../core/validate";
import { combine, scaleCols } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** @internal */
export const hadamardDef: OpDef = {
  name: "hadamard",
  jvp: (ctx, [ta, tb]) => {
    const [a, b] = ctx.inputs;
    return combine(ta === null ? null : scaleCols(ta, b.data), tb === null ? null : scaleCols(tb, a.data));
  },
  vjp: (ctx, C) => [hadamard(C, ctx.inputs[1]), hadamard(C, ctx.inputs[0])],
  cases: [
    {
      label: "X⊙C",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => hadamard(x, gauss([d.a, d.b], d.seed + 1)),
    },
    { label: "X⊙X", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => hadamard(x, x) },
  ],
};

/**
 * Entrywise (Hadamard) product a ∘ b of two tensors of the same shape. Differentiable.
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { tensor, hadamard } from "tensorcalc";
 * console.log(hadamard(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).toNested()); // [[5, 12], [21, 32]]
 * ```
 */
export function hadamard(a: Tensor, b: Tensor): Tensor {
  checkSameShape("hadamard", a, b);
  const out = allocate(a.shape, "hadamard");
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] * y[i];
  return record(hadamardDef, [a, b], new Tensor(out, a.shape));
}
