/**
 * Entrywise sine and cosine (one module: each one's derivative is the other).
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { hadamard } from "../arith/hadamard";
import { neg } from "../arith/scale";

/** @internal */
export const sinDef: OpDef = {
  name: "sin",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => Math.cos(x)),
  vjp: (ctx, C) => [hadamard(C, cos(ctx.inputs[0]))],
  cases: [{ label: "sin", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => sin(x) }],
};

/** @internal */
export const cosDef: OpDef = {
  name: "cos",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => -Math.sin(x)),
  vjp: (ctx, C) => [neg(hadamard(C, sin(ctx.inputs[0])))],
  cases: [{ label: "cos", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => cos(x) }],
};

/**
 * Entrywise sine. Differentiable.
 * @example
 * ```ts
 * import { tensor, sin } from "tensorcalc";
 * console.log(sin(tensor([0])).toNested()); // [0]
 * ```
 */
export function sin(t: Tensor): Tensor {
  return record(sinDef, [t], mapEntries("sin", t, Math.sin));
}

/**
 * Entrywise cosine. Differentiable.
 * @example
 * ```ts
 * import { tensor, cos } from "tensorcalc";
 * console.log(cos(tensor([0])).toNested()); // [1]
 * ```
 */
export function cos(t: Tensor): Tensor {
  return record(cosDef, [t], mapEntries("cos", t, Math.cos));
}
