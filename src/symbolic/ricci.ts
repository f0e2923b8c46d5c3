/**
 * The index-notation (Ricci calculus) engine, after Laue, Mitterreiter & Giesen
 * (NeurIPS 2018): an expression becomes a sum of terms, each a coefficient times a product
 * of factors with named indices (Einstein summation over the indices not in the output);
 * differentiation applies the product rule factor by factor (d X_ab / d X_kl = δ_ak δ_bl),
 * and simplification contracts deltas and collects equal terms.
 *
 * Scalars, vectors and matrices are handled as matrices ("padded": a vector is n×1, a scalar
 * 1×1), so every matrix-level factor has two indices; indices of size 1 are dropped when printing.
 * @packageDocumentation
 */
import { DifferentiationError } from "../core/errors";
import { dependsOn, type Dim, type Expr, exprKey, type ExprOf, symbolsOf, isNum } from "./expr";
import {
  type Delta,
  delta,
  type Factor,
  type IndexSum,
  indicesOf,
  leaf,
  type Leaf,
  MAX_TERMS,
  one,
  product,
  type Split,
  split,
  type Term,
  tooLarge,
} from "./indexterms";
import type { IndexScope, ScalarPower, SymOpDef } from "./opdef";
import { isTransposition } from "./traits";
import { opDef } from "./ops/registry";
import { exprToSource } from "./print";
import type { ShapeInfo } from "./shapes";
import { applyFacts, type Fact, withoutFactors } from "./facts";

export type { Leaf, Delta, Split, Factor, Term, IndexSum } from "./indexterms";
export { indicesOf, MAX_TERMS } from "./indexterms";

/** Index bookkeeping: fresh names and their sizes; the scope every op's index and derivative rule sees. */
export class IndexContext implements IndexScope {
  private counter = 0;
  readonly sizes = new Map<string, Dim>();
  /** The variable's indices in the derivative (set by {@link diffTerms}). */
  variableIndices: readonly string[] = [];
  constructor(
    readonly info: ShapeInfo,
    /** The variable of differentiation (Hadamard products not depending on it stay whole). */
    readonly wrt: string,
    /** Is a leaf's matrix symmetric (M_ab = M_ba)? Equal terms are then found across the swap. */
    readonly symmetric: (e: Expr) => boolean = () => false,
    /** A fact the user states about a symbol's values (`assume`), used to shorten terms. */
    readonly factOf: (name: string) => Fact | undefined = () => undefined,
  ) {}
  fresh(size: Dim, hint = "s"): string {
    const name = `${hint}${this.counter++}`;
    this.sizes.set(name, size);
    return name;
  }
  /** Padded shape of a node: scalars [1, 1], vectors [n, 1]. */
  padded(e: Expr): Dim[] {
    return padShape(this.info.shapeOf(e));
  }
  shapeOf(e: Expr): Dim[] {
    return this.info.shapeOf(e);
  }
  size(i: string): Dim {
    const s = this.sizes.get(i);
    if (s === undefined) throw new DifferentiationError(`internal: unknown index ${i}`);
    return s;
  }
  isOne(i: string): boolean {
    return this.size(i) === 1;
  }
  varies(e: Expr): boolean {
    return this.wrt !== "" && dependsOn(e, this.wrt);
  }
  hasFacts(e: Expr): boolean {
    return symbolsOf(e).some((n) => this.factOf(n) !== undefined);
  }
  toIndex(e: Expr, out: readonly string[]): Term[] {
    return toIndex(this, e, out);
  }
  diff(e: Expr, idx: readonly string[]): Term[] {
    return this.diffTerms(toIndex(this, e, idx));
  }
  diffTerms(terms: readonly Term[]): Term[] {
    return diffTerms(this, terms, this.wrt, this.variableIndices);
  }
}

/** Pad a shape to at least two axes: [] → [1, 1], [n] → [n, 1]. */
export function padShape(s: readonly Dim[]): Dim[] {
  if (s.length === 0) return [1, 1];
  if (s.length === 1) return [s[0], 1];
  return [...s];
}

function defOf(e: Expr): SymOpDef {
  return opDef(e.op) as SymOpDef;
}

/**
 * The expression as a sum of index terms with output indices `out` (one per padded axis).
 * An op without an index rule is an opaque factor.
 */
export function toIndex(ctx: IndexContext, e: Expr, out: readonly string[]): Term[] {
  const def = defOf(e);
  if (def.index === undefined) return [one([leaf(e, out)])];
  return def.index(ctx, e as ExprOf<typeof e.op>, out);
}

