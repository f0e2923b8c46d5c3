/**
 * The Docusaurus plugin of the live notebooks' runtime: builds it (live-runtime.ts) when the site loads its
 * content, writes it to build/site-static/live/ (a static directory of the site, served by `site:dev` and copied
 * into website/build) and publishes its URL and size as the plugin's global data, which the page reads on the
 * first Run.
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LoadContext, Plugin } from "@docusaurus/types";
import { buildLiveRuntime } from "./live-runtime";

/** What the page reads (`@generated/globalData`, plugin `tensorcalc-live-runtime`). */
export interface LiveRuntimeData {
  /** The runtime's URL path, e.g. `/live/tensorcalc-live.0123456789ab.js`. */
  url: string;
  bytes: number;
}

const outDir = path.resolve(__dirname, "..", "..", "build", "site-static", "live");

export default function liveRuntimePlugin(context: LoadContext): Plugin<LiveRuntimeData> {
  return {
    name: "tensorcalc-live-runtime",
    async loadContent() {
      const runtime = buildLiveRuntime();
      fs.rmSync(outDir, { recursive: true, force: true });
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, runtime.fileName), runtime.code);
      return { url: `${context.baseUrl}live/${runtime.fileName}`, bytes: runtime.code.length };
    },
    async contentLoaded({ content, actions }) {
      actions.setGlobalData(content);
    },
    getPathsToWatch() {
      return [path.resolve(__dirname, "..", "..", "website", "src", "live", "**", "*.ts")];
    },
  };
}
