/**
 * Printers for matrix expressions: parseable source, Unicode text and LaTeX (KaTeX-compatible).
 * @packageDocumentation
 */
import type { Dim, Expr } from "./expr";

const PREC: Partial<Record<Expr["op"], number>> = { add: 1, sub: 1, mul: 2, ddot: 2, had: 2, kron: 2, neg: 3, T: 4 };

function prec(e: Expr): number {
  if (e.op === "num" && (e.value ?? 0) < 0) return 3;
  if (e.op === "inv") return 4;
  return PREC[e.op] ?? 5;
}

function fmtNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(12)));
}

function dimText(d: Dim): string {
  return typeof d === "number" ? String(d) : d;
}

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
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? `(${exprToSource(x)})` : exprToSource(x));
  const [a, b] = e.args;
  switch (e.op) {
    case "sym":
      return e.name ?? "?";
    case "num":
      return fmtNum(e.value ?? 0);
    case "T":
      return `${wrap(a, 5)}'`;
    case "inv":
      return `inv(${exprToSource(a)})`;
    case "mul":
      return `${wrap(a, 2)} * ${wrap(b, 3)}`;
    case "ddot":
      return `${wrap(a, 2)} : ${wrap(b, 3)}`;
    case "had":
      return `${wrap(a, 2)} .* ${wrap(b, 3)}`;
    case "add":
      return `${wrap(a, 1)} + ${wrap(b, 2)}`;
    case "sub":
      return `${wrap(a, 1)} - ${wrap(b, 2)}`;
    case "neg":
      return `-${wrap(a, 3)}`;
    case "kron":
      return `kron(${exprToSource(a)}, ${exprToSource(b)})`;
    case "tr":
    case "det":
    case "logdet":
    case "exp":
    case "sin":
    case "cos":
    case "tanh":
    case "sqrt":
    case "log":
    case "vec":
      return `${e.op}(${exprToSource(a)})`;
    case "recip":
      return `recip(${exprToSource(a)})`;
    case "I":
      return e.dims ? `I(${e.dims.map(dimText).join(", ")})` : "I";
    case "alpha":
    case "beta":
      return e.dims ? `${e.op}(${e.dims.map(dimText).join(", ")})` : e.op;
    case "K":
      return `K(${(e.dims ?? []).map(dimText).join(", ")})`;
    case "E":
      return `E(${(e.entry ?? [0, 0]).join(", ")})`;
  }
}

const MUL_PARENS = new Set<Expr["op"]>(["had", "kron", "ddot"]);

function touchesDifferential(e: Expr, side: "left" | "right"): boolean {
  if (e.op === "sym") return isDifferential(e.name ?? "");
  if (e.op === "T") return touchesDifferential(e.args[0], side);
  if (e.op === "mul") return touchesDifferential(side === "left" ? e.args[0] : e.args[1], side);
  return false;
}

const SUB_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
function subscript(s: string): string {
  return /^\d+$/.test(s) ? [...s].map((c) => SUB_DIGITS[Number(c)]).join("") : `_${s}`;
}

/** Differentials made by the engine are named d + a symbol (`dA`); user symbols are one letter. */
export function isDifferential(name: string): boolean {
  return /^d[A-Za-z](\d+|_[A-Za-z0-9]+)?$/.test(name);
}

