/**
 * Entrywise sign.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { record, type OpDef } from "../def";
import { awayFromZero } from "../cases";
import { mapEntries } from "./unary";
import { _sign } from "../../runtime/padded";
import { hadamard } from "../arith/hadamard";

/** @internal */
export const signDef: OpDef = {
  name: "sign",
  // sign is piecewise constant: its derivative is 0 (at 0 too, by convention).
  jvp: () => null,
  vjp: () => [null],
  cases: [
    { label: "sign(x)", x: (d) => awayFromZero([d.a, d.b], d.seed), f: () => (x) => sign(x) },
    { label: "sign(x)⊙x = |x|", x: (d) => awayFromZero([d.a, d.b], d.seed), f: () => (x) => hadamard(sign(x), x) },
  ],
};

/**
 * Entrywise sign: −1, 0 or 1 (0 at 0; NaN stays NaN). Differentiable, with derivative 0
 * everywhere (at the jump x = 0 too, by convention).
 * @example
 * ```ts
 * import { tensor, sign } from "tensorcalc";
 * console.log(sign(tensor([-2.5, 0, 3])).toNested()); // [-1, 0, 1]
 * ```
 */
export function sign(t: Tensor): Tensor {
  return record(signDef, [t], mapEntries("sign", t, _sign));
}
