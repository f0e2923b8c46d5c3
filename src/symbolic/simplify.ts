/**
 * The simplifier: an expression tree rewritten as a textbook would write it, on trees (never
 * on printed text). It
 *
 * - pushes transposes to the leaves by each op's transpose rule and drops the transpose of a
 *   symmetric matrix (see {@link isSymmetric}: XᵀX, A + Aᵀ, AᵀSA for symmetric S, inverses,
 *   and the symbols declared symmetric or diagonal);
 * - folds constants and cancels: numbers multiply, s · s⁻¹ = 1 for scalars (also through
 *   `s ./ t`, `recip` and scalar powers), X X⁻¹ = X⁻¹X = I inside products, identities drop;
 * - collects like terms (equal products with their coefficients added; a 1×1 product and its
 *   transpose are one term);
 * - factors: a common coefficient (2a − 2b = 2(a − b)), common scalar factors, a common left or
 *   right factor ((B + Bᵀ)X), factors shared by groups of terms (S⁻¹x − S⁻¹u = S⁻¹(x − u)), and a
 *   transpose taken out of a sum ((xᵀAᵀ − bᵀ) = (Ax − b)ᵀ),
 *
 * choosing among the equal candidates the one of least {@link exprSize} (deterministically: the
 * first of the smallest).
 * @packageDocumentation
 */
import {
  type Dim,
  type Expr,
  addE,
  divE,
  exprKey,
  hadE,
  identity,
  invE,
  mulE,
  negE,
  num,
  onesE,
  subE,
  sym,
  t,
  binary,
  unary,
  withArgs,
  isNum,
  isSym,
  numValue,
} from "./expr";
import {
  noteKey,
  type Constant,
  type Power,
  type Prod,
  type RewriteNote,
  type RewriteTrace,
  type SimplifyRules,
  type SimplifyScope,
  type SymOpDef,
} from "./opdef";
import {
  isIdentity,
  isOne,
  isUnit,
  paddedShape,
  type TidyContext,
  tidyContext,
  transposeOf,
  transposeRaw,
} from "./kinds";
import { parse } from "./parse";
import { inferShapes, type Shapes } from "./shapes";
import { isDifferential } from "./notation";
import { flatLeft } from "./ops/mul";
import { type EntrywisePower, entrywisePowers, hadamardOfPowers } from "./ops/hadamard";
import { opDef, SYMBOLIC_OPS } from "./ops/registry";
import { isDifference, isMatrixProduct, isNegation, isSumOfTerms, isTransposition } from "./traits";
import { Tensor } from "../core/tensor";

const defOf = (e: Expr): SymOpDef => opDef(e.op) as SymOpDef;
/** The simplification rules of a node's op. */
const rulesOf = (e: Expr): SimplifyRules<Expr> | undefined => defOf(e).simplify as SimplifyRules<Expr> | undefined;

/**
 * The size of an expression: symbol occurrences, literals (numbers, I, 𝟏, α, β, K) and
 * function applications (transpose, inverse, trace, det, elementwise functions, kron, …);
 * infix arithmetic (+, −, products, ∘, /, :) and negation count nothing.
 * @example
 * ```ts
 * import { exprSize, parse } from "tensorcalc";
 * console.log(exprSize(parse("2 * A' * (A*x - b)")), exprSize(parse("A' * (2*(A*x) - 2*b)"))); // 6 7
 * ```
 */
export function exprSize(e: Expr): number {
  const own = rulesOf(e)?.weightless === true ? 0 : 1;
  return e.args.reduce((n, a) => n + exprSize(a), own);
}

// metavariables of the rewrites' notes (X X⁻¹ = I, …)
const [X, S_, A_, B_, C_] = ["X", "s", "A", "B", "C"].map((n) => sym(n));

const ONE: Prod = { coef: 1, scalars: [], chain: [] };

/** A simplifier run: the symbols' shapes and symmetry facts, and a cache of simplified nodes. */
interface Run {
  readonly tc: TidyContext;
  readonly done: Map<string, Expr>;
  /** The differential symbol (dX) of a differential form, kept at the right of products. */
  readonly differential?: string;
  /** Inside the transposed candidate of a sum (which is not transposed again). */
  transposing: number;
  /** Whether a scalar factor has the shape [] (by key). */
  readonly bare: Map<string, boolean>;
  /** Sums already built (by their terms, shape and depth). */
  readonly sums: Map<string, Expr>;
  /** Products distributed over sums (see {@link SimplifyOptions.expand}). */
  readonly expand: boolean;
  /** Common factors taken out (see {@link SimplifyOptions.factor}). */
  readonly factor: boolean;
  /** Where the rewrites that shaped the current candidate are noted (undefined: not traced). */
  trace: RewriteTrace | undefined;
  /** The rewrites behind each cached result (of `done` and `sums`), replayed on a hit. */
  readonly notes: Map<string, RewriteTrace>;
  /** What the ops' rules see of this run. */
  scope: SimplifyScope;
}

/** Options of {@link simplifyExpr}. */
export interface SimplifyOptions {
  /** A differential symbol (such as `dX`) that 1×1 terms are oriented to end with. */
  readonly differential?: string;
  /**
   * Distribute products over sums before terms are collected and factored again, so that equal
   * terms inside different products meet: S⁻¹(I − AS⁻¹) + (I − S⁻¹A)S⁻¹ = 2(S⁻¹ − S⁻¹AS⁻¹).
   */
  readonly expand?: boolean;
  /**
   * Take out common factors (default true). Without, a sum stays a flat sum of products: the
   * steps' differential, whose terms the next step brings to X dA Y, U dAᵀ V, W tr(Zᵀ dA).
   */
  readonly factor?: boolean;
  /**
   * Filled with the names of the rewrites that shaped the result ("X X⁻¹ = I", "collect equal
   * terms", …): only those of the tree chosen, not of candidates it beat.
   */
  readonly trace?: RewriteTrace;
}

