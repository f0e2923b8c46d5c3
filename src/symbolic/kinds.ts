/**
 * Recognising matrix forms in index terms: each term of ∂Y_ij/∂A_kl is matched against the
 * three kinds of the design note (1: X dA Y, 2: U dAᵀ V, 3: W tr(Zᵀ dA)), possibly with
 * elementwise (diagonal) factors on Y's indices (DY ∘ …) or on A's indices (… (DA ∘ dA) …).
 * Chains of factors linked by summed indices are read back as matrix products.
 * @packageDocumentation
 */
import {
  type Dim,
  type Expr,
  exprKey,
  type ExprOf,
  nodeKey,
  hadE,
  identity,
  invE,
  mulE,
  num,
  onesE,
  sizeE,
  t,
  trE,
  withArgs,
  isNum,
  numValue,
} from "./expr";
import { type Factor, type IndexSum, type Leaf, type Term, indicesOf, leaf } from "./indexterms";
import type {
  MatrixShapeRule,
  Padded,
  SimplifyRules,
  SymOpDef,
  SymmetryRules,
  SymmetryScope,
  TidyScope,
} from "./opdef";
import { diagonalizeVectors, withDiagonals } from "./ops/diag";
import { opDef } from "./ops/registry";
import type { IndexContext } from "./ricci";
import { inferShapes, type Shapes } from "./shapes";

/** One term of a derivative in matrix form. */
export interface KindTerm {
  /** 1: X dA Y, 2: U dAᵀ V, 3: W tr(Zᵀ dA). */
  readonly kind: 1 | 2 | 3;
  /** Numeric coefficient. */
  readonly coef: number;
  /** Scalar factors: symbolic dimensions and scalar sub-expressions (traces, determinants, …). */
  readonly scalars: readonly Expr[];
  /** X (kind 1, m×p), U (kind 2, m×q) or W (kind 3, m×n). */
  readonly left: Expr;
  /** Y (kind 1, q×n), V (kind 2, p×n) or Z (kind 3, p×q). */
  readonly right: Expr;
  /** Elementwise factor on the result's indices (m×n), kinds 1 and 2 only. */
  readonly dy?: Expr;
  /** Elementwise factor on the variable's indices (p×q), kinds 1 and 2 only. */
  readonly da?: Expr;
}

interface Chain {
  /** Free end indices in walking order, or undefined ends for open/looped chains. */
  readonly from?: string;
  readonly to?: string;
  readonly expr: Expr;
  /** A vector: from the free index `from` to a size-1 end (paired with another into an outer product). */
  readonly open?: boolean;
}

function piece(ctx: IndexContext, f: Factor, reversed: boolean): Expr {
  if (f.kind === "delta") return identity(ctx.size(f.a));
  if (f.kind === "split") throw new Error("internal: a composite index is not a matrix");
  return reversed ? t(f.expr) : f.expr;
}

/** Read one connected component as a chain (or loop) of matrix factors. */
function walk(ctx: IndexContext, factors: readonly Factor[], free: ReadonlySet<string>): Chain | undefined {
  const idxOf = indicesOf;
  if (factors.some((f) => idxOf(f).length !== 2)) return undefined;
  const count = new Map<string, number>();
  for (const f of factors) for (const i of idxOf(f)) count.set(i, (count.get(i) ?? 0) + 1);
  const ends: string[] = [];
  for (const [i, c] of count) {
    if (free.has(i)) {
      if (c !== 1) return undefined;
      ends.push(i);
    } else if (c === 1) {
      if (!ctx.isOne(i)) return undefined;
      ends.push(i);
    } else if (c !== 2) return undefined;
  }
  if (ends.length !== 0 && ends.length !== 2) return undefined;
  if (ends.length === 0 && factors.length === 1) {
    const [r, c] = idxOf(factors[0]);
    if (r === c) return { expr: trE(piece(ctx, factors[0], false)) };
  }
  // a chain from a free index to a loose size-1 end is walked from the free end (a vector)
  if (ends.length === 2 && !free.has(ends[0]) && free.has(ends[1])) ends.reverse();
  const used = new Array<boolean>(factors.length).fill(false);
  const pieces: Expr[] = [];
  let cur = ends.length === 2 ? ends[0] : idxOf(factors[0])[0];
  const stop = ends.length === 2 ? ends[1] : cur;
  for (let step = 0; step < factors.length; step++) {
    const p = factors.findIndex((f, q) => !used[q] && idxOf(f).includes(cur));
    if (p < 0) return undefined;
    used[p] = true;
    const [r, c] = idxOf(factors[p]);
    if (r === c) return undefined;
    const reversed = r !== cur;
    pieces.push(piece(ctx, factors[p], reversed));
    cur = reversed ? r : c;
  }
  if (cur !== stop || used.some((u) => !u)) return undefined;
  const prod = pieces.length === 1 ? pieces[0] : mulE(pieces[0], pieces[1], ...pieces.slice(2));
  if (ends.length === 0) return { expr: trE(prod) };
  const [a, b] = ends;
  if (free.has(a) && free.has(b)) return { from: a, to: b, expr: prod };
  if (!free.has(a) && !free.has(b)) return { expr: prod };
  return { from: a, expr: prod, open: true };
}

