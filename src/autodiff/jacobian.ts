/**
 * Exact Jacobians by automatic differentiation.
 * @packageDocumentation
 */
import { allocate, sizeOf } from "../core/shape";
import { Tensor } from "../core/tensor";
import { identityBatch, type Batch } from "../trace/batch";
import { checkFunction, checkInputs } from "./checks";
import { forwardPass } from "./forward";
import { recordCall, reverseJacobian } from "./reverse";
import { anyTapeActive, withTape } from "../trace/record";

/**
 * A function of one tensor, built from tensorcalc's differentiable ops.
 * @example
 * ```ts
 * import { matmul, transpose, tensor, type TensorFunction } from "tensorcalc";
 * const f: TensorFunction = (X) => matmul(transpose(X), X);
 * console.log(f(tensor([[1, 2]])).toNested()); // [[1, 2], [2, 4]]
 * ```
 */
export type TensorFunction = (X: Tensor) => Tensor;
/**
 * A function of several tensors (for `jacobian(f, [A, B])`).
 * @example
 * ```ts
 * import { matmul, transpose, tensor, type TensorFunctionN } from "tensorcalc";
 * const f: TensorFunctionN = (A, B) => matmul(transpose(A), B);
 * console.log(f(tensor([[1], [2]]), tensor([[3], [4]])).toNested()); // [[11]]
 * ```
 */
export type TensorFunctionN = (...args: Tensor[]) => Tensor;

/**
 * The exact Jacobian of `f` at `X`, in numerator layout:
 * `J.get(i, j, k, l) = ∂Y[i, j]/∂X[k, l]` with `Y = f(X)`, so `J.shape` is
 * `[...Y.shape, ...X.shape]` (a 0-d `Y` gives `J` with `X`'s shape). With a
 * list of inputs, `jacobian(f, [A, B])` returns one Jacobian per input.
 *
 * `f` must build its result from tensorcalc's differentiable ops
 * (`matmul`, `transpose`, `einsum`, `inv`, `exp`, …) applied to its argument(s).
 *
 * **Mode.** The number of passes decides: reverse mode needs one
 * vector–Jacobian product per entry of `Y` (a gradient needs a single pass),
 * forward mode one tangent per entry of `X`. Forward tangents are propagated
 * as one batch, which makes each direction several times cheaper than a
 * reverse pass, so reverse mode is used when `Y` has at most a quarter as many
 * entries as `X` (scalar and small results). Forward mode pushes all `size(X)` basis directions through the
 * recorded ops at once as one batch of tangents, stored sparsely while they are
 * sparse (one-hot seeds stay sparse through transposes, reshapes and products
 * with constants), so the Jacobian of a bilinear map such as `AᵀB` costs about
 * as much as writing it out. Inside another differentiation (e.g. as part of a
 * `hessian`), reverse mode is always used so the result is itself differentiable.
 *
 * @throws {@link DifferentiationError} when `f` returns something other than a
 *   Tensor, uses an op without a derivative rule, or has a non-finite value or
 *   derivative (the message names the op and the entry).
 * @throws {@link AllocationError} before any derivative pass when the Jacobian
 *   would exceed the allocation limit (the message names the shapes of Y and X).
 * @example
 * ```ts
 * import { jacobian, randint, matmul, transpose, dot, alpha, equal } from "tensorcalc";
 * const A = randint([3, 2], { seed: 1 });
 * const B = randint([3, 4], { seed: 2 });
 * const J = jacobian((b) => matmul(transpose(A), b), B); // ∂(AᵀB)/∂B
 * console.log(J.shape); // [2, 4, 3, 4]
 * console.log(equal(J, dot(transpose(A), alpha(3, 4)))); // true: the seed's Aᵀα
 * console.log(J.get(1, 2, 0, 2) === A.get(0, 1)); // true: ∂Y₁₂/∂B₀₂ = A₀₁
 * ```
 */
export function jacobian(f: TensorFunction, X: Tensor): Tensor;
export function jacobian(f: TensorFunctionN, Xs: readonly Tensor[]): Tensor[];
export function jacobian(f: TensorFunctionN, X: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  const where = "jacobian";
  checkFunction(f, where);
  const listed = Array.isArray(X);
  const xs: readonly unknown[] = listed ? (X as readonly unknown[]) : [X];
  checkInputs(xs, where, listed);
  const js = jacobianN(f, xs, where);
  return listed ? js : js[0];
}

/**
 * Reverse mode is chosen when Y has at most 1/REVERSE_RATIO as many entries as
 * X: one reverse pass costs several times one direction of the batched forward pass.
 */
const REVERSE_RATIO = 4;

/** @internal Which passes {@link jacobianN} uses ("auto": by the sizes of X and Y). */
export type JacobianMode = "auto" | "forward" | "reverse";

/** @internal Jacobians of f with respect to each of `xs`. */
export function jacobianN(
  f: TensorFunctionN,
  xs: readonly Tensor[],
  where: string,
  mode: JacobianMode = "auto",
): Tensor[] {
  if (anyTapeActive() || mode === "reverse") return reverseJacobian(f, xs, where);
  return withTape((tape) => {
    const { y } = recordCall(tape, f, xs, where);
    return xs.map((x, i) => {
      if (mode === "auto" && REVERSE_RATIO * y.size <= x.size) return reverseJacobian(f, xs, where, i, { tape, y })[0];
      const T = forwardPass(tape, y, i, identityBatch(x.size), x.shape, where);
      return assemble(T, y.shape, x.shape);
    });
  });
}

/** The Jacobian tensor from the tangents of Y along every direction of X (rows = directions). */
function assemble(T: Batch | null, yShape: readonly number[], xShape: readonly number[]): Tensor {
  const shape = [...yShape, ...xShape];
  const nx = sizeOf(xShape);
  const ny = sizeOf(yShape);
  const J = allocate(shape, "jacobian");
  if (T !== null) {
    if (T.kind === "sparse") {
      // Bucket the entries by output position first (a counting sort over a compact array),
      // so that J is then written in address order instead of one page per entry.
      const { ptr, idx, val } = T;
      const start = new Int32Array(ny + 1);
      for (let e = 0; e < idx.length; e++) start[idx[e] + 1]++;
      for (let c = 0; c < ny; c++) start[c + 1] += start[c];
      const fill = start.slice(0, ny);
      const dir = new Int32Array(idx.length);
      const v = new Float64Array(idx.length);
      for (let r = 0; r < nx; r++) {
        for (let e = ptr[r]; e < ptr[r + 1]; e++) {
          const p = fill[idx[e]]++;
          dir[p] = r;
          v[p] = val[e];
        }
      }
      for (let c = 0; c < ny; c++) {
        const base = c * nx;
        for (let p = start[c]; p < start[c + 1]; p++) J[base + dir[p]] = v[p];
      }
    } else {
      const d = T.data;
      for (let r = 0; r < nx; r++) {
        const base = r * ny;
        for (let c = 0; c < ny; c++) J[c * nx + r] = d[base + c];
      }
    }
  }
  return new Tensor(J, shape);
}
