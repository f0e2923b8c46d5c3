/**
 * Determinant and log-determinant.
 * @packageDocumentation
 */
import { SingularMatrixError } from "../core/errors";
import { Tensor } from "../core/tensor";
import { ones, zeros } from "../create/constant";
import { inverse, luFactor } from "../kernels/lu";
import { transposeInto } from "../kernels/transpose";
import { functional } from "../trace/batch";
import { record, type OpDef } from "../ops/def";
import { wellConditioned } from "../ops/cases";
import { add } from "../ops/arith/add";
import { hadamard } from "../ops/arith/hadamard";
import { neg, scale } from "../ops/arith/scale";
import { transpose } from "../ops/shape/transpose";
import { matmul } from "../ops/products/matmul";
import { E } from "../special/delta";
import { checkFinite, checkSquare } from "./square";
import { inv } from "./inv";

/** A⁻ᵀ of the n×n row-major `a`, on raw data (SingularMatrixError naming `where` when singular). */
function inverseTransposed(a: Float64Array, n: number, where: string): Float64Array {
  const out = new Float64Array(n * n);
  transposeInto(inverse(a, n, where), n, n, out);
  return out;
}

/** The rows-of-the-identity matrix that deletes row `k` of an n-row matrix ((n−1)×n). */
function deleter(n: number, k: number): Tensor {
  const d = new Float64Array((n - 1) * n);
  for (let r = 0; r < n - 1; r++) d[r * n + (r < k ? r : r + 1)] = 1;
  return new Tensor(d, [n - 1, n]);
}

/**
 * The cofactor matrix of a square A (the gradient of det A, also where A is
 * singular and det(A)·A⁻ᵀ is undefined), from determinants of minors, built
 * with differentiable ops. O(n⁵): used only for singular matrices.
 */
function cofactorMatrix(A: Tensor): Tensor {
  const n = A.shape[0];
  if (n === 1) return ones([1, 1]);
  let C = zeros([n, n]);
  for (let k = 0; k < n; k++) {
    const rows = matmul(deleter(n, k), A);
    for (let l = 0; l < n; l++) {
      const minor = det(matmul(rows, transpose(deleter(n, l))));
      C = add(C, scale(E(k, l, n, n), (k + l) % 2 === 0 ? minor : neg(minor)));
    }
  }
  return C;
}

/**
 * The adjugate adj(A) of a square matrix: the transposed cofactor matrix, with adj(A)·A =
 * A·adj(A) = det(A)·I. It is det(A)·A⁻¹ for an invertible A and is defined for a singular one
 * too (then from the determinants of the minors): the gradient of det is adj(A)ᵀ everywhere.
 * Differentiable (through det and inv, or through the minors where A is singular).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @example
 * ```ts
 * import { tensor, adjugate } from "tensorcalc";
 * console.log(Array.from(adjugate(tensor([[1, 2], [2, 4]])).data)); // [ 4, -2, -2, 1 ] (singular: det = 0)
 * ```
 */
export function adjugate(A: Tensor): Tensor {
  const n = checkSquare(A, "adjugate");
  checkFinite(A, n, "adjugate");
  try {
    return scale(inv(A), det(A));
  } catch (e) {
    if (!(e instanceof SingularMatrixError)) throw e;
    return transpose(cofactorMatrix(A));
  }
}

/** @internal */
export const detDef: OpDef = {
  name: "det",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const A = ctx.inputs[0];
    const d = ctx.output.data[0];
    // d det A = det(A) tr(A⁻¹ dA) = Σ_kl det(A) (A⁻ᵀ)_kl dA_kl
    let g: Float64Array;
    try {
      g = inverseTransposed(A.data, A.shape[0], "det");
      for (let i = 0; i < g.length; i++) g[i] *= d;
    } catch (e) {
      if (!(e instanceof SingularMatrixError)) throw e;
      // Singular A: the gradient is the cofactor matrix.
      g = cofactorMatrix(A).data;
    }
    return functional(t, g);
  },
  vjp: (ctx, C) => {
    const A = ctx.inputs[0];
    try {
      return [scale(transpose(inv(A)), hadamard(C, ctx.output))];
    } catch (e) {
      if (!(e instanceof SingularMatrixError)) throw e;
      return [scale(cofactorMatrix(A), C)];
    }
  },
  cases: [{ label: "det", x: (d) => wellConditioned(d.a, d.seed), f: () => (x) => det(x) }],
};

/** @internal */
export const logdetDef: OpDef = {
  name: "logdet",
  jvp: (ctx, [t]) =>
    t === null ? null : functional(t, inverseTransposed(ctx.inputs[0].data, ctx.inputs[0].shape[0], "logdet")),
  vjp: (ctx, C) => [scale(transpose(inv(ctx.inputs[0])), C)],
  cases: [{ label: "ln|det|", x: (d) => wellConditioned(d.a, d.seed), f: () => (x) => logdet(x) }],
};

/**
 * The determinant of a square matrix, as a 0-d tensor (product of the LU pivots
 * times the permutation's sign; 0 for a singular matrix, 1 for 0×0). Differentiable
 * (∂det A/∂A = det(A) A⁻ᵀ).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @throws {@link IndexError} naming the entry when A has a NaN or an infinite entry.
 * @example
 * ```ts
 * import { tensor, det } from "tensorcalc";
 * console.log(det(tensor([[2, 1], [1, 3]])).item()); // 5
 * ```
 */
export function det(A: Tensor): Tensor {
  const n = checkSquare(A, "det");
  checkFinite(A, n, "det");
  const f = luFactor(A.data, n);
  let d = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu[i * n + i];
  if (d === 0) d = 0; // no −0
  return record(detDef, [A], new Tensor(new Float64Array([d]), []));
}

/**
 * log|det A| of a square matrix, as a 0-d tensor, computed as Σ log|pivot| (no
 * overflow for large matrices; −Infinity for a singular matrix). Differentiable
 * (∂ log|det A|/∂A = A⁻ᵀ).
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @throws {@link IndexError} naming the entry when A has a NaN or an infinite entry.
 * @example
 * ```ts
 * import { tensor, logdet } from "tensorcalc";
 * console.log(logdet(tensor([[2, 0], [0, 3]])).item()); // 1.791759469228055 = log 6
 * ```
 */
export function logdet(A: Tensor): Tensor {
  const n = checkSquare(A, "logdet");
  checkFinite(A, n, "logdet");
  const f = luFactor(A.data, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.abs(f.lu[i * n + i]));
  return record(logdetDef, [A], new Tensor(new Float64Array([s]), []));
}
