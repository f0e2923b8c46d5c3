/**
 * Matrix expressions: the syntax tree shared by the parser, shape inference, the
 * derivation engine and the printers, plus builders to make expressions in code.
 *
 * `Expr` is a discriminated union on `op`: a `switch (e.op)` that forgets a kind of node is
 * a type error. What each operation means (its spellings, shape rule, derivative rule,
 * printing and evaluation) is defined once, in its module under `symbolic/ops/`, and found
 * through the registry (`symbolic/ops/registry.ts`), which must define every name below.
 * @packageDocumentation
 */

/** A dimension: a number, or the name of a symbolic size such as `"m"`. */
export type Dim = number | string;

/** Operations with no operand: symbols, numbers and the seed's constant tensors. */
export type LeafOp = "sym" | "num" | "size" | "I" | "ones" | "alpha" | "beta" | "K" | "E";

/** Operations with one operand. */
export type UnaryOp =
  | "T"
  | "neg"
  | "tr"
  | "det"
  | "logdet"
  | "adj"
  | "inv"
  | "vec"
  | "diag"
  | "sum"
  | "mean"
  | "norm1"
  | "norm2"
  | "softmax"
  | "logsumexp"
  | "exp"
  | "log"
  | "sin"
  | "cos"
  | "tanh"
  | "log1p"
  | "expm1"
  | "sqrt"
  | "recip"
  | "tan"
  | "abs"
  | "sign"
  | "step"
  | "relu"
  | "sigmoid"
  | "softplus"
  | "dif";

/** Operations with two operands. */
export type BinaryOp = "mul" | "ddot" | "add" | "sub" | "had" | "div" | "pow" | "spow" | "kron" | "outer";

/**
 * Operations along one axis of their operand (the node's `axis`, counted from 0; the expression
 * language writes it from 1, `sum(X, 2)`). Reductions keep the axis with size 1, as MATLAB does.
 */
export type AxisOp = "sumAlong" | "meanAlong" | "softmaxAlong" | "logsumexpAlong" | "norm2Along";

/** Notation for the forms of a derivative: the entry of a matrix at symbolic indices, `(Z)_kl`. */
export type NotationOp = "at";

/**
 * Operations on tensors of any order: `einsum("ij,jk->ik", A, B)` (any number of operands; index
 * notation `A[i,j] * B[j,k]` is read as one) and `permute(T, [3, 1, 2])`.
 */
export type TensorOp = "einsum" | "permute";

/** Every kind of node (the registry defines each). */
export type Op = LeafOp | UnaryOp | BinaryOp | AxisOp | NotationOp | TensorOp;

interface Base {
  /** Position of the node in the parsed source (-1 for nodes built in code). */
  readonly start: number;
  readonly end: number;
}

/** A symbol: a scalar, vector or matrix named `name`. */
export interface SymExpr extends Base {
  readonly op: "sym";
  readonly name: string;
  readonly args: readonly [];
}
/** A numeric scalar constant. */
export interface NumExpr extends Base {
  readonly op: "num";
  readonly value: number;
  readonly args: readonly [];
}
/** A symbolic size as a scalar (`n` in d tr(I)·tr(X)/dX = n·I): the value of the dimension `dim`. */
export interface SizeExpr extends Base {
  readonly op: "size";
  readonly dim: Dim;
  readonly args: readonly [];
}
/** The identity `I` (Kronecker delta), of an inferred size unless `dims` is given. */
export interface IdentityExpr extends Base {
  readonly op: "I";
  readonly dims?: readonly [Dim];
  readonly args: readonly [];
}
/** A vector or matrix of ones (`vector(1)`, `matrix(1)`), of a size inferred from its context unless given. */
export interface OnesExpr extends Base {
  readonly op: "ones";
  /** 1: a vector of ones, 2: a matrix of ones. */
  readonly rank: 1 | 2;
  readonly dims?: readonly Dim[];
  readonly args: readonly [];
}
/** The seed's α (`[m, n, m, n]`) or β (`[m, n, n, m]`), sizes inferred unless given. */
export interface AlphaBetaExpr extends Base {
  readonly op: "alpha" | "beta";
  readonly dims?: readonly [Dim, Dim];
  readonly args: readonly [];
}
/** The commutation matrix `K(m, n)`. */
export interface CommutationExpr extends Base {
  readonly op: "K";
  readonly dims: readonly [Dim, Dim];
  readonly args: readonly [];
}
/** The single-entry matrix `E(i, j)` (0-based entry; size inferred, written in by `derive`). */
export interface EntryExpr extends Base {
  readonly op: "E";
  readonly entry: readonly [number, number];
  readonly dims?: readonly [Dim, Dim];
  readonly args: readonly [];
}
/** An operation with one operand. */
export interface UnaryExpr<O extends UnaryOp = UnaryOp> extends Base {
  readonly op: O;
  readonly args: readonly [Expr];
}
/** An operation with two operands. */
export interface BinaryExpr<O extends BinaryOp = BinaryOp> extends Base {
  readonly op: O;
  readonly args: readonly [Expr, Expr];
}

