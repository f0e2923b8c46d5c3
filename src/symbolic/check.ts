/**
 * Checking a catalogue row: derive it, verify every form numerically, and compare the
 * engine's forms with the catalogued closed forms.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import { maxAbsDiff } from "../compare/index";
import { reshape } from "../ops/index";
import type { CatalogueEntry } from "./catalogue";
import { derive, type Derivation } from "./derive";
import { evaluatePadded, type Values } from "./evaluate";
import { type Expr, exprEquals, isSym } from "./expr";
import { type FormName, type IndexNotation, type IndexPiece, jacobianFromEntries } from "./forms/context";
import { parse } from "./parse";
import { padShape } from "./ricci";
import { dimValue, inferShapes } from "./shapes";
import { maxAbs, verify, type VerifyOptions, type VerifyReport } from "./verify";

/** How one catalogued closed form compares with the engine's form. */
export interface ExpectedCheck {
  readonly name: FormName;
  readonly expected: string;
  /** The engine's text of that form (undefined when the form does not apply). */
  readonly actual: string | undefined;
  readonly ok: boolean;
  /** "numeric" (closed form evaluated and compared) or "tree" (the index notation compared factor by factor). */
  readonly how: "numeric" | "tree";
  readonly detail: string;
}

/** The result of {@link checkCatalogueEntry}. */
export interface CatalogueCheck {
  readonly entry: CatalogueEntry;
  readonly derivation: Derivation;
  readonly report: VerifyReport;
  readonly expected: ExpectedCheck[];
  /** True when every form verifies and every closed form matches. */
  readonly ok: boolean;
}

/**
 * Derive a catalogue row with its options (symbols declared symmetric).
 * @example
 * ```ts
 * import { catalogue, deriveEntry } from "tensorcalc";
 * console.log(deriveEntry(catalogue[0]).form("tensor")?.text); // αBᵀ:β
 * ```
 */
export function deriveEntry(entry: CatalogueEntry): Derivation {
  return derive(entry.expr, entry.wrt, entry.shapes, entry.symmetric ? { symmetric: entry.symmetric } : {});
}

/**
 * Derive a catalogue row, verify all its forms against the library's exact Jacobian, and
 * compare the catalogued closed forms with the engine's: numerically for every form written
 * as an expression (tensor, kron, gradient, Hessian; the component form with E_kl / e_k bound
 * to each single-entry matrix; the differential with dX bound to each), and the index form as
 * a tree (the same terms of the same factors, in any order).
 * @example
 * ```ts
 * import { catalogue, checkCatalogueEntry } from "tensorcalc";
 * const c = checkCatalogueEntry(catalogue[0]);
 * console.log(c.ok, c.expected.map((e) => `${e.name}:${e.ok}`).join(" "));
 * ```
 */
export function checkCatalogueEntry(entry: CatalogueEntry, opts: VerifyOptions = {}): CatalogueCheck {
  const derivation = deriveEntry(entry);
  const report = verify(derivation, opts);
  const expected: ExpectedCheck[] = [];
  for (const [name, exp] of Object.entries(entry.expected) as [FormName, string][]) {
    const form = derivation.form(name);
    const how = name === "index" ? "tree" : "numeric";
    const result = (ok: boolean, detail: string): void => {
      expected.push({ name, expected: exp, actual: form?.text, ok, how, detail });
    };
    if (form === undefined) {
      result(false, "the engine gives no such form");
      continue;
    }
    try {
      if (name === "index") {
        const diff = form.notation === undefined ? "the form has no index notation" : compareIndex(exp, form.notation);
        result(diff === undefined, diff ?? "same terms and factors");
        continue;
      }
      const got: Tensor = form.evaluate(report.values);
      const closed = reshape(closedForm(name, exp, derivation, report.values), got.shape);
      const err = maxAbsDiff(got, closed);
      const scale = Math.max(1, maxAbs(got.data));
      result(report.exact ? err === 0 : err <= 1e-8 * scale, `max |engine − closed form| = ${err}`);
    } catch (err) {
      result(false, `closed form failed: ${(err as Error).message}`);
    }
  }
  return { entry, derivation, report, expected, ok: report.ok && expected.every((x) => x.ok) };
}

