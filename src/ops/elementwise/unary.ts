/**
 * The small helper behind the entrywise functions: the kernel loop and the
 * forward rule "scale each tangent entry by f′". Each function's own rules sit
 * in its module.
 * @packageDocumentation
 * @internal
 */
import { allocate } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { scaleCols, type Batch } from "../../trace/batch";
import type { RuleContext } from "../../trace/def";

/** f applied to every entry of `t` (`op` names the function in messages); not recorded. */
export function mapEntries(op: string, t: Tensor, f: (x: number) => number): Tensor {
  checkTensor(t, op);
  const out = allocate(t.shape, op);
  const x = t.data;
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
  return new Tensor(out, t.shape);
}

/** The forward rule of an entrywise function: tangent entry i times `derivative(x_i, y_i)`. */
export function entrywiseJvp<A>(
  ctx: RuleContext<A>,
  t: Batch | null,
  derivative: (x: number, y: number) => number,
): Batch | null {
  if (t === null) return null;
  const x = ctx.inputs[0].data;
  const y = ctx.output.data;
  const g = new Float64Array(x.length);
  for (let i = 0; i < g.length; i++) g[i] = derivative(x[i], y[i]);
  return scaleCols(t, g);
}
