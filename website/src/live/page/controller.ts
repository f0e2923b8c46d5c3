/**
 * A live notebook page: its cells, one runtime worker shared by them (one scope, as a Jupyter kernel), and the
 * buttons' behaviour. Loaded on the first click of Edit or Run (client-module.ts).
 *
 * Running cell k first runs every earlier cell that has not run in the current runtime, or whose source changed
 * since it ran there (a fresh page, after Reset, after a Stop or a time-out), so that cell k sees the scope it was
 * written for; a later cell is never run by it. An earlier cell whose last run failed or was stopped is left out
 * until it is edited (an endless loop is not run again by the next cell; Run all and its own Run still run it). A cell that runs longer than the time limit, or is stopped,
 * ends the worker (an endless loop or a huge allocation cannot freeze the page); a new worker starts at once,
 * from the runtime already fetched, with an empty scope.
 * @packageDocumentation
 */
import type { CellData, CellError, CellOutput, FromWorker, RenderedOutput } from "../model";
import { sameOutputs } from "../model";
import { decorateCell, liveCells } from "./decorate";
import type { CellEditor } from "./editor";
import { decodeLink, encodeLink, hashPrefix, LinkError, type LinkPayload } from "./link";
import { RuntimeWorker, runtimeScript } from "./runtime-client";
import { sanitizeHtml } from "./sanitize";

import { TIME_LIMIT_MS } from "./controller-constants";

interface Cell {
  number: number;
  el: HTMLElement;
  data: CellData;
  source: string;
  editor?: CellEditor;
  outputs: CellOutput[];
  outputsEl?: HTMLElement;
}

type RunResult = { ok: true; ms: number } | { ok: false; error: CellError } | { ok: false; stopped: string };

const pages = new Map<HTMLElement, LivePage>();

/** The controller of the page whose bar is `bar` (made on first use). */
export function livePage(bar: HTMLElement): LivePage {
  let page = pages.get(bar);
  if (!page) {
    page = new LivePage(bar);
    pages.set(bar, page);
  }
  return page;
}

