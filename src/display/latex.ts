/**
 * LaTeX display of tensors (KaTeX-compatible: bmatrix, array, \hline; no \eqalign).
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import { clampInt } from "./format";
import { latexNumber, shownIndices } from "./numbers";

/** Options of {@link tensorToLatex}. */
export interface LatexOptions {
  /** Significant digits of non-integer entries; default 4. */
  precision?: number;
  /** Axes longer than this are truncated with \cdots / \vdots / \ddots; default 10. */
  maxDim?: number;
  /** Entries kept at each end of a truncated axis; default 3. */
  edgeItems?: number;
  /** Label the blocks of order-3+ tensors with their indices; default true. */
  labels?: boolean;
}

/** Between rows of blocks: a row break, then an empty row shortened by 0.8em (a `\\[dim]` gap alone is lost next to tall blocks). */
const BLOCK_GAP = " \\\\[-0.8em] \\\\ ";

const INDEX_NAMES = ["i", "j", "k", "l", "m", "n", "p", "q"];

/**
 * LaTeX for a tensor: a 0-d tensor is its number, a vector a column `bmatrix`, a
 * matrix a `bmatrix`. Higher orders use a block layout over the leading axes: an
 * order-4 tensor of shape [m, n, p, q] is an m×n grid whose (i, j) block is the p×q
 * slice `T[i, j, :, :]`, with rows labelled i = … and columns j = …; an order-3 tensor
 * is a column of blocks; orders ≥ 5 list the order-4 layouts for each leading index.
 * Integers print without decimals; long axes are truncated.
 *
 * @example
 * ```ts
 * import { tensor, tensorToLatex } from "tensorcalc";
 * console.log(tensorToLatex(tensor([[1, 2], [3, 4]])));
 * // \begin{bmatrix}1 & 2 \\ 3 & 4\end{bmatrix}
 * ```
 */
export function tensorToLatex(t: Tensor, opts: LatexOptions = {}): string {
  const precision = clampInt(opts.precision, 4, 1, 17);
  const maxDim = clampInt(opts.maxDim, 10, 1, 1e6);
  const edge = Math.min(clampInt(opts.edgeItems, 3, 1, 1000), Math.max(1, Math.floor((maxDim - 1) / 2)));
  const labels = opts.labels ?? true;
  const nd = t.ndim;
  const num = (off: number) => latexNumber(t.data[off], precision);
  const pick = (n: number) => shownIndices(n, n > maxDim, edge);

  if (nd === 0) return num(0);
  const matrix = (base: number, rowAxis: number | undefined, colAxis: number): string => {
    const rows = rowAxis === undefined ? [0] : pick(t.shape[rowAxis]);
    const cols = pick(t.shape[colAxis]);
    const rs = rowAxis === undefined ? 0 : t.strides[rowAxis];
    const cs = t.strides[colAxis];
    if (t.shape[colAxis] === 0 || (rowAxis !== undefined && t.shape[rowAxis] === 0))
      return "\\begin{bmatrix}\\end{bmatrix}";
    const lines = rows.map((i) =>
      cols
        .map((j) => (i < 0 && j < 0 ? "\\ddots" : i < 0 ? "\\vdots" : j < 0 ? "\\cdots" : num(base + i * rs + j * cs)))
        .join(" & "),
    );
    return `\\begin{bmatrix}${lines.join(" \\\\ ")}\\end{bmatrix}`;
  };
  if (nd === 1) {
    // a column vector: one entry per row
    const rows = pick(t.shape[0]);
    if (t.shape[0] === 0) return "\\begin{bmatrix}\\end{bmatrix}";
    return `\\begin{bmatrix}${rows.map((i) => (i < 0 ? "\\vdots" : num(i * t.strides[0]))).join(" \\\\ ")}\\end{bmatrix}`;
  }
  if (nd === 2) return matrix(0, 0, 1);

  const small = (s: string) => `{\\scriptstyle ${s}}`;
  /** Block layout of the last 3 or 4 axes starting at flat offset `base`; `first` is the first block axis. */
  const layout = (base: number, first: number): string => {
    const blockAxes = nd - first - 2; // 1 or 2
    const rowName = INDEX_NAMES[first] ?? `i_${first}`;
    const rows = pick(t.shape[first]);
    const colAxis = blockAxes === 2 ? first + 1 : undefined;
    const colName = colAxis === undefined ? "" : (INDEX_NAMES[colAxis] ?? `i_${colAxis}`);
    const cols = colAxis === undefined ? [0] : pick(t.shape[colAxis]);
    const block = (i: number, j: number) =>
      matrix(base + i * t.strides[first] + (colAxis === undefined ? 0 : j * t.strides[colAxis]), nd - 2, nd - 1);
    const lines: string[] = [];
    if (labels && colAxis !== undefined) {
      lines.push(["", ...cols.map((j) => (j < 0 ? "\\cdots" : small(`${colName}=${j}`)))].join(" & "));
    }
    for (const i of rows) {
      const cells = cols.map((j) => (i < 0 && j < 0 ? "\\ddots" : i < 0 ? "\\vdots" : j < 0 ? "\\cdots" : block(i, j)));
      const label = i < 0 ? "\\vdots" : small(`${rowName}=${i}`);
      lines.push((labels ? [label, ...cells] : cells).join(" & "));
    }
    const spec = (labels ? "r|" : "") + "c".repeat(cols.length);
    const head = labels && colAxis !== undefined ? `${lines.shift() as string} \\\\ \\hline ` : "";
    return `\\left[\\begin{array}{${spec}}${head}${lines.join(BLOCK_GAP)}\\end{array}\\right]`;
  };
  if (nd <= 4) return layout(0, 0);
  // Order ≥ 5: one order-4 layout per index of the leading nd-4 axes.
  const lead = nd - 4;
  const parts: string[] = [];
  const rec = (a: number, base: number, prefix: number[]): void => {
    if (a === lead) {
      const idx = [...prefix.map(String), ":", ":", ":", ":"].join(", ");
      parts.push(`${labels ? `\\text{[${idx}]}:\\;` : ""}${layout(base, lead)}`);
      return;
    }
    for (const i of pick(t.shape[a])) {
      if (i < 0) {
        parts.push("\\vdots");
        continue;
      }
      rec(a + 1, base + i * t.strides[a], [...prefix, i]);
    }
  };
  rec(0, 0, []);
  return `\\begin{gathered}${parts.join(BLOCK_GAP)}\\end{gathered}`;
}
