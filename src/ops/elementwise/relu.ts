/**
 * Entrywise rectifier max(x, 0).
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { awayFromZero } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";
import { _relu } from "../../runtime/padded";

/** The derivative of relu: 1 for x > 0, else 0 (the subgradient 0 at the kink x = 0). */
const step = (x: number): number => (x > 0 ? 1 : 0);

/** @internal */
export const reluDef: OpDef = {
  name: "relu",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, step),
  // The step is a constant (its derivative is 0 almost everywhere).
  vjp: (ctx, C) => [hadamard(C, mapEntries("relu", ctx.inputs[0], step))],
  cases: [
    { label: "relu(x)", x: (d) => awayFromZero([d.a, d.b], d.seed), f: () => (x) => relu(x) },
    { label: "relu(x)⊙x", x: (d) => awayFromZero([d.a, d.b, d.c], d.seed), f: () => (x) => hadamard(relu(x), x) },
  ],
};

/**
 * Entrywise rectifier relu(x) = max(x, 0). Differentiable, with derivative 1 for x > 0 and
 * 0 for x < 0; at the kink x = 0 the derivative is taken to be 0 (a subgradient). NaN stays NaN
 * (as numpy's maximum, and the generated code, which runs the same kernel).
 * @example
 * ```ts
 * import { tensor, relu } from "tensorcalc";
 * console.log(relu(tensor([[-2, 0, 3]])).toNested()); // [[0, 0, 3]]
 * ```
 */
export function relu(t: Tensor): Tensor {
  return record(reluDef, [t], mapEntries("relu", t, _relu));
}
