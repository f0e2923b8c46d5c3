/**
 * Entrywise softplus log(1 + eˣ).
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { _softplus } from "../../runtime/padded";
import { hadamard } from "../arith/hadamard";
import { logistic, sigmoid } from "./sigmoid";

/** log(1 + eˣ) without overflow or loss: x + log1p(e^−x) for x > 0, log1p(eˣ) otherwise (the kernel generated code inlines). */
const softplus1 = _softplus;

/** @internal */
export const softplusDef: OpDef = {
  name: "softplus",
  // softplus′ = σ
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => logistic(x)),
  vjp: (ctx, C) => [hadamard(C, sigmoid(ctx.inputs[0]))],
  cases: [
    { label: "softplus", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => softplus(x) },
    { label: "softplus(4x) (3-d)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => softplus(hadamard(4, x)) },
  ],
};

/**
 * Entrywise softplus log(1 + eˣ), a smooth relu, computed stably: x + log1p(e^−x) for
 * x > 0 (no overflow: softplus(1000) = 1000), log1p(eˣ) otherwise (accurate for very
 * negative x, where it is about eˣ). Differentiable: its derivative is the {@link sigmoid}.
 * @example
 * ```ts
 * import { tensor, softplus } from "tensorcalc";
 * console.log(softplus(tensor([-1000, 0, 1000])).toNested()); // [0, 0.6931471805599453, 1000]
 * ```
 */
export function softplus(t: Tensor): Tensor {
  return record(softplusDef, [t], mapEntries("softplus", t, softplus1));
}
