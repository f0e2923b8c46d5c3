/**
 * Linear systems A X = B.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { checkAllocation, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkTensor } from "../core/validate";
import { inverse, luFactor, luSolveInto, requireNonsingular } from "../kernels/lu";
import { combine, mulLeft, mulRight } from "../trace/batch";
import { record, type OpDef } from "../ops/def";
import { gauss, wellConditioned } from "../ops/cases";
import { neg } from "../ops/arith/scale";
import { transpose } from "../ops/shape/transpose";
import { matmul } from "../ops/products/matmul";
import { outer } from "../ops/products/outer";
import { checkFinite, checkSquare } from "./square";
import { choleskySolveInto } from "../kernels/cholesky";
import { choleskyOrThrow, spdMatrix, sym } from "./cholesky";
import { transposeMap } from "../ops/shape/transpose";
import { gather } from "../trace/batch";

/** What {@link solve} may assume about A. */
export interface SolveOptions {
  /**
   * `"spd"`: A is symmetric positive definite; its symmetric part (A + Aᵀ)/2 is factored by
   * Cholesky (half the flops of LU, no row interchanges). `"general"` (the default): LU with
   * partial pivoting.
   */
  readonly assume?: "general" | "spd";
}

/** @internal */
export const solveDef: OpDef = {
  name: "solve",
  jvp: (ctx, [ta, tb]) => {
    const [A, B] = ctx.inputs;
    const n = A.shape[0];
    const p = B.ndim === 2 ? B.shape[1] : 1;
    const Ainv = inverse(A.data, n, "solve");
    const X = ctx.output.data;
    // X = A⁻¹B: dX = A⁻¹ dB − A⁻¹ dA X
    const fromB = tb === null ? null : mulLeft(Ainv, tb, n, n, p);
    const fromA = ta === null ? null : mulLeft(Ainv, mulRight(ta, X, n, n, p), n, n, p);
    return combine(fromB, fromA, 1, -1);
  },
  vjp: (ctx, C) => {
    const [A] = ctx.inputs;
    const X = ctx.output;
    const dB = solve(transpose(A), C);
    const dA = X.ndim === 2 ? neg(matmul(dB, transpose(X))) : neg(outer(dB, X));
    return [dA, dB];
  },
  cases: [
    {
      label: "solve(X, B)",
      x: (d) => wellConditioned(d.a, d.seed),
      f: (d) => (x) => solve(x, gauss([d.a, d.b], d.seed + 1)),
    },
    {
      label: "solve(X, b)",
      x: (d) => wellConditioned(d.a, d.seed),
      f: (d) => (x) => solve(x, gauss([d.a], d.seed + 1)),
    },
    {
      label: "solve(A, X)",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => solve(wellConditioned(d.a, d.seed + 1), x),
    },
  ],
};

/** @internal solve with `assume: "spd"`: X = S⁻¹B for the symmetric part S = (A + Aᵀ)/2. */
export const solveSpdDef: OpDef = {
  name: "solve (assume: spd)",
  jvp: (ctx, [ta, tb]) => {
    const [A] = ctx.inputs;
    const n = A.shape[0];
    const p = ctx.output.ndim === 2 ? ctx.output.shape[1] : 1;
    const f = choleskyOrThrow(A.data, n, "solve");
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    const Sinv = choleskySolveInto(f, eye, n);
    // dX = S⁻¹ (dB − dS X), dS = (dA + dAᵀ)/2
    const fromB = tb === null ? null : mulLeft(Sinv, tb, n, n, p);
    let fromA = null;
    if (ta !== null) {
      const { src, inv: back } = transposeMap(n, n);
      const dS = combine(ta, gather(ta, src, back), 0.5, 0.5);
      fromA = dS === null ? null : mulLeft(Sinv, mulRight(dS, ctx.output.data, n, n, p), n, n, p);
    }
    return combine(fromB, fromA, 1, -1);
  },
  vjp: (ctx, C) => {
    const [A] = ctx.inputs;
    const X = ctx.output;
    const dB = solve(A, C, { assume: "spd" });
    const G = X.ndim === 2 ? matmul(dB, transpose(X)) : outer(dB, X);
    return [neg(sym(G)), dB];
  },
  cases: [
    {
      label: "solve(X, B, spd)",
      x: (d) => spdMatrix(d.a, d.seed),
      f: (d) => (x) => solve(x, gauss([d.a, d.b], d.seed + 1), { assume: "spd" }),
    },
    {
      label: "solve(A, x, spd)",
      x: (d) => gauss([d.a], d.seed),
      f: (d) => (x) => solve(spdMatrix(d.a, d.seed + 1), x, { assume: "spd" }),
    },
  ],
};

/**
 * The solution X of A X = B for a square nonsingular A (n×n) and B a vector
 * (shape [n], result [n]) or a matrix (n×k, result n×k), by LU with partial
 * pivoting. Prefer it to `matmul(inv(A), B)`: cheaper and more accurate. With
 * `{ assume: "spd" }` A is taken as symmetric positive definite and factored by Cholesky
 * (its symmetric part (A + Aᵀ)/2, as {@link cholesky} reads it): half the flops. Differentiable.
 *
 * @throws {@link ShapeError} when A is not square or B's rows do not match A (names both shapes).
 * @throws {@link IndexError} naming the entry when A has a NaN or an infinite entry.
 * @throws {@link SingularMatrixError} naming the size and the pivot column when A is singular
 * (a pivot ≤ n·ε·‖A‖_F).
 * @throws {@link NotPositiveDefiniteError} with `assume: "spd"` when (A + Aᵀ)/2 is not positive definite.
 * @example
 * ```ts
 * import { tensor, solve } from "tensorcalc";
 * const A = tensor([[2, 0], [0, 4]]);
 * console.log(solve(A, tensor([2, 4])).toNested()); // [1, 1]
 * console.log(solve(A, tensor([[2, 4, 6], [4, 8, 12]])).toNested()); // [[1, 2, 3], [1, 2, 3]]
 * const S = tensor([[4, 2], [2, 5]]); // symmetric positive definite
 * console.log(solve(S, tensor([6, 7]), { assume: "spd" }).toNested()); // [1, 1]
 * ```
 */
export function solve(A: Tensor, B: Tensor, options: SolveOptions = {}): Tensor {
  const n = checkSquare(A, "solve");
  checkTensor(B, "solve (B)");
  if ((B.ndim !== 1 && B.ndim !== 2) || B.shape[0] !== n) {
    throw new ShapeError(
      `solve: A has shape ${formatShape(A.shape)}, so B must be a vector of shape [${n}] or a matrix with ${n} rows, got shape ${formatShape(B.shape)}`,
    );
  }
  checkFinite(A, n, "solve");
  checkAllocation(B.shape, "solve");
  const k = B.ndim === 1 ? 1 : B.shape[1];
  const assume = options.assume ?? "general";
  if (assume === "spd") {
    const c = choleskyOrThrow(A.data, n, "solve");
    return record(solveSpdDef, [A, B], new Tensor(choleskySolveInto(c, B.data, k), B.shape));
  }
  if (assume !== "general")
    throw new RangeError(`solve: options.assume must be "general" or "spd", got ${JSON.stringify(assume)}`);
  const f = luFactor(A.data, n);
  requireNonsingular(f, "solve");
  return record(solveDef, [A, B], new Tensor(luSolveInto(f, B.data, k), B.shape));
}
