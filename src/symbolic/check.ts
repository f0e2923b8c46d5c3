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
import { evaluatePadded } from "./evaluate";
import type { FormName } from "./forms";
import { parse } from "./parse";
import { inferShapes } from "./shapes";
import { maxAbs, verify, type VerifyOptions, type VerifyReport } from "./verify";

/** How one catalogued closed form compares with the engine's form. */
export interface ExpectedCheck {
  readonly name: FormName;
  readonly expected: string;
  /** The engine's text of that form (undefined when the form does not apply). */
  readonly actual: string | undefined;
  readonly ok: boolean;
  /** "numeric" (closed form evaluated and compared) or "text" (compared literally). */
  readonly how: "numeric" | "text";
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

const NUMERIC: ReadonlySet<FormName> = new Set(["tensor", "kron", "gradient", "hessian"]);
const squash = (s: string): string => s.replace(/\s+/g, "");

/**
 * Derive a catalogue row, verify all its forms against the library's exact Jacobian, and
 * compare the catalogued closed forms with the engine's (numerically for tensor, kron,
 * gradient and Hessian; literally for index, component and differential text).
 * @example
 * ```ts
 * import { catalogue, checkCatalogueEntry } from "tensorcalc";
 * const c = checkCatalogueEntry(catalogue[0]);
 * console.log(c.ok, c.expected.map((e) => `${e.name}:${e.ok}`).join(" "));
 * ```
 */
export function checkCatalogueEntry(entry: CatalogueEntry, opts: VerifyOptions = {}): CatalogueCheck {
  const derivation = derive(entry.expr, entry.wrt, entry.shapes);
  const report = verify(derivation, opts);
  const expected: ExpectedCheck[] = [];
  for (const [name, exp] of Object.entries(entry.expected) as [FormName, string][]) {
    const form = derivation.form(name);
    if (form === undefined) {
      expected.push({
        name,
        expected: exp,
        actual: undefined,
        ok: false,
        how: NUMERIC.has(name) ? "numeric" : "text",
        detail: "the engine gives no such form",
      });
      continue;
    }
    if (!NUMERIC.has(name)) {
      const ok = squash(form.text) === squash(exp);
      expected.push({
        name,
        expected: exp,
        actual: form.text,
        ok,
        how: "text",
        detail: ok ? "same text" : `engine: ${form.text}`,
      });
      continue;
    }
    try {
      const e = parse(exp);
      const info = inferShapes(e, derivation.shapes);
      const got: Tensor = form.evaluate(report.values);
      const sizes = derivation.sizes(report.values);
      const closed = reshape(evaluatePadded(e, report.values, sizes, info), got.shape);
      const err = maxAbsDiff(got, closed);
      const scale = Math.max(1, maxAbs(got.data));
      const ok = report.exact ? err === 0 : err <= 1e-8 * scale;
      expected.push({
        name,
        expected: exp,
        actual: form.text,
        ok,
        how: "numeric",
        detail: `max |engine − closed form| = ${err}`,
      });
    } catch (err) {
      expected.push({
        name,
        expected: exp,
        actual: form.text,
        ok: false,
        how: "numeric",
        detail: `closed form failed: ${(err as Error).message}`,
      });
    }
  }
  return { entry, derivation, report, expected, ok: report.ok && expected.every((x) => x.ok) };
}
