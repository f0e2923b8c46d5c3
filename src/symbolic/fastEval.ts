/**
 * Evaluation of derivative trees at scale, for {@link DerivativeOperator}: the same values as
 * {@link evaluatePadded}, but
 *
 * - a subtree that does not depend on the direction (dX, or the cotangent) is computed once per
 *   operator and kept (X⁻¹ in −X⁻¹ dX X⁻¹, the sigmoid in a logistic Hessian);
 * - a product with a diagonal matrix of a vector, `A diag(s)` or `diag(s) B` (also `diag(a) − diag(b)`),
 *   scales columns or rows and never forms the n×n diagonal matrix;
 * - `P + Pᵀ` is one tiled pass over P;
 * - `Xᵀ diag(s) X` and `XᵀX` are computed as symmetric products (the upper triangle by
 *   `gemmUpper`, s applied while X is packed, then mirrored);
 * - `L ± P·Q` is one gemm into a copy of L, and a transposed factor of a two-factor product is
 *   read through its strides, never copied;
 * - numbers in a product scale the product of the other factors once;
 * - an inverse in a product is applied by triangular solves with one LU, kept for the next call on
 *   the same values, never formed (symbolic/implicitChain.ts: −X⁻¹ dX X⁻¹ in about 4.7n³ flops, not 6n³);
 * - a sum or difference of two products that differ in one factor is one product,
 *   `A F B − A G B = A (F − G) B` (so `Xᵀdiag(a)X − Xᵀdiag(b)X` is one scaled product).
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { Tensor } from "../core/tensor";
import { allocate } from "../core/shape";
import { gemm, gemmUpper, transposed, type MatView } from "../kernels/gemm";
import { addTransposeInto, mirrorUpper } from "../kernels/transpose";
import { diagE, type Expr, type ExprOf, exprKey, subE, addE, negE } from "./expr";
import type { Values } from "./evaluate";
import { evalScope } from "./evaluate";
import type { SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import type { ShapeInfo } from "./shapes";
import { implicitChain, type ChainScope } from "./implicitChain";

/** An evaluator of trees for fixed values of the symbols; `varying` names the direction symbols. */
export interface TreeEvaluator {
  /** The padded value of `e` with the direction symbols set to `dir`. */
  (e: Expr, dir?: Values): Tensor;
}

/** The factors of a chain of products, left to right. */
function flatMul(e: Expr, out: Expr[] = []): Expr[] {
  if (e.op === "mul") {
    flatMul(e.args[0], out);
    flatMul(e.args[1], out);
  } else out.push(e);
  return out;
}

/** `A F B ± A G B` → `A (F ± G) B` when the chains differ in exactly one factor (linearity). */
function fuse(e: Expr, oneByOne: (e: Expr) => boolean): Expr {
  if (e.op !== "add" && e.op !== "sub") return e;
  const [l, r] = e.args.map((a) => fuse(a, oneByOne));
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
      if (oneByOne(F) !== oneByOne(G)) return l === e.args[0] && r === e.args[1] ? e : { ...e, args: [l, r] };
      const comb = (a: Expr, b: Expr): Expr => (e.op === "add" ? addE(a, b) : subE(a, b));
      const mid = F.op === "diag" && G.op === "diag" ? diagE(comb(F.args[0], G.args[0])) : comb(F, G);
      const fs = [...fl];
      fs[at] = mid;
      return fs.reduce((a, b) => ({ op: "mul", args: [a, b], start: -1, end: -1 }) as Expr);
    }
  }
  return l === e.args[0] && r === e.args[1] ? e : { ...e, args: [l, r] };
}

/**
 * The vector v of a node that is a diagonal matrix diag(v): `diag(v)` itself, or a sum,
 * difference or negation of such (`diag(a) − diag(b)` is diag(a − b)); undefined otherwise.
 */
