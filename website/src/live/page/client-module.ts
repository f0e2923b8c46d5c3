/**
 * The site's client module for live notebooks (docusaurus.config.ts `clientModules`): after each route change it
 * decorates a notebook page's cells with Edit and Run (decorate.ts) and hands every click to the controller, which
 * it loads on the first click (or at once when the URL carries edited cells, `#live=…`, or on the scratch page).
 * @packageDocumentation
 */
import type { ClientModule } from "@docusaurus/types";
import { decorateBar, decorateCell, liveCells } from "./decorate";

type Controller = typeof import("./controller");
let controller: Promise<Controller> | null = null;
const load = (): Promise<Controller> => (controller ??= import("./controller"));

function onClick(e: MouseEvent): void {
  const target = (e.target as HTMLElement | null)?.closest<HTMLElement>("[data-live-page], [data-live-action]");
  if (!target) return;
  const bar = document.querySelector<HTMLElement>(".nb-live-bar");
  if (!bar) return;
  e.preventDefault();
  void load().then((c) => c.livePage(bar).click(target));
}

function setUp(): void {
  const bar = document.querySelector<HTMLElement>(".nb-live-bar");
  if (controller) void controller.then((c) => c.disposeDetached());
  if (!bar) return;
  decorateBar(bar);
  liveCells(document).forEach((cell, i) => decorateCell(cell, i + 1));
  if (!bar.dataset.liveListening) {
    bar.dataset.liveListening = "1";
    // One listener for the page: its bar and its cells live in the same article.
    (bar.closest("article") ?? bar.parentElement ?? document.body).addEventListener("click", onClick);
  }
  if (location.hash.startsWith("#live=") || bar.dataset.notebook === "scratch") {
    void load().then((c) => c.livePage(bar).restoreFromUrl());
  }
}

const clientModule: ClientModule = {
  onRouteDidUpdate() {
    setUp();
  },
};
export default clientModule;
