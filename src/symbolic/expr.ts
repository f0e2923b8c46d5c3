/**
 * Matrix expressions: the syntax tree shared by the parser, shape inference, the
 * derivation engine and the printers, plus builders to make expressions in code.
 * @packageDocumentation
 */

/** A dimension: a number, or the name of a symbolic size such as `"m"`. */
export type Dim = number | string;

/** Operators of the expression tree. */
export type Op =
  | "sym" // a symbol (matrix, vector or scalar)
  | "num" // a numeric scalar constant
  | "T" // transpose
  | "mul" // product: scalar multiple, matrix product, or single contraction for higher orders
  | "ddot" // double contraction `:`
  | "add"
  | "sub"
  | "neg"
  | "had" // Hadamard (elementwise) product
  | "kron" // Kronecker product
  | "tr"
  | "det"
  | "logdet"
  | "inv"
  | "exp" // elementwise
  | "sin" // elementwise
  | "cos" // elementwise
  | "tanh" // elementwise
  | "sqrt" // elementwise
  | "log" // elementwise
  | "recip" // elementwise reciprocal (appears in derivatives of log)
  | "vec"
  | "I" // identity / Kronecker delta
  | "alpha" // α_ijkl = δ_ik δ_jl
  | "beta" // β_ijkl = δ_il δ_jk
  | "K" // commutation matrix K(m, n)
  | "E"; // single-entry matrix E(i, j)

/**
 * A node of a matrix expression. `start`/`end` locate it in the parsed source
 * (-1 for nodes built in code).
 */
export interface Expr {
  readonly op: Op;
  readonly args: readonly Expr[];
  /** Symbol name (`sym`). */
  readonly name?: string;
  /** Constant value (`num`). */
  readonly value?: number;
  /** Explicit sizes of `I(n)`, `alpha(m, n)`, `beta(m, n)`, `K(m, n)`, `E(i, j)`'s matrix. */
  readonly dims?: readonly Dim[];
  /** 0-based entry of `E(i, j)`. */
  readonly entry?: readonly [number, number];
  readonly start: number;
  readonly end: number;
}

function node(op: Op, args: readonly Expr[], extra: Partial<Expr> = {}, start = -1, end = -1): Expr {
  return { op, args, ...extra, start, end };
}

/** @internal Make a node with a source span (used by the parser). */
export function makeNode(op: Op, args: readonly Expr[], start: number, end: number, extra: Partial<Expr> = {}): Expr {
  return node(op, args, extra, start, end);
}

/**
 * A symbol: a matrix, vector or scalar named `name` (its shape comes from the shapes given to
 * {@link derive} / {@link inferShapes}).
 * @example
 * ```ts
 * import { sym, mulE, t, exprToText } from "tensorcalc";
 * console.log(exprToText(mulE(t(sym("A")), sym("B")))); // AᵀB
 * ```
 */
export function sym(name: string): Expr {
  return node("sym", [], { name });
}

/**
 * A numeric scalar constant.
 * @example
 * ```ts
 * import { num, sym, mulE, exprToText } from "tensorcalc";
 * console.log(exprToText(mulE(num(2), sym("A")))); // 2A
 * ```
 */
export function num(value: number): Expr {
  return node("num", [], { value });
}

/**
 * Transpose `aᵀ`.
 * @example
 * ```ts
 * import { sym, t, exprToText } from "tensorcalc";
 * console.log(exprToText(t(sym("A")))); // Aᵀ
 * ```
 */
export function t(a: Expr): Expr {
  return node("T", [a]);
}

/**
 * Product `a·b` (left to right for more operands): a scalar multiple when either side is a
 * scalar, a matrix product for matrices and vectors, a single contraction (last axis with
 * first axis) for higher orders, as decided by shape inference.
 * @example
 * ```ts
 * import { sym, mulE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(mulE(sym("A"), sym("B"), sym("C")))); // A * B * C
 * ```
 */
export function mulE(a: Expr, b: Expr, ...more: Expr[]): Expr {
  let r = node("mul", [a, b]);
  for (const m of more) r = node("mul", [r, m]);
  return r;
}

/**
 * Double contraction `a : b` (`Σ_kl a[..,k,l] b[k,l,..]`).
 * @example
 * ```ts
 * import { sym, ddotE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(ddotE(sym("A"), sym("B")))); // A : B
 * ```
 */
export function ddotE(a: Expr, b: Expr): Expr {
  return node("ddot", [a, b]);
}

/**
 * Sum `a + b (+ …)`.
 * @example
 * ```ts
 * import { sym, addE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(addE(sym("A"), sym("B")))); // A + B
 * ```
 */
export function addE(a: Expr, b: Expr, ...more: Expr[]): Expr {
  let r = node("add", [a, b]);
  for (const m of more) r = node("add", [r, m]);
  return r;
}

/**
 * Difference `a − b`.
 * @example
 * ```ts
 * import { sym, subE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(subE(sym("A"), sym("B")))); // A - B
 * ```
 */
export function subE(a: Expr, b: Expr): Expr {
  return node("sub", [a, b]);
}

/**
 * Negation `−a`.
 * @example
 * ```ts
 * import { sym, negE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(negE(sym("A")))); // -A
 * ```
 */
export function negE(a: Expr): Expr {
  return node("neg", [a]);
}

/**
 * Hadamard (elementwise) product `a ∘ b`.
 * @example
 * ```ts
 * import { sym, hadE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(hadE(sym("A"), sym("B")))); // A .* B
 * ```
 */
export function hadE(a: Expr, b: Expr): Expr {
  return node("had", [a, b]);
}