/**
 * Differentiate index terms with respect to the symbol `wrt`, whose (padded) indices in the
 * result are `k` (appended to the output indices by the caller).
 */
export function diffTerms(ctx: IndexContext, terms: readonly Term[], wrt: string, k: readonly string[]): Term[] {
  const prev = ctx.variableIndices;
  ctx.variableIndices = k;
  try {
    const out: Term[] = [];
    for (const term of terms) {
      term.factors.forEach((f, pos) => {
        if (f.kind !== "leaf" || !dependsOn(f.expr, wrt)) return;
        const rest = term.factors.filter((_, q) => q !== pos);
        const base: Term = { coef: term.coef, dims: term.dims, factors: rest };
        for (const d of diffFactor(ctx, f, wrt)) out.push(...product([base], [d]));
        if (out.length > MAX_TERMS) tooLarge(out.length);
      });
    }
    return out;
  } finally {
    ctx.variableIndices = prev;
  }
}

function diffFactor(ctx: IndexContext, f: Leaf, wrt: string): Term[] {
  const e = f.expr;
  const def = defOf(e);
  if (def.diff === undefined) {
    throw new DifferentiationError(
      `derivative of ${exprToSource(e)} with respect to ${wrt} is not supported (${e.op} of an expression that depends on ${wrt})`,
    );
  }
  return def.diff(ctx, e as ExprOf<typeof e.op>, f.idx);
}

// ---------------------------------------------------------------------------------------------
// Simplification

function rename(f: Factor, from: string, to: string): Factor {
  const r = (i: string): string => (i === from ? to : i);
  if (f.kind === "delta") return delta(r(f.a), r(f.b));
  if (f.kind === "split") return split(r(f.w), r(f.a), r(f.b));
  return leaf(f.expr, f.idx.map(r));
}

function uses(f: Factor, i: string): boolean {
  return indicesOf(f).includes(i);
}

/**
 * Simplify composite indices: a part of size 1 makes the split a delta; two splits of the same
 * summed index into parts of equal sizes contract to deltas (Σ_w R[w,a,b] R[w,c,d] = δ_ac δ_bd).
 */
/**
 * Does a leaf's indices have the sizes of its expression's axes? A split of vec(vec(A))'s index
 * into A's (row, column) does not fit vec(A), a column: that unsplit is not taken.
 */
function fitsShape(ctx: IndexContext, f: Factor): boolean {
  if (f.kind !== "leaf") return true;
  let shape: Dim[];
  try {
    shape = ctx.padded(f.expr);
  } catch {
    return true; // a node the shape pass has not seen: nothing to check against
  }
  return shape.length === f.idx.length && f.idx.every((i, n) => String(ctx.size(i)) === String(shape[n]));
}

function simplifySplits(ctx: IndexContext, factors: Factor[], free: ReadonlySet<string>): Factor[] {
  let fs = factors.map((f) => {
    if (f.kind !== "split") return f;
    if (ctx.size(f.b) === 1) return delta(f.w, f.a);
    if (ctx.size(f.a) === 1) return delta(f.w, f.b);
    return f;
  });
  // an op whose index is composite rewrites itself through the splits: vec(U)_w with w = (j, i) is U_ij
  const onlyIn = (i: string, a: number, b: number): boolean =>
    !free.has(i) && fs.every((h, n) => n === a || n === b || !uses(h, i));
  for (let p = 0; p < fs.length; p++) {
    const f = fs[p];
    if (f.kind !== "leaf") continue;
    const def = defOf(f.expr);
    if (def.unsplit === undefined) continue;
    const splitOf = (i: string): Split | undefined => {
      const q = fs.findIndex((g) => g.kind === "split" && g.w === i);
      return q >= 0 && onlyIn(i, p, q) ? (fs[q] as Split) : undefined;
    };
    const r = def.unsplit(f.expr as ExprOf<typeof f.expr.op>, f.idx, splitOf);
    if (r === undefined || !r.factors.every((g) => fitsShape(ctx, g))) continue;
    fs = [...fs.filter((g, n) => n !== p && !r.consumed.includes(g as Split)), ...r.factors];
    p = -1;
  }
  for (let p = 0; p < fs.length; p++) {
    const f = fs[p];
    if (f.kind !== "split" || free.has(f.w)) continue;
    const q = fs.findIndex((g, n) => n !== p && g.kind === "split" && g.w === f.w);
    if (q < 0) continue;
    const g = fs[q] as Split;
    if (fs.some((h, n) => n !== p && n !== q && uses(h, f.w))) continue;
    if (ctx.size(f.a) !== ctx.size(g.a) || ctx.size(f.b) !== ctx.size(g.b)) continue;
    fs = [...fs.filter((_, n) => n !== p && n !== q), delta(f.a, g.a), delta(f.b, g.b)];
    p = -1;
  }
  return fs;
}

