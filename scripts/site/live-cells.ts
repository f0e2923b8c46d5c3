/**
 * The data of the live notebooks in a generated page: each code cell and its outputs are wrapped in a
 * `<div class="nb-cell">` whose `data-live` attribute holds the cell's committed source and its published outputs
 * (JSON, HTML-escaped, on one line so that the CommonMark HTML block is not cut by a blank line), and the page
 * gets a `<div class="nb-live-bar">` for the page's buttons (Run all, Reset, Link). The page's script reads this
 * data; it never reads the rendered code blocks.
 * @packageDocumentation
 */
import { fromNotebookOutputs, type CellData } from "../../website/src/live/model";
import type { NbOutput } from "./notebooks-to-md";

function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The opening tag of a live cell (1-based `number` among the page's code cells). */
export function liveCellOpen(source: string, outputs: readonly NbOutput[], number: number): string {
  const data: CellData = { source, published: fromNotebookOutputs(outputs) };
  // JSON escapes newlines, so the attribute is one line.
  return `<div class="nb-cell" data-cell="${number}" data-live="${escapeAttribute(JSON.stringify(data))}">`;
}

export const liveCellClose = "</div>";

/** The placeholder of the page's live-notebook bar (`kind`: a notebook's cells or a guide page's examples). */
export function liveBar(name: string, kind: "notebook" | "examples" = "notebook"): string {
  return `<div class="nb-live-bar" data-notebook="${escapeAttribute(name)}" data-kind="${kind}"></div>`;
}