/** Options of {@link simplify}. */
export interface SimplifyExpressionOptions {
  /** Symbols that are symmetric matrices (diagonal ones included). */
  readonly symmetric?: readonly string[];
  /** Distribute products over sums (see {@link SimplifyOptions.expand}). */
  readonly expand?: boolean;
}

/**
 * Simplify a matrix expression as a textbook writes it: transposes pushed to the leaves (and
 * dropped from symmetric matrices), constants folded, s·s⁻¹ and X X⁻¹ cancelled, like terms
 * collected and common factors taken out, choosing the smallest equal tree ({@link exprSize}).
 * @param expr the expression (a string is parsed, with `dX` read as a differential).
 * @param shapes shapes of the symbols (unknown ones are inferred).
 * @param options symbols declared symmetric.
 * @throws {@link ParseError} or {@link ShapeError} for an expression that does not parse or fit.
 * @example
 * ```ts
 * import { exprToText, simplify } from "tensorcalc";
 * console.log(exprToText(simplify("A' * (2*(A*x) - 2*b)", { A: ["m", "n"] }))); // 2Aᵀ(Ax − b)
 * console.log(exprToText(simplify("S * x + S' * x", {}, { symmetric: ["S"] }))); // 2Sx
 * ```
 */
export function simplify(expr: string | Expr, shapes: Shapes = {}, options: SimplifyExpressionOptions = {}): Expr {
  const e = typeof expr === "string" ? parse(expr, { differentials: true }) : expr;
  const info = inferShapes(e, shapes);
  return simplifyExpr(e, tidyContext(info.shapes, options.symmetric ?? []), { expand: options.expand === true });
}

/**
 * @internal Simplify an engine-built (or parsed) expression, see the module comment.
 * @param e the expression.
 * @param tc the symbols' shapes and symmetry facts ({@link tidyContext}).
 */
export function simplifyExpr(e: Expr, tc: TidyContext, options: SimplifyOptions = {}): Expr {
  const run: Run = {
    tc,
    done: new Map(),
    differential: options.differential,
    transposing: 0,
    bare: new Map(),
    sums: new Map(),
    expand: options.expand === true,
    factor: options.factor !== false,
    trace: options.trace,
    notes: new Map(),
    scope: undefined as unknown as SimplifyScope,
  };
  run.scope = scopeOf(run);
  const out = positiveFirst(simp(run, e));
  // a zero of any shape is written 0 at the top (the forms know their shape)
  return constantOf(out)?.value === 0 ? num(0) : out;
}

/** `e` as a constant: a number, 𝟏 of a given shape, or c·𝟏 (by each op's rule). */
export function constantOf(e: Expr): Constant | undefined {
  return rulesOf(e)?.constant?.(e, constantOf, ratio);
}

/** A number, or a fraction p/q of numbers (by each op's rule). */
function ratio(e: Expr): number | undefined {
  return rulesOf(e)?.ratio?.(e);
}

/** What the ops' simplification rules see of a run. */
function scopeOf(run: Run): SimplifyScope {
  return {
    simp: (e) => simp(run, e),
    local: (e) => local(run, e),
    isScalarShaped: (e) => isScalarShaped(run, e),
    isUnit,
    constant: constantOf,
    ones: (e) => typedConstant(1, shapeOf(run, e)),
    fold: (e) =>
      foldConstant(
        withArgs(
          e,
          e.args.map((a) => simp(run, a)),
        ),
        shapeOf(run, e),
      ),
    transposed: (e) => transposeOf(e, run.tc),
    sum: (e) => toSum(run, e),
    addend: (parent, a) => addend(run, parent, a),
    prod: (e) => asProd(run, e),
    atom: (e) => atom(run, e),
    times: (a, b) => times(run, a, b),
    note: (rule) => note(run, rule),
    product: (a, b) => product(run, a, b),
    negated,
    inverted: (p) => inverted(run, p),
    raised: (p, k) => raised(run, p, k),
    mergePowers,
    expr: (p) => prodExpr(p),
  };
}

/** c as a tree: a number, or p/q for a fraction of a small denominator (1/3, not 0.333333333333). */
export function coefExpr(c: number): Expr {
  if (!isTidy(c))
    for (let q = 3; q <= 12; q++) {
      const p = Math.round(c * q);
      if (Math.abs(p - c * q) < 1e-9 * q) return divE(num(p), num(q));
    }
  return num(c);
}

/** The constant c of the padded shape: c itself for 1×1, else c·𝟏 (𝟏 a vector, 𝟏ᵀ a row, 𝟏𝟏ᵀ a matrix). */
function typedConstant(value: number, shape: [Dim, Dim] | undefined): Expr {
  if (shape === undefined || (isOne(shape[0]) && isOne(shape[1]))) return num(value);
  const ones = isOne(shape[1]) ? onesE(1, [shape[0]]) : isOne(shape[0]) ? t(onesE(1, [shape[1]])) : onesE(2, shape);
  return value === 1 ? ones : value === -1 ? negE(ones) : mulE(coefExpr(value), ones);
}

/** A value worth writing as a number: whole, or a short decimal (0.5, 0.25), not e ≈ 2.718…. */
function isTidy(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v * 1e4 - Math.round(v * 1e4)) < 1e-9;
}

/**
 * An entrywise op whose operands are all constants, folded to the constant of the node's shape:
 * exp(0·𝟏𝟏ᵀ) = 𝟏𝟏ᵀ, sin(0) = 0, 1 ⊘ (3·𝟏𝟏ᵀ) = (1/3)·𝟏𝟏ᵀ; undefined when not tidy.
 */
function foldConstant(e: Expr, shape: [Dim, Dim] | undefined): Expr | undefined {
  if (e.args.length === 0 || defOf(e).traits.elementwise !== true) return undefined;
  const cs = e.args.map(constantOf);
  if (cs.some((c) => c === undefined)) return undefined;
  const typed = cs.some((c) => c?.ones !== undefined);
  if (typed && shape === undefined) return undefined;
  let v: number;
  try {
    const args = cs.map((c) => new Tensor(Float64Array.of(c?.value ?? 0), [1, 1]));
    const r = (defOf(e).evaluate as (a: readonly Tensor[], e: Expr, scope: unknown) => Tensor)(args, e, undefined);
    if (r.size !== 1) return undefined;
    v = r.data[0];
  } catch {
    return undefined;
  }
  if (!isTidy(v) && isNum(coefExpr(v))) return undefined;
  return typedConstant(roundCoef(v), typed ? shape : undefined);
}

