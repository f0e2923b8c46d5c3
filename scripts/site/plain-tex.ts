/**
 * Plain-text (Unicode) readings of short LaTeX snippets, for places that
 * cannot render math: sidebar labels, page titles, heading anchors.
 * `\partial Y/\partial A^T` → `∂Y/∂Aᵀ`.
 * @packageDocumentation
 */

const symbols: Record<string, string> = {
  partial: "∂",
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "φ",
  varphi: "φ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Lambda: "Λ",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
  theta: "θ",
  xi: "ξ",
  eta: "η",
  kappa: "κ",
  chi: "χ",
  zeta: "ζ",
  ell: "ℓ",
  otimes: "⊗",
  oplus: "⊕",
  odot: "⊙",
  circ: "∘",
  cdot: "·",
  times: "×",
  to: "→",
  rightarrow: "→",
  Rightarrow: "⇒",
  implies: "⇒",
  iff: "⇔",
  Leftrightarrow: "⇔",
  leftrightarrow: "↔",
  mapsto: "↦",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  approx: "≈",
  equiv: "≡",
  sum: "Σ",
  prod: "Π",
  infty: "∞",
  nabla: "∇",
  in: "∈",
  dots: "…",
  ldots: "…",
  cdots: "⋯",
  top: "ᵀ",
  colon: ":",
  lvert: "|",
  rvert: "|",
  vert: "|",
  mid: "|",
  star: "⋆",
  ast: "∗",
  pm: "±",
};

const superscripts: Record<string, string> = {
  T: "ᵀ",
  "-1": "⁻¹",
  "2": "²",
  "3": "³",
  "1": "¹",
  "0": "⁰",
  n: "ⁿ",
  "*": "*",
  "\\top": "ᵀ",
  "\\prime": "′",
};

/** A readable plain-text version of a LaTeX snippet (no `$` delimiters). */
export function texToPlain(tex: string): string {
  let s = tex;
  // Structures with arguments first (innermost first, a few rounds for nesting).
  for (let round = 0; round < 4; round++) {
    s = s
      .replace(/\^\s*\{([^{}]*)\}/g, (_m, sup: string) => superscripts[sup.trim()] ?? `^(${sup})`)
      .replace(/_\s*\{([^{}]*)\}/g, "_$1")
      .replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "$1/$2")
      .replace(
        /\\(?:operatorname|mathrm|mathbf|mathit|mathsf|mathcal|mathbb|text|textrm|textbf|boldsymbol|bm)\s*\{([^{}]*)\}/g,
        "$1",
      )
      .replace(/\\(?:hat|bar|tilde|vec|widehat|widetilde|overline)\s*\{([^{}]*)\}/g, "$1");
  }
  s = s
    .replace(/\^\s*(\\top|\\prime|-1|[A-Za-z0-9*])/g, (_m, sup: string) => superscripts[sup] ?? `^${sup}`)
    .replace(/\\(left|right|big|Big|bigg|Bigg)\b\s*/g, "")
    .replace(/\\(?:quad|qquad)\b/g, " ")
    .replace(/\\[,;:! ]/g, (m) => (m === "\\ " ? " " : ""))
    .replace(/\\\{/g, "{")
    .replace(/\\\}/g, "}")
    .replace(/\\([A-Za-z]+)( ?)/g, (_m, name: string, space: string) => {
      const sym = symbols[name] ?? name;
      // TeX ignores the space after a command word; keep it around operators.
      return /^[\p{L}∂∇]+$/u.test(sym) ? sym : sym + space;
    })
    .replace(/[{}]/g, "")
    .replace(/~/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // ∂Y / ∂A: drop spaces that TeX ignores between a symbol and its argument.
  return s.replace(/([∂∇]) (?=\S)/g, "$1");
}

/** Replaces every `$…$` / `$$…$$` span of a Markdown string by its plain-text reading. */
export function markdownToPlain(md: string): string {
  return md
    .replace(/\$\$([\s\S]+?)\$\$/g, (_m, t: string) => texToPlain(t))
    .replace(/\$([^$\n]+?)\$/g, (_m, t: string) => texToPlain(t))
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
