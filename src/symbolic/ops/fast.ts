/**
 * The fast evaluations of sums and products for the evaluator of derivative operators
 * (`symbolic/fastEval.ts`), used by the definitions of `add`, `sub` and `mul`:
 *
 * - a product with a diagonal matrix of a vector, `A diag(s)` or `diag(s) B` (also `diag(a) − diag(b)`),
 *   scales columns or rows and never forms the n×n diagonal matrix;
 * - `P + Pᵀ` is one tiled pass over P;
 * - `Xᵀ diag(s) X` and `XᵀX` are computed as symmetric products (the upper triangle by
 *   `gemmUpper`, s applied while X is packed, then mirrored);
 * - `L ± P·Q` is one gemm into a copy of L, and a transposed factor of a two-factor product is
 *   read through its strides, never copied;
 * - numbers in a product scale the product of the other factors once;
 * - an inverse in a product is applied by triangular solves (see `symbolic/implicitChain.ts`);
 * - a sum or difference of two products that differ in one factor is one product,
 *   `A F B − A G B = A (F − G) B` (so `Xᵀdiag(a)X − Xᵀdiag(b)X` is one scaled product);
 * - a chain with a direction factor multiplies each run of fixed factors first (and keeps it).
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { Tensor } from "../../core/tensor";
import { allocate } from "../../core/shape";
import { gemm, gemmUpper, transposed } from "../../kernels/gemm";
import { addTransposeInto, mirrorUpper } from "../../kernels/transpose";
import { addE, type BinaryExpr, diagE, type Expr, exprKey, subE } from "../expr";
import type { FastScope, MatFactor } from "../opdef";

/** The factors of a chain of products, left to right. */
function flatMul(e: Expr, out: Expr[] = []): Expr[] {
  if (e.op === "mul") {
    flatMul(e.args[0], out);
    flatMul(e.args[1], out);
  } else out.push(e);
  return out;
}

const chainOf = (fs: readonly Expr[]): Expr =>
  fs.reduce((a, b) => ({ op: "mul", args: [a, b], start: -1, end: -1 }) as Expr);

/** `A F B ± A G B` → `A (F ± G) B` when the chains differ in exactly one factor (linearity). */
function fuse(e: Expr, s: FastScope): Expr {
  if (e.op !== "add" && e.op !== "sub") return e;
  const [l, r] = e.args.map((a) => fuse(a, s));
  const fl = flatMul(l);
  const fr = flatMul(r);
  if (fl.length >= 2 && fl.length === fr.length) {
    const differ = fl.map((f, n) => exprKey(f) !== exprKey(fr[n]));
    const count = differ.filter(Boolean).length;
    if (count === 1) {
      const at = differ.indexOf(true);
      const F = fl[at];
      const G = fr[at];
      // a 1×1 factor scales where the other is a matrix: 2·dB + D·dB is (2I + D)dB, not (2 + D)dB
      if (s.oneByOne(F) !== s.oneByOne(G)) return l === e.args[0] && r === e.args[1] ? e : { ...e, args: [l, r] };
      const comb = (a: Expr, b: Expr): Expr => (e.op === "add" ? addE(a, b) : subE(a, b));
      const vf = F.op === "diag" ? F.args[0] : undefined;
      const vg = G.op === "diag" ? G.args[0] : undefined;
      const mid = vf !== undefined && vg !== undefined ? diagE(comb(vf, vg)) : comb(F, G);
      const fs = [...fl];
      fs[at] = mid;
      return chainOf(fs);
    }
  }
  return l === e.args[0] && r === e.args[1] ? e : { ...e, args: [l, r] };
}

/** diag(s)·B (rows scaled) or A·diag(s) (columns scaled). */
function scaled(M: Tensor, s: Float64Array, side: "rows" | "cols"): Tensor {
  const [m, n] = M.shape;
  if ((side === "rows" ? m : n) !== s.length)
    throw new ShapeError(`diag of a vector of length ${s.length} does not fit a ${m}×${n} matrix`);
  const out = allocate([m, n], "diag product");
  const d = M.data;
  for (let i = 0; i < m; i++) {
    const o = i * n;
    if (side === "rows") {
      const si = s[i];
      for (let j = 0; j < n; j++) out[o + j] = si * d[o + j];
    } else for (let j = 0; j < n; j++) out[o + j] = s[j] * d[o + j];
  }
  return new Tensor(out, [m, n]);
}