function diagVector(node: Expr): Expr | undefined {
  if (node.op === "diag") return node.args[0];
  if (node.op === "neg") {
    const v = diagVector(node.args[0]);
    return v === undefined ? undefined : negE(v);
  }
  if (node.op === "add" || node.op === "sub") {
    const a = diagVector(node.args[0]);
    const b = a === undefined ? undefined : diagVector(node.args[1]);
    return a === undefined || b === undefined ? undefined : node.op === "add" ? addE(a, b) : subE(a, b);
  }
  return undefined;
}

/** The n×n diagonal matrix of a padded column v (n×1, n > 1), or undefined for another value. */
function asDiagVector(node: Expr, ev: (x: Expr) => Tensor): Float64Array | undefined {
  const e = diagVector(node);
  if (e === undefined) return undefined;
  const v = ev(e);
  return v.ndim === 2 && v.shape[1] === 1 && v.shape[0] > 1 ? v.data : undefined;
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

/** A matrix factor as a strided view: `Aᵀ` is A's storage with the strides swapped (no copy). */
interface Factor {
  view: MatView;
  rows: number;
  cols: number;
}

/** L ± P·Q (L m×n, P m×k, Q k×n; sign −1 subtracts): L copied once, the product added into it by one gemm. */
function multiplyAdd(L: Tensor | undefined, P: Factor, Q: Factor, sign: number): Tensor {
  const out = L === undefined ? allocate([P.rows, Q.cols], "matrix product") : Float64Array.from(L.data);
  gemm(P.rows, P.cols, Q.cols, P.view, Q.view, out, 0, sign, Q.cols, L === undefined);
  return new Tensor(out, [P.rows, Q.cols]);
}

/**
 * An evaluator for fixed `values`: direction symbols (named in `varying`) are given per call.
 * Subtrees without a direction symbol are cached by their key.
 */
export function treeEvaluator(
  values: Values,
  sizes: Readonly<Record<string, number>>,
  info: ShapeInfo | undefined,
  varying: readonly string[],
): TreeEvaluator {
  const cache = new Map<string, Tensor>();
  const fused = new WeakMap<Expr, Expr>();
  const depends = new WeakMap<Expr, boolean>();
  const isVarying = (e: Expr): boolean => {
    let r = depends.get(e);
    if (r === undefined) {
      r = (e.op === "sym" && varying.includes(e.name)) || e.args.some(isVarying);
      depends.set(e, r);
    }
    return r;
  };
  let dir: Values = {};
  const scope = evalScope((name) => (varying.includes(name) ? dir[name] : values[name]), sizes, info);
  const rec = (x: Expr): Tensor => {
    const fixed = !isVarying(x);
    const key = fixed ? exprKey(x) : "";
    if (fixed) {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
    }
    const v = node(x);
    if (fixed) cache.set(key, v);
    return v;
  };
  // a node's shape does not depend on the direction: a varying node is evaluated once for it
  const shapes = new WeakMap<Expr, readonly number[]>();
  const shapeOf = (e: Expr): readonly number[] => {
    let sh = shapes.get(e);
    if (sh === undefined) shapes.set(e, (sh = rec(e).shape));
    return sh;
  };
  /**
   * Whether a node is 1×1 (a number, a scalar op, or a value of one entry; a node's shape does
   * not depend on the direction, so the first call's value tells for every call).
   */
  const oneByOne = (e: Expr): boolean =>
    e.op === "num" || (opDef(e.op) as SymOpDef).traits.scalar === true || shapeOf(e).every((n) => n === 1);
  /** A factor of a product as a matrix view (a transpose without copying), or undefined for a 1×1, a diagonal or a non-matrix. */
  const factorOf = (e: Expr): Factor | undefined => {
    if (diagVector(e) !== undefined) return undefined;
    const inner = e.op === "T" ? e.args[0] : e;
    const M = rec(inner);
    if (M.ndim !== 2 || M.size === 1) return undefined;
    const [r, c] = M.shape;
    const view: MatView = { data: M.data, offset: 0, rs: c, cs: 1 };
    return e.op === "T" ? { view: transposed(view), rows: c, cols: r } : { view, rows: r, cols: c };
  };
  /** P·Q for a product of exactly two matrix factors, on views (undefined when it is not one). */
  const twoFactors = (e: Expr): [Factor, Factor] | undefined => {
    if (e.op !== "mul") return undefined;
    const fs = flatMul(e);
    if (fs.length !== 2) return undefined;
    const P = factorOf(fs[0]);
    const Q = P === undefined ? undefined : factorOf(fs[1]);
    return P !== undefined && Q !== undefined && P.cols === Q.rows && P.cols > 1 ? [P, Q] : undefined;
  };
  /**
   * A product with numbers or known 1×1 factors among its factors (−2(T − UVᵀ)V): the other
   * factors' product, then scaled once (a pass over the result, not over the largest factor).
   */
  const withoutScalars = (fs: readonly Expr[]): { rest: Expr; scalars: Expr[] } | null => {
    const scalars: Expr[] = [];
    const others: Expr[] = [];
    // a number, or a fixed factor already known to be 1×1 (nothing is evaluated to find out)
    const isScalar = (f: Expr): boolean => f.op === "num" || (!isVarying(f) && cache.get(exprKey(f))?.size === 1);
    for (const f of fs) (isScalar(f) ? scalars : others).push(f);
    if (scalars.length === 0 || others.length < 2) return null;
    return { rest: others.reduce((a, b) => ({ op: "mul", args: [a, b], start: -1, end: -1 }) as Expr), scalars };
  };
  const chainScope: ChainScope = {
    value: (e) => rec(e),
    isVarying,
    times: (A, B) =>
      (opDef("mul") as SymOpDef).evaluate([A, B], { op: "mul", args: [], start: -1, end: -1 } as never, scope),
    chain: (run) => run.reduce((a, b) => ({ op: "mul", args: [a, b], start: -1, end: -1 }) as Expr),
    shape: shapeOf,
  };
  const unscaled = new WeakMap<Expr, { rest: Expr; scalars: Expr[] } | null>();
  const node = (x: Expr): Tensor => {
    if (x.op === "add" || x.op === "sub") {
      let f = fused.get(x);
      if (f === undefined) fused.set(x, (f = fuse(x, oneByOne)));
      if (f !== x) return rec(f);
      // L − P·Q and L + P·Q: one gemm into a copy of L
      const pq = twoFactors(x.args[1]);
      if (pq !== undefined) {
        const L = rec(x.args[0]);
        if (L.ndim === 2 && L.shape[0] === pq[0].rows && L.shape[1] === pq[1].cols)
          return multiplyAdd(L, pq[0], pq[1], x.op === "sub" ? -1 : 1);
      }
    }
    if (x.op === "add") {
      // P + Pᵀ (the Hessian of xᵀAx): one pass, no transposed copy
      const [a, b] = x.args;
      const P =
        b.op === "T" && exprKey(b.args[0]) === exprKey(a)
          ? a
          : a.op === "T" && exprKey(a.args[0]) === exprKey(b)
            ? b
            : undefined;
      if (P !== undefined) {
        const M = rec(P);
        if (M.ndim === 2 && M.shape[0] === M.shape[1]) return plusTranspose(M);
      }
    }
    if (x.op === "mul") {
      const fs = flatMul(x);
      let u = unscaled.get(x);
      if (u === undefined) unscaled.set(x, (u = fs.length >= 3 ? withoutScalars(fs) : null));
      if (u !== null) {
        const R = rec(u.rest);
        const c = u.scalars.reduce((p, f) => p * rec(f).data[0], 1);
        const out = allocate(R.shape, "scaled product");
        const d = R.data;
        for (let i = 0; i < d.length; i++) out[i] = c * d[i];
        return new Tensor(out, R.shape);
      }
      // Xᵀ diag(s) X and Xᵀ X: symmetric products
      if ((fs.length === 3 || fs.length === 2) && fs[0].op === "T") {
        const last = fs[fs.length - 1];
        if (exprKey(fs[0].args[0]) === exprKey(last)) {
          const X = rec(last);
          const s = fs.length === 3 ? asDiagVector(fs[1], rec) : undefined;
          if (X.ndim === 2 && X.shape[0] > 1 && X.shape[1] > 1 && (fs.length === 2 || s !== undefined))
            return symmetricProduct(X, s);
        }
      }
      // inverses applied by solves, never formed (−X⁻¹ dX X⁻¹: one LU, two triangular solves)
      const solved = implicitChain(fs, chainScope);
      if (solved !== undefined) return solved;
      if (isVarying(x) && fs.length >= 3) {
        const r = regrouped(fs);
        if (r !== undefined) return r;
      }
      const [a, b] = x.args;
      const sa = asDiagVector(a, rec);
      if (sa !== undefined) {
        const B = rec(b);
        if (B.ndim === 2 && B.shape[0] === sa.length) return scaled(B, sa, "rows");
      }
      const sb = asDiagVector(b, rec);
      if (sb !== undefined) {
        const A = rec(a);
        if (A.ndim === 2 && A.shape[1] === sb.length) return scaled(A, sb, "cols");
      }
      // P·Q with transposes read through strides, never copied
      const pq = fs.length === 2 && (fs[0].op === "T" || fs[1].op === "T") ? twoFactors(x) : undefined;
      if (pq !== undefined) return multiplyAdd(undefined, pq[0], pq[1], 1);
    }
    const args = x.args.map(rec);
    return (opDef(x.op) as SymOpDef).evaluate(args, x as ExprOf<typeof x.op>, scope);
  };
  /**
   * A chain with a direction factor, with each run of fixed factors multiplied first (and kept):
   * 2·dU·(VᵀV) costs 2nr² once VᵀV is known, where (dU·Vᵀ)·V costs 2n²r. Undefined (use the
   * tree as it is) unless every product in the chain is an ordinary matrix product.
   */
  const regrouped = (fs: readonly Expr[]): Tensor | undefined => {
    // every factor a matrix and every neighbour product an ordinary one (a 1×1 between two
    // columns, (Wᵀx)x, is a scalar multiple: regrouping x·x would not be a product at all)
    const vs = fs.map(rec);
    if (vs.some((m) => m.ndim !== 2)) return undefined;
    for (let i = 1; i < vs.length; i++) if (vs[i - 1].shape[1] !== vs[i].shape[0]) return undefined;
    const ms: Tensor[] = [];
    let run: Expr[] = [];
    const flush = (): void => {
      if (run.length > 0) ms.push(rec(run.reduce((a, b) => ({ op: "mul", args: [a, b], start: -1, end: -1 }) as Expr)));
      run = [];
    };
    fs.forEach((f, i) => {
      if (isVarying(f)) {
        flush();
        ms.push(vs[i]);
      } else run.push(f);
    });
    flush();
    if (ms.length === fs.length) return undefined; // no run of two fixed factors
    const mul = opDef("mul") as SymOpDef;
    const times = (A: Tensor, B: Tensor): Tensor => mul.evaluate([A, B], fs[0] as ExprOf<"mul">, scope);
    if (ms.length === 3) {
      const [A, B, C] = ms;
      const left = A.shape[0] * A.shape[1] * B.shape[1] + A.shape[0] * B.shape[1] * C.shape[1];
      const right = B.shape[0] * B.shape[1] * C.shape[1] + A.shape[0] * A.shape[1] * C.shape[1];
      return left <= right ? times(times(A, B), C) : times(A, times(B, C));
    }
    return ms.reduce(times);
  };
  return (e, d = {}) => {
    dir = d;
    return rec(e);
  };
}