/** Contract deltas in one term (δ_ab with b summed: rename b → a). */
function contractDeltas(ctx: IndexContext, term: Term, free: ReadonlySet<string>): Term | undefined {
  let factors = simplifySplits(ctx, [...term.factors], free);
  let coef = term.coef;
  const dims = [...term.dims];
  let changed = true;
  while (changed) {
    changed = false;
    for (let p = 0; p < factors.length; p++) {
      const f = factors[p];
      if (f.kind !== "delta") continue;
      let keep: string;
      if (f.a === f.b) keep = f.a;
      else if (!free.has(f.b)) {
        const others = factors.filter((_, q) => q !== p).map((g) => rename(g, f.b, f.a));
        factors = [...others.slice(0, p), f, ...others.slice(p)];
        keep = f.a;
      } else if (!free.has(f.a)) {
        const others = factors.filter((_, q) => q !== p).map((g) => rename(g, f.a, f.b));
        factors = [...others.slice(0, p), f, ...others.slice(p)];
        keep = f.b;
      } else continue;
      factors = factors.filter((_, q) => q !== p);
      if (!free.has(keep) && !factors.some((g) => uses(g, keep))) {
        const n = ctx.size(keep);
        if (typeof n === "number") coef *= n;
        else dims.push(n);
      }
      changed = true;
      break;
    }
  }
  // a leaf with a repeated index a,a next to δ_ab: write it as leaf_ab (δ forces a = b)
  factors = factors.map((f) => {
    if (f.kind !== "leaf" || f.idx.length !== 2 || f.idx[0] !== f.idx[1]) return f;
    const d = factors.find(
      (g): g is Delta => g.kind === "delta" && (g.a === f.idx[0] || g.b === f.idx[0]) && g.a !== g.b,
    );
    if (d === undefined) return f;
    return leaf(f.expr, [f.idx[0], d.a === f.idx[0] ? d.b : d.a]);
  });
  // δ_ab between two indices of size 1 is 1
  factors = factors.filter((f) => !(f.kind === "delta" && ctx.isOne(f.a) && ctx.isOne(f.b)));
  // a uniform constant summed over all its indices that nothing else uses: c·Π sizes (Σ_a 𝟏_a = n)
  factors = factors.filter((f) => {
    if (f.kind !== "leaf") return true;
    const c = defOf(f.expr).traits.uniform;
    if (c === undefined) return true;
    const big = f.idx.filter((i) => !ctx.isOne(i));
    if (big.some((i) => free.has(i) || factors.some((g) => g !== f && uses(g, i)))) return true;
    coef *= c;
    for (const i of big) {
      const n = ctx.size(i);
      if (typeof n === "number") coef *= n;
      else dims.push(n);
    }
    return false;
  });
  if (coef === 0) return undefined;
  if (factors.some((f) => f.kind === "split")) {
    const again = simplifySplits(ctx, factors, free);
    if (again.length !== factors.length || again.some((f, n) => f !== factors[n]))
      return contractDeltas(ctx, { coef, dims, factors: again }, free);
  }
  return { coef, dims, factors };
}

function factorKey(f: Factor, name: (i: string) => string, ctx?: IndexContext): string {
  if (f.kind === "delta") {
    const [x, y] = [name(f.a), name(f.b)].sort();
    return `δ(${x},${y})`;
  }
  if (f.kind === "split") return `R(${name(f.w)};${name(f.a)},${name(f.b)})`;
  // (Mᵀ)_ab is M_ba; a symmetric M_ab is M_ba
  if (f.idx.length === 2 && isTransposition(f.expr))
    return factorKey(leaf(f.expr.args[0] as Expr, [f.idx[1], f.idx[0]]), name, ctx);
  const idx = f.idx.map(name);
  if (idx.length === 2 && ctx?.symmetric(f.expr)) idx.sort();
  return `${exprKey(f.expr)}[${idx.join(",")}]`;
}

