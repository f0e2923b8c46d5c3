/**
 * Turns an executed Jupyter notebook (tslab) into a Docusaurus Markdown page:
 * Markdown cells stay Markdown (their `$…$` / `$$…$$` math is rendered by
 * remark-math + KaTeX), code cells become ```ts blocks, and each cell's
 * outputs follow it in a `<div class="nb-output">` (the two wrapped in a
 * `<div class="nb-cell">` carrying the cell's source and outputs as data for
 * the live notebook, live-cells.ts): text streams and
 * text/plain as preformatted text, text/html as raw HTML, text/latex and
 * text/markdown as Markdown (so KaTeX renders them), images inline.
 *
 * Pages are CommonMark (`.md`, the site uses `markdown.format: "detect"`), so
 * `{` and `<` in math and outputs are safe. A notebook with an error output,
 * or a code cell that never ran, is refused: no page is published with
 * missing or failed outputs.
 * @packageDocumentation
 */

import { markdownToPlain } from "./plain-tex";
import { liveBar, liveCellClose, liveCellOpen } from "./live-cells";

/** One cell output, as nbformat 4 stores it. */
export interface NbOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[] | unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell, as nbformat 4 stores it. */
export interface NbCell {
  cell_type: "markdown" | "code" | "raw" | string;
  source: string | string[];
  outputs?: NbOutput[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
  attachments?: Record<string, Record<string, string | string[]>>;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  cells: NbCell[];
  metadata?: Record<string, unknown>;
  nbformat?: number;
}

/** Options for {@link notebookToMarkdown}. */
export interface PageOptions {
  /** The page's name (file name without extension), e.g. `04-fourth-order-gradients`. */
  name: string;
  /** Used for error messages and the "generated from" note, e.g. `notebooks/04-….ipynb`. */
  source: string;
  /** Page title (default: the notebook's first `# heading`, else the name). */
  title?: string;
  /** Position in the sidebar. */
  position?: number;
}

/** A notebook that cannot be published (failed cell, cell never executed, bad JSON). */
export class NotebookPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookPageError";
  }
}

/** nbformat stores multi-line strings either whole or as a list of lines. */
export function joinSource(s: string | string[] | unknown): string {
  if (Array.isArray(s)) return s.join("");
  return typeof s === "string" ? s : "";
}

/** The first `# heading` of the first Markdown cell that has one. */
export function notebookTitle(nb: Notebook): string | undefined {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = /^#\s+(.+?)\s*#*\s*$/m.exec(joinSource(cell.source));
    if (m) return m[1];
  }
  return undefined;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n+$/, "")}\n${f}`;
}

/** Escapes text for use inside HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Removes ANSI colour codes (tslab and node colour some stderr output). */
export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/**
 * Raw HTML for a CommonMark page: an HTML block ends at the first blank line,
 * so blank lines are replaced by an empty comment (invisible in the page).
 */
export function htmlBlock(html: string): string {
  return html
    .replace(/\r\n?/g, "\n")
    .replace(/\n+$/, "")
    .split("\n")
    .map((l) => (l.trim() === "" ? "<!---->" : l))
    .join("\n");
}

/** LaTeX output as display math (unless it already carries `$`/`$$`/`\[` delimiters). */
export function latexBlock(tex: string): string {
  const t = tex.trim();
  if (/^\$\$[\s\S]*\$\$$/.test(t)) return `$$\n${t.slice(2, -2).trim()}\n$$`;
  if (/^\\\[[\s\S]*\\\]$/.test(t)) return `$$\n${t.slice(2, -2).trim()}\n$$`;
  if (/^\$[^$][\s\S]*\$$/.test(t)) return `$$\n${t.slice(1, -1).trim()}\n$$`;
  return `$$\n${t}\n$$`;
}

/** Rewrites links to sibling notebooks (`05-vec-kronecker.ipynb#x`) to their pages. */
export function rewriteNotebookLinks(md: string): string {
  return md.replace(
    /\]\((?:\.\/)?([\w.-]+)\.ipynb(#[^)\s]*)?\)/g,
    (_m, name: string, hash = "") => `](./${name}.md${hash})`,
  );
}

/** Replaces `attachment:name` image sources with data URLs from the cell's attachments. */
function inlineAttachments(md: string, cell: NbCell): string {
  const att = cell.attachments;
  if (!att) return md;
  return md.replace(/\(attachment:([^)\s]+)\)/g, (m, name: string) => {
    const bundle = att[name];
    if (!bundle) return m;
    const mime = Object.keys(bundle)[0];
    return `(data:${mime};base64,${joinSource(bundle[mime]).replace(/\s+/g, "")})`;
  });
}

function outputText(out: NbOutput): string {
  return stripAnsi(joinSource(out.text));
}

/** The Markdown for one rich output (display_data / execute_result), richest representation first. */
export function richOutput(data: Record<string, unknown>): string | undefined {
  const get = (mime: string) => (mime in data ? joinSource(data[mime]) : undefined);
  const html = get("text/html");
  if (html !== undefined) return htmlBlock(html);
  const latex = get("text/latex");
  if (latex !== undefined) return latexBlock(latex);
  const markdown = get("text/markdown");
  if (markdown !== undefined) return markdown.replace(/\n+$/, "");
  const svg = get("image/svg+xml");
  if (svg !== undefined) return htmlBlock(svg);
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const b64 = get(mime);
    if (b64 !== undefined) return `<img alt="output" src="data:${mime};base64,${b64.replace(/\s+/g, "")}" />`;
  }
  const plain = get("text/plain");
  if (plain !== undefined) return fence(stripAnsi(plain), "text");
  const json = get("application/json");
  if (json !== undefined)
    return fence(
      typeof data["application/json"] === "string" ? json : JSON.stringify(data["application/json"], null, 2),
      "json",
    );
  return undefined;
}

