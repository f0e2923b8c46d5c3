/**
 * What a symbolic op needs to turn itself into code: the small language-neutral vocabulary of
 * runtime helpers that generated code calls (`mul`, `inv`, `map`, `einsum`, …) and the scope an
 * op's `emit` rule receives. Each op module says, in its `emit` field, which helper computes its
 * node; the code generator (`symbolic/codegen/`) lowers a tree to a list of helper calls (each
 * distinct subexpression once) and each language backend implements every helper.
 *
 * Every value in generated code is "padded" as in evaluation (`evaluate.ts`): a scalar is 1×1,
 * a vector n×1, so the helpers mirror the ops' `evaluate` rules.
 * @packageDocumentation
 */
import type { Dim, Expr } from "./expr";

/** The runtime helpers of generated code, with what each computes (operands are padded values). */
export const HELPERS = {
  arg: "an argument, padded to a matrix (name)",
  const: "a number as a 1×1 matrix (value)",
  mul: "the product of `mul`: scalar multiple, matrix product or single contraction (a, b, transpose a, transpose b)",
  add: "a + b (a 1×1 operand beside a larger one is broadcast)",
  sub: "a − b (broadcasting as add)",
  had: "a ∘ b (broadcasting as add)",
  div: "a ./ b (broadcasting as add)",
  neg: "−a",
  scale: "a times a number and the product of sizes (a, number, ...sizes)",
  T: "the transpose of a matrix",
  pow: "entrywise power a .^ p (p 1×1)",
  map: "an entrywise function by the name of its op (fn, a); each elementwise op's `code` says how each language computes it",
  tr: "trace (1×1)",
  det: "determinant (1×1)",
  logdet: "log |det| (1×1)",
  inv: "inverse",
  adj: "adjugate (also of a singular matrix)",
  vec: "columns stacked (mn×1)",
  diag: "n×1 → diagonal n×n matrix; n×n → its diagonal n×1",
  sum: "sum of the entries (1×1)",
  norm1: "sum of |entries| (1×1)",
  norm2: "Euclidean / Frobenius norm (1×1)",
  softmax: "softmax of a vector n×1",
  sumAlong: "sums (or means) along an axis, the axis kept with size 1 (a, axis from 0, mean)",
  softmaxAlong: "softmax of each slice along an axis (a, axis from 0)",
  logsumexpAlong: "log Σ exp along an axis, kept with size 1 (a, axis from 0)",
  norm2Along: "Euclidean norms along an axis, kept with size 1 (a, axis from 0)",
  logsumexp: "log Σ exp of a vector (1×1)",
  kron: "Kronecker product of matrices",
  outer: "outer product (shape [...shape(a), ...shape(b)])",
  ddot: "double contraction a : b (1×1 when nothing is left)",
  eye: "identity n×n (size)",
  ones: "ones of a padded shape (shape)",
  zeros: "zeros of a shape (shape)",
  alpha: "α of shape [m, n, m, n] (m, n)",
  beta: "β of shape [m, n, n, m] (m, n)",
  K: "commutation matrix K(m, n), mn×mn (m, n)",
  E: "single-entry matrix with a 1 at (i, j) (i, j, shape)",
  split: "R[w, a, b] = [w = a·nb + b] (na, nb)",
  einsum: "Einstein summation (spec, ...operands)",
  reshape: "the same entries (row-major) in another shape (a, shape)",
} as const;

/** The name of a runtime helper. */
export type Helper = keyof typeof HELPERS;

/**
 * An entrywise function in each language of the code generator: the row of the `map` helper's
 * table that an elementwise op contributes (the op's `code` field), so that a new elementwise
 * op is emitted by its definition alone.
 */
export interface EntrywiseCode {
  /**
   * JavaScript: a function of one number, e.g. `Math.cos`, or a scalar function of the
   * generated code's runtime (`src/runtime/padded.ts`) by its name, e.g. `_sigmoid`.
   */
  readonly js: string;
  /** TypeScript on tensorcalc's API: a function of a Tensor (e.g. `cos`) and the names it imports. */
  readonly ts: { readonly code: string; readonly imports: readonly string[] };
  /** Python with NumPy: a function of an array (e.g. `np.cos`) and a definition it needs first. */
  readonly numpy: { readonly code: string; readonly def?: string };
}

/** A value computed by generated code (the result of one helper call). */
export interface EmitRef {
  readonly kind: "ref";
  readonly id: number;
}

/** An argument of a helper call. */
export type EmitArg =
  | EmitRef
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "str"; readonly value: string }
  /** A size: a number, a named dimension or a product such as `m*n`, read from the arguments at run time. */
  | { readonly kind: "size"; readonly dim: Dim }
  | { readonly kind: "shape"; readonly dims: readonly Dim[] }
  /** The name of an argument of the generated function. */
  | { readonly kind: "name"; readonly value: string };

/** What an op's `emit` rule can do. */
export interface EmitScope {
  /** The value of an operand (each distinct subexpression is computed once). */
  value(e: Expr): EmitRef;
  /** A call of a runtime helper. */
  call(helper: Helper, ...args: EmitArg[]): EmitRef;
  /** The true shape of a node, when known. */
  shapeOf(e: Expr): readonly Dim[] | undefined;
  /** Refuse to emit the node, saying why (the generator reports it with the expression). */
  unsupported(reason: string): never;
}

/** Argument constructors for emit rules. */
export const arg = {
  num: (value: number): EmitArg => ({ kind: "num", value }),
  bool: (value: boolean): EmitArg => ({ kind: "bool", value }),
  str: (value: string): EmitArg => ({ kind: "str", value }),
  size: (dim: Dim): EmitArg => ({ kind: "size", dim }),
  shape: (dims: readonly Dim[]): EmitArg => ({ kind: "shape", dims }),
  name: (value: string): EmitArg => ({ kind: "name", value }),
};
