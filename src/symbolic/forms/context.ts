/**
 * What every form of a derivative shares: the form object itself (a tree for its right-hand
 * side, its text and LaTeX printed from trees, its numeric evaluation), the context a form
 * is built from, and small tree helpers (signed sums, scalar prefixes, the left-hand sides).
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { E as entry } from "../../special/index";
import { type Dim, type Expr, addE, mulE, negE, num, subE } from "../expr";
import type { Values } from "../evaluate";
import { scalarFactor, tidy, type TidyContext } from "../kinds";
import type { KindTerm } from "../kinds";
import { exprToLatex, exprToText } from "../print";
import { latexName, latexSub } from "../notation";
import type { IndexContext, IndexSum } from "../ricci";
import { dimValue } from "../shapes";

/** Names of the forms, in the order a derivation lists them. */
export type FormName = "tensor" | "index" | "kron" | "component" | "differential" | "gradient" | "hessian" | "entries";

/** One factor of a term as written: a number, a dimension, δ with its subscript, or X_sub. */
export type IndexPiece =
  | { readonly kind: "coef"; readonly value: number }
  | { readonly kind: "dim"; readonly name: string }
  | { readonly kind: "delta"; readonly sub: string }
  | {
      readonly kind: "factor";
      readonly base: Expr;
      readonly sub: string;
      /** Printed without parentheses of its own ((xᵀx)⁻¹ has them). */
      readonly atom?: boolean;
    };

/** The index form as written: signed terms of pieces, and the subscripts of Y and A. */
export interface IndexNotation {
  readonly terms: readonly { readonly sign: 1 | -1; readonly pieces: readonly IndexPiece[] }[];
  readonly ySub: string;
  readonly aSub: string;
}

/** One form of a derivative. */
export interface DerivativeForm {
  readonly name: FormName;
  /** A human title, e.g. "Fourth-order tensor (α/β)". */
  readonly title: string;
  /** The right-hand side as an expression tree (every form but the index form). */
  readonly rhs?: Expr;
  /** The index form's right-hand side as written (its tree). */
  readonly notation?: IndexNotation;
  /** KaTeX-compatible LaTeX of the whole statement (left-hand side = right-hand side). */
  readonly latex: string;
  /** Plain Unicode text of the right-hand side, e.g. "αBᵀ:β". */
  readonly text: string;
  /**
   * Numbers for given values of the symbols: the numerator-layout Jacobian
   * (shape [...shape(Y), ...shape(A)]) for tensor/index/component/differential; the matrix
   * DF = ∂vec(Y)/∂vec(A)ᵀ for kron; the gradient (shape of A) and the Hessian
   * (shape [...shape(A), ...shape(A)]) for scalar-valued expressions.
   */
  evaluate(values: Readonly<Record<string, Tensor>>): Tensor;
}

/** What the form builders need to know about a derivation. */
export interface FormContext {
  readonly ctx: IndexContext;
  readonly expr: Expr;
  readonly wrt: string;
  /** True (user-facing) shapes of the result and the variable. */
  readonly resultShape: readonly Dim[];
  readonly wrtShape: readonly Dim[];
  /** Padded shapes [m, n] and [p, q]. */
  readonly yPad: readonly Dim[];
  readonly aPad: readonly Dim[];
  /** Shapes of the symbols, for tidying engine-built trees. */
  readonly tc: TidyContext;
  /** The variable is declared a symmetric matrix (see forms/symmetric.ts). */
  readonly symmetricWrt: boolean;
  /** The variable is declared a diagonal matrix. */
  readonly diagonalWrt: boolean;
  /** Sizes of the named dimensions for given values. */
  sizes(values: Values): Record<string, number>;
}

/** What a form is built from: the derivative in index notation and, when it is one, as kind terms. */
export interface FormInput {
  readonly fc: FormContext;
  readonly sum: IndexSum;
  readonly kinds: readonly KindTerm[] | undefined;
  /** The gradient G of a scalar-valued expression (df = tr(Gᵀ dA)), computed once per derivation. */
  gradient(): Expr;
  /**
   * The same derivation for another expression in the same symbols (the Hessian derives the
   * gradient); `extra` gives the shapes of symbols the original does not have (a cotangent).
   */
  differentiate(e: Expr, extra?: Readonly<Record<string, readonly (number | string)[]>>): FormInput;
}

