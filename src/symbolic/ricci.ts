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
import { dependsOn, type Dim, type Expr, makeNode } from "./expr";
import { exprToSource } from "./print";
import type { ShapeInfo } from "./shapes";

/** A tensor-valued sub-expression (not further expanded) with one index per (padded) axis. */
export interface Leaf {
  readonly kind: "leaf";
  readonly expr: Expr;
  readonly idx: readonly string[];
}
/** The Kronecker delta δ_ab. */
export interface Delta {
  readonly kind: "delta";
  readonly a: string;
  readonly b: string;
}
/**
 * A composite index: `w = (a, b)` with a the slow and b the fast part (row-major merge),
 * i.e. the 0/1 tensor R[w, a, b] = [w = a·size(b) + b]. Kronecker products and vec split
 * their indices this way.
 */
export interface Split {
  readonly kind: "split";
  readonly w: string;
  readonly a: string;
  readonly b: string;
}
/** One factor of a {@link Term}: a sub-expression with indices, a Kronecker delta or a composite-index split. */
export type Factor = Leaf | Delta | Split;

/** The indices a factor carries. */
export function indicesOf(f: Factor): readonly string[] {
  if (f.kind === "delta") return [f.a, f.b];
  if (f.kind === "split") return [f.w, f.a, f.b];
  return f.idx;
}

/** coef · Π dims · Π factors, summed over the indices that are not output indices. */
export interface Term {
  readonly coef: number;
  /** Symbolic dimension factors (from traces of identities, Σ_a δ_aa = n). */
  readonly dims: readonly string[];
  readonly factors: readonly Factor[];
}

/** A sum of terms with the given output (free) indices. */
export interface IndexSum {
  readonly out: readonly string[];
  readonly terms: readonly Term[];
}