/** −(a − b) written b − a, also as the first factor of a product: −(y − s)xᵀ is (s − y)xᵀ. */
function positiveFirst(e: Expr): Expr {
  const args = e.args.map(positiveFirst);
  const x = args.every((a, n) => a === e.args[n]) ? e : withArgs(e, args);
  if (!isNegation(x)) return x;
  const [a] = x.args;
  if (isDifference(a)) return subE(a.args[1], a.args[0]);
  if (isMatrixProduct(a)) {
    const fs = flatLeft(a);
    const f0 = fs[0];
    if (isDifference(f0)) return productOf([subE(f0.args[1], f0.args[0]), ...fs.slice(1)]);
  }
  return x;
}

const isScalarOp = (e: Expr): boolean => defOf(e).traits.scalar === true;

function shapeOf(run: Run, e: Expr): [Dim, Dim] | undefined {
  return paddedShape(e, run.tc);
}

/** Has `e` the shape [] (not only a 1×1 matrix)? */
function bareScalar(run: Run, e: Expr): boolean {
  if (isScalarOp(e)) return true;
  const key = exprKey(e);
  const seen = run.bare.get(key);
  if (seen !== undefined) return seen;
  let r: boolean;
  try {
    r = inferShapes(e, run.tc.shapes).shape.length === 0;
  } catch {
    r = false;
  }
  run.bare.set(key, r);
  return r;
}

function isScalarShaped(run: Run, e: Expr): boolean {
  if (isScalarOp(e)) return true;
  const s = shapeOf(run, e);
  return s !== undefined && isOne(s[0]) && isOne(s[1]);
}

function simp(run: Run, e: Expr): Expr {
  if (e.args.length === 0) return e;
  const key = exprKey(e);
  const hit = run.done.get(key);
  if (hit !== undefined) {
    replay(run, run.notes.get(key));
    return hit;
  }
  const { value: out, notes } = traced(run, () => simpNode(run, e));
  run.done.set(key, out);
  remember(run, key, notes);
  return out;
}

/** Notes a rewrite that shaped the current candidate. */
function note(run: Run, rule: RewriteNote): void {
  if (run.trace === undefined) return;
  const key = noteKey(rule);
  if (!run.trace.has(key)) run.trace.set(key, rule);
}

/** `f()` with the rewrites it used noted apart (undefined when the run is not traced). */
function traced<T>(run: Run, f: () => T): { value: T; notes: RewriteTrace | undefined } {
  const outer = run.trace;
  if (outer === undefined) return { value: f(), notes: undefined };
  const notes: RewriteTrace = new Map();
  run.trace = notes;
  try {
    return { value: f(), notes };
  } finally {
    run.trace = outer;
  }
}

function replay(run: Run, notes: RewriteTrace | undefined): void {
  if (notes !== undefined) for (const n of notes.values()) note(run, n);
}

/** Keeps the notes of a cached result and passes them on to the current candidate. */
function remember(run: Run, key: string, notes: RewriteTrace | undefined): void {
  if (notes === undefined) return;
  run.notes.set(key, notes);
  replay(run, notes);
}

/** A node read as a sum of products by its op (see {@link SimplifyRules.sum}) is collected and factored. */
function simpNode(run: Run, e: Expr): Expr {
  const rules = rulesOf(e);
  const simpArgs = (): Expr =>
    withArgs(
      e,
      e.args.map((a) => simp(run, a)),
    );
  if (rules?.sum !== undefined) {
    const shape = shapeOf(run, e);
    if (shape === undefined && rules.sumNeedsShape === true) return local(run, simpArgs());
    return buildSum(run, toSum(run, e), shape, 0);
  }
  const x = simpArgs();
  return foldConstant(x, shapeOf(run, e)) ?? local(run, x);
}

/** The op's rewrites at one node whose operands are simplified (the first that applies). */
function local(run: Run, e: Expr): Expr {
  if (e.args.length === 0) return e;
  for (const rewrite of rulesOf(e)?.rewrites ?? []) {
    const r = rewrite(e, run.scope);
    if (r !== undefined) return r;
  }
  return e;
}

/** The negation of a sum of products. */
const negated = (ps: readonly Prod[]): Prod[] => ps.map((p) => ({ ...p, coef: -p.coef }));

/** A simplified factor as a product: a number, a scalar, or a one-factor chain (identities drop). */
function atom(run: Run, x: Expr): Prod {
  if (isNum(x)) return { ...ONE, coef: x.value };
  if (isUnit(x)) return ONE;
  const c = constantOf(x);
  if (c?.ones !== undefined && c.ones !== x) return { ...atom(run, c.ones), coef: c.value };
  if (isScalarShaped(run, x)) return { ...ONE, scalars: [power(run, x, 1)] };
  return { ...ONE, chain: [x] };
}

/** A scalar power, the base oriented canonically when it is a 1×1 product. */
function power(run: Run, base: Expr, exp: number): Power {
  // a 1×1 power (an entrywise one included) is a scalar power: (xᵀx)^(∘−1) is 1/(xᵀx)
  const pw = rulesOf(base)?.asPower?.(base);
  if (pw !== undefined && isScalarShaped(run, pw.base)) return power(run, pw.base, exp * pw.exp);
  const b = orient(run, base);
  return { base: b, key: exprKey(b), exp, bare: bareScalar(run, b) };
}

/**
 * A 1×1 product aᵀMb equals its transpose bᵀMᵀa: choose the orientation that ends with the
 * differential (aᵀ dx), else the one with fewer transposes, else the smaller key.
 */