/** A canonical key of a term's structure (summed indices renamed in order of appearance). */
function termKey(ctx: IndexContext, term: Term, free: ReadonlySet<string>): string {
  // a summed index of size 1 takes one value: all of them are alike
  // (so is a free one: it too takes the value 0 only)
  const pre = (i: string): string => (ctx.isOne(i) ? "1" : free.has(i) ? i : "_");
  const sorted = [...term.factors].sort((x, y) =>
    factorKey(x, pre, ctx) < factorKey(y, pre, ctx) ? -1 : factorKey(x, pre, ctx) > factorKey(y, pre, ctx) ? 1 : 0,
  );
  const names = new Map<string, string>();
  const canon = (i: string): string => {
    if (ctx.isOne(i)) return "1";
    if (free.has(i)) return i;
    let n = names.get(i);
    if (n === undefined) {
      n = `_${names.size}`;
      names.set(i, n);
    }
    return n;
  };
  const keys = sorted.map((f) => factorKey(f, canon, ctx)).sort();
  return `${[...term.dims].sort().join("*")}|${keys.join(" ")}`;
}

/** The node as a quotient by its op's rule: adj(M) is det(M) M⁻¹, adj(M)ᵀ is det(M) M⁻ᵀ. */
function quotientOf(e: Expr): { readonly divisor: Expr; readonly result: Expr } | undefined {
  const rules = (opDef(e.op) as SymOpDef).simplify as SymOpDef["simplify"];
  return (
    rules as { quotient?: (x: Expr, of: typeof quotientOf) => ReturnType<typeof quotientOf> } | undefined
  )?.quotient?.(e, quotientOf);
}

/** A scalar factor's base and exponent: s⁻¹ (recip, s ^ −1) is (s, −1), a number folds into the coefficient. */
function scalarPowers(e: Expr): ScalarPower[] {
  const rule = (opDef(e.op) as SymOpDef).scalarPowers as SymOpDef["scalarPowers"];
  return rule?.(e as never, scalarPowers) ?? [{ base: e, exp: 1 }];
}

/**
 * Scalar factors that cancel within a term: s · s⁻¹ = 1 (det(X)⁻¹ · det(X) from log det X), and
 * s · (M / s)_ab = M_ab (‖r‖ · (r / ‖r‖) from ‖r‖²); numbers among them join the coefficient.
 * A scalar factor is a leaf whose indices all have size 1.
 */
function cancelScalars(ctx: IndexContext, term: Term): Term {
  const isScalar = (f: Factor): f is Leaf => f.kind === "leaf" && f.idx.every((i) => ctx.isOne(i));
  const scalars = term.factors.filter(isScalar);
  if (scalars.length === 0) return term;
  let coef = term.coef;
  const exps = new Map<string, { base: Expr; exp: number }>();
  for (const f of scalars)
    for (const p of scalarPowers(f.expr)) {
      if (isNum(p.base)) {
        coef *= p.base.value ** p.exp;
        continue;
      }
      const k = exprKey(p.base);
      const prev = exps.get(k);
      exps.set(k, { base: p.base, exp: (prev?.exp ?? 0) + p.exp });
    }
  // a division by a scalar of the term inside another factor: (M / s)_ab with s a factor
  let others: Factor[] = term.factors.filter((f) => !isScalar(f));
  others = others.map((f) => {
    const divisor = f.kind === "leaf" ? (opDef(f.expr.op) as SymOpDef).divisor?.(f.expr as never) : undefined;
    if (f.kind !== "leaf" || divisor === undefined) return f;
    const k = exprKey(divisor);
    const s = exps.get(k);
    if (s === undefined || s.exp <= 0) return f;
    exps.set(k, { ...s, exp: s.exp - 1 });
    return leaf(f.expr.args[0] as Expr, f.idx);
  });
  // adj(M) / det(M) = M⁻¹ (log det gives det(X)⁻¹ · adj(X))
  others = others.map((f) => {
    const q = f.kind === "leaf" ? quotientOf(f.expr) : undefined;
    if (f.kind !== "leaf" || q === undefined) return f;
    const k = exprKey(q.divisor);
    const s = exps.get(k);
    if (s === undefined || s.exp >= 0) return f;
    exps.set(k, { ...s, exp: s.exp + 1 });
    return leaf(q.result, f.idx);
  });
  const changed =
    others.some((f, n) => f !== term.factors.filter((g) => !isScalar(g))[n]) ||
    coef !== term.coef ||
    [...exps.values()].reduce((n, p) => n + Math.abs(p.exp), 0) <
      scalars.reduce((n, f) => n + scalarPowers(f.expr).length, 0);
  if (!changed) return term;
  const rebuilt: Factor[] = [];
  // s^k as k factors s (or 1/s): the base may be a 1×1 matrix, which a scalar power does not take
  for (const { base, exp } of exps.values()) {
    const e: Expr = exp > 0 ? base : { op: "recip", args: [base], start: -1, end: -1 };
    for (let k = 0; k < Math.abs(exp); k++) rebuilt.push(leaf(e, [ctx.fresh(1), ctx.fresh(1)]));
  }
  return { ...term, coef, factors: [...others, ...rebuilt] };
}

