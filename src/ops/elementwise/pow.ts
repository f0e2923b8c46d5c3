/**
 * Entrywise power with a fixed exponent.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { gauss, positive } from "../cases";
import { entrywiseJvp, mapEntries } from "./unary";
import { IndexError } from "../../core/errors";
import { add } from "../arith/add";
import { hadamard } from "../arith/hadamard";
import { scale } from "../arith/scale";

/** The attrs of `pow`: the exponent. @internal */
export interface PowAttrs {
  readonly p: number;
}

/** @internal */
export const powDef: OpDef<PowAttrs> = {
  name: "pow",
  jvp: (ctx, [t]) => {
    const p = ctx.attrs.p;
    return entrywiseJvp(ctx, t, (x) => (p === 0 ? 0 : p === 1 ? 1 : p * Math.pow(x, p - 1)));
  },
  vjp: (ctx, C) => {
    const p = ctx.attrs.p;
    if (p === 0) return [null];
    if (p === 1) return [C];
    return [hadamard(C, scale(pow(ctx.inputs[0], p - 1), p))];
  },
  cases: [
    { label: "x³", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => pow(x, 3) },
    { label: "x^-1.5", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => pow(x, -1.5) },
    { label: "x^1 + x^0", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => add(pow(x, 1), pow(x, 0)) },
  ],
};

/**
 * Entrywise power xᵖ for a fixed finite exponent p. Differentiable (in x).
 * @throws {@link IndexError} when p is not a finite number.
 * @example
 * ```ts
 * import { tensor, pow } from "tensorcalc";
 * console.log(pow(tensor([1, 2, 3]), 2).toNested()); // [1, 4, 9]
 * ```
 */
export function pow(t: Tensor, p: number): Tensor {
  if (typeof p !== "number" || !Number.isFinite(p)) {
    throw new IndexError(
      `pow: the exponent must be a finite number, got ${typeof p === "string" ? JSON.stringify(p) : String(p)}`,
    );
  }
  const y = p === 2 ? mapEntries("pow", t, (x) => x * x) : mapEntries("pow", t, (x) => Math.pow(x, p));
  return record(powDef, [t], y, { p });
}