/** An operation along one axis of its operand (`sum(X, 2)`: each row's sum, an m×1 column). */
export interface AxisExpr<O extends AxisOp = AxisOp> extends Base {
  readonly op: O;
  readonly args: readonly [Expr];
  /** The axis, counted from 0. */
  readonly axis: number;
}

/** The entry `(Z)_kl` of a matrix expression at symbolic indices (notation of the component form). */
export interface AtExpr extends Base {
  readonly op: "at";
  readonly args: readonly [Expr];
  /** Index letters, one per padded axis that is shown (`["k", "l"]`, `["k"]`). */
  readonly sub: readonly string[];
}

/**
 * An einsum contraction of any number of operands (`einsum("bsd,de->bse", X, W)`), numpy's spec
 * rules: an explicit output after `->`, or else the letters that appear once, in alphabetical order.
 */
export interface EinsumExpr extends Base {
  readonly op: "einsum";
  /** The spec as written, e.g. `"bsd,de->bse"` (its syntax checked by the einsum parser). */
  readonly spec: string;
  /** The operands (at least one). */
  readonly args: readonly [Expr, ...Expr[]];
  /** Position of the spec's first character in the parsed source (for a caret under an index). */
  readonly specStart?: number;
}

/** The axes of a tensor permuted: axis i of the result is axis `perm[i]` of the operand (0-based). */
export interface PermuteExpr extends Base {
  readonly op: "permute";
  readonly args: readonly [Expr];
  /** The permutation, counted from 0 (the expression language writes it from 1). */
  readonly perm: readonly number[];
}

/** A node of a matrix expression. */
export type Expr =
  | EinsumExpr
  | PermuteExpr
  | AtExpr
  | SymExpr
  | NumExpr
  | SizeExpr
  | IdentityExpr
  | OnesExpr
  | AlphaBetaExpr
  | CommutationExpr
  | EntryExpr
  | UnaryExpr
  | BinaryExpr
  | AxisExpr;

/** The node type of an op: `ExprOf<"sym">` is {@link SymExpr}, `ExprOf<"mul">` a binary node. */
export type ExprOf<O extends Op> = O extends "sym"
  ? SymExpr
  : O extends "num"
    ? NumExpr
    : O extends "size"
      ? SizeExpr
      : O extends "I"
        ? IdentityExpr
        : O extends "ones"
          ? OnesExpr
          : O extends "alpha" | "beta"
            ? AlphaBetaExpr
            : O extends "K"
              ? CommutationExpr
              : O extends "E"
                ? EntryExpr
                : O extends UnaryOp
                  ? UnaryExpr<O>
                  : O extends BinaryOp
                    ? BinaryExpr<O>
                    : O extends AxisOp
                      ? AxisExpr<O>
                      : O extends "at"
                        ? AtExpr
                        : O extends "einsum"
                          ? EinsumExpr
                          : O extends "permute"
                            ? PermuteExpr
                            : never;

/** @internal A unary node with a source span. */
export function unary(op: UnaryOp, a: Expr, start = -1, end = -1): Expr {
  return { op, args: [a], start, end };
}

/** @internal A binary node with a source span. */
export function binary(op: BinaryOp, a: Expr, b: Expr, start = -1, end = -1): Expr {
  return { op, args: [a, b], start, end };
}

