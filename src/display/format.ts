/**
 * Text display of tensors: aligned columns, labelled slices, truncation.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import { formatShape } from "../core/shape";
import { makeTextFormatter, shownIndices } from "./numbers";

/** Options of {@link formatTensor}. */
export interface FormatOptions {
  /** Decimals of non-integer entries (trailing zeros trimmed), or significant digits in scientific notation; default 4. */
  precision?: number;
  /** Tensors with more entries are truncated to their first/last `edgeItems` along each axis; default 1000. */
  maxEntries?: number;
  /** Entries kept at each end of a truncated axis; default 3. */
  edgeItems?: number;
}

/**
 * Aligned text for a tensor, like numpy: a 0-d tensor prints its number, a vector
 * `[1, 2, 3]`, a matrix one row per line with aligned columns; higher orders print a
 * header with the shape and one labelled matrix slice `[i, j, :, :]` at a time.
 * Tensors with more than `maxEntries` entries are truncated with `…` and the header
 * shows the full shape. Integers print without decimals.
 *
 * @example
 * ```ts
 * import { tensor, formatTensor } from "tensorcalc";
 * console.log(formatTensor(tensor([[1, -2.5], [10, 4]])));
 * // [[ 1.0, -2.5],
 * //  [10.0,  4.0]]
 * ```
 */
export function formatTensor(t: Tensor, opts: FormatOptions = {}): string {
  const precision = clampInt(opts.precision, 4, 0, 20);
  const maxEntries = clampInt(opts.maxEntries, 1000, 1, Number.MAX_SAFE_INTEGER);
  const edge = clampInt(opts.edgeItems, 3, 1, 1000);
  const shape = t.shape;
  const nd = shape.length;
  const truncated = t.size > maxEntries;
  const picks = shape.map((n) => shownIndices(n, truncated, edge));

  // Collect the shown values to choose one formatter for all of them.
  const shown: number[] = [];
  forEachShown(picks, t, (off) => shown.push(t.data[off]));
  const fmt = makeTextFormatter(shown, precision);
  let width = 0;
  for (const v of shown) width = Math.max(width, fmt(v).length);
  const cell = (off: number): string => fmt(t.data[off]).padStart(width);

  if (nd === 0) return fmt(t.data[0]);
  const header = `Tensor of shape ${formatShape(shape)}${truncated ? ` (${t.size.toLocaleString("en-US")} entries, truncated)` : ""}`;
  if (t.size === 0) return `Tensor of shape ${formatShape(shape)} (empty)`;
  if (nd === 1) {
    const body = `[${picks[0].map((i) => (i < 0 ? "…".padStart(width) : cell(i))).join(", ")}]`;
    return truncated ? `${header}\n${body}` : body;
  }
  const matrix = (base: number): string => {
    const [rs, cs] = [t.strides[nd - 2], t.strides[nd - 1]];
    const rows = picks[nd - 2].map((i) =>
      i < 0 ? null : picks[nd - 1].map((j) => (j < 0 ? "…".padStart(width) : cell(base + i * rs + j * cs))).join(", "),
    );
    const lines: string[] = [];
    rows.forEach((r, k) => {
      const open = k === 0 ? "[[" : " [";
      const close = k === rows.length - 1 ? "]]" : "],";
      lines.push(r === null ? " …" : `${open}${r}${close}`);
    });
    return lines.join("\n");
  };
  if (nd === 2) {
    const body = matrix(0);
    return truncated ? `${header}\n${body}` : body;
  }
  // Order ≥ 3: labelled slices over the leading axes.
  const blocks: string[] = [header];
  const lead = picks.slice(0, nd - 2);
  const idx = new Array<number>(lead.length).fill(0); // positions into lead[a]
  for (;;) {
    const chosen = idx.map((p, a) => lead[a][p]);
    if (chosen.some((i) => i < 0)) {
      if (blocks[blocks.length - 1] !== "…") blocks.push("…");
    } else {
      let base = 0;
      chosen.forEach((i, a) => (base += i * t.strides[a]));
      blocks.push(`[${[...chosen, ":", ":"].join(", ")}] =\n${matrix(base)}`);
    }
    let a = lead.length - 1;
    for (; a >= 0; a--) {
      if (++idx[a] < lead[a].length) break;
      idx[a] = 0;
    }
    if (a < 0) break;
  }
  return blocks.join("\n\n");
}

function forEachShown(picks: number[][], t: Tensor, f: (off: number) => void): void {
  const nd = picks.length;
  if (t.size === 0) return;
  if (nd === 0) {
    f(0);
    return;
  }
  const rec = (a: number, off: number): void => {
    for (const i of picks[a]) {
      if (i < 0) continue;
      const o = off + i * t.strides[a];
      if (a === nd - 1) f(o);
      else rec(a + 1, o);
    }
  };
  rec(0, 0);
}

/** @internal An integer option within [lo, hi], or the default. */
export function clampInt(v: number | undefined, dflt: number, lo: number, hi: number): number {
  if (v === undefined || typeof v !== "number" || Number.isNaN(v)) return dflt;
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}

/**
 * @internal What `console.log(t)` and the Node REPL / tslab print for a tensor: its
 * shape, then {@link formatTensor}'s text (which already has a header for order ≥ 3
 * and for truncated tensors).
 */
export function inspectTensor(t: Tensor): string {
  const text = formatTensor(t);
  return text.startsWith("Tensor of shape") ? text : `Tensor of shape ${formatShape(t.shape)}\n${text}`;
}
