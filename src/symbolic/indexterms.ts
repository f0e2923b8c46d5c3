/**
 * Index terms (Ricci calculus): a derivative is a sum of terms, each a coefficient times a
 * product of factors with named indices, summed over the indices that are not output
 * indices (Einstein convention). The types and the small constructors every op's index and
 * derivative rule uses; the engine that expands, differentiates and simplifies is `ricci.ts`.
 * @packageDocumentation
 */
import { DifferentiationError } from "../core/errors";
import type { Expr } from "./expr";

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

/** The indices a factor carries. */
export function indicesOf(f: Factor): readonly string[] {
  if (f.kind === "delta") return [f.a, f.b];
  if (f.kind === "split") return [f.w, f.a, f.b];
  return f.idx;
}

/** A leaf factor. */
export const leaf = (expr: Expr, idx: readonly string[]): Leaf => ({ kind: "leaf", expr, idx });
/** A delta factor δ_ab. */
export const delta = (a: string, b: string): Delta => ({ kind: "delta", a, b });
/** A split factor w = (a, b). */
export const split = (w: string, a: string, b: string): Split => ({ kind: "split", w, a, b });
/** One term: coef · Π factors. */
export const one = (factors: Factor[], coef = 1): Term => ({ coef, dims: [], factors });

/** Largest number of index terms an expansion may reach (beyond it derive refuses, instead of hanging). */
export const MAX_TERMS = 5000;

/** @internal Throws the "expands to too many terms" error. */
export function tooLarge(n: number): never {
  throw new DifferentiationError(
    `the expression expands to ${n.toLocaleString("en-US")} index terms (limit ${MAX_TERMS.toLocaleString("en-US")}); expand fewer sums inside products or powers`,
  );
}

/** The product of two sums of terms (every pair). */
export function product(xs: readonly Term[], ys: readonly Term[]): Term[] {
  if (xs.length * ys.length > MAX_TERMS) tooLarge(xs.length * ys.length);
  const out: Term[] = [];
  for (const x of xs)
    for (const y of ys)
      out.push({ coef: x.coef * y.coef, dims: [...x.dims, ...y.dims], factors: [...x.factors, ...y.factors] });
  return out;
}

/** Every term times c. */
export function scaled(xs: readonly Term[], c: number): Term[] {
  return xs.map((x) => ({ ...x, coef: x.coef * c }));
}
