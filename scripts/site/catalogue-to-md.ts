/**
 * The identity catalogue page (docs/identities.md), generated from the
 * symbolic engine's `catalogue` export: every identity is derived by the
 * engine, each form is verified numerically against the exact Jacobian, and
 * the catalogued closed forms are compared with the engine's. The page shows
 * what was checked and how, so a failing row is visible, not hidden.
 * @packageDocumentation
 */
import type { CatalogueCheck, CatalogueEntry, VerifyOptions } from "../../src";

/** What the page needs from the library (dist/ at build time, the sources in tests). */
export interface CatalogueLib {
  catalogue?: readonly CatalogueEntry[];
  checkCatalogueEntry?: (entry: CatalogueEntry, opts?: VerifyOptions) => CatalogueCheck;
}

const sourceNames: Record<string, string> = {
  seed: "The seed question",
  cookbook: "The Matrix Cookbook",
  "magnus-neudecker": "Magnus–Neudecker",
  ml: "Machine learning",
};

/** LaTeX that is safe inside a GFM table cell (a `|` would split the cell). */
export function tableMath(latex: string): string {
  return `$${latex.replace(/\|/g, "\\vert ").replace(/\n/g, " ")}$`;
}

/** Text safe inside a GFM table cell. */
export function tableText(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function shapesText(shapes: CatalogueEntry["shapes"]): string {
  return Object.entries(shapes)
    .map(([name, dims]) => `${name}: ${dims.length === 0 ? "scalar" : dims.join("×")}`)
    .join(", ");
}

/** A form's title without its parenthesised explanation ("Index notation (Einstein …)" → "Index notation"). */
export function shortTitle(title: string): string {
  return title.replace(/\s+DF = .*$/, "").replace(/\s*\(.*\)\s*$/, "") || title;
}

/** A symbol name as LaTeX (`A`, `x`, `X1` → `X_{1}`). */
function latexSymbol(name: string): string {
  const m = /^([A-Za-z]+)(\d+)$/.exec(name);
  return m ? `${m[1]}_{${m[2]}}` : name;
}

function formatError(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(1);
}

/** One identity's section. */
function section(c: CatalogueCheck, n: number): string {
  const e = c.entry;
  const d = c.derivation;
  const dims = Object.entries(c.report.dims)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  const lines = [
    `### ${n}. $\\partial\\left(${d.exprLatex}\\right)/\\partial ${latexSymbol(e.wrt)}$`,
    "",
    `\`${e.expr}\` with respect to \`${e.wrt}\` — shapes ${shapesText(e.shapes)} — ${sourceNames[e.source] ?? e.source}, ${e.ref}. ` +
      `${c.ok ? "**Verified**" : "**NOT verified**"}: every form compared with the exact Jacobian ` +
      `${c.report.exact ? "exactly (integer values)" : "within tolerance"} at ${dims || "the given sizes"}.`,
    "",
    "| Form | Derivative | Verified |",
    "|---|---|---|",
  ];
  for (const form of d.forms) {
    const check = c.report.forms.find((f) => f.name === form.name);
    const verdict = check ? `${check.ok ? "✓" : "✗"} max error ${formatError(check.maxAbsError)}` : "not checked";
    lines.push(`| ${tableText(shortTitle(form.title))} | ${tableMath(`\\displaystyle ${form.latex}`)} | ${verdict} |`);
  }
  const closed = c.expected.filter((x) => x);
  if (closed.length > 0) {
    lines.push(
      "",
      "Catalogued closed forms: " +
        closed
          .map(
            (x) =>
              `${x.name} \`${x.expected}\` ${x.ok ? "✓" : "✗"} (${x.how === "numeric" ? "evaluated" : "same text"})`,
          )
          .join("; ") +
        ".",
    );
  }
  if (e.trap) lines.push("", `:::caution Trap`, "", e.trap, "", ":::");
  return lines.join("\n");
}

/** Returns the page, or null when the library exports no catalogue. */
export function catalogueToMarkdown(lib: CatalogueLib): string | null {
  const { catalogue, checkCatalogueEntry } = lib;
  if (!Array.isArray(catalogue) || typeof checkCatalogueEntry !== "function") return null;
  const checks = catalogue.map((entry) => checkCatalogueEntry(entry, { seed: 1 }));
  const verified = checks.filter((c) => c.ok).length;
  const summary = [
    "| # | Identity | Expression | With respect to | Source | Verified |",
    "|---|---|---|---|---|---|",
    ...checks.map(
      (c, i) =>
        `| ${i + 1} | ${tableText(c.entry.ref)} | ${tableMath(c.derivation.exprLatex)} | $${latexSymbol(c.entry.wrt)}$ | ${sourceNames[c.entry.source] ?? c.entry.source} | ${c.ok ? "✓" : "✗"} |`,
    ),
  ];
  return [
    "---",
    'title: "Identity catalogue"',
    'description: "Matrix derivative identities from the seed answer, the Matrix Cookbook and Magnus–Neudecker, each derived by the symbolic engine in every form and checked with numbers."',
    "custom_edit_url: null",
    "---",
    "",
    "# Identity catalogue",
    "",
    `The symbolic engine's catalogue (the \`catalogue\` export): ${catalogue.length} identities from the seed answer, the Matrix Cookbook and Magnus–Neudecker. ` +
      `For each one the engine derives the derivative, prints every form that applies, evaluates each form on random rectangular values and compares it with the library's exact Jacobian (automatic differentiation); the catalogued closed form is compared with the engine's. ` +
      `This page is generated when the site is built: **${verified} of ${checks.length} verified**.`,
    "",
    "Notation: numerator layout, $J_{ijk\\ell} = \\partial Y_{ij}/\\partial X_{k\\ell}$; $\\alpha$, $\\beta$ are the identity tensors, $K$ the commutation matrix, $E_{k\\ell}$ the single-entry matrix (see [the forms of a matrix derivative](guide/forms.md)).",
    "",
    ...summary,
    "",
    "## The identities in every form",
    "",
    checks.map((c, i) => section(c, i + 1)).join("\n\n"),
    "",
  ].join("\n");
}
