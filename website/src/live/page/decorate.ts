/**
 * The static part of a live notebook page, small enough for every page's main bundle: the page's buttons in its
 * `.nb-live-bar` and each cell's Edit and Run buttons, as plain DOM. A click loads the controller (controller.ts),
 * which loads the editor on Edit and the runtime on Run; until then the page loads nothing more.
 * @packageDocumentation
 */

/** The page actions and the cell actions. */
export type PageAction = "run-all" | "stop" | "reset" | "link";
export type CellAction = "edit" | "run" | "stop" | "published";

function button(label: string, attrs: Record<string, string>, title: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "button button--sm button--outline button--primary nb-live-button";
  b.textContent = label;
  b.title = title;
  for (const [k, v] of Object.entries(attrs)) b.setAttribute(k, v);
  return b;
}

/** Adds the page's buttons to `bar` (once). */
export function decorateBar(bar: HTMLElement): void {
  if (bar.querySelector(".nb-live-tools")) return;
  const tools = document.createElement("div");
  tools.className = "nb-live-tools";
  tools.append(
    button("Run all", { "data-live-page": "run-all" }, "Run every cell in order, in your browser"),
    button("Stop", { "data-live-page": "stop", hidden: "" }, "Stop the running cell (restarts the runtime)"),
    button("Reset", { "data-live-page": "reset" }, "Back to the committed cells and their published outputs"),
    button("Link", { "data-live-page": "link" }, "A link to this page with your edited cells"),
  );
  const status = document.createElement("span");
  status.className = "nb-live-status";
  status.setAttribute("role", "status");
  status.textContent =
    bar.dataset.kind === "examples"
      ? "Live examples: edit and run the code of this page in your browser."
      : "Live notebook: edit and run the cells in your browser.";
  tools.append(status);
  bar.append(tools);
}

/** Adds Edit and Run to a cell (once). */
export function decorateCell(cell: HTMLElement, index: number): void {
  if (cell.querySelector(":scope > .nb-live-cell-tools")) return;
  const tools = document.createElement("div");
  tools.className = "nb-live-cell-tools";
  const at = { "data-live-cell": String(index) };
  tools.append(
    button("Edit", { ...at, "data-live-action": "edit" }, "Edit this cell"),
    button("Run", { ...at, "data-live-action": "run" }, "Run this cell (Shift+Enter in the editor)"),
    button("Stop", { ...at, "data-live-action": "stop", hidden: "" }, "Stop this cell (restarts the runtime)"),
  );
  const status = document.createElement("span");
  status.className = "nb-live-cell-status";
  tools.append(status);
  cell.prepend(tools);
}

/** The live cells of the page, in order. */
export function liveCells(root: ParentNode): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(".nb-cell[data-live]"));
}
