/**
 * Printers for matrix expressions: parseable source, Unicode text and LaTeX (KaTeX-compatible).
 * Each op's own print spec (in its module under `symbolic/ops/`) says how it prints; this
 * module walks the tree and handles precedence.
 * @packageDocumentation
 */
import { type Expr, isSym } from "./expr";
import type { Printer, PrintSpec } from "./opdef";
import { opDef } from "./ops/registry";

export { isDifferential, latexName } from "./notation";

type Notation = "source" | "text" | "latex";

function precOf(e: Expr): number {
  const spec = opDef(e.op).print as PrintSpec<Expr>;
  const p = spec.prec;
  return p === undefined ? 5 : typeof p === "number" ? p : p(e);
}

function printer(
  notation: Notation,
  scalars: ReadonlySet<string> = new Set(),
  isScalar: (e: Expr) => boolean = () => false,
): Printer {
  const open = notation === "latex" ? "\\left(" : "(";
  const close = notation === "latex" ? "\\right)" : ")";
  const p = ((e: Expr): string => (opDef(e.op).print as PrintSpec<Expr>)[notation](e, p)) as Printer;
  p.prec = precOf;
  p.scalar = (x: Expr): boolean =>
    opDef(x.op).traits.scalar === true || (isSym(x) && scalars.has(x.name)) || isScalar(x);
  p.latexSup = (x: Expr) => {
    const how = (opDef(x.op).print as PrintSpec<Expr>).latexSup;
    return typeof how === "function" ? how(x) : how;
  };
  p.wrap = (x: Expr, min: number): string => (precOf(x) < min ? `${open}${p(x)}${close}` : p(x));
  return p;
}

const SOURCE = printer("source");
const TEXT = printer("text");
const LATEX = printer("latex");

/**
 * The expression as parseable ASCII source (`A' * B`, `tr(inv(X) * A)`); `parse(exprToSource(e))`
 * gives back an equal expression.
 * @example
 * ```ts
 * import { parse, exprToSource } from "tensorcalc";
 * console.log(exprToSource(parse("A'B + 2*C"))); // A' * B + 2 * C
 * ```
 */
export function exprToSource(e: Expr): string {
  return SOURCE(e);
}

/**
 * The expression as Unicode text (`AᵀB`, `X⁻¹`, `A ⊗ B`, `tr(AX)`).
 * @example
 * ```ts
 * import { parse, exprToText } from "tensorcalc";
 * console.log(exprToText(parse("A' * B + inv(X)"))); // AᵀB + X⁻¹
 * ```
 */
export function exprToText(e: Expr): string {
  return TEXT(e);
}

/**
 * The expression as LaTeX (KaTeX-compatible): `A^{T} B`, `X^{-1}`, `A \otimes B`.
 * @example
 * ```ts
 * import { parse, exprToLatex } from "tensorcalc";
 * console.log(exprToLatex(parse("A' * B"))); // A^{T} B
 * ```
 */
export function exprToLatex(e: Expr): string {
  return LATEX(e);
}

/**
 * The expression as Unicode text and LaTeX, with the named symbols taken as scalars (a rule's
 * scalar metavariables: d(s/t) prints with /, not ⊘).
 */
export function exprToNotations(e: Expr, scalars: ReadonlySet<string>): { text: string; latex: string } {
  return { text: printer("text", scalars)(e), latex: printer("latex", scalars)(e) };
}

/**
 * Text and LaTeX printers that also take as scalars the nodes `isScalar` tells (by their shapes,
 * which the printer alone does not know): d(xᵀx) / (xᵀx), not d(xᵀx) ⊘ (xᵀx).
 */
export function shapedPrinters(isScalar: (e: Expr) => boolean): {
  readonly text: (e: Expr) => string;
  readonly latex: (e: Expr) => string;
} {
  const text = printer("text", new Set(), isScalar);
  const latex = printer("latex", new Set(), isScalar);
  return { text: (e) => text(e), latex: (e) => latex(e) };
}