/**
 * An operation along one axis (counted from 0): `along("sumAlong", X, 1)` is `sum(X, 2)`, the
 * sum of each row.
 * @example
 * ```ts
 * import { along, exprToSource, sym } from "tensorcalc";
 * console.log(exprToSource(along("softmaxAlong", sym("X"), 1))); // softmax(X, 2)
 * ```
 */
export function along(op: AxisOp, a: Expr, axis: number, start = -1, end = -1): AxisExpr {
  return { op, args: [a], axis, start, end };
}

/** @internal The same node with other operands (a leaf is returned unchanged). */
export function withArgs(e: Expr, args: readonly Expr[]): Expr {
  if (e.args.length === 0) return e;
  if (e.op === "einsum") return { ...e, args: [args[0], ...args.slice(1)] };
  if (e.args.length === 1) return { ...e, args: [args[0]] } as Expr;
  return { ...e, args: [args[0], args[1]] } as Expr;
}

/** @internal The node is a symbol (the tree's named leaf). Engines ask this, not the node's op name. */
export function isSym(e: Expr): e is SymExpr {
  return e.op === "sym";
}

/** @internal The node is a number (the tree's numeric leaf). */
export function isNum(e: Expr): e is NumExpr {
  return e.op === "num";
}

/** @internal The value of a number node, or undefined for any other node: `numValue(e) === 0` is a zero. */
export function numValue(e: Expr): number | undefined {
  return isNum(e) ? e.value : undefined;
}