/** The numbers of a closed form, in the layout of the engine's form of that name. */
function closedForm(name: FormName, exp: string, d: Derivation, values: Values): Tensor {
  const sizes = d.sizes(values);
  if (name === "component" || name === "differential") {
    // bind E_kl / e_k (component) or dX (differential) to each single-entry matrix in turn
    const e = parse(exp, { differentials: name === "differential" });
    const y = padShape(d.resultShape).map((x) => dimValue(x, sizes));
    const a = padShape(d.wrtShape).map((x) => dimValue(x, sizes));
    const names = name === "differential" ? [`d${d.wrt}`] : ["E_kl", "e_k"];
    return jacobianFromEntries(y, a, [y[0] * y[1], a[0], a[1]], (_k, _l, Ekl) => {
      const bound: Record<string, Tensor> = { ...values };
      for (const s of names) bound[s] = Ekl;
      return evaluatePadded(e, bound, sizes);
    });
  }
  const e = parse(exp);
  return evaluatePadded(e, values, sizes, inferShapes(e, d.shapes));
}

/** Undefined when the expected index notation has the engine's terms and factors (any order), else what differs. */
function compareIndex(expected: string, got: IndexNotation): string | undefined {
  const want = parseIndexNotation(expected);
  if (want.length !== got.terms.length) return `${want.length} term(s) expected, the engine has ${got.terms.length}`;
  const used = new Set<number>();
  for (const [n, w] of want.entries()) {
    const match = got.terms.findIndex((g, i) => !used.has(i) && g.sign === w.sign && samePieces(w.pieces, g.pieces));
    if (match < 0) return `term ${n + 1} of the expected form has no equal term in the engine's`;
    used.add(match);
  }
  return undefined;
}

function samePiece(a: IndexPiece, b: IndexPiece): boolean {
  if (a.kind === "delta" && b.kind === "delta")
    return a.sub === b.sub || (a.sub.length === 2 && a.sub === [...b.sub].reverse().join(""));
  if (a.kind === "factor" && b.kind === "factor") return a.sub === b.sub && exprEquals(a.base, b.base);
  if (a.kind === "coef" && b.kind === "coef") return a.value === b.value;
  if (a.kind === "dim" && b.kind === "dim") return a.name === b.name;
  // a bare name may be a dimension or a scalar symbol
  const dimOf = (p: IndexPiece): string | undefined =>
    p.kind === "dim" ? p.name : p.kind === "factor" && p.sub === "" && isSym(p.base) ? p.base.name : undefined;
  return dimOf(a) !== undefined && dimOf(a) === dimOf(b);
}

function samePieces(a: readonly IndexPiece[], b: readonly IndexPiece[]): boolean {
  if (a.length !== b.length) return false;
  const used = new Set<number>();
  return a.every((p) => {
    const i = b.findIndex((q, j) => !used.has(j) && samePiece(p, q));
    if (i >= 0) used.add(i);
    return i >= 0;
  });
}

/** Splits at top level (outside parentheses) on the given separators, keeping them. */
function splitTop(s: string, seps: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    if (c === ")") depth--;
    const m = depth === 0 ? seps.exec(s.slice(i)) : null;
    if (m && m.index === 0 && cur.trim() !== "") {
      out.push(cur);
      cur = m[0];
      i += m[0].length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** Index notation as the catalogue writes it (`δ_il B_kj − 2 (X⁻¹)_lk`) read into terms of pieces. */
function parseIndexNotation(text: string): { sign: 1 | -1; pieces: IndexPiece[] }[] {
  return splitTop(text.trim(), /^ [+−-] /).map((raw) => {
    let t = raw.trim();
    let sign: 1 | -1 = 1;
    if (/^[+−-]/.test(t)) {
      sign = /^[−-]/.test(t) ? -1 : 1;
      t = t.slice(1).trim();
    }
    const pieces = splitTop(t, /^ /)
      .map((p) => p.trim())
      .filter((p) => p !== "" && p !== "1")
      .map((p): IndexPiece => {
        if (/^\d+(\.\d+)?$/.test(p)) return { kind: "coef", value: Number(p) };
        const d = /^δ_(.+)$/.exec(p);
        if (d) return { kind: "delta", sub: d[1] };
        const f = /^(\(.*\)|[^_]+)(?:_(.+))?$/.exec(p);
        if (!f) throw new Error(`cannot read the index factor ${JSON.stringify(p)}`);
        const base: Expr = parse(f[1].startsWith("(") ? f[1].slice(1, -1) : f[1]);
        return { kind: "factor", base, sub: f[2] ?? "" };
      });
    return { sign, pieces };
  });
}