/** Ends the runtimes of pages that are no longer in the document (after a route change). */
export function disposeDetached(): void {
  for (const [bar, page] of pages) {
    if (!bar.isConnected) {
      page.dispose();
      pages.delete(bar);
    }
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function readData(cell: HTMLElement): CellData {
  try {
    const d = JSON.parse(cell.dataset.live ?? "") as CellData;
    if (typeof d.source === "string" && Array.isArray(d.published)) return d;
  } catch {
    // fall through
  }
  return { source: "", published: [] };
}

export class LivePage {
  private cells: Cell[] = [];
  private worker: RuntimeWorker | null = null;
  private workerStarting: Promise<RuntimeWorker> | null = null;
  /** Source of each cell as it last ran, in the current worker. */
  private ran = new Map<number, string>();
  /** Source of each cell as it last failed or was stopped (in any worker): not run again for a later cell. */
  private failed = new Map<number, string>();
  private seq = 0;
  private pending = new Map<number, { cell: Cell; resolve(r: RunResult): void; first: boolean }>();
  private queue: Promise<unknown> = Promise.resolve();
  private running: { cell: Cell; id: number; timer: number } | null = null;
  /** Cancels the runs waiting in the queue (Stop, Reset). */
  private generation = 0;
  private restoredHash: string | null = null;
  private readonly status: HTMLElement;
  private readonly notebook: string;

  constructor(private readonly bar: HTMLElement) {
    this.notebook = bar.dataset.notebook ?? "";
    this.status = bar.querySelector<HTMLElement>(".nb-live-status") ?? el("span", "nb-live-status");
    this.collectCells();
  }

  private collectCells(): void {
    this.cells = liveCells(document).map((e, i) => ({
      number: i + 1,
      el: e,
      data: readData(e),
      source: readData(e).source,
      outputs: [],
    }));
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  // ---- clicks ---------------------------------------------------------------------------------------------

  click(target: HTMLElement): void {
    const pageAction = target.dataset.livePage;
    if (pageAction === "run-all") void this.runAll();
    else if (pageAction === "stop") this.stop("stopped");
    else if (pageAction === "reset") this.reset();
    else if (pageAction === "link") void this.link();
    const action = target.dataset.liveAction;
    const cell = this.cells[Number(target.dataset.liveCell) - 1];
    if (!action || !cell) return;
    if (action === "edit") void this.edit(cell, true);
    else if (action === "run") void this.runCell(cell);
    else if (action === "stop") this.stop("stopped");
    else if (action === "published") {
      const shown = cell.el.classList.toggle("nb-live-show-published");
      target.textContent = shown ? "Hide the published output" : "Show the published output";
    }
  }

  // ---- editing ---------------------------------------------------------------------------------------------

  private async edit(cell: Cell, focus: boolean): Promise<void> {
    if (cell.editor) {
      if (focus) cell.editor.focus();
      return;
    }
    const { createEditor } = await import("./editor");
    if (cell.editor) return;
    const host = el("div", "nb-live-editor");
    const tools = cell.el.querySelector(":scope > .nb-live-cell-tools");
    (tools ?? cell.el.firstChild)?.after(host);
    cell.editor = createEditor(
      host,
      cell.source,
      {
        change: (s) => {
          cell.source = s;
          this.markEdited(cell);
        },
        run: () => void this.runCell(cell),
      },
      `Cell ${cell.number} (TypeScript)`,
    );
    cell.el.classList.add("nb-live-editing");
    this.button(cell, "edit").hidden = true;
    if (focus) cell.editor.focus();
  }

  private markEdited(cell: Cell): void {
    cell.el.classList.toggle("nb-live-edited", cell.source !== cell.data.source);
  }

  private button(cell: Cell, action: string): HTMLButtonElement {
    return cell.el.querySelector<HTMLButtonElement>(`:scope > .nb-live-cell-tools [data-live-action="${action}"]`)!;
  }

  private cellStatus(cell: Cell, text: string, kind = ""): void {
    const s = cell.el.querySelector<HTMLElement>(":scope > .nb-live-cell-tools .nb-live-cell-status");
    if (!s) return;
    s.textContent = text;
    s.dataset.kind = kind;
  }

  // ---- the runtime -----------------------------------------------------------------------------------------

  private startWorker(): Promise<RuntimeWorker> {
    this.workerStarting ??= (async () => {
      const first = !this.worker && this.seq === 0;
      const script = await runtimeScript();
      const w = new RuntimeWorker(
        script.url,
        (m) => this.onMessage(m),
        (message) => this.crashed(message),
      );
      await w.ready;
      this.worker = w;
      if (first)
        this.setStatus(
          `Runtime ${Math.round(script.bytes / 1024)} KB ${script.cached ? "from the cache" : `loaded in ${Math.round(script.ms)} ms`}; ` +
            `time limit ${TIME_LIMIT_MS / 1000} s per cell.`,
        );
      return w;
    })();
    this.workerStarting.catch(() => (this.workerStarting = null));
    return this.workerStarting;
  }

  /** Ends the worker (its scope is lost) and starts a fresh one in the background. */
  private restartWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.workerStarting = null;
    this.ran.clear();
    for (const [, p] of this.pending) p.resolve({ ok: false, stopped: "stopped" });
    this.pending.clear();
    void this.startWorker().catch(() => undefined);
  }

  private crashed(message: string): void {
    if (this.running) this.finish({ ok: false, stopped: `the runtime crashed: ${message}` });
    this.restartWorker();
  }

  private onMessage(m: FromWorker): void {
    if (m.type === "ready") return;
    const p = this.pending.get(m.id);
    if (m.type === "output") {
      const cell = p?.cell ?? this.cells.find((c) => c.el.dataset.liveRun === String(m.id));
      if (cell) this.appendOutput(cell, m.output);
    } else if (m.type === "done" && p) {
      this.pending.delete(m.id);
      p.resolve(m.ok ? { ok: true, ms: m.ms } : { ok: false, error: m.error });
    }
  }

  // ---- running ---------------------------------------------------------------------------------------------

  /** Runs cells one after another (queued behind any run in progress). */
  private enqueue(cells: Cell[], target?: Cell): Promise<void> {
    const generation = this.generation;
    const job = this.queue.then(async () => {
      for (const cell of cells) {
        if (generation !== this.generation) return;
        const r = await this.execute(cell);
        if (!r.ok) {
          const later = cells.slice(cells.indexOf(cell) + 1);
          for (const c of later)
            this.cellStatus(c, `not run: cell ${cell.number} ${"stopped" in r ? "was stopped" : "failed"}`, "skipped");
          if (target && target !== cell && !later.includes(target)) this.cellStatus(target, "", "");
          return;
        }
      }
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async runCell(cell: Cell): Promise<void> {
    // Earlier cells that have not run in this runtime, or changed since, run first.
    const before = this.cells.filter(
      (c) => c.number < cell.number && this.ran.get(c.number) !== c.source && this.failed.get(c.number) !== c.source,
    );
    for (const c of before) this.cellStatus(c, "queued (an earlier cell of the one you ran)", "queued");
    this.cellStatus(cell, "queued", "queued");
    await this.enqueue([...before, cell], cell);
  }

  private async runAll(): Promise<void> {
    for (const c of this.cells) this.cellStatus(c, "queued", "queued");
    await this.enqueue(this.cells);
  }

  private execute(cell: Cell): Promise<RunResult> {
    return new Promise<RunResult>((resolve) => {
      const started = performance.now();
      this.cellStatus(cell, "starting the runtime…", "running");
      this.startWorker().then(
        (worker) => {
          const id = ++this.seq;
          this.clearOutputs(cell);
          cell.el.dataset.liveRun = String(id);
          cell.el.classList.add("nb-live-ran");
          const timer = window.setTimeout(() => this.stop("time limit"), TIME_LIMIT_MS);
          this.running = { cell, id, timer };
          this.setRunning(cell, true);
          this.cellStatus(cell, "running…", "running");
          this.pending.set(id, {
            cell,
            first: true,
            resolve: (r) => {
              this.finishCell(cell, r, performance.now() - started);
              resolve(r);
            },
          });
          worker.send({ type: "run", id, cell: cell.number, source: cell.source });
        },
        (e: Error) => {
          const r: RunResult = { ok: false, error: { name: "RuntimeError", message: e.message, phase: "compile" } };
          this.finishCell(cell, r, 0);
          resolve(r);
        },
      );
    });
  }

  private setRunning(cell: Cell, running: boolean): void {
    this.button(cell, "run").hidden = running;
    this.button(cell, "stop").hidden = !running;
    this.bar.querySelector<HTMLElement>('[data-live-page="stop"]')!.hidden = !running;
    cell.el.classList.toggle("nb-live-running", running);
  }

  private finish(r: RunResult): void {
    const running = this.running;
    if (!running) return;
    const p = this.pending.get(running.id);
    this.pending.delete(running.id);
    p?.resolve(r);
  }

  private finishCell(cell: Cell, r: RunResult, totalMs: number): void {
    if (this.running?.cell === cell) {
      window.clearTimeout(this.running.timer);
      this.running = null;
    }
    this.setRunning(cell, false);
    if (r.ok) this.failed.delete(cell.number);
    else this.failed.set(cell.number, cell.source);
    if (r.ok) {
      this.ran.set(cell.number, cell.source);
      this.cellStatus(cell, `ran in ${Math.round(r.ms)} ms`, "ok");
    } else if ("stopped" in r) {
      this.ran.delete(cell.number);
      const why =
        r.stopped === "time limit"
          ? `stopped after ${TIME_LIMIT_MS / 1000} s (the time limit)`
          : r.stopped === "stopped"
            ? `stopped after ${(totalMs / 1000).toFixed(1)} s`
            : r.stopped;
      this.cellStatus(cell, `${why}: the runtime was restarted, earlier cells run again with the next Run`, "error");
      this.appendError(cell, { name: "Stopped", message: why, phase: "run" });
    } else {
      this.ran.delete(cell.number);
      this.cellStatus(cell, `failed: ${r.error.name}`, "error");
      this.appendError(cell, r.error);
    }
    this.compareWithPublished(cell);
  }

  /** Stops the running cell (and what waits behind it): the worker is ended and a fresh one started. */
  stop(why: "stopped" | "time limit"): void {
    this.generation++;
    const running = this.running;
    if (running) this.finish({ ok: false, stopped: why });
    for (const c of this.cells) {
      const s = c.el.querySelector<HTMLElement>(".nb-live-cell-status");
      if (s?.dataset.kind === "queued") this.cellStatus(c, "not run (stopped)", "skipped");
    }
    this.restartWorker();
  }

  // ---- outputs ---------------------------------------------------------------------------------------------

  private outputsEl(cell: Cell): HTMLElement {
    if (!cell.outputsEl) {
      cell.outputsEl = el("div", "nb-live-outputs");
      cell.outputsEl.setAttribute("aria-live", "polite");
      cell.el.append(cell.outputsEl);
    }
    return cell.outputsEl;
  }

  private clearOutputs(cell: Cell): void {
    cell.outputs = [];
    this.outputsEl(cell).replaceChildren();
    cell.el.classList.remove("nb-live-differs", "nb-live-same", "nb-live-show-published");
  }

  private appendOutput(cell: Cell, o: RenderedOutput): void {
    const box = this.outputsEl(cell);
    if (o.kind === "stream") {
      cell.outputs.push({ kind: "stream", name: o.name, text: o.text });
      const last = box.lastElementChild as HTMLElement | null;
      if (last?.dataset.stream === o.name) {
        last.querySelector("pre")!.textContent += o.text;
        return;
      }
      const div = el("div", `nb-output nb-output-${o.name === "stderr" ? "stderr" : "stream"} nb-live-output`);
      div.dataset.stream = o.name;
      div.append(el("pre", "nb-live-pre", o.text));
      box.append(div);
      return;
    }
    cell.outputs.push({ kind: "display", mime: o.mime, data: o.data });
    const div = el("div", "nb-output nb-output-display nb-live-output");
    div.dataset.mime = o.mime;
    if (o.html !== undefined)
      div.innerHTML = o.html; // KaTeX and micromark (raw HTML escaped), from the worker
    else if (o.mime === "text/html" || o.mime === "image/svg+xml") div.append(sanitizeHtml(o.data));
    else div.append(el("pre", "nb-live-pre", o.data));
    box.append(div);
  }

  private appendError(cell: Cell, e: CellError): void {
    const box = el("div", "nb-output nb-live-error nb-live-output");
    box.setAttribute("role", "alert");
    const head = el("div", "nb-live-error-head");
    head.append(el("strong", "nb-live-error-name", e.name), document.createTextNode(": "));
    // Parse and shape errors end with caret lines (the expression, then ^^^ under the problem): kept monospaced.
    const caret = /\n( {2}[^\n]*\n {2} *\^+)\s*$/.exec(e.message);
    head.append(el("span", "nb-live-error-message", caret ? e.message.slice(0, caret.index) : e.message));
    box.append(head);
    if (caret) box.append(el("pre", "nb-live-error-line", caret[1].replace(/^ {2}/gm, "")));
    if (e.at) {
      const line = cell.source.split("\n")[e.at.line - 1] ?? "";
      box.append(el("div", "nb-live-error-where", `cell ${cell.number}, line ${e.at.line}, column ${e.at.column}`));
      box.append(el("pre", "nb-live-error-line", `${line}\n${" ".repeat(Math.max(0, e.at.column - 1))}^`));
    } else if (e.name !== "Stopped") {
      box.append(el("div", "nb-live-error-where", `cell ${cell.number}`));
    }
    this.outputsEl(cell).append(box);
  }

  /** A note when the outputs differ from the published ones, with a button to show those. */
  private compareWithPublished(cell: Cell): void {
    const box = this.outputsEl(cell);
    box.querySelector(".nb-live-compare")?.remove();
    // the scratch notebook and a guide page's examples have no published output to compare with
    if (this.notebook === "scratch" || this.bar.dataset.kind === "examples") return;
    const failed = box.querySelector(".nb-live-error") !== null;
    const same = !failed && sameOutputs(cell.outputs, cell.data.published);
    cell.el.classList.toggle("nb-live-same", same);
    cell.el.classList.toggle("nb-live-differs", !same);
    const note = el("div", "nb-live-compare");
    if (same) note.textContent = "Same output as the published notebook.";
    else {
      note.textContent = "This output differs from the published one (shown above it, dashed, on request). ";
      const b = document.createElement("button");
      b.type = "button";
      b.className = "button button--sm button--link nb-live-show-published";
      b.dataset.liveAction = "published";
      b.dataset.liveCell = String(cell.number);
      b.textContent = "Show the published output";
      note.append(b);
    }
    box.append(note);
  }

  // ---- reset, link -----------------------------------------------------------------------------------------

  /** Every cell back to its committed source and published output, in a fresh runtime. */
  reset(): void {
    this.generation++;
    if (this.running) this.finish({ ok: false, stopped: "stopped" });
    for (const cell of this.cells) {
      cell.editor?.destroy();
      cell.editor = undefined;
      cell.el.querySelector(":scope > .nb-live-editor")?.remove();
      cell.outputsEl?.remove();
      cell.outputsEl = undefined;
      cell.source = cell.data.source;
      cell.outputs = [];
      this.failed.delete(cell.number);
      cell.el.className = "nb-cell";
      delete cell.el.dataset.liveRun;
      this.button(cell, "edit").hidden = false;
      this.setRunning(cell, false);
      this.cellStatus(cell, "", "");
    }
    if (this.worker || this.workerStarting) this.restartWorker();
    if (location.hash.startsWith(hashPrefix))
      history.replaceState(history.state, "", location.pathname + location.search);
    this.setStatus("Reset: the committed cells and their published outputs.");
  }

  /** Writes the edited cells into the URL (and copies it). */
  private async link(): Promise<void> {
    const cells: [number, string][] = this.cells
      .filter((c) => this.notebook === "scratch" || c.source !== c.data.source)
      .map((c) => [c.number, c.source]);
    if (cells.length === 0) {
      if (location.hash.startsWith(hashPrefix))
        history.replaceState(history.state, "", location.pathname + location.search);
      this.setStatus("No cell is edited: the page's own address is the link.");
      return;
    }
    const hash = hashPrefix + (await encodeLink({ v: 1, page: this.notebook, cells }));
    this.restoredHash = hash;
    history.replaceState(history.state, "", location.pathname + location.search + hash);
    let copied = false;
    try {
      await navigator.clipboard.writeText(location.href);
      copied = true;
    } catch {
      // no clipboard permission: the address bar has the link
    }
    this.setStatus(
      `The link with your ${cells.length} edited cell${cells.length === 1 ? "" : "s"} is in the address bar` +
        `${copied ? " and copied" : ""}.`,
    );
  }

  /** Applies the cells of a `#live=` link (once per link); the scratch page starts with its example. */
  async restoreFromUrl(): Promise<void> {
    const hash = location.hash;
    if (hash === this.restoredHash) return;
    this.restoredHash = hash;
    let payload: LinkPayload | null = null;
    if (hash.startsWith(hashPrefix)) {
      try {
        payload = await decodeLink(hash.slice(hashPrefix.length));
        if (payload.page !== this.notebook)
          throw new LinkError(`the link's cells are for the page "${payload.page}", not this one ("${this.notebook}")`);
      } catch (e) {
        this.setStatus(`This link's edits were not applied: ${e instanceof LinkError ? e.message : String(e)}.`);
        this.bar.dataset.linkError = "1";
        payload = null;
      }
    }
    if (this.notebook === "scratch") {
      // Another hash (an anchor) keeps the cells the reader has.
      if (!payload && this.cells.length > 0) return;
      this.buildScratchCells(payload?.cells.map(([, s]) => s) ?? [scratchExample]);
      await Promise.all(this.cells.map((c) => this.edit(c, false)));
      return;
    }
    if (!payload) return;
    const unknown = payload.cells.filter(([n]) => !this.cells[n - 1]).map(([n]) => n);
    for (const [n, source] of payload.cells) {
      const cell = this.cells[n - 1];
      if (!cell) continue;
      cell.source = source;
      this.markEdited(cell);
      await this.edit(cell, false);
      this.cellStatus(cell, "edited (from the link): press Run", "edited");
    }
    const applied = payload.cells.length - unknown.length;
    this.setStatus(
      `This link changed ${applied} cell${applied === 1 ? "" : "s"}; press Run to see the outputs, Reset to go back.` +
        (unknown.length
          ? ` (It names cell${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}, which this page does not have.)`
          : ""),
    );
  }

  /** The scratch page's cells (from the calculator or a link). */
  private buildScratchCells(sources: string[]): void {
    const host = document.querySelector<HTMLElement>(".nb-scratch-cells");
    if (!host) return;
    for (const c of this.cells) c.editor?.destroy();
    host.replaceChildren();
    sources.forEach((source, i) => {
      const cell = el("div", "nb-cell");
      cell.dataset.cell = String(i + 1);
      cell.dataset.live = JSON.stringify({ source, published: [] } satisfies CellData);
      host.append(cell);
      decorateCell(cell, i + 1);
    });
    this.collectCells();
  }

  dispose(): void {
    this.generation++;
    this.worker?.terminate();
    this.worker = null;
    for (const c of this.cells) c.editor?.destroy();
  }
}

const scratchExample = `import { derive, verify, show } from "tensorcalc";

const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
show(d);
show(verify(d, { seed: 1 }));`;