/** @internal The same node with another source span. */
export function withSpan(e: Expr, start: number, end: number): Expr {
  return { ...e, start, end };
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
export function sym(name: string, start = -1, end = -1): SymExpr {
  return { op: "sym", name, args: [], start, end };
}

/**
 * A numeric scalar constant.
 * @example
 * ```ts
 * import { num, sym, mulE, exprToText } from "tensorcalc";
 * console.log(exprToText(mulE(num(2), sym("A")))); // 2A
 * ```
 */
export function num(value: number, start = -1, end = -1): NumExpr {
  return { op: "num", value, args: [], start, end };
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
  return unary("T", a);
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
  let r = binary("mul", a, b);
  for (const m of more) r = binary("mul", r, m);
  return r;
}

/** @internal The product of a list of factors, left to right (the number 1 for none). */
export function productE(fs: readonly Expr[]): Expr {
  return fs.length === 0 ? num(1) : fs.length === 1 ? fs[0] : mulE(fs[0], fs[1], ...fs.slice(2));
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
  return binary("ddot", a, b);
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
  let r = binary("add", a, b);
  for (const m of more) r = binary("add", r, m);
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
  return binary("sub", a, b);
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
  return unary("neg", a);
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
  return binary("had", a, b);
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
  return binary("kron", a, b);
}

/**
 * The outer (tensor) product `a ⊗ b` of two matrices (or vectors, scalars, taken as matrices):
 * the fourth-order tensor (a ⊗ b)[i, j, k, l] = a[i, j] b[k, l].
 * @example
 * ```ts
 * import { sym, outerE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(outerE(sym("A"), sym("B")))); // outer(A, B)
 * ```
 */
export function outerE(a: Expr, b: Expr): Expr {
  return binary("outer", a, b);
}

/**
 * An einsum contraction `einsum(spec, ...operands)` (numpy's spec rules; axes of any order).
 * @example
 * ```ts
 * import { einsumE, sym, exprToSource } from "tensorcalc";
 * console.log(exprToSource(einsumE("bsd,de->bse", sym("X"), sym("W")))); // einsum("bsd,de->bse", X, W)
 * ```
 */
export function einsumE(spec: string, first: Expr, ...more: Expr[]): EinsumExpr {
  return { op: "einsum", spec, args: [first, ...more], start: -1, end: -1 };
}

/**
 * The axes of `a` permuted by `perm` (counted from 0): axis i of the result is axis perm[i] of `a`;
 * the expression language writes `permute(T, [3, 1, 2])`, counted from 1.
 * @example
 * ```ts
 * import { permuteE, sym, exprToSource } from "tensorcalc";
 * console.log(exprToSource(permuteE(sym("T"), [2, 0, 1]))); // permute(T, [3, 1, 2])
 * ```
 */
export function permuteE(a: Expr, perm: readonly number[], start = -1, end = -1): PermuteExpr {
  return { op: "permute", args: [a], perm, start, end };
}

/** @internal The entry `(a)_sub` at symbolic indices (notation of the component form). */
export function atE(a: Expr, sub: readonly string[]): AtExpr {
  return { op: "at", args: [a], sub, start: -1, end: -1 };
}

/**
 * Apply a one-operand operation by name: `tr`, `det`, `logdet`, `inv`, `vec`, `diag`, or an
 * elementwise function such as `exp`, `log`, `sin`, `cos`, `tanh`, `sqrt`.
 * @example
 * ```ts
 * import { sym, fn, exprToText } from "tensorcalc";
 * console.log(exprToText(fn("logdet", sym("X")))); // log|det X|
 * ```
 */
export function fn(name: Exclude<UnaryOp, "T" | "neg" | "recip">, a: Expr): Expr {
  return unary(name, a);
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
  return unary("tr", a);
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
  return unary("inv", a);
}

/**
 * `diag(a)`: a vector to the diagonal matrix, a square matrix to the vector of its diagonal.
 * @example
 * ```ts
 * import { sym, diagE, exprToText } from "tensorcalc";
 * console.log(exprToText(diagE(sym("x")))); // diag(x)
 * ```
 */
export function diagE(a: Expr): Expr {
  return unary("diag", a);
}

/**
 * Identity `I` (the Kronecker delta as a matrix); its size is inferred unless given.
 * @example
 * ```ts
 * import { identity, exprToSource } from "tensorcalc";
 * console.log(exprToSource(identity()), exprToSource(identity(3))); // I I(3)
 * ```
 */
export function identity(n?: Dim): IdentityExpr {
  return n === undefined
    ? { op: "I", args: [], start: -1, end: -1 }
    : { op: "I", dims: [n], args: [], start: -1, end: -1 };
}

/**
 * The seed's fourth-order α (`alpha(m, n)`, shape [m, n, m, n]); sizes inferred unless given.
 * @example
 * ```ts
 * import { alphaE, exprToText } from "tensorcalc";
 * console.log(exprToText(alphaE())); // α
 * ```
 */
export function alphaE(m?: Dim, n?: Dim): AlphaBetaExpr {
  return alphaBeta("alpha", m, n);
}

/**
 * The seed's fourth-order β (`beta(m, n)`, shape [m, n, n, m]); sizes inferred unless given.
 * @example
 * ```ts
 * import { betaE, exprToText } from "tensorcalc";
 * console.log(exprToText(betaE())); // β
 * ```
 */
export function betaE(m?: Dim, n?: Dim): AlphaBetaExpr {
  return alphaBeta("beta", m, n);
}

function alphaBeta(op: "alpha" | "beta", m?: Dim, n?: Dim): AlphaBetaExpr {
  if (m === undefined || n === undefined) return { op, args: [], start: -1, end: -1 };
  return { op, dims: [m, n], args: [], start: -1, end: -1 };
}

/**
 * The commutation matrix `K(m, n)` (mn×mn, `K vec(A) = vec(Aᵀ)` for A m×n).
 * @example
 * ```ts
 * import { commutationE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(commutationE("m", "n"))); // K(m, n)
 * ```
 */
export function commutationE(m: Dim, n: Dim): CommutationExpr {
  return { op: "K", dims: [m, n], args: [], start: -1, end: -1 };
}

/** @internal The size of the dimension `dim` as a scalar node (a factor of a form). */
export function sizeE(dim: Dim): SizeExpr {
  return { op: "size", dim, args: [], start: -1, end: -1 };
}

/**
 * A vector (`rank` 1) or matrix (`rank` 2) of ones, `vector(1)` / `matrix(1)`; its size is inferred unless given.
 * @example
 * ```ts
 * import { onesE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(onesE(1)), exprToSource(onesE(2))); // vector(1) matrix(1)
 * ```
 */
export function onesE(rank: 1 | 2, dims?: readonly Dim[]): OnesExpr {
  return dims === undefined
    ? { op: "ones", rank, args: [], start: -1, end: -1 }
    : { op: "ones", rank, dims, args: [], start: -1, end: -1 };
}

/**
 * Elementwise (or scalar) division `a ./ b` (`a / s` for a scalar s).
 * @example
 * ```ts
 * import { sym, divE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(divE(sym("x"), sym("y")))); // x ./ y
 * ```
 */
export function divE(a: Expr, b: Expr): Expr {
  return binary("div", a, b);
}

/**
 * Elementwise power `a .^ p` (for a scalar a, the power aᵖ); p a number or a scalar expression.
 * @example
 * ```ts
 * import { sym, num, powE, exprToSource } from "tensorcalc";
 * console.log(exprToSource(powE(sym("X"), num(2)))); // X .^ 2
 * ```
 */
export function powE(a: Expr, p: Expr): Expr {
  return binary("pow", a, p);
}

/**
 * The single-entry matrix `E(i, j)` (0-based entry; its size is inferred).
 * @example
 * ```ts
 * import { entryE, exprToText } from "tensorcalc";
 * console.log(exprToText(entryE(0, 1))); // E₀₁
 * ```
 */
export function entryE(i: number, j: number): EntryExpr {
  return { op: "E", entry: [i, j], args: [], start: -1, end: -1 };
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
  return unary("vec", a);
}

/**
 * The differential `d(a)` of an expression, not yet worked out (notation of the steps of a
 * derivation: the differential rules of the ops rewrite it away).
 * @example
 * ```ts
 * import { difE, parse, exprToText } from "tensorcalc";
 * console.log(exprToText(difE(parse("A' * B")))); // d(AᵀB)
 * ```
 */
export function difE(a: Expr): Expr {
  return unary("dif", a);
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
  if (isSym(e)) return e.name === name;
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
    if (isSym(x) && !out.includes(x.name)) out.push(x.name);
    x.args.forEach(walk);
  };
  walk(e);
  return out;
}