/** Index bookkeeping: fresh names and their sizes. */
export class IndexContext {
  private counter = 0;
  readonly sizes = new Map<string, Dim>();
  constructor(
    readonly info: ShapeInfo,
    /** The variable of differentiation (Hadamard products not depending on it stay whole). */
    readonly wrt: string,
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
  size(i: string): Dim {
    const s = this.sizes.get(i);
    if (s === undefined) throw new DifferentiationError(`internal: unknown index ${i}`);
    return s;
  }
  isOne(i: string): boolean {
    return this.size(i) === 1;
  }
}

/** Pad a shape to at least two axes: [] → [1, 1], [n] → [n, 1]. */
export function padShape(s: readonly Dim[]): Dim[] {
  if (s.length === 0) return [1, 1];
  if (s.length === 1) return [s[0], 1];
  return [...s];
}

const leaf = (expr: Expr, idx: readonly string[]): Leaf => ({ kind: "leaf", expr, idx });
const delta = (a: string, b: string): Delta => ({ kind: "delta", a, b });
const split = (w: string, a: string, b: string): Split => ({ kind: "split", w, a, b });
const one = (factors: Factor[], coef = 1): Term => ({ coef, dims: [], factors });

/** Largest number of index terms an expansion may reach (beyond it derive refuses, instead of hanging). */
export const MAX_TERMS = 5000;

function tooLarge(n: number): never {
  throw new DifferentiationError(
    `the expression expands to ${n.toLocaleString("en-US")} index terms (limit ${MAX_TERMS.toLocaleString("en-US")}); expand fewer sums inside products or powers`,
  );
}

function product(xs: readonly Term[], ys: readonly Term[]): Term[] {
  if (xs.length * ys.length > MAX_TERMS) tooLarge(xs.length * ys.length);
  const out: Term[] = [];
  for (const x of xs)
    for (const y of ys)
      out.push({ coef: x.coef * y.coef, dims: [...x.dims, ...y.dims], factors: [...x.factors, ...y.factors] });
  return out;
}

function scaled(xs: readonly Term[], c: number): Term[] {
  return xs.map((x) => ({ ...x, coef: x.coef * c }));
}

const OPAQUE = new Set<Expr["op"]>([
  "det",
  "logdet",
  "inv",
  "exp",
  "log",
  "sin",
  "cos",
  "tanh",
  "sqrt",
  "recip",
  "kron",
  "vec",
  "K",
  "E",
]);

/**
 * The expression as a sum of index terms with output indices `out` (one per padded axis).
 */
export function toIndex(ctx: IndexContext, e: Expr, out: readonly string[]): Term[] {
  const [a, b] = e.args;
  if (OPAQUE.has(e.op)) return [one([leaf(e, out)])];
  switch (e.op) {
    case "sym":
      return [one([leaf(e, out)])];
    case "num":
      return [one([delta(out[0], out[1])], e.value ?? 0)];
    case "T":
      return toIndex(ctx, a, [out[1], out[0]]);
    case "neg":
      return scaled(toIndex(ctx, a, out), -1);
    case "add":
      return [...toIndex(ctx, a, out), ...toIndex(ctx, b, out)];
    case "sub":
      return [...toIndex(ctx, a, out), ...scaled(toIndex(ctx, b, out), -1)];
    case "had":
      if (!dependsOnAny(e, ctx)) return [one([leaf(e, out)])];
      return product(toIndex(ctx, a, out), toIndex(ctx, b, out));
    case "mul": {
      const sa = ctx.info.shapeOf(a);
      const sb = ctx.info.shapeOf(b);
      if (sa.length === 0 || sb.length === 0) {
        const [scalar, other] = sa.length === 0 ? [a, b] : [b, a];
        const s1 = ctx.fresh(1);
        const s2 = ctx.fresh(1);
        return product(toIndex(ctx, scalar, [s1, s2]), toIndex(ctx, other, out));
      }
      const pa = ctx.padded(a);
      const s = ctx.fresh(pa[pa.length - 1]);
      const la = pa.length - 1;
      return product(toIndex(ctx, a, [...out.slice(0, la), s]), toIndex(ctx, b, [s, ...out.slice(la)]));
    }
    case "ddot": {
      const pa = ctx.padded(a);
      const s1 = ctx.fresh(pa[pa.length - 2]);
      const s2 = ctx.fresh(pa[pa.length - 1]);
      const la = pa.length - 2;
      const scalarResult = ctx.info.shapeOf(e).length === 0;
      const rest = scalarResult ? [] : out.slice(la);
      const terms = product(
        toIndex(ctx, a, [...(scalarResult ? [] : out.slice(0, la)), s1, s2]),
        toIndex(ctx, b, [s1, s2, ...rest]),
      );
      return scalarResult ? product(terms, [one([delta(out[0], out[1])])]) : terms;
    }
    case "tr": {
      const pa = ctx.padded(a);
      const s = ctx.fresh(pa[0]);
      return product(toIndex(ctx, a, [s, s]), [one([delta(out[0], out[1])])]);
    }
    case "I":
      return [one([delta(out[0], out[1])])];
    case "alpha":
      return [one([delta(out[0], out[2]), delta(out[1], out[3])])];
    case "beta":
      return [one([delta(out[0], out[3]), delta(out[1], out[2])])];
    default:
      throw new DifferentiationError(`internal: no index rule for ${e.op}`);
  }
}

function dependsOnAny(e: Expr, ctx: IndexContext): boolean {
  return ctx.wrt !== "" && dependsOn(e, ctx.wrt);
}

/**
 * Differentiate index terms with respect to the symbol `wrt`, whose (padded) indices in the
 * result are `k` (appended to the output indices by the caller).
 */
export function diffTerms(ctx: IndexContext, terms: readonly Term[], wrt: string, k: readonly string[]): Term[] {
  const out: Term[] = [];
  for (const term of terms) {
    term.factors.forEach((f, pos) => {
      if (f.kind !== "leaf" || !dependsOn(f.expr, wrt)) return;
      const rest = term.factors.filter((_, q) => q !== pos);
      const base: Term = { coef: term.coef, dims: term.dims, factors: rest };
      for (const d of diffFactor(ctx, f, wrt, k)) out.push(...product([base], [d]));
      if (out.length > MAX_TERMS) tooLarge(out.length);
    });
  }
  return out;
}

function diffFactor(ctx: IndexContext, f: Leaf, wrt: string, k: readonly string[]): Term[] {
  const e = f.expr;
  const [u] = e.args;
  const [a, b] = f.idx;
  const dArg = (idx: readonly string[]): Term[] => diffTerms(ctx, toIndex(ctx, u, idx), wrt, k);
  switch (e.op) {
    case "sym":
      return [one(f.idx.map((i, n) => delta(i, k[n])))];
    case "inv": {
      const [m] = ctx.padded(u);
      const c = ctx.fresh(m);
      const d = ctx.fresh(m);
      return product([one([leaf(e, [a, c])], -1)], product(dArg([c, d]), [one([leaf(e, [d, b])])]));
    }
    case "det":
    case "logdet": {
      const [m] = ctx.padded(u);
      const c = ctx.fresh(m);
      const d = ctx.fresh(m);
      const invU = makeNode("inv", [u], -1, -1);
      const front = e.op === "det" ? leaf(e, [a, b]) : delta(a, b);
      return product([one([front, leaf(invU, [d, c])])], dArg([c, d]));
    }
    case "exp":
      return product([one([leaf(e, [a, b])])], dArg([a, b]));
    case "log": {
      const r = makeNode("recip", [u], -1, -1);
      return product([one([leaf(r, [a, b])])], dArg([a, b]));
    }
    case "recip":
      return product([one([leaf(e, [a, b]), leaf(e, [a, b])], -1)], dArg([a, b]));
    case "sin":
      return product([one([leaf(makeNode("cos", [u], -1, -1), [a, b])])], dArg([a, b]));
    case "cos":
      return product([one([leaf(makeNode("sin", [u], -1, -1), [a, b])], -1)], dArg([a, b]));
    case "tanh":
      // d tanh(U) = (1 − tanh(U)∘tanh(U)) ∘ dU
      return product([one([]), one([leaf(e, [a, b]), leaf(e, [a, b])], -1)], dArg([a, b]));
    case "sqrt":
      return product([one([leaf(makeNode("recip", [e], -1, -1), [a, b])], 0.5)], dArg([a, b]));
    case "had":
      return diffTerms(ctx, product(toIndex(ctx, e.args[0], f.idx), toIndex(ctx, e.args[1], f.idx)), wrt, k);
    case "kron": {
      // (U ⊗ V)[(r1 r2), (c1 c2)] = U[r1, c1] V[r2, c2]
      const [U, V] = e.args;
      const [m1, n1] = ctx.padded(U);
      const [m2, n2] = ctx.padded(V);
      const r1 = ctx.fresh(m1);
      const r2 = ctx.fresh(m2);
      const c1 = ctx.fresh(n1);
      const c2 = ctx.fresh(n2);
      const parts = [one([split(a, r1, r2), split(b, c1, c2)])];
      const u = toIndex(ctx, U, [r1, c1]);
      const v = toIndex(ctx, V, [r2, c2]);
      const du = diffTerms(ctx, u, wrt, k);
      const dv = diffTerms(ctx, v, wrt, k);
      return product(parts, [...product(du, v), ...product(u, dv)]);
    }
    case "vec": {
      // vec(U)[(j i)] = U[i, j]: columns stacked, so the column index is the slow part
      const [m, n] = ctx.padded(u);
      const i = ctx.fresh(m);
      const j = ctx.fresh(n);
      return product([one([split(a, j, i)])], dArg([i, j]));
    }
    default:
      throw new DifferentiationError(
        `derivative of ${exprToSource(e)} with respect to ${wrt} is not supported (${e.op} of an expression that depends on ${wrt})`,
      );
  }
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
function simplifySplits(ctx: IndexContext, factors: Factor[], free: ReadonlySet<string>): Factor[] {
  let fs = factors.map((f) => {
    if (f.kind !== "split") return f;
    if (ctx.size(f.b) === 1) return delta(f.w, f.a);
    if (ctx.size(f.a) === 1) return delta(f.w, f.b);
    return f;
  });
  // vec(U)_w with w = (j, i) is U_ij; (U ⊗ V)_rc with r = (r1, r2), c = (c1, c2) is U_r1c1 V_r2c2
  const onlyIn = (i: string, a: number, b: number): boolean =>
    !free.has(i) && fs.every((h, n) => n === a || n === b || !uses(h, i));
  for (let p = 0; p < fs.length; p++) {
    const f = fs[p];
    if (f.kind !== "leaf") continue;
    if (f.expr.op === "vec") {
      const q = fs.findIndex((g) => g.kind === "split" && g.w === f.idx[0]);
      if (q < 0 || !onlyIn(f.idx[0], p, q)) continue;
      const sp = fs[q] as Split;
      const rest = fs.filter((_, n) => n !== p && n !== q);
      fs = [...rest, leaf(f.expr.args[0], [sp.b, sp.a])];
      p = -1;
    } else if (f.expr.op === "kron") {
      const q = fs.findIndex((g) => g.kind === "split" && g.w === f.idx[0]);
      const r = fs.findIndex((g) => g.kind === "split" && g.w === f.idx[1]);
      if (q < 0 || r < 0 || q === r || !onlyIn(f.idx[0], p, q) || !onlyIn(f.idx[1], p, r)) continue;
      const sr = fs[q] as Split;
      const sc = fs[r] as Split;
      const rest = fs.filter((_, n) => n !== p && n !== q && n !== r);
      fs = [...rest, leaf(f.expr.args[0], [sr.a, sc.a]), leaf(f.expr.args[1], [sr.b, sc.b])];
      p = -1;
    }
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
  if (coef === 0) return undefined;
  if (factors.some((f) => f.kind === "split")) {
    const again = simplifySplits(ctx, factors, free);
    if (again.length !== factors.length || again.some((f, n) => f !== factors[n]))
      return contractDeltas(ctx, { coef, dims, factors: again }, free);
  }
  return { coef, dims, factors };
}

function factorKey(f: Factor, name: (i: string) => string): string {
  if (f.kind === "delta") {
    const [x, y] = [name(f.a), name(f.b)].sort();
    return `δ(${x},${y})`;
  }
  if (f.kind === "split") return `R(${name(f.w)};${name(f.a)},${name(f.b)})`;
  return `${exprToSource(f.expr)}[${f.idx.map(name).join(",")}]`;
}

/** A canonical key of a term's structure (summed indices renamed in order of appearance). */
function termKey(term: Term, free: ReadonlySet<string>): string {
  const pre = (i: string): string => (free.has(i) ? i : "_");
  const sorted = [...term.factors].sort((x, y) =>
    factorKey(x, pre) < factorKey(y, pre) ? -1 : factorKey(x, pre) > factorKey(y, pre) ? 1 : 0,
  );
  const names = new Map<string, string>();
  const canon = (i: string): string => {
    if (free.has(i)) return i;
    let n = names.get(i);
    if (n === undefined) {
      n = `_${names.size}`;
      names.set(i, n);
    }
    return n;
  };
  const keys = sorted.map((f) => factorKey(f, canon)).sort();
  return `${[...term.dims].sort().join("*")}|${keys.join(" ")}`;
}

/** Contract deltas, drop zero terms and collect terms with the same structure. */
export function simplify(ctx: IndexContext, sum: IndexSum): IndexSum {
  const free = new Set(sum.out);
  const byKey = new Map<string, Term>();
  const order: string[] = [];
  for (const t of sum.terms) {
    const c = contractDeltas(ctx, t, free);
    if (c === undefined) continue;
    const key = termKey(c, free);
    const prev = byKey.get(key);
    if (prev === undefined) {
      byKey.set(key, c);
      order.push(key);
    } else byKey.set(key, { ...prev, coef: prev.coef + c.coef });
  }
  const terms = order.map((k) => byKey.get(k) as Term).filter((t) => Math.abs(t.coef) > 1e-15);
  return { out: sum.out, terms };
}
