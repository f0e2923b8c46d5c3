/**
 * The data of live notebook cells, shared by the page pipeline (scripts/site/notebooks-to-md.ts writes it into
 * each notebook page), the page (website/src/live/page) and the runtime worker (website/src/live/worker): a cell's
 * outputs in one comparable form, and the messages between the page and the worker. No DOM, no library: this
 * module is the bottom layer of the live notebooks.
 */

/** The rich output types a cell can show (what tslab writes into a Jupyter notebook). */
export type DisplayMime = "text/latex" | "text/markdown" | "text/html" | "image/svg+xml" | "text/plain";

/** One output of a cell: text printed on a stream, or one rich display. */
export type CellOutput =
  { kind: "stream"; name: "stdout" | "stderr"; text: string } | { kind: "display"; mime: DisplayMime; data: string };

/** An output as the worker sends it: with its HTML rendering for displays (KaTeX, Markdown). */
export type RenderedOutput = CellOutput & { html?: string };

/** What a cell carries in its page (the `data-live` attribute of `.nb-cell`). */
export interface CellData {
  /** The cell's committed TypeScript source. */
  source: string;
  /** The outputs published with the page (those of the executed notebook), normalised. */
  published: CellOutput[];
}

const displayMimes: readonly DisplayMime[] = [
  "text/html",
  "image/svg+xml",
  "text/latex",
  "text/markdown",
  "text/plain",
];

/** nbformat stores multi-line strings whole or as a list of lines. */
function joined(s: unknown): string {
  return Array.isArray(s) ? s.join("") : typeof s === "string" ? s : "";
}

/**
 * The outputs of an executed nbformat cell in the comparable form: streams merged while the same stream continues,
 * and each rich output reduced to the one representation the page shows (HTML, SVG, LaTeX, Markdown, then text).
 */
export function fromNotebookOutputs(
  outputs: readonly { output_type: string; name?: string; text?: unknown; data?: Record<string, unknown> }[],
): CellOutput[] {
  const out: CellOutput[] = [];
  for (const o of outputs) {
    if (o.output_type === "stream") {
      out.push({ kind: "stream", name: o.name === "stderr" ? "stderr" : "stdout", text: joined(o.text) });
    } else if (o.output_type === "display_data" || o.output_type === "execute_result") {
      const data = o.data ?? {};
      const mime = displayMimes.find((m) => m in data);
      if (mime) out.push({ kind: "display", mime, data: joined(data[mime]) });
    }
  }
  return normalizeOutputs(out);
}

/** Consecutive chunks of one stream merged, ANSI colour codes removed, empty chunks dropped. */
export function normalizeOutputs(outputs: readonly CellOutput[]): CellOutput[] {
  const out: CellOutput[] = [];
  for (const o of outputs) {
    if (o.kind === "stream") {
      const text = o.text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
      const last = out[out.length - 1];
      if (last && last.kind === "stream" && last.name === o.name) last.text += text;
      else if (text !== "") out.push({ kind: "stream", name: o.name, text });
    } else {
      out.push({ kind: "display", mime: o.mime, data: o.data });
    }
  }
  return out;
}

/** Whether two lists of outputs show the same thing (streams compared without trailing white space). */
export function sameOutputs(a: readonly CellOutput[], b: readonly CellOutput[]): boolean {
  const x = normalizeOutputs(a);
  const y = normalizeOutputs(b);
  if (x.length !== y.length) return false;
  return x.every((o, i) => {
    const p = y[i];
    if (o.kind === "stream") return p.kind === "stream" && p.name === o.name && o.text.trimEnd() === p.text.trimEnd();
    return p.kind === "display" && p.mime === o.mime && p.data.trim() === o.data.trim();
  });
}

/** Where an error happened in a cell (1-based line and column of the cell's own source). */
export interface CellPosition {
  line: number;
  column: number;
}

/** An error of a cell, as the worker reports it. */
export interface CellError {
  /** The error's class name: `ShapeError`, `ReferenceError`, `SyntaxError`, `ModuleNotFoundError`, … */
  name: string;
  message: string;
  /** Where in the cell, when known. */
  at?: CellPosition;
  /** Whether it failed before running (transpiling or checking the cell) or while running. */
  phase: "compile" | "run";
}

/** Page → worker. */
export type ToWorker = { type: "run"; id: number; cell: number; source: string };

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; ms: number }
  | { type: "output"; id: number; output: RenderedOutput }
  | { type: "done"; id: number; ok: true; ms: number }
  | { type: "done"; id: number; ok: false; ms: number; error: CellError };
