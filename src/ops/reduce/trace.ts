/**
 * The trace of a square matrix.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { formatShape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { eye } from "../../create/constant";
import { functional } from "../../trace/batch";
import { outer } from "../products/outer";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** @internal */
export const traceDef: OpDef = {
  name: "trace",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.inputs[0].shape[0];
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) g[i * n + i] = 1;
    return functional(t, g);
  },
  vjp: (ctx, C) => [outer(C, eye(ctx.inputs[0].shape[0]))],
  cases: [{ label: "tr", x: (d) => gauss([d.a, d.a], d.seed), f: () => (x) => trace(x) }],
};

/**
 * The trace tr(A) = Σ_i A_ii of a square matrix, as a 0-d tensor. Differentiable.
 * @throws {@link ShapeError} naming the shape when A is not a square matrix.
 * @example
 * ```ts
 * import { tensor, trace } from "tensorcalc";
 * console.log(trace(tensor([[1, 2], [3, 4]])).item()); // 5
 * ```
 */
export function trace(A: Tensor): Tensor {
  checkTensor(A, "trace");
  if (A.ndim !== 2 || A.shape[0] !== A.shape[1]) {
    throw new ShapeError(`trace: expected a square matrix, got shape ${formatShape(A.shape)}`);
  }
  const n = A.shape[0];
  const x = A.data;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i * (n + 1)];
  return record(traceDef, [A], new Tensor(new Float64Array([s]), []));
}
