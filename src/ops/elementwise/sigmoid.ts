/**
 * Entrywise logistic sigmoid.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { _sigmoid } from "../../runtime/padded";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";
import { sub } from "../arith/sub";

/** 1/(1 + e^−x) without overflow: for x < 0 it is written e^x/(1 + e^x) (the kernel generated code inlines). @internal */
export const logistic: (x: number) => number = _sigmoid;

/** @internal */
export const sigmoidDef: OpDef = {
  name: "sigmoid",
  // σ′ = σ(1 − σ)
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (_x, y) => y * (1 - y)),
  vjp: (ctx, C) => [hadamard(C, hadamard(ctx.output, sub(1, ctx.output)))],
  cases: [
    { label: "sigmoid", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sigmoid(x) },
    { label: "sigmoid(3x) (3-d)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => sigmoid(hadamard(3, x)) },
  ],
};

/**
 * Entrywise logistic sigmoid σ(x) = 1/(1 + e^−x), computed without overflow for large |x|
 * (σ(−1000) = 0, σ(1000) = 1, no NaN). Differentiable: σ′ = σ(1 − σ).
 * @example
 * ```ts
 * import { tensor, sigmoid } from "tensorcalc";
 * console.log(sigmoid(tensor([-1000, 0, 1000])).toNested()); // [0, 0.5, 1]
 * ```
 */
export function sigmoid(t: Tensor): Tensor {
  return record(sigmoidDef, [t], mapEntries("sigmoid", t, logistic));
}
