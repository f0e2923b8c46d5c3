/**
 * Recognising matrix forms in index terms: each term of ∂Y_ij/∂A_kl is matched against the
 * three kinds of the design note (1: X dA Y, 2: U dAᵀ V, 3: W tr(Zᵀ dA)), possibly with
 * elementwise (diagonal) factors on Y's indices (DY ∘ …) or on A's indices (… (DA ∘ dA) …).
 * Chains of factors linked by summed indices are read back as matrix products.
 * @packageDocumentation
 */
import { type Dim, type Expr, hadE, identity, mulE, num, sym, t, trE, withArgs, productE } from "./expr";
import { type Factor, type IndexSum, type Term, indicesOf } from "./indexterms";
import type { SymOpDef } from "./opdef";
import { withDiagonals } from "./ops/diag";
import { flatLeft } from "./ops/mul";
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
  return undefined;
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
      matchTerm(ctx, withDiagonals(ctx, term, free), free, i, j, k, l, true);
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
  // a free index of size 1 that no factor uses (Σ_b δ_ab = 1 for a scalar variable): pair them with δ
  const used = new Set<string>();
  for (const f of term.factors) for (const x of indicesOf(f)) used.add(x);
  const missing = [i, j, k, l].filter((x) => !used.has(x));
  if (missing.length > 0) {
    if (missing.length % 2 !== 0 || missing.some((x) => !ctx.isOne(x))) return undefined;
    const extra: Factor[] = [];
    for (let n = 0; n < missing.length; n += 2) extra.push({ kind: "delta", a: missing[n], b: missing[n + 1] });
    term = { ...term, factors: [...term.factors, ...extra] };
  }
  const scalars: Expr[] = term.dims.map((d) => sym(d));
  const pairs = new Map<string, Chain[]>();
  const pairKey = (a: string, b: string): string => [a, b].sort().join("|");
  for (const comp of components(term.factors, free)) {
    const ch = walk(ctx, comp, free);
    if (ch === undefined) return undefined;
    if (ch.from === undefined || ch.to === undefined) {
      scalars.push(ch.expr);
      continue;
    }
    const key = pairKey(ch.from, ch.to);
    const list = pairs.get(key) ?? [];
    list.push(ch);
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
  return e.op === "I";
}

/** @internal Is `e` a 1×1 identity (the number 1)? */
export function isUnit(e: Expr): boolean {
  return (e.op === "I" && e.dims !== undefined && e.dims[0] === 1) || (e.op === "num" && e.value === 1);
}

const isScalarOp = (e: Expr): boolean => (opDef(e.op) as SymOpDef).traits.scalar === true;

/** What {@link tidy} knows: the shapes of the symbols (their differentials dX have X's shape). */
export interface TidyContext {
  readonly shapes: Shapes;
}

/** The shapes of the symbols and of their differentials (dA has the shape of A). */
export function tidyContext(shapes: Shapes): TidyContext {
  const all: Record<string, readonly Dim[]> = { ...shapes };
  for (const [name, s] of Object.entries(shapes)) if (all[`d${name}`] === undefined) all[`d${name}`] = s;
  return { shapes: all };
}

/**
 * Tidy a matrix expression for display: push transposes down (`(AB)ᵀ = BᵀAᵀ`, `Aᵀᵀ = A`),
 * drop identities from products, drop 1×1 identities.
 */
export function tidy(e: Expr, tc: TidyContext): Expr {
  const rec = (x: Expr): Expr => tidy(x, tc);
  switch (e.op) {
    case "T":
      return transposeOf(rec(e.args[0]));
    case "mul": {
      // re-associate the left spine (a right operand that is a product stays whole: it may be a
      // scalar multiplier such as (zᵀ dx)), drop identities, rebuild left to right
      const spine = flatLeft(e).map(rec);
      const fs = [...flatLeft(spine[0]), ...spine.slice(1)];
      const kept = fs.filter((f) => !isUnit(f));
      const nonId = kept.filter((f) => !isIdentity(f));
      const ids = kept.filter(isIdentity);
      // keep one identity when everything else is a scalar (2·I is not 2)
      const restShape = nonId.length === 0 ? undefined : paddedShape(productE(nonId), tc);
      const scalarOnly = restShape !== undefined ? isOne(restShape[0]) && isOne(restShape[1]) : nonId.every(isScalarOp);
      const parts =
        nonId.length === 0
          ? kept.length > 0
            ? [kept[0]]
            : [fs[0]]
          : scalarOnly && ids.length > 0
            ? [...nonId, ids[0]]
            : nonId;
      return productE(parts);
    }
    case "had": {
      const a = rec(e.args[0]);
      const b = rec(e.args[1]);
      if (isUnit(a)) return b;
      if (isUnit(b)) return a;
      return hadE(a, b);
    }
    default:
      if (e.args.length === 0) return e;
      return withArgs(e, e.args.map(rec));
  }
}

/** @internal Is the dimension the number 1? */
export const isOne = (d: Dim): boolean => d === 1;

/** The padded shape of an engine-built expression, by shape inference (undefined when it cannot be told). */
function paddedShape(e: Expr, tc: TidyContext): [Dim, Dim] | undefined {
  try {
    const s = inferShapes(e, tc.shapes).shape;
    if (s.length > 2) return undefined;
    return s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [s[0], s[1]];
  } catch {
    return undefined;
  }
}

/** `aᵀ` pushed to the leaves by each op's transpose rule (scalars are their own transpose). */
function transposeOf(a: Expr): Expr {
  const def = opDef(a.op) as SymOpDef;
  const r = def.transpose?.(a, transposeOf);
  if (r !== undefined) return r;
  return def.traits.scalar ? a : t(a);
}

/** A scalar multiplier as an expression (coefficient times scalar factors), or undefined for 1. */
export function scalarFactor(coef: number, scalars: readonly Expr[], tc: TidyContext): Expr | undefined {
  const parts: Expr[] = [];
  if (coef !== 1) parts.push(num(coef));
  parts.push(...scalars.map((s) => tidy(s, tc)).filter((s) => !isUnit(s)));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : mulE(parts[0], parts[1], ...parts.slice(2));
}