function orient(run: Run, x: Expr): Expr {
  if (!isMatrixProduct(x)) return x;
  const tr = transposeRaw(x, run.tc);
  if (!isMatrixProduct(tr)) return x;
  const d = run.differential;
  if (d !== undefined) {
    const endsWithD = (y: Expr): boolean => {
      const fs = flatLeft(y);
      return mentions(fs[fs.length - 1], d);
    };
    if (endsWithD(x) !== endsWithD(tr)) return endsWithD(x) ? x : tr;
  }
  const tx = countT(x);
  const ty = countT(tr);
  if (tx !== ty) return tx < ty ? x : tr;
  return exprKey(x) <= exprKey(tr) ? x : tr;
}

const countT = (e: Expr): number => (isTransposition(e) ? 1 : 0) + e.args.reduce((n, a) => n + countT(a), 0);
const mentions = (e: Expr, name: string): boolean =>
  (isSym(e) && e.name === name) || e.args.some((a) => mentions(a, name));

/** `e` as a sum of products by its op's rule (operands simplified; sums inside products stay whole). */
function toSum(run: Run, e: Expr): Prod[] {
  const rules = rulesOf(e);
  if (rules?.sum !== undefined) return rules.sum(run.scope, e);
  return [atom(run, simp(run, e))];
}

/** An operand of the sum `e`: a scalar added to a matrix is broadcast (X + s adds s to every entry). */
function addend(run: Run, e: Expr, a: Expr): Prod[] {
  const ps = toSum(run, a);
  if (isScalarShaped(run, e) || !isScalarShaped(run, a)) return ps;
  return ps.map((p) => ({ ...p, broadcast: true }));
}

/** `e` as one product: a sum is simplified and, when it does not reduce to one product, kept whole. */
function asProd(run: Run, e: Expr): Prod {
  const ps = toSum(run, e);
  if (ps.length === 1) return ps[0];
  const s = buildSum(run, ps, shapeOf(run, e), 0);
  const again = isSumOfTerms(s) ? undefined : toSum(run, s);
  if (again !== undefined && again.length === 1) return again[0];
  // a common factor taken out of the sum comes out of the atom: 2(a − b) is 2 · (a − b)
  return atomOfSum(run, s);
}

function atomOfSum(run: Run, s: Expr): Prod {
  if (isMatrixProduct(s)) {
    const fs = flatLeft(s);
    return fs.map((f) => atom(run, f)).reduce((x, y) => times(run, x, y), ONE);
  }
  if (isNegation(s)) {
    const p = atomOfSum(run, s.args[0]);
    return { ...p, coef: -p.coef };
  }
  return atom(run, s);
}

function mergePowers(xs: readonly Power[], ys: readonly Power[]): Power[] {
  const out = [...xs];
  for (const y of ys) {
    const n = out.findIndex((x) => x.key === y.key);
    if (n < 0) out.push(y);
    else out[n] = { ...out[n], exp: out[n].exp + y.exp };
  }
  return out.filter((p) => p.exp !== 0);
}

/** 1/p for a scalar product p. */
function inverted(run: Run, p: Prod): Prod {
  const chainScalar = p.chain.length > 0 ? [power(run, productOf(p.chain), -1)] : [];
  return {
    coef: 1 / p.coef,
    scalars: mergePowers(
      p.scalars.map((s) => ({ ...s, exp: -s.exp })),
      chainScalar,
    ),
    chain: [],
  };
}

/** p^k for a scalar product p (a 1×1 chain, such as xᵀx, is one scalar factor). */
function raised(run: Run, p: Prod, k: number): Prod {
  const scalars = p.chain.length > 0 ? mergePowers(p.scalars, [power(run, productOf(p.chain), 1)]) : p.scalars;
  return { coef: p.coef ** k, scalars: scalars.map((s) => ({ ...s, exp: s.exp * k })), chain: [] };
}

const productOf = (fs: readonly Expr[]): Expr =>
  fs.length === 0 ? num(1) : fs.length === 1 ? fs[0] : mulE(fs[0], fs[1], ...fs.slice(2));

/**
 * The product of two products. A side that is 1×1 next to a matrix multiplies it as a scalar
 * (its chain becomes one scalar factor); chains meet with X X⁻¹ = I cancelled.
 */
function times(run: Run, x: Prod, y: Prod): Prod {
  let cx = x.chain;
  let cy = y.chain;
  const extra: Power[] = [];
  const oneByOne = (c: readonly Expr[]): boolean => c.length > 0 && isScalarShaped(run, productOf(c));
  if (cx.length > 0 && cy.length > 0) {
    if (oneByOne(cx)) {
      extra.push(power(run, productOf(cx), 1));
      cx = [];
    }
    if (oneByOne(cy)) {
      extra.push(power(run, productOf(cy), 1));
      cy = [];
    }
  }
  const chain = [...cx];
  for (const f of cy) {
    const last = chain[chain.length - 1];
    if (last !== undefined && cancels(last, f)) {
      note(run, { lhs: mulE(X, invE(X)), rhs: identity() });
      chain.pop();
      continue;
    }
    chain.push(f);
  }
  let scalars = mergePowers(mergePowers(x.scalars, y.scalars), extra);
  if (run.trace !== undefined && x.scalars.some((a) => y.scalars.some((b) => a.key === b.key && a.exp + b.exp === 0)))
    note(run, { lhs: mulE(S_, invE(S_)), rhs: num(1) });
  // a number among the scalars folds into the coefficient
  let coef = x.coef * y.coef;
  scalars = scalars.filter((s) => {
    if (!isNum(s.base)) return true;
    coef *= s.base.value ** s.exp;
    return false;
  });
  // identities drop from a product with other matrix factors
  const kept = chain.filter((f) => !isIdentity(f));
  return adjugates({ coef, scalars, chain: kept.length > 0 ? kept : chain.slice(0, 1) });
}

/** The signed terms of a node by its op (a + b, a − b, −a); none for any other node. */
function signedTerms(x: Expr): readonly (readonly [Expr, 1 | -1])[] {
  return (defOf(x).terms as ((y: Expr) => readonly (readonly [Expr, 1 | -1])[]) | undefined)?.(x) ?? [];
}