/** Why the matrix forms do not apply when the derivative is not a sum of kind terms. */
export function kindsReason(fc: FormContext): string {
  if (fc.wrtShape.length > 2)
    return `${fc.wrt} has ${fc.wrtShape.length} axes; matrix forms (X dA Y, kron, E_kl) need a scalar, vector or matrix variable`;
  return fc.resultShape.length > 2
    ? `the result has ${fc.resultShape.length} axes; matrix forms need a scalar, vector or matrix result`
    : "the derivative is not a sum of terms X dA Y, U dAᵀ V, W tr(Zᵀ dA) (with elementwise factors)";
}

/**
 * A numerator-layout Jacobian from its slices: `at(k, l, E_kl)` gives ∂Y/∂A_kl (padded Y,
 * m×n, or one number broadcast) for the single-entry matrix E_kl (p×q); `shape` is the
 * Jacobian's true shape.
 */
export function jacobianFromEntries(
  [m, n]: readonly number[],
  [p, q]: readonly number[],
  shape: readonly number[],
  at: (k: number, l: number, Ekl: Tensor) => Tensor,
): Tensor {
  const J = new Float64Array(m * n * p * q);
  for (let k = 0; k < p; k++) {
    for (let l = 0; l < q; l++) {
      const v = at(k, l, entry(k, l, p, q));
      for (let i = 0; i < m * n; i++) J[(i * p + k) * q + l] = v.size === 1 ? v.data[0] : v.data[i];
    }
  }
  return new Tensor(J, [...shape]);
}

/** A signed term of a sum. */
export interface Signed {
  readonly sign: 1 | -1;
  readonly body: Expr;
}

/** The sum of signed terms as one tree (`a − b + c`; 0 for none). */
export function signedSum(parts: readonly Signed[]): Expr {
  if (parts.length === 0) return num(0);
  let acc = parts[0].sign < 0 ? negE(parts[0].body) : parts[0].body;
  for (const p of parts.slice(1)) acc = p.sign < 0 ? subE(acc, p.body) : addE(acc, p.body);
  return acc;
}

/** A kind term's body times its scalar prefix (|coefficient| and scalar factors), with the sign apart. */
export function withPrefix(fc: FormContext, kt: KindTerm, body: Expr): Signed {
  const s = scalarFactor(Math.abs(kt.coef), kt.scalars, fc.tc);
  return { sign: kt.coef < 0 ? -1 : 1, body: s ? tidy(mulE(s, body), fc.tc) : body };
}

/** The numeric shapes of the result and the variable (true and padded). */
export function numericShape(
  fc: FormContext,
  sizes: Record<string, number>,
): { y: number[]; a: number[]; yPad: number[]; aPad: number[] } {
  const d = (x: Dim): number => dimValue(x, sizes);
  return { y: fc.resultShape.map(d), a: fc.wrtShape.map(d), yPad: fc.yPad.map(d), aPad: fc.aPad.map(d) };
}

/** The numerator-layout Jacobian shape [...shape(Y), ...shape(A)]. */
export function jacobianShape(s: { y: number[]; a: number[] }): number[] {
  return [...s.y, ...s.a];
}

/** Y in text and LaTeX, parenthesized unless it is a symbol. */
export function resultNotation(fc: FormContext): { text: string; latex: string } {
  const bare = fc.expr.op === "sym";
  return {
    text: bare ? exprToText(fc.expr) : `(${exprToText(fc.expr)})`,
    latex: bare ? exprToLatex(fc.expr) : `\\left(${exprToLatex(fc.expr)}\\right)`,
  };
}

/** `\frac{∂ Y}{∂ A}` with optional subscripts on Y and A. */
export function partialLatex(fc: FormContext, ySub = "", aSub = ""): string {
  const y = resultNotation(fc).latex;
  const a = latexName(fc.wrt);
  return `\\frac{\\partial ${latexSub(y, ySub)}}{\\partial ${latexSub(a, aSub)}}`;
}

/** A form whose right-hand side is a tree: text and LaTeX printed from it. */
export function treeForm(
  name: FormName,
  title: string,
  lhsLatex: string,
  rhs: Expr,
  evaluate: (values: Values) => Tensor,
): DerivativeForm {
  return { name, title, rhs, text: exprToText(rhs), latex: `${lhsLatex} = ${exprToLatex(rhs)}`, evaluate };
}
