/**
 * Facts a user states about the data (`derive(…, { assume: { Y: "probability" } })`, CLI
 * `--assume Y=probability`), which the engine may use to shorten a result as a textbook does:
 *
 * - `"probability"`: a vector y is a probability vector (its entries sum to 1: 𝟏ᵀy = 1); for a
 *   matrix Y, each row is one (Y𝟏 = 𝟏, the targets of a row-wise softmax).
 * - `"onehot"`: a probability vector (or matrix of rows) whose entries are 0 or 1, one label:
 *   𝟏ᵀy = 1 and y ∘ y = y.
 * - `"sign"`: every entry is +1 or −1 (labels ±1): y ∘ y = 𝟏.
 *
 * A fact is used in the index terms, before any form is built, so that every form, the
 * operators and `verify` (which then draws values that satisfy it) agree. A fact about the
 * variable itself is not used: the derivative is taken in every direction.
 * @packageDocumentation
 */
import { DifferentiationError, ShapeError } from "../core/errors";
import { rand } from "../create/index";
import { Tensor } from "../core/tensor";
import { divide, hadamard, sign, sub, sum } from "../ops/index";
import { type Dim, onesE, isSym } from "./expr";
import type { SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import { isTransposition } from "./traits";
import { type Factor, indicesOf, leaf, type Leaf, type Term } from "./indexterms";

/** A fact about a symbol's values. */
export type Fact = "probability" | "onehot" | "sign";

/** Every fact, with what it means (the error for an unknown one lists them). */
export const FACTS: Readonly<Record<Fact, string>> = {
  probability: "entries ≥ 0 summing to 1 (for a matrix: along each row, Y𝟏 = 𝟏)",
  onehot: "entries 0 or 1 with one 1 (for a matrix: in each row), so Y𝟏 = 𝟏 and Y ∘ Y = Y",
  sign: "every entry is +1 or −1 (y ∘ y = 𝟏)",
};

/** What a fact says, for a symbol of the given order, as a derivation's note prints it. */
export function factNote(name: string, fact: Fact, order: number): string {
  if (fact === "sign") return `assumed: every entry of ${name} is ±1, so ${name} ∘ ${name} = 𝟏`;
  if (fact === "onehot")
    return order >= 2
      ? `assumed: each row of ${name} is one-hot, so ${name}𝟏 = 𝟏 and ${name} ∘ ${name} = ${name}`
      : `assumed: ${name} is one-hot, so 𝟏ᵀ${name} = 1 and ${name} ∘ ${name} = ${name}`;
  return order >= 2
    ? `assumed: each row of ${name} sums to 1, so ${name}𝟏 = 𝟏`
    : `assumed: the entries of ${name} sum to 1, so 𝟏ᵀ${name} = 1`;
}

/**
 * The facts checked against the expression's symbols and their shapes.
 * @throws {@link DifferentiationError} for an unknown fact or a symbol the expression lacks;
 * {@link ShapeError} for a fact that does not fit the symbol's shape.
 */
export function checkFacts(
  assume: Readonly<Record<string, string>>,
  shapes: Readonly<Record<string, readonly Dim[]>>,
): Readonly<Record<string, Fact>> {
  const out: Record<string, Fact> = {};
  for (const [name, fact] of Object.entries(assume)) {
    if (!(fact in FACTS))
      throw new DifferentiationError(
        `assume: unknown fact "${fact}" for ${name}; the facts are ${Object.entries(FACTS)
          .map(([f, m]) => `${f} (${m})`)
          .join(", ")}`,
      );
    const shape = shapes[name];
    if (shape === undefined)
      throw new DifferentiationError(`assume: ${name} does not appear in the expression (a fact about it is not used)`);
    if (shape.length > 2)
      throw new ShapeError(
        `assume: ${name} has shape [${shape.join(", ")}]; facts apply to vectors and matrices (rows of a matrix)`,
      );
    out[name] = fact as Fact;
  }
  return out;
}

/** What the index engine needs to apply the facts. */
export interface FactScope {
  fresh(size: Dim, hint?: string): string;
  size(i: string): Dim;
  isOne(i: string): boolean;
}

/** A leaf on the symbol itself or its transpose: the symbol's name and its (row, column) indices. */
function symbolLeaf(f: Factor): { name: string; idx: readonly string[] } | undefined {
  if (f.kind !== "leaf") return undefined;
  if (isSym(f.expr)) return { name: f.expr.name, idx: f.idx };
  const a = isTransposition(f.expr) ? f.expr.args[0] : undefined;
  if (a !== undefined && isSym(a) && f.idx.length === 2) return { name: a.name, idx: [f.idx[1], f.idx[0]] };
  return undefined;
}

/**
 * The term with the facts used: a probability vector summed over its entries is 1, a matrix of
 * probability rows summed along each row is 𝟏, and a product of two equal ±1 entries is 1. An
 * index that no factor uses afterwards is summed out (its size) or, when free, kept by ones.
 */
export function applyFacts(
  s: FactScope,
  term: Term,
  free: ReadonlySet<string>,
  factOf: (name: string) => Fact | undefined,
): Term {
  const fs = [...term.factors];
  const users = (x: string, except: readonly number[]): number =>
    fs.filter((f, n) => !except.includes(n) && indicesOf(f).includes(x)).length;
  for (let n = 0; n < fs.length; n++) {
    const sl = symbolLeaf(fs[n]);
    const fact = sl === undefined ? undefined : factOf(sl.name);
    if (sl === undefined || fact === undefined) continue;
    const [p, q] = sl.idx;
    const sums = fact === "probability" || fact === "onehot";
    const squares = fact === "sign" || fact === "onehot";
    if (sums) {
      // Σ_q Y_pq = 1 for each row p; a vector (q of size 1) sums over p: Σ_p y_p = 1
      const summed = s.isOne(q) ? p : q;
      // (a vector of ones beside it on the same index is part of the sum: Σ_p 𝟏_p y_p)
      const ones = fs.flatMap((f, m) => (m !== n && isOnesOn(s, f, summed) ? [m] : []));
      const drop = [n, ...ones];
      if (!(free.has(summed) || s.isOne(summed) || users(summed, drop) > 0))
        return applyFacts(s, withoutFactors(s, term, fs, drop, s.isOne(q) ? [] : [p], free), free, factOf);
    }
    if (!squares) continue;
    // y_pq y_pq = 1 for signs; y_pq y_pq = y_pq for one-hot entries
    const twin = fs.findIndex((g, m) => {
      const tl = m === n ? undefined : symbolLeaf(g);
      return tl !== undefined && tl.name === sl.name && tl.idx[0] === p && tl.idx[1] === q;
    });
    if (twin < 0) continue;
    const drop = fact === "onehot" ? [twin] : [n, twin];
    return applyFacts(s, withoutFactors(s, term, fs, drop, [p, q], free), free, factOf);
  }
  return term;
}

/** A leaf of ones (every entry 1) whose only index longer than 1 is `x`. */
function isOnesOn(s: FactScope, f: Factor, x: string): boolean {
  if (f.kind !== "leaf" || (opDef(f.expr.op) as SymOpDef).traits.uniform !== 1) return false;
  const big = f.idx.filter((i) => !s.isOne(i));
  return big.length === 1 && big[0] === x;
}

/**
 * The term without the factors at `drop`; the indices `keep` that nothing uses any more are
 * summed out (a size in the coefficient) or, where free, kept by ones.
 */
export function withoutFactors(
  s: FactScope,
  term: Term,
  fs: readonly Factor[],
  drop: readonly number[],
  keep: readonly string[],
  free: ReadonlySet<string>,
): Term {
  const rest = fs.filter((_, n) => !drop.includes(n));
  let coef = term.coef;
  const dims = [...term.dims];
  const extra: Leaf[] = [];
  for (const x of new Set(keep)) {
    if (s.isOne(x) || rest.some((f) => indicesOf(f).includes(x))) continue;
    if (free.has(x)) {
      extra.push(leaf(onesE(1, [s.size(x)]), [x, s.fresh(1)]));
      continue;
    }
    const n = s.size(x);
    if (typeof n === "number") coef *= n;
    else dims.push(n);
  }
  return { coef, dims, factors: [...rest, ...extra] };
}

/**
 * A value that satisfies the fact (for `verify`): probability rows (or a probability vector),
 * one-hot rows (or a one-hot vector), or random signs.
 */
export function factValue(fact: Fact, shape: readonly number[], seed: number): Tensor {
  if (fact === "sign") return sign(sub(rand([...shape], { seed }), 0.5));
  if (fact === "onehot") return oneHot(shape, seed);
  const v = rand([...shape], { seed, min: 0.1, max: 1 });
  if (shape.length < 2) return divide(v, sum(v).item());
  const [m, n] = shape;
  const rows = sum(v, [1]).data;
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) scale[i * n + j] = 1 / rows[i];
  return hadamard(v, new Tensor(scale, [m, n]));
}

/** One 1 per row of a matrix (or in a vector) at seeded random places, zeros elsewhere. */
function oneHot(shape: readonly number[], seed: number): Tensor {
  const [m, n] = shape.length < 2 ? [1, shape[0] ?? 1] : [shape[0], shape[1]];
  const at = rand([m], { seed, min: 0, max: n }).data;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) data[i * n + Math.min(n - 1, Math.floor(at[i]))] = 1;
  return new Tensor(data, [...shape]);
}