/** M + Mᵀ for a square M (one blocked pass, exactly symmetric). */
function plusTranspose(M: Tensor): Tensor {
  const n = M.shape[0];
  const out = allocate([n, n], "P + Pᵀ");
  addTransposeInto(M.data, n, out);
  return new Tensor(out, [n, n]);
}

/** Xᵀ·diag(s)·X (or XᵀX) for an m×n X, a symmetric product: the upper triangle, mirrored (exactly symmetric); diag(s)X is never formed. */
function symmetricProduct(X: Tensor, s: Float64Array | undefined): Tensor {
  const [m, n] = X.shape;
  if (s !== undefined && s.length !== m)
    throw new ShapeError(`diag of a vector of length ${s.length} does not fit a ${m}×${n} matrix`);
  const H = allocate([n, n], "symmetric product");
  const view = { data: X.data, offset: 0, rs: n, cs: 1 };
  gemmUpper(n, m, transposed(view), view, H, 0, true, s);
  mirrorUpper(H, n);
  return new Tensor(H, [n, n]);
}

/** L ± P·Q (L m×n, P m×k, Q k×n; sign −1 subtracts): L copied once, the product added into it by one gemm. */
function multiplyAdd(L: Tensor | undefined, P: MatFactor, Q: MatFactor, sign: number): Tensor {
  const out = L === undefined ? allocate([P.rows, Q.cols], "matrix product") : Float64Array.from(L.data);
  gemm(P.rows, P.cols, Q.cols, P.view, Q.view, out, 0, sign, Q.cols, L === undefined);
  return new Tensor(out, [P.rows, Q.cols]);
}

/** P·Q for a product of exactly two matrix factors, on views (undefined when it is not one). */
function twoFactors(e: Expr, s: FastScope): [MatFactor, MatFactor] | undefined {
  if (e.op !== "mul") return undefined;
  const fs = flatMul(e);
  if (fs.length !== 2) return undefined;
  const P = s.factor(fs[0]);
  const Q = P === undefined ? undefined : s.factor(fs[1]);
  return P !== undefined && Q !== undefined && P.cols === Q.rows && P.cols > 1 ? [P, Q] : undefined;
}

/**
 * A product with numbers or known 1×1 factors among its factors (−2(T − UVᵀ)V): the other
 * factors' product, then scaled once (a pass over the result, not over the largest factor).
 */
function withoutScalars(fs: readonly Expr[], s: FastScope): { rest: Expr; scalars: Expr[] } | null {
  const scalars: Expr[] = [];
  const others: Expr[] = [];
  for (const f of fs) (s.knownScalar(f) ? scalars : others).push(f);
  if (scalars.length === 0 || others.length < 2) return null;
  return { rest: chainOf(others), scalars };
}

/**
 * A chain with a direction factor, with each run of fixed factors multiplied first (and kept):
 * 2·dU·(VᵀV) costs 2nr² once VᵀV is known, where (dU·Vᵀ)·V costs 2n²r. Undefined (use the
 * tree as it is) unless every product in the chain is an ordinary matrix product.
 */
function regrouped(fs: readonly Expr[], s: FastScope): Tensor | undefined {
  // every factor a matrix and every neighbour product an ordinary one (a 1×1 between two
  // columns, (Wᵀx)x, is a scalar multiple: regrouping x·x would not be a product at all)
  const vs = fs.map((f) => s.value(f));
  if (vs.some((m) => m.ndim !== 2)) return undefined;
  for (let i = 1; i < vs.length; i++) if (vs[i - 1].shape[1] !== vs[i].shape[0]) return undefined;
  const ms: Tensor[] = [];
  let run: Expr[] = [];
  const flush = (): void => {
    if (run.length > 0) ms.push(s.value(chainOf(run)));
    run = [];
  };
  fs.forEach((f, i) => {
    if (s.varies(f)) {
      flush();
      ms.push(vs[i]);
    } else run.push(f);
  });
  flush();
  if (ms.length === fs.length) return undefined; // no run of two fixed factors
  const times = (A: Tensor, B: Tensor): Tensor => s.times(A, B);
  if (ms.length === 3) {
    const [A, B, C] = ms;
    const left = A.shape[0] * A.shape[1] * B.shape[1] + A.shape[0] * B.shape[1] * C.shape[1];
    const right = B.shape[0] * B.shape[1] * C.shape[1] + A.shape[0] * A.shape[1] * C.shape[1];
    return left <= right ? times(times(A, B), C) : times(A, times(B, C));
  }
  return ms.reduce(times);
}