/** Wraps a cell's rendered outputs in the output container. */
function outputBlock(kind: string, body: string): string {
  // Blank lines around the body let CommonMark parse the Markdown inside the HTML block.
  return `<div class="nb-output nb-output-${kind}">\n\n${body}\n\n</div>`;
}

/** The Markdown for a code cell's outputs (consecutive stream chunks of one stream are merged). */
export function outputsToMarkdown(outputs: NbOutput[], where: string): string[] {
  const parts: string[] = [];
  let stream: { name: string; text: string } | null = null;
  const flush = () => {
    if (stream && stream.text.trim() !== "") {
      parts.push(outputBlock(stream.name === "stderr" ? "stderr" : "stream", fence(stream.text, "text")));
    }
    stream = null;
  };
  for (const out of outputs) {
    if (out.output_type === "stream") {
      const name = out.name ?? "stdout";
      if (stream && stream.name === name) stream.text += outputText(out);
      else {
        flush();
        stream = { name, text: outputText(out) };
      }
      continue;
    }
    flush();
    if (out.output_type === "error") {
      const msg = [out.ename, out.evalue].filter(Boolean).join(": ");
      throw new NotebookPageError(`${where} has an error output (${msg || "no message"}): the notebook failed`);
    }
    if (out.output_type === "display_data" || out.output_type === "execute_result") {
      const md = richOutput((out.data ?? {}) as Record<string, unknown>);
      if (md !== undefined) parts.push(outputBlock(out.output_type === "execute_result" ? "result" : "display", md));
    }
  }
  flush();
  return parts;
}

/** YAML double-quoted string. */
function yamlString(s: string): string {
  return JSON.stringify(s);
}

/**
 * The Markdown page for an executed notebook.
 * @throws NotebookPageError if a cell failed or a code cell was never executed.
 */
export function notebookToMarkdown(nb: Notebook, options: PageOptions): string {
  if (!nb || !Array.isArray(nb.cells))
    throw new NotebookPageError(`${options.source}: not a notebook (no cells array)`);
  const title = options.title || notebookTitle(nb) || options.name;
  // Titles and sidebar labels cannot render math: use its plain-text reading.
  const plainTitle = markdownToPlain(title);
  const front = [
    "---",
    `title: ${yamlString(plainTitle)}`,
    `sidebar_label: ${yamlString(plainTitle)}`,
    ...(options.position !== undefined ? [`sidebar_position: ${options.position}`] : []),
    `description: ${yamlString(`Notebook ${options.name}: ${plainTitle}`)}`,
    "custom_edit_url: null",
    "---",
  ];
  const body: string[] = [];
  let hasH1 = false;
  let codeCells = 0;
  nb.cells.forEach((cell, index) => {
    const where = `${options.source} cell ${index + 1}`;
    const src = joinSource(cell.source).replace(/\r\n?/g, "\n");
    if (cell.cell_type === "markdown") {
      if (src.trim() === "") return;
      if (/^#\s/m.test(src)) hasH1 = true;
      body.push(rewriteNotebookLinks(inlineAttachments(src.replace(/\n+$/, ""), cell)));
    } else if (cell.cell_type === "code") {
      if (src.trim() === "") return;
      if (cell.execution_count === null || cell.execution_count === undefined) {
        throw new NotebookPageError(`${where} was never executed: run the notebooks first (npm run notebooks:run)`);
      }
      const outputs = outputsToMarkdown(cell.outputs ?? [], where);
      // The cell's source and outputs as data for the live notebook (website/src/live), around what shows.
      body.push(liveCellOpen(src, cell.outputs ?? [], ++codeCells), fence(src, "ts"), ...outputs, liveCellClose);
    } else if (cell.cell_type === "raw") {
      if (src.trim() !== "") body.push(fence(src, "text"));
    }
  });
  if (!hasH1) body.unshift(`# ${title}`);
  const note = `<p class="nb-meta">Generated from <code>${escapeHtml(options.source)}</code> (tslab kernel). Every output below was produced by running the notebook against the current library build.</p>`;
  // The note goes right after the cell holding the title heading.
  const firstHeading = body.findIndex((b) => /^#\s/m.test(b));
  body.splice(firstHeading + 1, 0, ...(codeCells > 0 ? [note, liveBar(options.name)] : [note]));
  return `${front.join("\n")}\n\n${body.join("\n\n")}\n`;
}
