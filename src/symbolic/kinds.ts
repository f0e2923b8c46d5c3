/**
 * Recognising matrix forms in index terms: each term of ∂Y_ij/∂A_kl is matched against the
 * three kinds of the design note (1: X dA Y, 2: U dAᵀ V, 3: W tr(Zᵀ dA)), possibly with
 * elementwise (diagonal) factors on Y's indices (DY ∘ …) or on A's indices (… (DA ∘ dA) …).
 * Chains of factors linked by summed indices are read back as matrix products.
 * @packageDocumentation
 */
import { type Dim, type Expr, hadE, identity, mulE, num, t, trE } from "./expr";
import { type Factor, type IndexContext, type IndexSum, type Term, indicesOf } from "./ricci";
import type { Shapes } from "./shapes";
import { isDifferential } from "./print";

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
function mergeHadamard(ctx: IndexContext, factors: readonly Factor[], free: ReadonlySet<string>): Factor[] {
  const fs = [...factors];
  const count = new Map<string, number>();
  for (const f of fs) for (const x of indicesOf(f)) count.set(x, (count.get(x) ?? 0) + 1);
  const loose = (x: string): boolean => !free.has(x) && ctx.isOne(x) && count.get(x) === 1;
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
      return mergeHadamard(ctx, fs, free);
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
    const kt = matchTerm(ctx, term, free, i, j, k, l);
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
): KindTerm | undefined {
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
  term = { ...term, factors: mergeHadamard(ctx, term.factors, free) };
  const scalars: Expr[] = term.dims.map((d) => ({ op: "sym", args: [], name: d, start: -1, end: -1 }) as Expr);
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

const SCALAR_OPS = new Set<Expr["op"]>(["tr", "det", "logdet", "num"]);

/**
 * Tidy a matrix expression for display: push transposes down (`(AB)ᵀ = BᵀAᵀ`, `Aᵀᵀ = A`),
 * drop identities from products, drop 1×1 identities.
 */
export function tidy(e: Expr): Expr {
  switch (e.op) {
    case "T":
      return transposeOf(tidy(e.args[0]));
    case "mul": {
      // re-associate the left spine (a right operand that is a product stays whole: it may be a
      // scalar multiplier such as (zᵀ dx)), drop identities, rebuild left to right
      const spine = flatLeft(e).map(tidy);
      const fs = [...flatLeft(spine[0]), ...spine.slice(1)];
      const kept = fs.filter((f) => !isUnit(f));
      const nonId = kept.filter((f) => !isIdentity(f));
      const ids = kept.filter(isIdentity);
      // keep one identity when everything else is a scalar (2·I is not 2)
      const restShape = productShape(nonId);
      const scalarOnly =
        restShape !== undefined ? isOne(restShape[0]) && isOne(restShape[1]) : nonId.every((f) => SCALAR_OPS.has(f.op));
      const parts =
        nonId.length === 0
          ? kept.length > 0
            ? [kept[0]]
            : [fs[0]]
          : scalarOnly && ids.length > 0
            ? [...nonId, ids[0]]
            : nonId;
      return parts.length === 1 ? parts[0] : mulE(parts[0], parts[1], ...parts.slice(2));
    }
    case "had": {
      const a = tidy(e.args[0]);
      const b = tidy(e.args[1]);
      if (isUnit(a)) return b;
      if (isUnit(b)) return a;
      return hadE(a, b);
    }
    default:
      if (e.args.length === 0) return e;
      return { ...e, args: e.args.map(tidy) };
  }
}

let tidyShapes: Shapes | undefined;

/** Run `f` with the shapes of the symbols known to {@link tidy} (so that 2·I stays 2I). */
export function withTidyShapes<T>(shapes: Shapes, f: () => T): T {
  const prev = tidyShapes;
  tidyShapes = shapes;
  try {
    return f();
  } finally {
    tidyShapes = prev;
  }
}

/** @internal Is the dimension the number 1? */
export const isOne = (d: Dim): boolean => d === 1;

/** Padded shape of an engine-built matrix expression, when it can be told from the symbols' shapes. */
function shapeOf(e: Expr): [Dim, Dim] | undefined {
  const [a, b] = e.args;
  switch (e.op) {
    case "sym": {
      if (tidyShapes === undefined) return undefined;
      const name = e.name ?? "";
      const s = tidyShapes[name] ?? (isDifferential(name) ? tidyShapes[name.slice(1)] : undefined);
      if (s === undefined || s.length > 2) return undefined;
      return s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [s[0], s[1]];
    }
    case "num":
    case "tr":
    case "det":
    case "logdet":
      return [1, 1];
    case "I":
      return e.dims ? [e.dims[0], e.dims[0]] : undefined;
    case "T": {
      const x = shapeOf(a);
      return x && [x[1], x[0]];
    }
    case "inv":
    case "exp":
    case "sin":
    case "cos":
    case "tanh":
    case "sqrt":
    case "log":
    case "recip":
    case "neg":
      return shapeOf(a);
    case "add":
    case "sub":
    case "had":
      return shapeOf(a) ?? shapeOf(b);
    case "mul":
      return productShape([a, b]);
    default:
      return undefined;
  }
}

function productShape(fs: readonly Expr[]): [Dim, Dim] | undefined {
  let acc: [Dim, Dim] | undefined;
  for (const f of fs) {
    const s = shapeOf(f);
    if (s === undefined) return undefined;
    if (acc === undefined) acc = s;
    else if (isOne(acc[0]) && isOne(acc[1]) && !isOne(s[0])) acc = s;
    else if (isOne(s[0]) && isOne(s[1]) && !isOne(acc[1])) continue;
    else acc = [acc[0], s[1]];
  }
  return acc;
}

/** The left spine of a product: ((a b) c) → [a, b, c]; right operands stay whole. */
function flatLeft(x: Expr): Expr[] {
  return x.op === "mul" ? [...flatLeft(x.args[0]), x.args[1]] : [x];
}

function transposeOf(a: Expr): Expr {
  switch (a.op) {
    case "T":
      return a.args[0];
    case "I":
      return a;
    case "mul": {
      const fs = flatLeft(a).reverse().map(transposeOf);
      const head = flatLeft(fs[0]);
      const all = [...head, ...fs.slice(1)];
      return mulE(all[0], all[1], ...all.slice(2));
    }
    case "add":
    case "sub":
    case "had":
      return { ...a, args: a.args.map(transposeOf) };
    case "neg":
    case "exp":
    case "sin":
    case "cos":
    case "tanh":
    case "sqrt":
    case "log":
    case "recip":
      return { ...a, args: [transposeOf(a.args[0])] };
    case "inv":
      if (a.args[0].op === "T") return { ...a, args: [a.args[0].args[0]] };
      return t(a);
    default:
      if (SCALAR_OPS.has(a.op)) return a;
      return t(a);
  }
}

/** A scalar multiplier as an expression (coefficient times scalar factors), or undefined for 1. */
export function scalarFactor(coef: number, scalars: readonly Expr[]): Expr | undefined {
  const parts: Expr[] = [];
  if (coef !== 1) parts.push(num(coef));
  parts.push(...scalars.map(tidy).filter((s) => !isUnit(s)));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : mulE(parts[0], parts[1], ...parts.slice(2));
}