/** a when x is −a. */
function negationOf(x: Expr): Expr | undefined {
  const ts = signedTerms(x);
  return ts.length === 1 && ts[0][1] === -1 ? ts[0][0] : undefined;
}

/** The product a·b as a sum of products: one product, or every pair of terms when expanding. */
function product(run: Run, a: Expr, b: Expr): Prod[] {
  if (!run.expand) return [times(run, asProd(run, a), asProd(run, b))];
  const bs = toSum(run, b);
  const as = toSum(run, a);
  // a broadcast scalar (x − s: s added to every entry) stays broadcast times a scalar; next to a
  // matrix factor (A(x − s) = Ax − sA𝟏) it is not one product term: that product is not distributed
  const meets = (ps: readonly Prod[], qs: readonly Prod[]): boolean =>
    ps.some((p) => p.broadcast === true) && qs.some((q) => q.chain.length > 0);
  if (meets(as, bs) || meets(bs, as)) return [times(run, asProd(run, a), asProd(run, b))];
  if (as.length > 1 || bs.length > 1) note(run, { lhs: mulE(A_, addE(B_, C_)), rhs: addE(mulE(A_, B_), mulE(A_, C_)) });
  return as.flatMap((x) =>
    bs.map((y) => {
      const r = times(run, x, y);
      return x.broadcast === true || y.broadcast === true ? { ...r, broadcast: true } : r;
    }),
  );
}

/** A factor as a quotient (adj(M) = det(M) M⁻¹, by its op's rule). */
function quotientOf(e: Expr): { readonly divisor: Expr; readonly result: Expr } | undefined {
  return rulesOf(e)?.quotient?.(e, quotientOf);
}

/** A chain factor divided by a scalar factor of the product: adj(M) / det(M) = M⁻¹ (and adj(M)ᵀ / det(M) = M⁻ᵀ). */
function adjugates(p: Prod): Prod {
  if (!p.chain.some((f) => quotientOf(f) !== undefined)) return p;
  let scalars = [...p.scalars];
  const chain = p.chain.map((f) => {
    const q = quotientOf(f);
    if (q === undefined) return f;
    const key = exprKey(q.divisor);
    const n = scalars.findIndex((s) => s.key === key && s.exp < 0);
    if (n < 0) return f;
    scalars = scalars.map((s, i) => (i === n ? { ...s, exp: s.exp + 1 } : s)).filter((s) => s.exp !== 0);
    return q.result;
  });
  return { ...p, scalars, chain };
}

/** The expression a factor is the inverse of (by its op's rule). */
const inverseOf = (e: Expr): Expr | undefined => rulesOf(e)?.inverseOf?.(e);

/** X · X⁻¹ or X⁻¹ · X. */
function cancels(a: Expr, b: Expr): boolean {
  const ib = inverseOf(b);
  if (ib !== undefined && exprKey(ib) === exprKey(a)) return true;
  const ia = inverseOf(a);
  return ia !== undefined && exprKey(ia) === exprKey(b);
}

/** A product as a tree: |coef|, scalars, the chain; the sign apart. */
function prodBody(p: Prod, shape: [Dim, Dim] | undefined): { sign: 1 | -1; body: Expr } {
  const parts: Expr[] = [];
  const c = Math.abs(p.coef);
  if (c !== 1) parts.push(coefExpr(c));
  const den: Expr[] = [];
  // scalars with a differential go last: (𝟏ᵀy) tr(G dX), as dY is read
  const hasD = (x: Expr): boolean => (isSym(x) && isDifferential(x.name)) || x.args.some(hasD);
  const ordered = [...p.scalars.filter((q) => !hasD(q.base)), ...p.scalars.filter((q) => hasD(q.base))];
  for (const s of ordered) {
    if (s.exp === 1) parts.push(s.base);
    // a 1×1 product divides as its inverse, (xᵀx)⁻¹: the printer tells scalars by their op (tr, det,
    // a number) and would write ⊘ before xᵀx
    else if (s.exp === -1 && !isScalarOp(s.base) && !isNum(s.base)) parts.push(invE(s.base));
    else if (s.exp === -1) den.push(s.base);
    else if (s.exp > 0) parts.push(binary(s.bare ? "spow" : "pow", s.base, num(s.exp)));
    else den.push(binary(s.bare ? "spow" : "pow", s.base, num(-s.exp)));
  }
  let chain = [...p.chain];
  if (chain.length === 0 && !p.broadcast && shape !== undefined && !(isOne(shape[0]) && isOne(shape[1])))
    chain = [identity(shape[0])];
  if (chain.length > 1) chain = chain.filter((f) => !isIdentity(f));
  // a 1×1 chain commutes with the scalars: it stands before those with a differential
  const dScalars = ordered.filter((q) => hasD(q.base) && q.exp === 1).length;
  const oneByOne = shape !== undefined && isOne(shape[0]) && isOne(shape[1]);
  if (oneByOne && dScalars > 0 && chain.length > 0 && !chain.some(hasD))
    parts.splice(parts.length - dScalars, 0, ...chain);
  else parts.push(...chain);
  let body = parts.length === 0 ? num(1) : productOf(parts);
  // a division of a matrix is written /; a tensor of more axes is multiplied by the reciprocal
  if (den.length > 0) {
    const r = unary("recip", productOf(den));
    body = shape !== undefined ? divE(body, productOf(den)) : parts.length === 0 ? r : mulE(body, r);
  }
  return { sign: p.coef < 0 ? -1 : 1, body };
}

function prodExpr(p: Prod, shape?: [Dim, Dim]): Expr {
  const { sign, body } = prodBody(p, shape);
  return sign < 0 ? negE(body) : body;
}

const prodKey = (p: Prod): string =>
  `${p.scalars
    .map((s) => `${s.key}^${s.exp}`)
    .sort()
    .join("*")}|${p.chain.map(exprKey).join("·")}${p.broadcast ? "|+" : ""}`;

