/**
 * Small pieces of notation shared by the op definitions' printers: numbers, dimension
 * names, subscripts, differentials and symbol names in LaTeX.
 * @packageDocumentation
 */
import type { Dim, Expr, UnaryExpr } from "./expr";
import type { Printer } from "./opdef";

/** A number as the printers write it (12 significant digits). */
export function fmtNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(12)));
}

/** A dimension as text. */
export function dimText(d: Dim): string {
  return typeof d === "number" ? String(d) : d;
}

/** A dimension in LaTeX. */
export function dimLatex(d: Dim): string {
  return typeof d === "number" ? String(d) : latexName(d);
}

const SUB_DIGITS = "₀₁₂₃₄₅₆₇₈₉";

/** Digits as Unicode subscripts (`01` → `₀₁`), anything else as `_s`. */
export function subscript(s: string): string {
  return /^\d+$/.test(s) ? [...s].map((c) => SUB_DIGITS[Number(c)]).join("") : `_${s}`;
}

/** Differentials made by the engine are named d + a symbol (`dA`); user symbols are one letter. */
export function isDifferential(name: string): boolean {
  return /^d[A-Za-z](\d+|_[A-Za-z0-9]+)?$/.test(name);
}

/**
 * `base_{sub}` in LaTeX, with a base that has a subscript of its own (`W_{q}`) braced first:
 * `{W_{q}}_{klr}` (KaTeX refuses a double subscript). An empty `sub` leaves the base alone.
 */
export function latexSub(base: string, sub: string): string {
  if (sub === "") return base;
  return `${/_/.test(base) && !/^\\left/.test(base) ? `{${base}}` : base}_{${sub}}`;
}

/** LaTeX for a symbol name: `A`, `A_{1}`, `\mathit{foo}`, Greek names as commands, `\mathrm{d}A`. */
export function latexName(name: string): string {
  if (isDifferential(name)) return `\\mathrm{d}${latexName(name.slice(1))}`;
  const greek =
    /^(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|phi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)$/;
  const m = /^([A-Za-z])(?:_?(\d+)|_([A-Za-z0-9]+))$/.exec(name);
  if (m) return `${m[1]}_{${m[2] ?? m[3]}}`;
  if (greek.test(name)) return `\\${name}`;
  if (name.length === 1) return name;
  return `\\mathit{${name.replace(/_/g, "\\_")}}`;
}

/** LaTeX parentheses that grow with their content. */
export function paren(s: string): string {
  return `\\left(${s}\\right)`;
}

/** `x` with a LaTeX superscript (`A^{T}`, `{(AB)}^{-1}`), braced where the base needs it. */
export function latexSup(p: Printer, x: Expr, s: string): string {
  const base = p.wrap(x, 5);
  const how = p.latexSup(x);
  if (how === "bare") return `${base}^{${s}}`;
  return how === "braced" || p.prec(x) < 5 ? `{${base}}^{${s}}` : `{${paren(p(x))}}^{${s}}`;
}

/** The print spec of a one-operand call: `name(a)` in source and text, `command(a)` in LaTeX. */
export function callPrint(name: string, command: string) {
  return {
    source: (e: UnaryExpr, p: Printer): string => `${name}(${p(e.args[0])})`,
    text: (e: UnaryExpr, p: Printer): string => `${name}(${p(e.args[0])})`,
    latex: (e: UnaryExpr, p: Printer): string => `${command}${paren(p(e.args[0]))}`,
  };
}