/** Connected components of a term's factors (linked by shared summed indices). */
function components(factors: readonly Factor[], free: ReadonlySet<string>): Factor[][] {
  const idxOf = indicesOf;
  const parent = factors.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  factors.forEach((f, i) => {
    for (const x of idxOf(f)) {
      if (free.has(x)) continue;
      const o = owner.get(x);
      if (o === undefined) owner.set(x, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, Factor[]>();
  factors.forEach((f, i) => {
    const r = find(i);
    const g = groups.get(r) ?? [];
    g.push(f);
    groups.set(r, g);
  });
  return [...groups.values()];
}

/**
 * Leaves on the same pair of indices are one Hadamard product: A_kp M_kp = (A ∘ M)_kp (also
 * transposed, and with a size-1 index that nothing else uses standing for any other).
 */
function mergeHadamard(
  ctx: IndexContext,
  factors: readonly Factor[],
  free: ReadonlySet<string>,
  unitFree: boolean,
): Factor[] {
  const fs = [...factors];
  const count = new Map<string, number>();
  for (const f of fs) for (const x of indicesOf(f)) count.set(x, (count.get(x) ?? 0) + 1);
  // an index of size 1 takes one value: one used once (or, when unitFree, a free one) stands for any other
  const loose = (x: string): boolean =>
    ctx.isOne(x) && ((!free.has(x) && count.get(x) === 1) || (unitFree && free.has(x)));
  const same = (x: string, y: string): boolean => x === y || (loose(x) && loose(y));
  for (let p = 0; p < fs.length; p++) {
    const f = fs[p];
    if (f.kind !== "leaf" || f.idx.length !== 2 || f.idx[0] === f.idx[1]) continue;
    for (let q = p + 1; q < fs.length; q++) {
      const g = fs[q];
      if (g.kind !== "leaf" || g.idx.length !== 2 || g.idx[0] === g.idx[1]) continue;
      const direct =
        same(f.idx[0], g.idx[0]) && same(f.idx[1], g.idx[1]) && (f.idx[0] === g.idx[0] || f.idx[1] === g.idx[1]);
      const crossed =
        !direct &&
        same(f.idx[0], g.idx[1]) &&
        same(f.idx[1], g.idx[0]) &&
        (f.idx[0] === g.idx[1] || f.idx[1] === g.idx[0]);
      if (!direct && !crossed) continue;
      // A_rs B_sr alone is the loop tr(AB), not a Hadamard product: merge only when an index goes on
      const onward = (x: string): boolean => free.has(x) || (count.get(x) ?? 0) > 2;
      if (!onward(f.idx[0]) && !onward(f.idx[1])) continue;
      fs[p] = { kind: "leaf", expr: hadE(f.expr, crossed ? t(g.expr) : g.expr), idx: f.idx };
      fs.splice(q, 1);
      return mergeHadamard(ctx, fs, free, unitFree);
    }
  }
  return fs;
}

/**
 * The output indices no factor uses, filled in: pairs of size-1 indices by δ (Σ_b δ_ab = 1 for
 * a scalar variable), others by a vector or matrix of ones (the term is constant along them:
 * ∂(X + s)/∂s = 𝟏). Undefined when a lone size-1 index is left over.
 */
function withOnes(ctx: IndexContext, factors: readonly Factor[], out: readonly string[]): Factor[] | undefined {
  const used = new Set<string>();
  for (const f of factors) for (const x of indicesOf(f)) used.add(x);
  const extra: Factor[] = [];
  const units: string[] = [];
  for (const [a, b] of [
    [out[0], out[1]],
    [out[2], out[3]],
  ]) {
    const ma = !used.has(a);
    const mb = !used.has(b);
    if (ma && mb && !(ctx.isOne(a) && ctx.isOne(b))) {
      extra.push(onesLeaf(ctx, a, b));
      continue;
    }
    for (const x of [a, b].filter((y) => !used.has(y))) {
      if (ctx.isOne(x)) units.push(x);
      else extra.push(onesLeaf(ctx, x, ctx.fresh(1)));
    }
  }
  let fs = [...factors];
  if (units.length % 2 !== 0) {
    // a lone size-1 output index takes the place of a size-1 index summed in one leaf only
    const count = new Map<string, number>();
    for (const f of fs) for (const x of indicesOf(f)) count.set(x, (count.get(x) ?? 0) + 1);
    const loose = (x: string): boolean => !out.includes(x) && ctx.isOne(x) && count.get(x) === 1;
    const u = units.pop() as string;
    // prefer a leaf joined (through summed indices) to u's partner: k's chain ends at l, i's at j
    const at4 = out.indexOf(u);
    const partner = out[at4 % 2 === 0 ? at4 + 1 : at4 - 1];
    const near = joinedTo(fs, partner, new Set(out));
    const candidates = fs.map((_, n) => n).filter((n) => fs[n].kind === "leaf" && (fs[n] as Leaf).idx.some(loose));
    const p = candidates.find((n) => near.has(n)) ?? candidates[0];
    if (p === undefined) return undefined;
    const f = fs[p] as Leaf;
    const at = f.idx.findIndex(loose);
    fs[p] = { ...f, idx: f.idx.map((x, n) => (n === at ? u : x)) };
  }
  for (let n = 0; n < units.length; n += 2) extra.push({ kind: "delta", a: units[n], b: units[n + 1] });
  fs = [...fs, ...extra];
  return fs;
}

/** The factors joined to the index `x` through summed indices (`free` indices do not join). */
function joinedTo(fs: readonly Factor[], x: string, free: ReadonlySet<string>): Set<number> {
  const seen = new Set<number>();
  const frontier = [x];
  const visited = new Set<string>();
  while (frontier.length > 0) {
    const i = frontier.pop() as string;
    if (visited.has(i)) continue;
    visited.add(i);
    fs.forEach((f, n) => {
      if (seen.has(n) || !indicesOf(f).includes(i)) return;
      seen.add(n);
      for (const j of indicesOf(f)) if (!free.has(j)) frontier.push(j);
    });
  }
  return seen;
}

/** A ones leaf on the indices [a, b] (a column for [n, 1], a row for [1, n], a matrix otherwise). */
function onesLeaf(ctx: IndexContext, a: string, b: string): Factor {
  const [m, n] = [ctx.size(a), ctx.size(b)];
  const e = isOne(n) ? onesE(1, [m]) : isOne(m) ? t(onesE(1, [n])) : onesE(2, [m, n]);
  return { kind: "leaf", expr: e, idx: [a, b] };
}

/**
 * Two vectors u_p w_q next to a matrix on (p, q) (or on two free indices) are the outer product
 * (u wᵀ)_pq (their size-1 indices take one value), so that a_p M_pq b_q is a Hadamard product
 * and a_k b_l a gradient a bᵀ.
 */
function outerProducts(ctx: IndexContext, factors: readonly Factor[], free: ReadonlySet<string>): Factor[] {
  const fs = [...factors];
  const vec = (f: Factor): f is Leaf =>
    f.kind === "leaf" && f.idx.length === 2 && ctx.isOne(f.idx[1]) && !ctx.isOne(f.idx[0]);
  const uses = (x: string, except: readonly number[]): number =>
    fs.filter((f, n) => !except.includes(n) && indicesOf(f).includes(x)).length;
  for (let p = 0; p < fs.length; p++) {
    for (let q = p + 1; q < fs.length; q++) {
      const u = fs[p];
      const w = fs[q];
      if (!vec(u) || !vec(w) || u.idx[0] === w.idx[0]) continue;
      if (uses(u.idx[1], [p]) > 0 || uses(w.idx[1], [q]) > 0) continue;
      const [a, b] = [u.idx[0], w.idx[0]];
      const partner = fs.some(
        (f, n) =>
          n !== p &&
          n !== q &&
          f.kind === "leaf" &&
          f.idx.length === 2 &&
          new Set(f.idx).size === 2 &&
          f.idx.includes(a) &&
          f.idx.includes(b),
      );
      if (!partner && !(free.has(a) && free.has(b))) continue;
      fs.splice(q, 1);
      fs[p] = { kind: "leaf", expr: mulE(u.expr, t(w.expr)), idx: [a, b] };
      return outerProducts(ctx, fs, free);
    }
  }
  return fs;
}

/**
 * A matrix leaf summed over an index that nothing else uses, while its other index goes on, is
 * a vector of its row (or column) sums: Σ_q Y_pq = (Y𝟏)_p, so that X_pk (Y𝟏)_p S_pl is the
 * chain Xᵀ diag(Y𝟏) S (the row-wise softmax with its cross-entropy).
 */
function rowSums(ctx: IndexContext, term: Term, free: ReadonlySet<string>): Term {
  let fs = [...term.factors];
  const users = (x: string): number[] => fs.flatMap((f, n) => (indicesOf(f).includes(x) ? [n] : []));
  for (let n = 0; n < fs.length; n++) {
    const f = fs[n];
    if (f.kind !== "leaf" || f.idx.length !== 2 || f.idx[0] === f.idx[1]) continue;
    for (const at of [1, 0]) {
      const q = f.idx[at];
      const p = f.idx[1 - at];
      if (free.has(q) || ctx.isOne(q) || ctx.isOne(p)) continue;
      // every user of q is a leaf on (p, q) in either order: their Hadamard product is summed over q
      const group = users(q);
      const leaves = group.map((m) => fs[m]);
      if (!leaves.every((g): g is Leaf => g.kind === "leaf" && g.idx.length === 2 && g.idx.includes(p))) continue;
      if (users(p).length <= group.length && !free.has(p)) continue;
      const oriented = leaves.map((g) => (g.idx[1 - at] === p ? g.expr : t(g.expr)));
      const h = oriented.reduce((x, y) => hadE(x, y));
      const ones = onesE(1, [ctx.size(q)]);
      const v = leaf(at === 1 ? mulE(h, ones) : mulE(t(h), ones), [p, ctx.fresh(1)]);
      fs = [...fs.filter((_, m) => !group.includes(m)), v];
      n = -1;
      break;
    }
  }
  return { ...term, factors: fs };
}

/**
 * The term prepared for the chains when it does not match as it is (the derivatives of ops
 * along an axis, attention): matrix products contracted, row sums made vectors, row vectors
 * made columns and diagonals made explicit.
 */
function alongAxes(ctx: IndexContext, term: Term, free: ReadonlySet<string>): Term {
  return withDiagonals(ctx, columns(ctx, rowSums(ctx, contractPairs(ctx, term, free), free), free), free);
}

/**
 * Two matrix leaves that are the only users of a summed index are one matrix product:
 * G_pt V_st = (GVᵀ)_ps, so that (GVᵀ)_pr S_pr is a Hadamard product the chains can take.
 */
function contractPairs(ctx: IndexContext, term: Term, free: ReadonlySet<string>): Term {
  const fs = [...term.factors];
  const users = (x: string): number[] => fs.flatMap((f, n) => (indicesOf(f).includes(x) ? [n] : []));
  for (const f of fs) {
    for (const q of indicesOf(f)) {
      if (free.has(q) || ctx.isOne(q)) continue;
      const us = users(q);
      if (us.length !== 2) continue;
      const [x, y] = us.map((n) => fs[n]);
      const matrix = (g: Factor): g is Leaf =>
        g.kind === "leaf" && g.idx.length === 2 && g.idx[0] !== g.idx[1] && g.idx.includes(q);
      if (!matrix(x) || !matrix(y)) continue;
      const a = x.idx[0] === q ? x.idx[1] : x.idx[0];
      const b = y.idx[0] === q ? y.idx[1] : y.idx[0];
      if (a === b) continue;
      const left = x.idx[1] === q ? x.expr : t(x.expr);
      const right = y.idx[0] === q ? y.expr : t(y.expr);
      const rest = fs.filter((_, n) => !us.includes(n));
      return contractPairs(ctx, { ...term, factors: [...rest, leaf(mulE(left, right), [a, b])] }, free);
    }
  }
  return term;
}

/**
 * A row vector r on (u, a) with a size-1 index u that nothing else uses is the column rᵀ on
 * (a, u), so that a chain can take it as a diagonal: X_kl (norm2(X, 1)^(∘−1))_l = (X diag(…ᵀ))_kl.
 */
function columns(ctx: IndexContext, term: Term, free: ReadonlySet<string>): Term {
  const uses = (x: string): number => term.factors.filter((f) => indicesOf(f).includes(x)).length;
  const factors = term.factors.map((f) =>
    f.kind === "leaf" &&
    f.idx.length === 2 &&
    ctx.isOne(f.idx[0]) &&
    !ctx.isOne(f.idx[1]) &&
    !free.has(f.idx[0]) &&
    uses(f.idx[0]) === 1
      ? leaf(t(f.expr), [f.idx[1], f.idx[0]])
      : f,
  );
  return { ...term, factors };
}

/**
 * Match every term against the three kinds; undefined when some term does not fit (then only
 * the index form applies). `out` must be [i, j, k, l] (padded result and variable indices).
 */
export function toKinds(ctx: IndexContext, sum: IndexSum): KindTerm[] | undefined {
  if (sum.out.length !== 4) return undefined;
  const [i, j, k, l] = sum.out;
  const free = new Set(sum.out);
  const result: KindTerm[] = [];
  for (const term of sum.terms) {
    // as it is, else with diagonals made explicit and size-1 free indices interchangeable
    const kt =
      matchTerm(ctx, term, free, i, j, k, l, false) ??
      matchTerm(ctx, withDiagonals(ctx, term, free), free, i, j, k, l, true) ??
      matchTerm(ctx, alongAxes(ctx, term, free), free, i, j, k, l, true);
    if (kt === undefined) return undefined;
    result.push(kt);
  }
  return result;
}

function matchTerm(
  ctx: IndexContext,
  term: Term,
  free: ReadonlySet<string>,
  i: string,
  j: string,
  k: string,
  l: string,
  unitFree: boolean,
): KindTerm | undefined {
  term = { ...term, factors: mergeHadamard(ctx, term.factors, free, unitFree) };
  if (unitFree) {
    // vectors that join more than a chain become diagonal matrices; two vectors next to a matrix
    // on their indices (or on two free indices) an outer product; then merge Hadamard products again
    // an index of size 1 takes one value: a δ between two is 1, and each place it stands on a
    // factor can have an index of its own (withOnes pairs the free ones again below)
    const bare = term.factors
      .filter((f) => !(f.kind === "delta" && ctx.isOne(f.a) && ctx.isOne(f.b)))
      .map((f) => (f.kind === "leaf" ? { ...f, idx: f.idx.map((x) => (ctx.isOne(x) ? ctx.fresh(1) : x)) } : f));
    let fs = mergeHadamard(ctx, outerProducts(ctx, bare, free), free, unitFree);
    fs = mergeHadamard(ctx, diagonalizeVectors(ctx, fs, free), free, unitFree);
    // an index summed in one factor only is a sum of entries: Σ_p y_p = 𝟏ᵀy
    const count = new Map<string, number>();
    for (const f of fs) for (const x of indicesOf(f)) count.set(x, (count.get(x) ?? 0) + 1);
    for (const [x, c] of count) if (c === 1 && !free.has(x) && !ctx.isOne(x)) fs.push(onesLeaf(ctx, x, ctx.fresh(1)));
    term = { ...term, factors: fs };
  }
  const filled = withOnes(ctx, term.factors, [i, j, k, l]);
  if (filled === undefined) return undefined;
  term = { ...term, factors: filled };
  const scalars: Expr[] = term.dims.map((d) => sizeE(d));
  const pairs = new Map<string, Chain[]>();
  const pairKey = (a: string, b: string): string => [a, b].sort().join("|");
  const open: Chain[] = [];
  for (const comp of components(term.factors, free)) {
    const ch = walk(ctx, comp, free);
    if (ch === undefined) return undefined;
    if (ch.open) {
      open.push(ch);
      continue;
    }
    if (ch.from === undefined || ch.to === undefined) {
      scalars.push(ch.expr);
      continue;
    }
    const key = pairKey(ch.from, ch.to);
    const list = pairs.get(key) ?? [];
    list.push(ch);
    pairs.set(key, list);
  }
  // two vectors u_a, w_b (each a chain from a free index to an end of size 1) are (u wᵀ)_ab
  if (open.length % 2 !== 0) return undefined;
  for (let n = 0; n < open.length; n += 2) {
    const [u, w] = [open[n], open[n + 1]];
    const key = pairKey(u.from as string, w.from as string);
    const list = pairs.get(key) ?? [];
    list.push({ from: u.from, to: w.from, expr: mulE(u.expr, t(w.expr)) });
    pairs.set(key, list);
  }
  /** The chains between a and b, oriented with rows indexed by a, combined by ∘. */
  const take = (a: string, b: string): Expr | undefined => {
    const list = pairs.get(pairKey(a, b));
    pairs.delete(pairKey(a, b));
    if (list === undefined) return undefined;
    return list.map((c) => (c.from === a ? c.expr : t(c.expr))).reduce((x, y) => hadE(x, y));
  };
  const ij = take(i, j);
  const kl = take(k, l);
  const ik = take(i, k);
  const lj = take(l, j);
  const il = take(i, l);
  const kj = take(k, j);
  if (pairs.size > 0) return undefined;
  const base = { coef: term.coef, scalars };
  if (ik && lj && !il && !kj)
    return { ...base, kind: 1, left: ik, right: lj, ...(ij ? { dy: ij } : {}), ...(kl ? { da: kl } : {}) };
  if (il && kj && !ik && !lj)
    return { ...base, kind: 2, left: il, right: kj, ...(ij ? { dy: ij } : {}), ...(kl ? { da: kl } : {}) };
  if (ij && kl && !ik && !lj && !il && !kj) return { ...base, kind: 3, left: ij, right: kl };
  return undefined;
}

/** @internal Is `e` an identity `I` (of any size)? */
export function isIdentity(e: Expr): boolean {
  return (opDef(e.op) as SymOpDef).traits.identity === true;
}

/** @internal Is `e` a 1×1 identity (the number 1)? */
export function isUnit(e: Expr): boolean {
  if (isIdentity(e)) {
    const dims = (e as { readonly dims?: readonly Dim[] }).dims;
    return dims !== undefined && dims[0] === 1;
  }
  return numValue(e) === 1;
}

const isScalarOp = (e: Expr): boolean => (opDef(e.op) as SymOpDef).traits.scalar === true;

/** What {@link tidy} knows: the shapes of the symbols (their differentials dX have X's shape). */
export interface TidyContext {
  readonly shapes: Shapes;
  /** Shapes already inferred, by the expression's structural key (trees are immutable). */
  readonly known: Map<string, [Dim, Dim] | null>;
  /** Symbols declared symmetric (diagonal ones included); their differentials are symmetric too. */
  readonly symmetric: ReadonlySet<string>;
  /** Symmetry already decided, by structural key. */
  readonly symmetricKnown: Map<string, boolean>;
  /** Keys of the expressions known to have more than two axes. */
  readonly tensors: Set<string>;
}

/**
 * The shapes of the symbols and of their differentials (dA has the shape of A), and the
 * symbols declared symmetric.
 */
export function tidyContext(shapes: Shapes, symmetric: readonly string[] = []): TidyContext {
  const all: Record<string, readonly Dim[]> = { ...shapes };
  for (const [name, s] of Object.entries(shapes)) if (all[`d${name}`] === undefined) all[`d${name}`] = s;
  const sym = new Set<string>();
  for (const n of symmetric) sym.add(n).add(`d${n}`);
  return { shapes: all, known: new Map(), symmetric: sym, symmetricKnown: new Map(), tensors: new Set() };
}

/**
 * Tidy a matrix expression for display: push transposes down (`(AB)ᵀ = BᵀAᵀ`, `Aᵀᵀ = A`),
 * drop identities from products, drop 1×1 identities.
 */
export function tidy(e: Expr, tc: TidyContext): Expr {
  const def = opDef(e.op) as SymOpDef;
  const scope: TidyScope = {
    tidy: (x) => tidy(x, tc),
    transpose: (x) => transposeOf(x, tc),
    isIdentity,
    isUnit,
    isScalarOp,
    shape: (x) => paddedShape(x, tc),
    cancelScalars: (parts) => cancelScalars(parts, tc),
  };
  if (def.tidy !== undefined) return def.tidy(e as never, scope);
  if (e.args.length === 0) return e;
  return withArgs(e, e.args.map(scope.tidy));
}

/** The divisor of a division node (by its op's rule). */
const divisorOf = (e: Expr): Expr | undefined => (opDef(e.op) as SymOpDef).divisor?.(e as never);

/**
 * A scalar factor s of a product cancels a division by s inside another factor (through
 * products, transposes and one operand of a Hadamard product): s · (Aᵀ(r / s)) = Aᵀr
 * (d‖r‖ = (r / ‖r‖) : dr gives such products).
 */
function cancelScalars(parts: readonly Expr[], tc: TidyContext): Expr[] {
  if (parts.length < 2 || !parts.some(hasDivision)) return [...parts];
  const denominators = new Set<string>();
  const collect = (x: Expr): void => {
    const d = divisorOf(x);
    if (d !== undefined) denominators.add(exprKey(d));
    x.args.forEach(collect);
  };
  parts.forEach(collect);
  let fs = [...parts];
  for (let p = 0; p < fs.length; p++) {
    const s = fs[p];
    const key = exprKey(s);
    if (isNum(s) || !denominators.has(key) || !(isScalarOp(s) || isOneByOne(paddedShape(s, tc)))) continue;
    for (let q = 0; q < fs.length; q++) {
      if (q === p) continue;
      const c = cancelDivision(fs[q], key);
      if (c === undefined) continue;
      fs = fs.flatMap((f, n) => (n === p ? [] : n === q ? [c] : [f])).filter((f) => !isUnit(f));
      return cancelScalars(fs.length === 0 ? [num(1)] : fs, tc);
    }
  }
  return fs;
}

const hasDivision = (e: Expr): boolean => divisorOf(e) !== undefined || e.args.some(hasDivision);

const isOneByOne = (s: [Dim, Dim] | undefined): boolean => s !== undefined && isOne(s[0]) && isOne(s[1]);

/** `x` with one division by the scalar of key `key` removed (through products, transposes, negation: each op's rule). */
function cancelDivision(x: Expr, key: string): Expr | undefined {
  return (opDef(x.op) as SymOpDef).withoutDivision?.(x as never, key, (y) => cancelDivision(y, key), isUnit);
}

/** @internal Is the dimension the number 1? */
export const isOne = (d: Dim): boolean => d === 1;

/** @internal The padded shape of an engine-built expression, by shape inference (undefined when it cannot be told). */
export function paddedShape(e: Expr, tc: TidyContext): [Dim, Dim] | undefined {
  const key = exprKey(e);
  const seen = tc.known.get(key);
  if (seen !== undefined) return seen ?? undefined;
  const c = composedShape(e, tc);
  if (c === "none") tc.tensors.add(key);
  const s = c === "none" ? undefined : (c ?? inferPadded(e, tc, key));
  tc.known.set(key, s ?? null);
  return s;
}

/**
 * The padded shape from the operands' (cached) shapes for the common nodes, so that the shapes
 * of a tree's many subtrees cost one pass, not one inference each; undefined when unsure (then
 * shape inference decides).
 */
function composedShape(e: Expr, tc: TidyContext): [Dim, Dim] | undefined | "none" {
  const def = opDef(e.op) as SymOpDef;
  if (def.traits.scalar) return [1, 1];
  const rule = def.matrixShape as MatrixShapeRule<Expr> | undefined;
  const of = (args: readonly Padded[]): [Dim, Dim] | undefined | "none" => {
    const r = rule?.of(e, args, tc.shapes);
    return r === undefined || r === "none" ? r : [r[0], r[1]];
  };
  if (e.args.length === 0) return of([]);
  // a product, sum, transpose, … of a node that is not a matrix is not one either
  const through = rule?.through === true;
  const a0 = e.args[0] as Expr;
  const a = paddedShape(a0, tc);
  if (a === undefined) return through && tc.tensors.has(exprKey(a0)) ? "none" : undefined;
  if (e.args.length === 1) return rule !== undefined ? of([a]) : def.traits.elementwise ? a : undefined;
  if (e.args.length !== 2) return undefined;
  const b = paddedShape(e.args[1], tc);
  if (b === undefined) return through && tc.tensors.has(exprKey(e.args[1])) ? "none" : undefined;
  return of([a, b]);
}

function inferPadded(e: Expr, tc: TidyContext, key: string): [Dim, Dim] | undefined {
  try {
    const s = inferShapes(e, tc.shapes).shape;
    if (s.length > 2) {
      tc.tensors.add(key);
      return undefined;
    }
    return s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [s[0], s[1]];
  } catch {
    return undefined;
  }
}

/**
 * @internal `aᵀ` pushed to the leaves by each op's transpose rule (scalars are their own
 * transpose); a symmetric matrix is its own transpose ({@link isSymmetric}).
 */
export function transposeOf(a: Expr, tc: TidyContext): Expr {
  return isSymmetric(a, tc) ? a : transposeRaw(a, tc);
}

/** @internal `aᵀ` by the op's transpose rule at the top (the operands' transposes pushed down). */
export function transposeRaw(a: Expr, tc: TidyContext): Expr {
  const def = opDef(a.op) as SymOpDef;
  const tr = (x: Expr): Expr => transposeOf(x, tc);
  const r = def.transpose?.(a as ExprOf<typeof a.op>, tr, (x) => paddedShape(x, tc));
  if (r !== undefined) return r;
  return def.traits.scalar ? a : t(a);
}

/**
 * Is the matrix `e` symmetric by what its structure shows? Symbols declared symmetric, numbers,
 * identities, 1×1 values, diag(v), and every expression that equals its own transpose once
 * transposes are pushed to the leaves: XᵀX, XXᵀ, A + Aᵀ, AᵀSA for symmetric S, X⁻¹ and
 * elementwise functions of symmetric X.
 */
export function isSymmetric(e: Expr, tc: TidyContext): boolean {
  const key = exprKey(e);
  const seen = tc.symmetricKnown.get(key);
  if (seen !== undefined) return seen;
  tc.symmetricKnown.set(key, false);
  const r = decideSymmetric(e, tc);
  tc.symmetricKnown.set(key, r);
  return r;
}

function decideSymmetric(e: Expr, tc: TidyContext): boolean {
  const def = opDef(e.op) as SymOpDef;
  if (def.traits.scalar) return true;
  const rules = def.symmetry as SymmetryRules<Expr> | undefined;
  const scope: SymmetryScope = {
    isSymmetric: (x) => isSymmetric(x, tc),
    shape: (x) => paddedShape(x, tc),
    declared: (name) => tc.symmetric.has(name),
  };
  if (rules?.leaf !== undefined) return rules.leaf(e, scope);
  const s = paddedShape(e, tc);
  if (s === undefined || s[0] !== s[1]) return false;
  if (isOne(s[0])) return true;
  if (rules?.asOperand === true || (def.traits.elementwise && e.args.length === 1))
    return isSymmetric(e.args[0] as Expr, tc);
  if (rules?.square !== undefined) return rules.square(e, scope);
  if (e.args.length === 0) return false;
  return canonKey(transposeRaw(e, tc)) === canonKey(e);
}

/** A key equal for sums (and commutative products) that differ only in the order of their terms. */
function canonKey(e: Expr): string {
  const def = opDef(e.op) as SymOpDef;
  if (def.terms !== undefined) {
    const terms: string[] = [];
    const walk = (x: Expr, sign: string): void => {
      const split = (opDef(x.op) as SymOpDef).terms?.(x as never);
      if (split === undefined) terms.push(sign + canonKey(x));
      else for (const [y, k] of split) walk(y, k > 0 ? sign : sign === "+" ? "-" : "+");
    };
    walk(e, "+");
    return `sum(${terms.sort().join(",")})`;
  }
  if (def.commutative === true && e.args.length === 2)
    return `${nodeKey(e)}(${[canonKey(e.args[0]), canonKey(e.args[1])].sort().join(",")})`;
  if (e.args.length === 0) return exprKey(e);
  return `${nodeKey(e)}(${e.args.map(canonKey).join(",")})`;
}

/** A scalar multiplier as an expression (coefficient times scalar factors), or undefined for 1. */
export function scalarFactor(coef: number, scalars: readonly Expr[], tc: TidyContext): Expr | undefined {
  const parts: Expr[] = [];
  if (coef !== 1) parts.push(num(coef));
  parts.push(...scalars.map((s) => asScalarPower(tidy(s, tc))).filter((s) => !isUnit(s)));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : mulE(parts[0], parts[1], ...parts.slice(2));
}

/**
 * @internal A scalar factor that is a reciprocal by its op's rule written s⁻¹: (xᵀx)⁻¹, not
 * (xᵀx)^(∘−1) (the same value for a 1×1 s).
 */
export function asScalarPower(e: Expr): Expr {
  const pw = ((opDef(e.op) as SymOpDef).simplify as SimplifyRules<Expr> | undefined)?.asPower?.(e);
  return pw !== undefined && pw.exp === -1 ? invE(pw.base) : e;
}