/** The attributes a node may carry besides its op and operands, in the order its key lists them. */
const ATTRIBUTES = ["name", "value", "dim", "entry", "rank", "dims", "sub", "spec", "perm", "axis"] as const;

/**
 * @internal A key of a node's own data (op and attributes, not its operands or position):
 * `sym:X`, `num:2`, `I:n`, `E:0,1:`, `ones:1:m`, `sumAlong:1`, `einsum:ij,jk->ik`, `mul`. A
 * constant (a leaf with neither name, value nor size) lists its sizes, empty when inferred.
 */
export function nodeKey(e: Expr): string {
  const a = e as unknown as Readonly<Record<(typeof ATTRIBUTES)[number], unknown>>;
  const constant = e.args.length === 0 && a.name === undefined && a.value === undefined && a.dim === undefined;
  const parts: string[] = [e.op];
  for (const k of ATTRIBUTES) {
    const v = a[k];
    if (v === undefined) {
      if (k === "dims" && constant) parts.push("");
      continue;
    }
    parts.push(Array.isArray(v) ? v.join(",") : k === "spec" ? String(v).replace(/\s/g, "") : String(v));
  }
  return parts.join(":");
}

/** @internal A structural key of a whole expression (ignores source positions). */
export function exprKey(e: Expr): string {
  let k = keys.get(e);
  if (k === undefined) {
    k = e.args.length === 0 ? nodeKey(e) : `${nodeKey(e)}(${e.args.map(exprKey).join(",")})`;
    keys.set(e, k);
  }
  return k;
}

/** Keys already computed (nodes are immutable, so a node's key never changes): a memo, not state. */
const keys = new WeakMap<Expr, string>();

/**
 * Structural equality (ignores source positions).
 * @example
 * ```ts
 * import { exprEquals, parse, mulE, t, sym } from "tensorcalc";
 * console.log(exprEquals(parse("A' * B"), mulE(t(sym("A")), sym("B")))); // true
 * ```
 */
export function exprEquals(a: Expr, b: Expr): boolean {
  if (nodeKey(a) !== nodeKey(b) || a.args.length !== b.args.length) return false;
  return a.args.every((x, i) => exprEquals(x, b.args[i]));
}