/**
 * Entrywise inverses that cancel within a term: (M^(∘−1))_ab M_ab = 1 (the softmax derivative
 * next to the log's: y ∘ s^(∘−1) ∘ s = y). The derivative already divides by M, so M ≠ 0 there.
 */
function cancelEntrywise(ctx: IndexContext, term: Term, free: ReadonlySet<string>): Term {
  const fs = [...term.factors];
  const key = (f: Leaf): string => `${exprKey(f.expr)}[${f.idx.join(",")}]`;
  for (let p = 0; p < fs.length; p++) {
    const f = fs[p];
    if (f.kind !== "leaf" || f.expr.op !== "recip" || f.idx.every((i) => ctx.isOne(i))) continue;
    const want = key(leaf(f.expr.args[0], f.idx));
    const q = fs.findIndex((g) => g.kind === "leaf" && key(g) === want);
    if (q < 0) continue;
    // the indices the pair carried are summed over (a count) or kept by ones where free
    return cancelEntrywise(ctx, withoutFactors(ctx, term, fs, [p, q], f.idx, free), free);
  }
  return term;
}

/** X − mean(X), whose entries sum to 0, or a scalar multiple of it. */
function centred(e: Expr): boolean {
  const traits = (x: Expr): SymOpDef["traits"] => (opDef(x.op) as SymOpDef).traits;
  const [a, b] = e.args;
  if (a === undefined || b === undefined) return false;
  if (traits(e).product) {
    const scalar = (x: Expr): boolean => traits(x).scalar === true;
    return (scalar(a) && centred(b)) || (scalar(b) && centred(a));
  }
  if (!traits(e).difference || !traits(b).meanOfAll) return false;
  return b.args[0] !== undefined && exprKey(a) === exprKey(b.args[0]);
}

/**
 * A term that sums a centred leaf (X − mean(X)) over all of its entries is zero: each of the
 * leaf's indices is summed, used by nothing else but ones on it (𝟏ᵀ(x − mean(x)) = 0).
 */
function sumsCentred(ctx: IndexContext, term: Term, free: ReadonlySet<string>): boolean {
  const fs = term.factors;
  const onesOn = (g: Factor, x: string): boolean =>
    g.kind === "leaf" &&
    (opDef(g.expr.op) as SymOpDef).traits.uniform === 1 &&
    g.idx.every((i) => i === x || ctx.isOne(i));
  return fs.some((f, n) => {
    if (f.kind !== "leaf" || !centred(f.expr)) return false;
    const big = f.idx.filter((i) => !ctx.isOne(i));
    return (
      big.length > 0 &&
      big.every((x) => !free.has(x) && fs.every((g, m) => m === n || !indicesOf(g).includes(x) || onesOn(g, x)))
    );
  });
}

/** Contract deltas, drop zero terms and collect terms with the same structure. */
export function simplify(ctx: IndexContext, sum: IndexSum): IndexSum {
  const free = new Set(sum.out);
  const byKey = new Map<string, Term>();
  const order: string[] = [];
  for (const t of sum.terms) {
    const d = contractDeltas(ctx, t, free);
    if (d === undefined || sumsCentred(ctx, d, free)) continue;
    const c = applyFacts(ctx, cancelEntrywise(ctx, cancelScalars(ctx, d), free), free, ctx.factOf);
    const key = termKey(ctx, c, free);
    const prev = byKey.get(key);
    if (prev === undefined) {
      byKey.set(key, c);
      order.push(key);
    } else byKey.set(key, { ...prev, coef: prev.coef + c.coef });
  }
  const terms = order.map((k) => byKey.get(k) as Term).filter((t) => Math.abs(t.coef) > 1e-15);
  return { out: sum.out, terms };
}
