/**
 * Entrywise log(1 + x) and exp(x) − 1, accurate near 0 where 1 + x rounds away the digits of x.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss, positive } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { add } from "../arith/add";
import { divide } from "../arith/divide";
import { hadamard } from "../arith/hadamard";
import { exp } from "./exp";

/** @internal */
export const log1pDef: OpDef = {
  name: "log1p",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => 1 / (1 + x)),
  vjp: (ctx, C) => [divide(C, add(ctx.inputs[0], 1))],
  cases: [{ label: "log1p", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => log1p(x) }],
};

/** @internal */
export const expm1Def: OpDef = {
  name: "expm1",
  jvp: (ctx, [t]) => entrywiseJvp(ctx, t, (x) => Math.exp(x)),
  vjp: (ctx, C) => [hadamard(C, exp(ctx.inputs[0]))],
  cases: [{ label: "expm1", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => expm1(x) }],
};

/**
 * Entrywise log(1 + x), accurate for small x (−Infinity at −1, NaN below). Differentiable.
 * @example
 * ```ts
 * import { tensor, log1p } from "tensorcalc";
 * console.log(log1p(tensor([0, 1e-20])).toNested()); // [0, 1e-20]
 * ```
 */
export function log1p(t: Tensor): Tensor {
  return record(log1pDef, [t], mapEntries("log1p", t, Math.log1p));
}

/**
 * Entrywise exp(x) − 1, accurate for small x. Differentiable.
 * @example
 * ```ts
 * import { tensor, expm1 } from "tensorcalc";
 * console.log(expm1(tensor([0, 1e-20])).toNested()); // [0, 1e-20]
 * ```
 */
export function expm1(t: Tensor): Tensor {
  return record(expm1Def, [t], mapEntries("expm1", t, Math.expm1));
}
