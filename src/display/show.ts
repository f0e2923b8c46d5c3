/**
 * Rich display: LaTeX in tslab (Jupyter) notebooks, text elsewhere.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { Tensor } from "../core/tensor";
import { formatTensor, type FormatOptions } from "./format";
import { tensorToLatex, type LatexOptions } from "./latex";
import { displayBlocks, isDisplayable, type DisplayBlock, type Displayable } from "./protocol";

/** Anything with a LaTeX rendering (e.g. a {@link Tensor}, a {@link latex} string, a derivation form). */
export interface LatexLike {
  toLatex(): string;
}

/**
 * A LaTeX string wrapped for {@link show}; made by {@link latex}.
 * @example
 * ```ts
 * import { latex } from "tensorcalc";
 * console.log(latex("A^T B").toLatex()); // A^T B
 * ```
 */
export class LatexString implements LatexLike {
  constructor(readonly source: string) {}
  toLatex(): string {
    return this.source;
  }
  toString(): string {
    return this.source;
  }
}

/** A rich-output sink with tslab's display methods (only `latex`, `markdown` and `html` are used). */
export interface DisplaySink {
  latex(s: string): void;
  markdown(s: string): void;
  html(s: string): void;
}

/** Options of {@link show}. */
export interface ShowOptions extends FormatOptions, LatexOptions {
  /** A LaTeX label shown before the value, e.g. `"\\frac{\\partial Y}{\\partial A}"` renders as `∂Y/∂A = …`. */
  label?: string;
  /** Force the text output (console.log) even inside tslab. */
  text?: boolean;
}

/** What {@link show} accepts. */
export type Showable = Tensor | LatexLike | Displayable | string | { latex: string; text?: string; title?: string };

/**
 * Display a tensor, a LaTeX string or anything with `toLatex()`.
 *
 * Inside a tslab (Jupyter) notebook it renders the LaTeX (`$$…$$`, KaTeX/MathJax
 * compatible); elsewhere it prints text with `console.log` (a tensor as
 * {@link formatTensor}, LaTeX as its source). Strings are LaTeX. Objects with a
 * `latex` string property (such as the symbolic engine's derivative forms, with their
 * optional `title` and `text`) are accepted too, and so is anything that follows the
 * display protocol ({@link DISPLAY}): a derivation (`show(derive(…))` renders every form
 * with its title) or a verification report (`show(verify(d))`, a table of the forms).
 * tslab is detected, never required: the library has no runtime dependency on it.
 *
 * @example
 * ```ts
 * import { show, eye, latex } from "tensorcalc";
 * show(eye(2, 3), { label: "I_{2\\times 3}" });
 * show(latex("\\frac{\\partial Y}{\\partial B} = A^T\\alpha"));
 * ```
 */
export function show(x: Showable, opts: ShowOptions = {}): void {
  const sink = opts.text ? undefined : (hostSink ?? tslabDisplay());
  if (isDisplayable(x)) {
    const blocks = displayBlocks(x);
    if (sink) for (const out of blocksToOutputs(blocks)) sink[out.kind](out.source);
    else console.log(blocksToText(blocks));
    return;
  }
  const { latex: tex, text, title } = render(x, opts);
  if (sink) {
    const math = `$$${opts.label ? `${opts.label} = ` : ""}${tex}$$`;
    if (title) sink.markdown(`**${title}**\n\n${math}`);
    else sink.latex(math);
    return;
  }
  const head = [title, opts.label ? `${opts.label} =` : undefined].filter(Boolean).join("\n");
  console.log(head ? `${head}\n${text}` : text);
}

/**
 * @internal Display blocks as the outputs of a notebook cell, in order: Markdown (each title in
 * bold, then its Markdown or `$$latex$$`; consecutive blocks in one output) and each picture as
 * HTML (its SVG document) after its block's text.
 */
export function blocksToOutputs(
  blocks: readonly DisplayBlock[],
): { readonly kind: "markdown" | "html"; readonly source: string }[] {
  const outputs: { kind: "markdown" | "html"; source: string }[] = [];
  let markdown: string[] = [];
  const flush = () => {
    if (markdown.length > 0) outputs.push({ kind: "markdown", source: markdown.join("\n\n") });
    markdown = [];
  };
  for (const b of blocks) {
    const body = b.markdown ?? (b.latex !== undefined ? `$$${b.latex}$$` : undefined);
    const parts = [b.title === undefined ? undefined : `**${b.title}**`, body].filter((x) => x !== undefined);
    if (parts.length > 0) markdown.push(parts.join("\n\n"));
    if (b.svg !== undefined) {
      flush();
      outputs.push({ kind: "html", source: b.svg });
    }
  }
  flush();
  return outputs;
}