/** Equal products collected (coefficients added), zeros dropped, in order of first appearance. */
function collect(ps: readonly Prod[]): Prod[] {
  const byKey = new Map<string, { p: Prod; coef: number }>();
  for (const p of ps) {
    const k = prodKey(p);
    const prev = byKey.get(k);
    if (prev) prev.coef += p.coef;
    else byKey.set(k, { p, coef: p.coef });
  }
  return [...byKey.values()].map(({ p, coef }) => ({ ...p, coef: roundCoef(coef) })).filter((p) => p.coef !== 0);
}

/**
 * Sums of decimal coefficients (0.1 + 0.2 = 0.3) rounded off their last-bit error: snapped to 12
 * decimals only within a few ulps, so that 1/15 keeps all of its digits.
 */
function roundCoef(c: number): number {
  const r = Math.round(c * 1e12) / 1e12;
  return Math.abs(r - c) <= 8 * Number.EPSILON * Math.max(1, Math.abs(c)) ? r : c;
}

/** The sum as a tree: a − b + c. */
function flatSum(ps: readonly Prod[], shape: [Dim, Dim] | undefined): Expr {
  if (ps.length === 0) return num(0);
  // a sum that starts with a minus is the negation of one that does not: −x + u = −(x − u)
  if (ps.length > 1 && ps[0].coef < 0 && ps.some((p) => p.coef > 0)) return negE(flatSum(negated(ps), shape));
  const parts = ps.map((p) => prodBody(p, shape));
  let acc = parts[0].sign < 0 ? negE(parts[0].body) : parts[0].body;
  for (const p of parts.slice(1)) acc = p.sign < 0 ? subE(acc, p.body) : addE(acc, p.body);
  return acc;
}

const MAX_DEPTH = 6;

/** The smallest of the equal trees for a sum of products (see the module comment). */
function buildSum(run: Run, input: readonly Prod[], shape: [Dim, Dim] | undefined, depth: number): Expr {
  // the same sum is met again and again by the factorings: simplified once per run
  const key = `${depth}|${run.transposing}|${shape?.join(",")}|${input.map((p) => `${p.coef}*${prodKey(p)}`).join("+")}`;
  const hit = run.sums.get(key);
  if (hit !== undefined) {
    replay(run, run.notes.get(`sum:${key}`));
    return hit;
  }
  const { value: r, notes } = traced(run, () => buildSumOnce(run, input, shape, depth));
  run.sums.set(key, r);
  remember(run, `sum:${key}`, notes);
  return r;
}

function buildSumOnce(run: Run, input: readonly Prod[], shape: [Dim, Dim] | undefined, depth: number): Expr {
  const scalarSum = shape !== undefined && isOne(shape[0]) && isOne(shape[1]);
  // a 1×1 term and its transpose are one term
  const oriented = (scalarSum ? input.map((p) => orientProd(run, p)) : input).map((p) => asNode(run, p));
  let ps = collect(scalarSum ? oriented : typedConstants(run, oriented, shape));
  if (ps.length < oriented.length) note(run, "collect equal terms");
  if (ps.length === 0) return typedConstant(0, shape);
  // what is left of a matrix sum may be a lone broadcast number: 1 + (A − A) is 𝟏𝟏ᵀ, not 1
  if (!scalarSum && ps.length === 1 && isConstantTerm(ps[0]) && ps[0].chain.length === 0)
    ps = [...typedConstants(run, ps, shape)];
  // a matrix sum left with broadcast scalars only keeps its shape: C + a − C is a·𝟏, not a
  if (!scalarSum && shape !== undefined && ps.every((p) => p.broadcast === true && p.chain.length === 0)) {
    const ones = typedConstant(1, shape);
    ps = ps.map((p) => ({ ...p, chain: [ones], broadcast: false }));
  }
  const flat = flatSum(
    ps.map((p) => turned(run, p)),
    shape,
  );
  if (ps.length < 2 || depth > MAX_DEPTH || !run.factor) return flat;
  let best = flat;
  let bestSize = exprSize(flat);
  let bestNotes: RewriteTrace | undefined;
  const consider = (candidate: () => Expr | undefined, evenOnTie = false): void => {
    const { value: c, notes } = traced(run, candidate);
    if (c === undefined) return;
    const n = exprSize(c);
    if (n < bestSize || (evenOnTie && n === bestSize)) {
      best = c;
      bestSize = n;
      bestNotes = notes;
    }
  };
  consider(() => commonScalars(run, ps, shape, depth));
  consider(() => commonEnd(run, ps, shape, depth, "left"));
  consider(() => commonEnd(run, ps, shape, depth, "right"));
  consider(() => grouped(run, ps, shape, depth, "right"));
  consider(() => grouped(run, ps, shape, depth, "left"));
  if (!scalarSum && run.transposing === 0) consider(() => transposedSum(run, ps, shape));
  if (!scalarSum) consider(() => commonLinear(run, ps, depth));
  // σ ∘ (1 − σ) as the book writes it, also when it is no smaller than σ − σ^∘2
  if (!scalarSum) consider(() => commonEntrywise(run, ps, shape, depth), true);
  if (best !== flat) {
    note(run, "take out common factors");
    replay(run, bestNotes);
  }
  return best;
}

/**
 * A chain of mostly transposed factors written as the transpose of the reversed chain when that
 * saves at least two symbols: −X⁻ᵀAᵀBᵀX⁻ᵀ = −(X⁻¹BAX⁻¹)ᵀ, as the book writes it (AᵀBᵀ stays).
 * Chains with the differential keep it at the right (not turned).
 */
function turned(run: Run, p: Prod): Prod {
  if (p.chain.length < 2 || run.transposing > 0) return p;
  const d = run.differential;
  if (d !== undefined && p.chain.some((f) => mentions(f, d))) return p;
  // matrices only: a factor of more axes (α, β, a tensor) has no transpose
  if (p.chain.some((f) => shapeOf(run, f) === undefined)) return p;
  const size = p.chain.reduce((n, f) => n + exprSize(f), 0);
  const back = [...p.chain].reverse().map((f) => transposeRaw(f, run.tc));
  const turnedSize = 1 + back.reduce((n, f) => n + exprSize(f), 0);
  if (turnedSize > size - 2) return p;
  note(run, { lhs: mulE(t(A_), t(B_)), rhs: t(mulE(B_, A_)) });
  return { ...p, chain: [t(productOf(back))] };
}