function isWordy(s: string): boolean {
  return /^[A-Za-z0-9_]/.test(s);
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
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? `(${exprToText(x)})` : exprToText(x));
  const [a, b] = e.args;
  switch (e.op) {
    case "sym":
      return e.name ?? "?";
    case "num":
      return fmtNum(e.value ?? 0);
    case "T":
      if (a.op === "inv") return `${wrap(a.args[0], 5)}⁻ᵀ`;
      return `${wrap(a, 5)}ᵀ`;
    case "inv":
      if (a.op === "T") return `${wrap(a.args[0], 5)}⁻ᵀ`;
      return `${wrap(a, 5)}⁻¹`;
    case "mul": {
      const l = MUL_PARENS.has(a.op) ? `(${exprToText(a)})` : wrap(a, 2);
      const r = MUL_PARENS.has(b.op) ? `(${exprToText(b)})` : wrap(b, 3);
      if (touchesDifferential(a, "right") || touchesDifferential(b, "left")) return `${l} ${r}`;
      const multi = (a.op === "sym" && (a.name ?? "").length > 1) || (b.op === "sym" && (b.name ?? "").length > 1);
      const sep =
        (isWordy(r) && /[A-Za-z0-9_]$/.test(l) && (multi || (/\d$/.test(l) && /^\d/.test(r)))) || b.op === "num"
          ? "·"
          : "";
      return l + sep + r;
    }
    case "ddot":
      return `${wrap(a, 2)}:${wrap(b, 3)}`;
    case "had":
      return `${wrap(a, 2)} ∘ ${wrap(b, 3)}`;
    case "kron":
      return `${wrap(a, 2)} ⊗ ${wrap(b, 3)}`;
    case "add":
      return `${wrap(a, 1)} + ${wrap(b, 2)}`;
    case "sub":
      return `${wrap(a, 1)} − ${wrap(b, 2)}`;
    case "neg":
      return `−${wrap(a, 2)}`;
    case "tr":
    case "det":
    case "exp":
    case "sin":
    case "cos":
    case "tanh":
    case "sqrt":
    case "log":
    case "vec":
      return `${e.op}(${exprToText(a)})`;
    case "logdet":
      return a.op === "sym" ? `log|det ${exprToText(a)}|` : `log|det(${exprToText(a)})|`;
    case "recip":
      return `${wrap(a, 5)}^(∘−1)`;
    case "I":
      return "I";
    case "alpha":
      return "α";
    case "beta":
      return "β";
    case "K":
      return `K${subscript((e.dims ?? []).map(dimText).join(""))}`;
    case "E":
      return `E${subscript((e.entry ?? [0, 0]).join(""))}`;
  }
}

/** LaTeX for a symbol name: `A`, `A_{1}`, `\mathit{foo}`, Greek names as commands. */
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

function dimLatex(d: Dim): string {
  return typeof d === "number" ? String(d) : latexName(d);
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
  const paren = (s: string): string => `\\left(${s}\\right)`;
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? paren(exprToLatex(x)) : exprToLatex(x));
  const sup = (x: Expr, s: string): string => {
    const base = wrap(x, 5);
    if ((x.op === "sym" && !isDifferential(x.name ?? "")) || x.op === "I" || x.op === "num") return `${base}^{${s}}`;
    return x.op === "sym" || x.op === "K" || x.op === "E" || prec(x) < 5
      ? `{${base}}^{${s}}`
      : `{${paren(exprToLatex(x))}}^{${s}}`;
  };
  const [a, b] = e.args;
  switch (e.op) {
    case "sym":
      return latexName(e.name ?? "?");
    case "num":
      return fmtNum(e.value ?? 0);
    case "T":
      if (a.op === "inv") return sup(a.args[0], "-T");
      return sup(a, "T");
    case "inv":
      if (a.op === "T") return sup(a.args[0], "-T");
      return sup(a, "-1");
    case "mul": {
      const l = MUL_PARENS.has(a.op) ? paren(exprToLatex(a)) : wrap(a, 2);
      const r = MUL_PARENS.has(b.op) ? paren(exprToLatex(b)) : wrap(b, 3);
      return `${l} ${b.op === "num" ? "\\cdot " : ""}${r}`;
    }
    case "ddot":
      return `${wrap(a, 2)} : ${wrap(b, 3)}`;
    case "had":
      return `${wrap(a, 2)} \\circ ${wrap(b, 3)}`;
    case "kron":
      return `${wrap(a, 2)} \\otimes ${wrap(b, 3)}`;
    case "add":
      return `${wrap(a, 1)} + ${wrap(b, 2)}`;
    case "sub":
      return `${wrap(a, 1)} - ${wrap(b, 2)}`;
    case "neg":
      return `-${wrap(a, 2)}`;
    case "tr":
      return `\\operatorname{tr}${paren(exprToLatex(a))}`;
    case "det":
      return `\\det${paren(exprToLatex(a))}`;
    case "logdet":
      return `\\log\\left|\\det ${wrap(a, 5)}\\right|`;
    case "exp":
      return `\\exp${paren(exprToLatex(a))}`;
    case "log":
      return `\\log${paren(exprToLatex(a))}`;
    case "sin":
    case "cos":
    case "tanh":
      return `\\${e.op}${paren(exprToLatex(a))}`;
    case "sqrt":
      return `\\sqrt{${exprToLatex(a)}}`;
    case "vec":
      return `\\operatorname{vec}${paren(exprToLatex(a))}`;
    case "recip":
      return `{${paren(exprToLatex(a))}}^{\\circ -1}`;
    case "I":
      return "I";
    case "alpha":
      return "\\alpha";
    case "beta":
      return "\\beta";
    case "K":
      return `K_{${(e.dims ?? []).map(dimLatex).join("")}}`;
    case "E":
      return `E_{${(e.entry ?? [0, 0]).join("")}}`;
  }
}
