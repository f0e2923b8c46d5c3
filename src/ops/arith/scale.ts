/**
 * Multiples s·a (s a number or a 0-d tensor), and the negation −a = (−1)·a.
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "../../core/errors";
import { allocate, formatShape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { typeName } from "../../core/validate";
import { combine, mulRight, scaleAll } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { sum } from "../reduce/sum";
import { hadamard } from "./hadamard";

/** The attrs of `scale`: the constant factor, or none when the factor is a (traced) 0-d tensor. @internal */
export interface ScaleAttrs {
  readonly s?: number;
}

/** @internal */
export const scaleDef: OpDef<ScaleAttrs> = {
  name: "scale",
  jvp: (ctx, [ta, ts]) => {
    const [a, s] = ctx.inputs;
    if (s === undefined) return ta === null ? null : scaleAll(ta, ctx.attrs.s ?? 1);
    const left = ta === null ? null : scaleAll(ta, s.data[0]);
    const right = ts === null || ts === undefined ? null : mulRight(ts, a.data, 1, 1, a.size);
    return combine(left, right);
  },
  vjp: (ctx, C) => {
    const [a, s] = ctx.inputs;
    if (s === undefined) return [scale(C, ctx.attrs.s ?? 1)];
    return [scale(C, s), sum(hadamard(C, a))];
  },
  cases: [
    { label: "2.5·X", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => scale(x, 2.5) },
    { label: "sum(X)·X", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => scale(x, sum(x)) },
    { label: "−X (neg)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => neg(x) },
  ],
};

/**
 * The multiple s·a, where s is a number or a 0-d tensor (e.g. a `trace` or `sum`
 * result, so that s is differentiated too). Differentiable.
 *
 * @throws {@link ShapeError} when s is a tensor that is not 0-d; {@link IndexError} when s is not a finite number.
 * @example
 * ```ts
 * import { tensor, scale, sum } from "tensorcalc";
 * const a = tensor([1, 2]);
 * console.log(scale(a, 3).toNested(), scale(a, sum(a)).toNested()); // [3, 6] [3, 6]
 * ```
 */
export function scale(a: Tensor, s: number | Tensor): Tensor {
  if (!(a instanceof Tensor)) throw new ShapeError(`scale: expected a Tensor to scale, got ${typeName(a)}`);
  if (s instanceof Tensor) {
    if (s.ndim !== 0) {
      throw new ShapeError(
        `scale: the factor must be a number or a 0-d tensor, got a tensor of shape ${formatShape(s.shape)} (use hadamard for entrywise products)`,
      );
    }
    return record(scaleDef, [a, s], mul(a, s.data[0], "scale"), {});
  }
  if (typeof s !== "number" || !Number.isFinite(s)) {
    throw new IndexError(`scale: the factor must be a finite number or a 0-d tensor, got ${typeName(s)} ${String(s)}`);
  }
  return record(scaleDef, [a], mul(a, s, "scale"), { s });
}

/**
 * The negation −a. Differentiable.
 * @example
 * ```ts
 * import { tensor, neg } from "tensorcalc";
 * console.log(neg(tensor([1, -2])).toNested()); // [-1, 2]
 * ```
 */
export function neg(a: Tensor): Tensor {
  if (!(a instanceof Tensor)) throw new ShapeError(`neg: expected a Tensor, got ${typeName(a)}`);
  return record(scaleDef, [a], mul(a, -1, "neg"), { s: -1 });
}

function mul(a: Tensor, s: number, where: string): Tensor {
  const out = allocate(a.shape, where);
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = s * x[i];
  return new Tensor(out, a.shape);
}