/** Terms that are all one linear op of one operand, as that op of their sum: diag(a) − diag(b) = diag(a − b). */
function commonLinear(run: Run, ps: readonly Prod[], depth: number): Expr | undefined {
  const [f] = ps[0].chain;
  if (f === undefined || f.args.length !== 1 || defOf(f).traits.linear !== true) return undefined;
  if (!ps.every((p) => p.chain.length === 1 && p.chain[0].op === f.op && p.chain[0].args.length === 1))
    return undefined;
  const inner = f.args[0];
  const innerShape = shapeOf(run, inner);
  if (innerShape === undefined) return undefined;
  const rest = ps.map((p) => ({ ...p, chain: [p.chain[0].args[0] as Expr] }));
  return withArgs(f, [buildSum(run, rest, innerShape, depth + 1)]);
}

/**
 * The entrywise factors of a term of a matrix sum, as powers: none for a constant (c or c·𝟏),
 * the Hadamard factors of a one-factor chain, or the whole product as one factor; undefined
 * for a multiple of the identity.
 */
function entrywiseFactors(p: Prod): EntrywisePower[] | undefined {
  if (p.chain.length === 0) return p.broadcast === true ? [] : undefined;
  if (isConstantTerm(p)) return [];
  if (p.chain.length > 1) return entrywisePowers(productOf(p.chain));
  return entrywisePowers(p.chain[0]);
}

/**
 * The entrywise factors every term shares (to the least power), taken out as a Hadamard
 * product: u ∘ σ − u ∘ σ^∘2 = u ∘ σ ∘ (1 − σ).
 */
function commonEntrywise(
  run: Run,
  ps: readonly Prod[],
  shape: [Dim, Dim] | undefined,
  depth: number,
): Expr | undefined {
  if (shape === undefined) return undefined;
  const factors = ps.map(entrywiseFactors);
  if (factors.some((f) => f === undefined)) return undefined;
  const fs = factors as EntrywisePower[][];
  const shared: EntrywisePower[] = [];
  for (const f of fs[0]) {
    if (f.exp <= 0 || !Number.isInteger(f.exp)) continue;
    const exps = fs.map((g) => g.find((q) => q.key === f.key)?.exp ?? 0);
    if (exps.every((x) => x > 0 && Number.isInteger(x))) shared.push({ ...f, exp: Math.min(...exps) });
  }
  if (shared.length === 0) return undefined;
  const rest = ps.map((p, n): Prod => {
    const left = hadamardOfPowers(
      fs[n].map((f) => ({ ...f, exp: f.exp - (shared.find((q) => q.key === f.key)?.exp ?? 0) })),
    );
    return left === undefined
      ? { coef: p.coef, scalars: p.scalars, chain: [], broadcast: true }
      : { coef: p.coef, scalars: p.scalars, chain: [left] };
  });
  const common = hadamardOfPowers(shared) as Expr;
  const inner = buildSum(run, rest, shape, depth + 1);
  const negative = negationOf(inner);
  return negative === undefined ? hadE(common, inner) : negE(hadE(common, negative));
}

/** The simplification rules of the ops that write a product as one of their nodes (softmax). */
const AS_NODE = SYMBOLIC_OPS.flatMap((d) => {
  const f = (d.simplify as SimplifyRules<Expr> | undefined)?.asNode;
  return f === undefined ? [] : [f];
});

/** A product written as one node where an op recognises it: exp(x) / sum(exp(x)) = softmax(x). */
function asNode(run: Run, p: Prod): Prod {
  const isVector = (e: Expr): boolean => {
    const s = shapeOf(run, e);
    return s !== undefined && isOne(s[1]) && !isOne(s[0]);
  };
  for (const f of AS_NODE) {
    const q = f(p, isVector, run.scope.note);
    if (q !== undefined) return q;
  }
  return p;
}

/** A constant term of a matrix sum: a broadcast number c or c·𝟏 (no scalar factors). */
function isConstantTerm(p: Prod): boolean {
  if (p.scalars.length > 0) return false;
  if (p.chain.length === 0) return p.broadcast === true;
  return p.chain.length === 1 && constantOf(p.chain[0])?.ones !== undefined;
}

/**
 * The constant terms of a matrix sum written as multiples of one 𝟏 of the sum's shape, so that
 * they collect (2 + 𝟏𝟏ᵀ = 3·𝟏𝟏ᵀ) and a sum of constants keeps its shape; a lone broadcast
 * number next to matrix terms stays a number (1 − σ(x)).
 */
function typedConstants(run: Run, ps: readonly Prod[], shape: [Dim, Dim] | undefined): readonly Prod[] {
  if (shape === undefined) return ps;
  const n = ps.filter(isConstantTerm).length;
  if (n === 0 || (n === 1 && ps.length > 1)) return ps;
  const ones = typedConstant(1, shape);
  return ps.map((p) => (isConstantTerm(p) ? { ...atom(run, ones), coef: p.coef } : p));
}

/** A 1×1 product whose chain is turned around when that reads better (orient). */
function orientProd(run: Run, p: Prod): Prod {
  if (p.chain.length < 2) return p;
  const c = productOf(p.chain);
  const o = orient(run, c);
  if (o === c) return p;
  return { ...p, chain: flatLeft(o) };
}

