/**
 * How a derivation and a verification report display themselves: `show(d)` renders every form (title and
 * KaTeX), `show(report)` a table of the forms, and both print a readable summary in `console.log`, the Node
 * REPL and as a notebook cell's value (instead of their internals). Through the display protocol of
 * `src/display` (a method under `Symbol.for("tensorcalc.display")`) and Node's inspector hook.
 *
 * This module knows the two objects only by their shape, so that derive.ts and verify.ts can use it.
 * @packageDocumentation
 */
import { DISPLAY, type DisplayBlock, type Displayable } from "../display/protocol";

export type { Displayable };
import type { Dim } from "./expr";

/** What the display of a derivation reads (a `Derivation` has all of it). */
export interface DerivationView {
  readonly exprText: string;
  readonly exprLatex: string;
  readonly wrt: string;
  readonly shapes: Readonly<Record<string, readonly Dim[]>>;
  readonly resultShape: readonly Dim[];
  readonly forms: readonly { readonly name: string; readonly title: string; readonly text: string; latex: string }[];
  readonly notApplicable: readonly { readonly name: string; readonly reason: string }[];
}

/** What the display of a verification report reads (a `VerifyReport` has all of it). */
export interface ReportView {
  readonly ok: boolean;
  readonly dims: Readonly<Record<string, number>>;
  readonly exact: boolean;
  readonly forms: readonly { readonly name: string; readonly ok: boolean; readonly maxAbsError: number }[];
  /** The other paths to a number checked (`at().apply`, …, `code js: gradient`). */
  readonly paths?: readonly { readonly name: string; readonly ok: boolean; readonly maxAbsError: number }[];
}

const shapeText = (s: readonly Dim[]) => (s.length === 0 ? "scalar" : s.join("×"));

/** Markdown with its special characters escaped (the reasons and names are plain text). */
const md = (s: string) => s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);

/** The header line of a derivation: the expression, the variable and the shapes. */
function derivationHead(d: DerivationView): string {
  const shapes = Object.entries(d.shapes)
    .map(([n, s]) => `${n}: ${shapeText(s)}`)
    .join(", ");
  return `∂Y/∂${d.wrt} for Y = ${d.exprText}    (${shapes}; Y: ${shapeText(d.resultShape)})`;
}

/** The display blocks of a derivation: the expression, then each form (title, LaTeX, text), then what does not apply. */
export function derivationBlocks(d: DerivationView): DisplayBlock[] {
  const blocks: DisplayBlock[] = [{ title: derivationHead(d), latex: `Y = ${d.exprLatex}`, text: `Y = ${d.exprText}` }];
  for (const f of d.forms) blocks.push({ title: f.title, latex: f.latex, text: f.text });
  if (d.notApplicable.length > 0) {
    blocks.push({
      title: "Not applicable",
      markdown: d.notApplicable.map((n) => `- ${md(n.name)}: ${md(n.reason)}`).join("\n"),
      text: d.notApplicable.map((n) => `${n.name}: ${n.reason}`).join("\n"),
    });
  }
  return blocks;
}

/** A readable text summary of a derivation: the expression, each form's title and text, the reasons of the others. */
export function derivationText(d: DerivationView): string {
  const lines = [`Derivation: ${derivationHead(d)}`];
  for (const f of d.forms) lines.push(`  ${f.title}`, `      ${f.text}`);
  for (const n of d.notApplicable) lines.push(`  not applicable: ${n.name} (${n.reason})`);
  return lines.join("\n");
}

function errorText(e: number): string {
  if (!Number.isFinite(e)) return "evaluation failed";
  return e === 0 ? "0" : e.toExponential(1);
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;

function reportHead(r: ReportView): string {
  const failed = r.forms.filter((f) => !f.ok).length;
  const paths = r.paths ?? [];
  const pathsFailed = paths.filter((f) => !f.ok).length;
  const ops = paths.length === 0 ? "" : ` and ${plural(paths.length, "other path")}`;
  const verdict =
    failed + pathsFailed === 0
      ? `all ${plural(r.forms.length, "form")}${ops} verified`
      : `${failed} of ${plural(r.forms.length, "form")}${paths.length === 0 ? "" : ` and ${pathsFailed} of ${plural(paths.length, "other path")}`} FAILED`;
  const dims = Object.entries(r.dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const how = r.exact ? "exact: integer values" : "random values";
  return `verify: ${verdict} against automatic differentiation (${dims ? `${dims}; ` : ""}${how})`;
}

/** The display block of a verification report: a Markdown table of the forms with ok and the largest error. */
export function reportBlocks(r: ReportView): DisplayBlock[] {
  const rows = [...r.forms, ...(r.paths ?? [])].map(
    (f) => `| ${md(f.name)} | ${f.ok ? "ok" : "**FAILED**"} | ${errorText(f.maxAbsError)} |`,
  );
  return [
    {
      title: reportHead(r),
      markdown: ["| form | result | max abs. error |", "| --- | --- | --- |", ...rows].join("\n"),
      text: reportTable(r),
    },
  ];
}

function reportTable(r: ReportView): string {
  const all = [...r.forms, ...(r.paths ?? [])];
  const width = Math.max(4, ...all.map((f) => f.name.length));
  const lines = [`${"form".padEnd(width)}  result  max |error|`];
  for (const f of all)
    lines.push(`${f.name.padEnd(width)}  ${(f.ok ? "ok" : "FAILED").padEnd(6)}  ${errorText(f.maxAbsError)}`);
  return lines.join("\n");
}

/** A readable text summary of a verification report: the verdict, then a table of the forms. */
export function reportText(r: ReportView): string {
  const table = reportTable(r)
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  return `${reportHead(r)}\n${table}`;
}

/** Installs the display method and the inspector hook on `obj` (non-enumerable: JSON and equality see no change). */
function attach<T extends object>(obj: T, blocks: () => DisplayBlock[], text: () => string): T & Displayable {
  Object.defineProperty(obj, DISPLAY, { value: blocks, configurable: true, writable: true });
  Object.defineProperty(obj, Symbol.for("nodejs.util.inspect.custom"), {
    value: text,
    configurable: true,
    writable: true,
  });
  return obj as T & Displayable;
}

/** @internal `derive` returns its Derivation through this: `show(d)` renders it, `console.log(d)` summarises it. */
export function withDerivationDisplay<T extends DerivationView & Displayable>(d: Omit<T, typeof DISPLAY>): T {
  return attach(
    d,
    () => derivationBlocks(d),
    () => derivationText(d),
  ) as unknown as T;
}

/** @internal `verify` returns its report through this: `show(report)` renders a table, `console.log` a text one. */
export function withReportDisplay<T extends ReportView & Displayable>(r: Omit<T, typeof DISPLAY>): T {
  return attach(
    r,
    () => reportBlocks(r),
    () => reportText(r),
  ) as unknown as T;
}
