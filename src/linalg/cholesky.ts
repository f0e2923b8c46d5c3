/**
 * Cholesky factorisation of symmetric positive definite matrices, and the solves through it.
 * @packageDocumentation
 */
import { NotPositiveDefiniteError } from "../core/errors";
import { checkAllocation } from "../core/shape";
import { Tensor } from "../core/tensor";
import { choleskyFactor, type Cholesky } from "../kernels/cholesky";
import { transposed } from "../kernels/gemm";
import { trsmLeft } from "../kernels/trsm";
import { transposeInto } from "../kernels/transpose";
import { combine, gather, mulLeft, mulRight, scaleCols, type Batch } from "../trace/batch";
import { record, type OpDef } from "../ops/def";
import { wellConditioned } from "../ops/cases";
import { add } from "../ops/arith/add";
import { hadamard } from "../ops/arith/hadamard";
import { scale } from "../ops/arith/scale";
import { transpose, transposeMap } from "../ops/shape/transpose";
import { matmul } from "../ops/products/matmul";
import { checkFinite, checkSquare } from "./square";
import { inv } from "./inv";

/** @internal Factor (A + Aᵀ)/2 = UᵀU, or throw {@link NotPositiveDefiniteError} naming `where`. */
export function choleskyOrThrow(a: Float64Array, n: number, where: string): Cholesky {
  const f = choleskyFactor(a, n);
  if (f.failedColumn < 0) return f;
  const k = f.failedColumn;
  const p = f.failedPivot;
  const why =
    p > 0
      ? `its pivot ${p.toPrecision(3)} is at or below the threshold n·ε·‖A‖_F = ${f.threshold.toPrecision(3)} (singular to working precision)`
      : `its pivot is ${p === 0 ? "0" : p.toPrecision(3)} (a positive definite matrix has positive pivots)`;
  throw new NotPositiveDefiniteError(
    `${where}: the ${n}×${n} matrix is not positive definite: the factorisation stopped at column ${k} (0-based): ${why}` +
      (k === 0 ? "" : `; the leading ${k + 1}×${k + 1} block is not positive definite`),
  );
}

/** L⁻¹ = U⁻ᵀ (lower triangular), from the identity by one triangular solve. */
function lowerInverse(f: Cholesky): Float64Array {
  const { n, u } = f;
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  trsmLeft({ T: transposed({ data: u, offset: 0, rs: n, cs: 1 }), lower: true, unit: false }, n, x, 0, n, n, true);
  return x;
}

/** The mask of Φ: 1 below the diagonal, ½ on it, 0 above (Φ(M) = the lower triangle of M with its diagonal halved). */
function phiMask(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) m[i * n + j] = 1;
    m[i * n + i] = 0.5;
  }
  return m;
}

/** The tangents (dA + dAᵀ)/2 of the symmetric part. */
function symmetricPart(t: Batch, n: number): Batch {
  const { src, inv: back } = transposeMap(n, n);
  return combine(t, gather(t, src, back), 0.5, 0.5) as Batch;
}

/** @internal (G + Gᵀ)/2 with differentiable ops. */
export const sym = (G: Tensor): Tensor => scale(add(G, transpose(G)), 0.5);

/** @internal */
export const choleskyDef: OpDef = {
  name: "cholesky",
  jvp: (ctx, [t]) => {
    if (t === null) return null;
    const L = ctx.output.data;
    const n = ctx.output.shape[0];
    const f = choleskyFactor(ctx.inputs[0].data, n);
    const Li = lowerInverse(f);
    const LiT = new Float64Array(n * n);
    transposeInto(Li, n, n, LiT);
    // dL = L Φ(L⁻¹ dS L⁻ᵀ), dS = (dA + dAᵀ)/2
    const M = mulRight(mulLeft(Li, symmetricPart(t, n), n, n, n), LiT, n, n, n);
    return mulLeft(L, scaleCols(M, phiMask(n)), n, n, n);
  },
  vjp: (ctx, C) => {
    const L = ctx.output;
    const n = L.shape[0];
    // Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)
    const Li = inv(L);
    const P = hadamard(matmul(transpose(L), C), new Tensor(phiMask(n), [n, n]));
    return [sym(matmul(matmul(transpose(Li), P), Li))];
  },
  cases: [{ label: "cholesky(X)", x: (d) => spdMatrix(d.a, d.seed), f: () => (x) => cholesky(x) }],
};

/** @internal A well-conditioned SPD matrix for the registry tests: W Wᵀ + I with W = I + 0.3·N(0, 1). */
export function spdMatrix(n: number, seed: number): Tensor {
  const W = wellConditioned(n, seed);
  const S = matmul(W, transpose(W));
  for (let i = 0; i < n; i++) S.data[i * n + i] += 1;
  return new Tensor(S.data, [n, n]);
}

/**
 * The Cholesky factor L of a symmetric positive definite matrix: the lower triangular matrix with a
 * positive diagonal such that L Lᵀ = A. Only the symmetric part (A + Aᵀ)/2 is read (as JAX does),
 * so a matrix symmetric up to rounding (say XᵀX computed in another order) is accepted, and the
 * derivative is that of a function of every entry: dL = L Φ(L⁻¹ dS L⁻ᵀ) with dS = (dA + dAᵀ)/2 and Φ
 * the lower triangle with its diagonal halved. Blocked (n³/3 multiply-adds, nearly all on the gemm
 * kernel: half those of LU). Differentiable.
 *
 * @throws {@link ShapeError} naming the shape when A is not square.
 * @throws {@link IndexError} naming the entry when A has a NaN or an infinite entry.
 * @throws {@link NotPositiveDefiniteError} naming the column where the factorisation stopped and its
 * pivot, when (A + Aᵀ)/2 is not positive definite or its pivot is at or below LU's singularity
 * threshold n·ε·‖A‖_F.
 * @example
 * ```ts
 * import { tensor, cholesky, matmul, transpose } from "tensorcalc";
 * const L = cholesky(tensor([[4, 2], [2, 5]]));
 * console.log(L.toNested()); // [[2, 0], [1, 2]]
 * console.log(matmul(L, transpose(L)).toNested()); // [[4, 2], [2, 5]]
 * ```
 */
export function cholesky(A: Tensor): Tensor {
  const n = checkSquare(A, "cholesky");
  checkFinite(A, n, "cholesky");
  checkAllocation([n, n], "cholesky");
  const f = choleskyOrThrow(A.data, n, "cholesky");
  const L = new Float64Array(n * n);
  transposeInto(f.u, n, n, L);
  return record(choleskyDef, [A], new Tensor(L, [n, n]));
}