/** A sum or difference: fused when two products differ in one factor, L ± P·Q by one gemm. */
export function sumFast(x: BinaryExpr<"add" | "sub">, s: FastScope): Tensor | undefined {
  const f = s.memo("fused", x, () => fuse(x, s));
  if (f !== x) return s.value(f);
  // L − P·Q and L + P·Q: one gemm into a copy of L
  const pq = twoFactors(x.args[1], s);
  if (pq !== undefined) {
    const L = s.value(x.args[0]);
    if (L.ndim === 2 && L.shape[0] === pq[0].rows && L.shape[1] === pq[1].cols)
      return multiplyAdd(L, pq[0], pq[1], x.op === "sub" ? -1 : 1);
  }
  return undefined;
}

/** P + Pᵀ (the Hessian of xᵀAx): one pass, no transposed copy. */
export function plusTransposeFast(x: BinaryExpr<"add">, s: FastScope): Tensor | undefined {
  const [a, b] = x.args;
  const P =
    b.op === "T" && exprKey(b.args[0]) === exprKey(a)
      ? a
      : a.op === "T" && exprKey(a.args[0]) === exprKey(b)
        ? b
        : undefined;
  if (P === undefined) return undefined;
  const M = s.value(P);
  return M.ndim === 2 && M.shape[0] === M.shape[1] ? plusTranspose(M) : undefined;
}

/** A product: scalars taken out, symmetric products, solves for inverses, regrouping, diagonal scalings, strided views. */
export function productFast(x: BinaryExpr<"mul">, s: FastScope): Tensor | undefined {
  const fs = flatMul(x);
  const u = s.memo("unscaled", x, () => (fs.length >= 3 ? withoutScalars(fs, s) : null));
  if (u !== null) {
    const R = s.value(u.rest);
    const c = u.scalars.reduce((p, f) => p * s.value(f).data[0], 1);
    const out = allocate(R.shape, "scaled product");
    const d = R.data;
    for (let i = 0; i < d.length; i++) out[i] = c * d[i];
    return new Tensor(out, R.shape);
  }
  // Xᵀ diag(s) X and Xᵀ X: symmetric products
  const first = fs[0];
  if ((fs.length === 3 || fs.length === 2) && first.op === "T") {
    const last = fs[fs.length - 1];
    if (exprKey(first.args[0]) === exprKey(last)) {
      const X = s.value(last);
      const d = fs.length === 3 ? s.diagonal(fs[1]) : undefined;
      if (X.ndim === 2 && X.shape[0] > 1 && X.shape[1] > 1 && (fs.length === 2 || d !== undefined))
        return symmetricProduct(X, d);
    }
  }
  // inverses applied by solves, never formed (−X⁻¹ dX X⁻¹: one LU, two triangular solves)
  const solved = s.implicitChain(fs);
  if (solved !== undefined) return solved;
  if (s.varies(x) && fs.length >= 3) {
    const r = regrouped(fs, s);
    if (r !== undefined) return r;
  }
  const [a, b] = x.args;
  const sa = s.diagonal(a);
  if (sa !== undefined) {
    const B = s.value(b);
    if (B.ndim === 2 && B.shape[0] === sa.length) return scaled(B, sa, "rows");
  }
  const sb = s.diagonal(b);
  if (sb !== undefined) {
    const A = s.value(a);
    if (A.ndim === 2 && A.shape[1] === sb.length) return scaled(A, sb, "cols");
  }
  // P·Q with transposes read through strides, never copied
  const pq = fs.length === 2 && (fs[0].op === "T" || fs[1].op === "T") ? twoFactors(x, s) : undefined;
  return pq === undefined ? undefined : multiplyAdd(undefined, pq[0], pq[1], 1);
}