/** @internal Display blocks as text: each title on its own line, then its text indented by two spaces. */
export function blocksToText(blocks: readonly DisplayBlock[]): string {
  return blocks
    .map((b) => {
      if (!b.title) return b.text;
      const body = b.text
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n");
      return `${b.title}\n${body}`;
    })
    .join("\n");
}

/**
 * Wrap a LaTeX string for {@link show}; `show(latex(s))` renders it in a notebook
 * (and prints the source elsewhere). Plain strings passed to `show` are LaTeX too.
 *
 * @example
 * ```ts
 * import { show, latex } from "tensorcalc";
 * show(latex("Y = A^T B \\implies \\frac{\\partial Y}{\\partial A} = \\alpha B^T : \\beta"));
 * ```
 */
export function latex(source: string): LatexString {
  if (typeof source !== "string") {
    throw new ShapeError(`latex: expected a string of LaTeX, got ${typeof source}`);
  }
  return new LatexString(source);
}

/** @internal The LaTeX and text renderings of a showable value. */
export function render(x: Showable, opts: ShowOptions = {}): { latex: string; text: string; title?: string } {
  if (x instanceof Tensor) return { latex: tensorToLatex(x, opts), text: formatTensor(x, opts) };
  if (typeof x === "string") return { latex: x, text: x };
  if (x !== null && typeof x === "object") {
    const o = x as Partial<LatexLike> & { latex?: unknown; text?: unknown; title?: unknown };
    const title = typeof o.title === "string" ? o.title : undefined;
    if (typeof o.toLatex === "function") {
      const tex = o.toLatex();
      const text = typeof o.text === "string" ? o.text : x instanceof LatexString ? tex : String(x);
      return { latex: tex, text: text === "[object Object]" ? tex : text, title };
    }
    if (typeof o.latex === "string") {
      return { latex: o.latex, text: typeof o.text === "string" ? o.text : o.latex, title };
    }
  }
  throw new ShapeError(
    `show: expected a Tensor, a LaTeX string, latex(...), an object with toLatex() or a latex property, or a derivation or verification report, got ${x === null ? "null" : typeof x}`,
  );
}

/** The sink set by {@link setDisplaySink}, used before tslab's. */
let hostSink: DisplaySink | undefined;

/**
 * @internal Makes {@link show} render into `sink` (as it renders into tslab's display inside a kernel), or
 * restores the default with `undefined`. For hosts other than tslab that run notebook cells, such as the site's
 * live notebooks (a Web Worker that turns the LaTeX and Markdown into HTML). Not exported from the package.
 */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  hostSink = sink;
}

/**
 * @internal tslab's display object when running inside a tslab kernel, else undefined.
 * Looks for tslab's `jupyter` module among those already loaded (the kernel loads it,
 * and sets its `lastWriteDisplayData` once connected), then takes `display` from its
 * sibling `public` module (loaded through that module's own `require`). It never loads
 * tslab outside a kernel, so it costs nothing elsewhere and adds no dependency.
 */
export function tslabDisplay(): DisplaySink | undefined {
  try {
    const cache = typeof require === "function" ? (require.cache as Record<string, NodeModule | undefined>) : undefined;
    if (!cache) return undefined;
    for (const key of Object.keys(cache)) {
      if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) continue;
      const jupyter = cache[key];
      const exp = jupyter?.exports as Record<string, unknown> | undefined;
      if (!jupyter || !exp || typeof exp.lastWriteDisplayData !== "function") continue;
      const pub = jupyter.require("./public") as { display?: Partial<DisplaySink> } | undefined;
      const d = pub?.display;
      if (d && typeof d.latex === "function" && typeof d.markdown === "function" && typeof d.html === "function")
        return d as DisplaySink;
    }
  } catch {
    // not in a kernel, or an unexpected tslab layout: fall back to text
  }
  return undefined;
}
