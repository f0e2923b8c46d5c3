/**
 * Entrywise power with an exponent that is a number or a (differentiable) 0-d tensor.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { allocate, formatShape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor, typeName } from "../../core/validate";
import { combine, mulRight, scaleAll, scaleCols } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss, positive } from "../cases";
import { hadamard } from "../arith/hadamard";
import { sub } from "../arith/sub";
import { sum } from "../reduce/sum";
import { log } from "./log";
import { pow } from "./pow";

/** @internal The power tᵖ with p a 0-d tensor (inputs [t, p]); a number p is recorded as `pow`. */
export const powerDef: OpDef = {
  name: "power",
  // d(tᵖ) = p·tᵖ⁻¹ dt + tᵖ·log(t) dp
  jvp: (ctx, [tt, tp]) => {
    const [t, p] = ctx.inputs;
    const y = ctx.output;
    const e = p.data[0];
    const n = y.size;
    let left = null;
    if (tt !== null) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = e === 0 ? 0 : e * Math.pow(t.data[i], e - 1);
      left = y.ndim === 0 ? scaleAll(tt, g[0]) : scaleCols(tt, g);
    }
    let right = null;
    if (tp !== null) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = y.data[i] * Math.log(t.data[i]);
      right = mulRight(tp, g, 1, 1, n);
    }
    return combine(left, right);
  },
  vjp: (ctx, C) => {
    const [t, p] = ctx.inputs;
    const y = ctx.output;
    return [hadamard(C, hadamard(p, power(t, sub(p, 1)))), sum(hadamard(C, hadamard(y, log(t))))];
  },
  cases: [
    { label: "X^mean(X) (t and p move)", x: (d) => positive([d.a, d.b], d.seed), f: () => (x) => power(x, mean(x)) },
    {
      label: "C^mean(X) (p moves)",
      x: (d) => positive([d.a, d.b], d.seed),
      f: (d) => (x) => power(positive([d.c, d.a], d.seed + 1), mean(x)),
    },
    {
      label: "X^p, p a constant 0-d tensor",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: () => (x) => power(x, new Tensor(new Float64Array([3]), [])),
    },
    { label: "x^p, both 0-d", x: (d) => positive([], d.seed), f: () => (x) => power(x, hadamard(x, x)) },
  ],
};

/** The mean of the entries, a 0-d tensor (for the cases). */
const mean = (x: Tensor): Tensor => hadamard(sum(x), 1 / x.size);

/**
 * Entrywise power tᵖ. The exponent p is a finite number (then this is {@link pow}) or a 0-d
 * tensor, in which case tᵖ is differentiable in p too: ∂tᵖ/∂p = tᵖ·log t, defined for t > 0
 * (NaN elsewhere: differentiating in p at an entry t ≤ 0 fails with a DifferentiationError).
 * ∂tᵖ/∂t = p·tᵖ⁻¹ (0 for p = 0).
 * @throws {@link ShapeError} when p is a tensor that is not 0-d (naming its shape);
 * {@link IndexError} when p is a number that is not finite.
 * @example
 * ```ts
 * import { tensor, power, grad, sum } from "tensorcalc";
 * const t = tensor([1, 2, 3]);
 * console.log(power(t, 2).toNested(), power(t, tensor(3)).toNested()); // [1, 4, 9] [1, 8, 27]
 * // d/dp of sum(tᵖ) at p = 1: Σ t·log t
 * console.log(grad((p) => sum(power(tensor([1, Math.E]), p)), tensor(1)).item().toFixed(6)); // 2.718282
 * ```
 */
export function power(t: Tensor, p: number | Tensor): Tensor {
  checkTensor(t, "power");
  if (!(p instanceof Tensor)) {
    if (typeof p !== "number") {
      throw new ShapeError(`power: the exponent must be a number or a 0-d tensor, got ${typeName(p)}`);
    }
    return pow(t, p);
  }
  if (p.ndim !== 0) {
    throw new ShapeError(
      `power: the exponent must be a number or a 0-d tensor, got a tensor of shape ${formatShape(p.shape)} (entrywise exponents are not supported)`,
    );
  }
  const e = p.data[0];
  const out = allocate(t.shape, "power");
  const x = t.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.pow(x[i], e);
  return record(powerDef, [t, p], new Tensor(out, t.shape));
}