/** The coefficient and scalar factors every term shares, taken out: 2a − 2b = 2(a − b). */
function commonScalars(run: Run, ps: readonly Prod[], shape: [Dim, Dim] | undefined, depth: number): Expr | undefined {
  const coefs = ps.map((p) => Math.abs(p.coef));
  let c = 1;
  if (coefs.every((x) => x === coefs[0])) c = coefs[0];
  else if (coefs.every((x) => Number.isInteger(x))) c = coefs.reduce(gcd);
  if (ps.every((p) => p.coef < 0)) c = -c;
  const shared: Power[] = [];
  for (const s of ps[0].scalars) {
    const exps = ps.map((p) => p.scalars.find((q) => q.key === s.key)?.exp ?? 0);
    if (exps.every((x) => x > 0)) shared.push({ ...s, exp: Math.min(...exps) });
    else if (exps.every((x) => x < 0)) shared.push({ ...s, exp: Math.max(...exps) });
  }
  if (c === 1 && shared.length === 0) return undefined;
  const rest = ps.map((p) => ({
    ...p,
    coef: p.coef / c,
    scalars: mergePowers(
      p.scalars,
      shared.map((s) => ({ ...s, exp: -s.exp })),
    ),
  }));
  const inner = buildSum(run, rest, shape, depth + 1);
  return prodExprWith({ coef: c, scalars: shared, chain: [] }, inner);
}

/** coef · scalars · inner, with inner's own sign folded in. */
function prodExprWith(outer: Prod, inner: Expr): Expr {
  let coef = outer.coef;
  let body = inner;
  if (isNegation(body)) {
    coef = -coef;
    body = body.args[0];
  }
  const head = prodBody({ ...outer, coef }, undefined);
  // a product inside is not set in parentheses: 2 · (Aᵀ(Ax − b)) is 2Aᵀ(Ax − b)
  const b =
    numValue(head.body) === 1
      ? body
      : isMatrixProduct(body) && defOf(head.body).divisor === undefined
        ? productOf([...flatLeft(head.body), ...flatLeft(body)])
        : mulE(head.body, body);
  return head.sign < 0 ? negE(b) : b;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The factor at one end of a product's chain. */
const endOf = (p: Prod, side: "left" | "right"): Expr => (side === "left" ? p.chain[0] : p.chain[p.chain.length - 1]);

/**
 * The terms `ps` (each ending with `f` on `side`) with `f` taken out: f · (Σ rest) or (Σ rest) · f,
 * the sum simplified; undefined when f's shape is not known.
 */
function takeOut(
  run: Run,
  ps: readonly Prod[],
  f: Expr,
  shape: [Dim, Dim],
  depth: number,
  side: "left" | "right",
): Prod | undefined {
  const fs = shapeOf(run, f);
  if (fs === undefined) return undefined;
  const innerShape: [Dim, Dim] = side === "left" ? [fs[1], shape[1]] : [shape[0], fs[0]];
  const rest = ps.map((p) => {
    const chain = side === "left" ? p.chain.slice(1) : p.chain.slice(0, -1);
    // f alone leaves the identity, which the groupings of the rest see as a factor
    return { ...p, chain: chain.length === 0 && p.broadcast !== true ? [identity(innerShape[0])] : chain };
  });
  const inner = atomOfSum(run, buildSum(run, rest, innerShape, depth + 1));
  return side === "left" ? times(run, atom(run, f), inner) : times(run, inner, atom(run, f));
}

/** A factor at the same end of every term's chain, taken out: BX + BᵀX = (B + Bᵀ)X. */
function commonEnd(
  run: Run,
  ps: readonly Prod[],
  shape: [Dim, Dim] | undefined,
  depth: number,
  side: "left" | "right",
): Expr | undefined {
  if (shape === undefined || ps.some((p) => p.chain.length === 0)) return undefined;
  const f = endOf(ps[0], side);
  const key = exprKey(f);
  if (!ps.every((p) => exprKey(endOf(p, side)) === key)) return undefined;
  const whole = takeOut(run, ps, f, shape, depth, side);
  return whole === undefined ? undefined : prodExpr(whole, shape);
}

/**
 * Terms grouped by the factor at one end, each group factored ((S⁻ᵀ + S⁻¹)x − (S⁻¹ + S⁻ᵀ)u),
 * and the groups' equal cofactor taken out ((S⁻ᵀ + S⁻¹)(x − u)).
 */
function grouped(
  run: Run,
  ps: readonly Prod[],
  shape: [Dim, Dim] | undefined,
  depth: number,
  side: "left" | "right",
): Expr | undefined {
  if (shape === undefined || ps.some((p) => p.chain.length === 0)) return undefined;
  const groups = new Map<string, Prod[]>();
  for (const p of ps) {
    const k = exprKey(endOf(p, side));
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  if (groups.size < 2 || groups.size === ps.length) return undefined;
  const regrouped: Prod[] = [];
  for (const g of groups.values()) {
    const whole = takeOut(run, g, endOf(g[0], side), shape, depth, side);
    if (whole === undefined) return undefined;
    regrouped.push(whole);
  }
  return buildSum(run, regrouped, shape, depth + 1);
}

/** (xᵀAᵀ − bᵀ) = (Ax − b)ᵀ: the transpose taken out of a sum. */
function transposedSum(run: Run, ps: readonly Prod[], shape: [Dim, Dim] | undefined): Expr | undefined {
  if (shape === undefined) return undefined;
  // worth trying for a row whose factors are mostly transposes: xᵀAᵀ − bᵀ = (Ax − b)ᵀ
  if (shape[0] !== 1) return undefined;
  const atoms = ps.flatMap((p) => p.chain);
  const transposed = atoms.filter(isTransposition).length;
  if (transposed < 2 || 2 * transposed < atoms.length) return undefined;
  const flat = flatSum(ps, shape);
  const tr = transposeOf(flat, run.tc);
  if (isTransposition(tr)) return undefined;
  const trShape: [Dim, Dim] = [shape[1], shape[0]];
  run.transposing++;
  try {
    const inner = buildSum(run, toSum(run, tr), trShape, MAX_DEPTH);
    // −(x − m) stays negated outside: −xᵀ + mᵀ = −(x − m)ᵀ
    const body = negationOf(inner) ?? inner;
    if (signedTerms(body).length < 2) return undefined;
    return body === inner ? t(body) : negE(t(body));
  } finally {
    run.transposing--;
  }
}
