/**
 * The Euclidean (Frobenius) norm sqrt Σx².
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { zeros } from "../../create/constant";
import { functional } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { divide } from "../arith/divide";
import { hadamard } from "../arith/hadamard";
import { matmul } from "../products/matmul";

/** sqrt Σ x², scaled by the largest |x| so that squaring neither overflows nor underflows. */
function euclidean(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / m;
    s += r * r;
  }
  return m * Math.sqrt(s);
}

/** @internal */
export const norm2Def: OpDef = {
  name: "norm2",
  // d‖x‖ = ⟨x/‖x‖, dx⟩, with the subgradient 0 at x = 0.
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const x = ctx.inputs[0].data;
    const n = ctx.output.data[0];
    const g = new Float64Array(x.length);
    if (n !== 0) for (let i = 0; i < g.length; i++) g[i] = x[i] / n;
    return functional(t, g);
  },
  vjp: (ctx, C) => {
    const x = ctx.inputs[0];
    const n = ctx.output;
    if (n.data[0] === 0) return [zeros(x.shape)];
    return [hadamard(C, divide(x, n))];
  },
  cases: [
    { label: "‖x‖₂ (vector)", x: (d) => gauss([d.a], d.seed), f: () => (x) => norm2(x) },
    { label: "‖X‖_F (m×n)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => norm2(x) },
    { label: "‖T‖ (a×b×c)", x: (d) => gauss([d.a, d.b, d.c], d.seed), f: () => (x) => norm2(x) },
    { label: "‖X‖_F·X", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => hadamard(norm2(x), x) },
    {
      label: "‖AX‖_F",
      x: (d) => gauss([d.b, d.c], d.seed),
      f: (d) => (x) => norm2(matmul(gauss([d.a, d.b], d.seed + 1), x)),
    },
  ],
};

/**
 * The Euclidean norm sqrt Σxᵢ² of the entries of a tensor of any shape, as a 0-d tensor:
 * the 2-norm of a vector, the Frobenius norm of a matrix (not its spectral norm).
 * Computed with a scaling that avoids overflow and underflow (the norm of [3e200, 4e200]
 * is 5e200). Differentiable: the gradient is x/‖x‖; at x = 0, where the norm has a kink,
 * it is taken to be 0 (a subgradient).
 * @example
 * ```ts
 * import { tensor, norm2, grad } from "tensorcalc";
 * console.log(norm2(tensor([3, 4])).item(), norm2(tensor([[1, 1], [1, 1]])).item()); // 5 2
 * console.log(grad(norm2, tensor([3, 4])).toNested(), grad(norm2, tensor([0, 0])).toNested()); // [0.6, 0.8] [0, 0]
 * ```
 */
export function norm2(t: Tensor): Tensor {
  checkTensor(t, "norm2");
  return record(norm2Def, [t], new Tensor(new Float64Array([euclidean(t.data)]), []));
}

/**
 * The Frobenius norm ‖X‖_F = sqrt Σ X_ij² (of a tensor of any shape): the same function
 * as {@link norm2}, under its matrix name. Differentiable (gradient X/‖X‖_F, 0 at X = 0).
 * @example
 * ```ts
 * import { tensor, frobenius } from "tensorcalc";
 * console.log(frobenius(tensor([[1, 2], [2, 4]])).item()); // 5
 * ```
 */
export function frobenius(X: Tensor): Tensor {
  checkTensor(X, "frobenius");
  return norm2(X);
}