/**
 * Kronecker product `a ⊗ b`.
 * @example
 * ```ts
 * import { sym, kronE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(kronE(sym("A"), sym("B")))); // kron(A, B)
 * ```
 */
export function kronE(a: Expr, b: Expr): Expr {
  return node("kron", [a, b]);
}

/**
 * Apply a one-argument function: `tr`, `det`, `logdet`, `inv`, elementwise `exp`/`log`/`sin`/`cos`/`tanh`/`sqrt`, or `vec`.
 * @example
 * ```ts
 * import { sym, fn, exprToText } from "tensorcalc";
 * console.log(exprToText(fn("logdet", sym("X")))); // log|det X|
 * ```
 */
export function fn(
  name: "tr" | "det" | "logdet" | "inv" | "exp" | "log" | "sin" | "cos" | "tanh" | "sqrt" | "vec",
  a: Expr,
): Expr {
  return node(name, [a]);
}

/**
 * Trace `tr(a)`.
 * @example
 * ```ts
 * import { sym, mulE, trE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(trE(mulE(sym("A"), sym("X"))))); // tr(A * X)
 * ```
 */
export function trE(a: Expr): Expr {
  return node("tr", [a]);
}

/**
 * Inverse `a⁻¹`.
 * @example
 * ```ts
 * import { sym, invE, exprToText } from "tensorcalc";
 * console.log(exprToText(invE(sym("X")))); // X⁻¹
 * ```
 */
export function invE(a: Expr): Expr {
  return node("inv", [a]);
}

/**
 * Identity `I` (the Kronecker delta as a matrix); its size is inferred unless given.
 * @example
 * ```ts
 * import { identity, exprToSource } from "tensorcalc";
 * console.log(exprToSource(identity()), exprToSource(identity(3))); // I I(3)
 * ```
 */
export function identity(n?: Dim): Expr {
  return node("I", [], n === undefined ? {} : { dims: [n] });
}

/**
 * The seed's fourth-order α (`alpha(m, n)`, shape [m, n, m, n]); sizes inferred unless given.
 * @example
 * ```ts
 * import { alphaE, exprToText } from "tensorcalc";
 * console.log(exprToText(alphaE())); // α
 * ```
 */
export function alphaE(m?: Dim, n?: Dim): Expr {
  return node("alpha", [], m === undefined || n === undefined ? {} : { dims: [m, n] });
}

/**
 * The seed's fourth-order β (`beta(m, n)`, shape [m, n, n, m]); sizes inferred unless given.
 * @example
 * ```ts
 * import { betaE, exprToText } from "tensorcalc";
 * console.log(exprToText(betaE())); // β
 * ```
 */
export function betaE(m?: Dim, n?: Dim): Expr {
  return node("beta", [], m === undefined || n === undefined ? {} : { dims: [m, n] });
}

/**
 * The commutation matrix `K(m, n)` (mn×mn, `K vec(A) = vec(Aᵀ)` for A m×n).
 * @example
 * ```ts
 * import { commutationE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(commutationE("m", "n"))); // K(m, n)
 * ```
 */
export function commutationE(m: Dim, n: Dim): Expr {
  return node("K", [], { dims: [m, n] });
}

/**
 * The single-entry matrix `E(i, j)` (0-based entry; its size is inferred).
 * @example
 * ```ts
 * import { entryE, exprToText } from "tensorcalc";
 * console.log(exprToText(entryE(0, 1))); // E₀₁
 * ```
 */
export function entryE(i: number, j: number): Expr {
  return node("E", [], { entry: [i, j] });
}

/**
 * `vec(a)`: the columns of a stacked into one vector.
 * @example
 * ```ts
 * import { sym, vecE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(vecE(sym("A")))); // vec(A)
 * ```
 */
export function vecE(a: Expr): Expr {
  return node("vec", [a]);
}

/**
 * True when `e` contains the symbol `name`.
 * @example
 * ```ts
 * import { dependsOn, parse } from "tensorcalc";
 * console.log(dependsOn(parse("tr(A * X)"), "X"), dependsOn(parse("A'"), "X")); // true false
 * ```
 */
export function dependsOn(e: Expr, name: string): boolean {
  if (e.op === "sym") return e.name === name;
  return e.args.some((a) => dependsOn(a, name));
}

/**
 * The names of the symbols in `e`, in order of first appearance.
 * @example
 * ```ts
 * import { symbolsOf, parse } from "tensorcalc";
 * console.log(symbolsOf(parse("A' * X * A"))); // ["A", "X"]
 * ```
 */
export function symbolsOf(e: Expr): string[] {
  const out: string[] = [];
  const walk = (x: Expr): void => {
    if (x.op === "sym" && x.name !== undefined && !out.includes(x.name)) out.push(x.name);
    x.args.forEach(walk);
  };
  walk(e);
  return out;
}

/**
 * Structural equality (ignores source positions).
 * @example
 * ```ts
 * import { exprEquals, parse, mulE, t, sym } from "tensorcalc";
 * console.log(exprEquals(parse("A' * B"), mulE(t(sym("A")), sym("B")))); // true
 * ```
 */
export function exprEquals(a: Expr, b: Expr): boolean {
  if (a.op !== b.op || a.name !== b.name || a.value !== b.value || a.args.length !== b.args.length) return false;
  if (JSON.stringify(a.dims ?? null) !== JSON.stringify(b.dims ?? null)) return false;
  if (JSON.stringify(a.entry ?? null) !== JSON.stringify(b.entry ?? null)) return false;
  return a.args.every((x, i) => exprEquals(x, b.args[i]));
}
