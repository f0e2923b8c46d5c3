/**
 * Matrix product.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { allocate, formatShape, sizeOf } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkOperands } from "../../core/validate";
import { gemm, rowMajor } from "../../kernels/gemm";
import { combine, mulLeft, mulRight } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { reshape } from "../shape/reshape";
import { transpose } from "../shape/transpose";

/** (m, k, n) such that A·B is the (m×k)·(k×n) product of the flattened operands. */
function matmulDims(A: Tensor, B: Tensor): [number, number, number] {
  const [m, k] = A.ndim === 2 ? [A.shape[0], A.shape[1]] : [1, A.shape[0]];
  return [m, k, B.ndim === 2 ? B.shape[1] : 1];
}

/** @internal */
export const matmulDef: OpDef = {
  name: "matmul",
  jvp: (ctx, [ta, tb]) => {
    const [A, B] = ctx.inputs;
    const [m, k, n] = matmulDims(A, B);
    const left = ta === null ? null : mulRight(ta, B.data, m, k, n);
    const right = tb === null ? null : mulLeft(A.data, tb, m, k, n);
    return combine(left, right);
  },
  vjp: (ctx, C) => {
    const [A, B] = ctx.inputs;
    const [m, k, n] = matmulDims(A, B);
    const A2 = reshape(A, [m, k]);
    const B2 = reshape(B, [k, n]);
    const C2 = reshape(C, [m, n]);
    return [reshape(matmul(C2, transpose(B2)), A.shape), reshape(matmul(transpose(A2), C2), B.shape)];
  },
  cases: [
    { label: "XC", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => matmul(x, gauss([d.b, d.c], d.seed + 1)) },
    { label: "CX", x: (d) => gauss([d.b, d.c], d.seed), f: (d) => (x) => matmul(gauss([d.a, d.b], d.seed + 1), x) },
    { label: "XᵀX", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => matmul(transpose(x), x) },
    { label: "Xv", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => matmul(x, gauss([d.b], d.seed + 1)) },
    {
      label: "vX (v traced)",
      x: (d) => gauss([d.a], d.seed),
      f: (d) => (x) => matmul(x, gauss([d.a, d.b], d.seed + 1)),
    },
  ],
};

/**
 * @internal The contraction of the last `axes` axes of S with the first `axes` of T
 * (sizes already checked), as one matrix product of the reshaped operands:
 * `dot` is axes = 1, `ddot` axes = 2, `outer` axes = 0.
 */
export function contract(S: Tensor, T: Tensor, axes: number): Tensor {
  const lead = S.shape.slice(0, S.ndim - axes);
  const trail = T.shape.slice(axes);
  const m = sizeOf(lead);
  const k = sizeOf(T.shape.slice(0, axes));
  const n = sizeOf(trail);
  return reshape(matmul(reshape(S, [m, k]), reshape(T, [k, n])), [...lead, ...trail]);
}

/**
 * The matrix product `A·B`.
 *
 * - matrix·matrix: A m×k, B k×n → m×n;
 * - matrix·vector: A m×k, B of shape [k] → shape [m];
 * - vector·matrix: A of shape [k], B k×n → shape [n].
 *
 * Two vectors are not accepted (use {@link dot} for their inner product, {@link outer}
 * for the outer product). Runs on a register-blocked kernel (about 4–5 GFLOP/s in V8
 * at 512×512). Differentiable.
 *
 * @throws {@link ShapeError} when an operand is not a matrix or vector, or the inner
 * dimensions differ (the message names both shapes and both inner dimensions).
 * @example
 * ```ts
 * import { tensor, matmul } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]); // 2×3
 * const B = tensor([[1, 0], [0, 1], [1, 1]]); // 3×2
 * console.log(matmul(A, B).toNested()); // [[4, 5], [10, 11]]
 * console.log(matmul(A, tensor([1, 1, 1])).toNested()); // [6, 15]
 * ```
 */
export function matmul(A: Tensor, B: Tensor): Tensor {
  checkOperands("matmul", A, B);
  const where = "matmul";
  if (A.ndim < 1 || A.ndim > 2 || B.ndim < 1 || B.ndim > 2 || (A.ndim === 1 && B.ndim === 1)) {
    throw new ShapeError(
      `${where}: expected matrix·matrix, matrix·vector or vector·matrix, got shapes ${formatShape(A.shape)} and ${formatShape(B.shape)}` +
        (A.ndim === 1 && B.ndim === 1
          ? "; use dot(u, v) for the inner product of two vectors or outer(u, v) for the outer product"
          : "") +
        (A.ndim > 2 || B.ndim > 2 ? "; use dot(S, T) or einsum for higher-order tensors" : ""),
    );
  }
  const m = A.ndim === 2 ? A.shape[0] : 1;
  const k = A.shape[A.ndim - 1];
  const kb = B.shape[0];
  const n = B.ndim === 2 ? B.shape[1] : 1;
  if (k !== kb) {
    throw new ShapeError(
      `${where}: inner dimensions differ: A has shape ${formatShape(A.shape)} (${k} column${k === 1 ? "" : "s"}) ` +
        `but B has shape ${formatShape(B.shape)} (${kb} row${kb === 1 ? "" : "s"}); A·B needs columns of A = rows of B`,
    );
  }
  const outShape = A.ndim === 1 ? [n] : B.ndim === 1 ? [m] : [m, n];
  const out = allocate(outShape, where);
  gemm(m, k, n, rowMajor(A.data, 0, k), rowMajor(B.data, 0, n), out, 0, 1, n, true);
  return record(matmulDef, [A, B], new Tensor(out, outShape));
}
