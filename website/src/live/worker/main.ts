/**
 * The entry of the live runtime's Web Worker (bundled by esbuild into one file, scripts/site/live-runtime.ts): the
 * library, the transpiler and the renderers. Each cell runs as a classic script loaded from a Blob URL with
 * `importScripts`, so that its top-level declarations land in the worker's global scope (strict mode kept).
 * @packageDocumentation
 */
import * as tensorcalc from "tensorcalc";
import { setDisplaySink } from "../../../../src/display/show";
import type { ToWorker } from "../model";
import { renderLatex, renderMarkdown } from "./render";
import { createRuntime, type Display } from "./runtime";

declare const self: {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (e: { data: ToWorker }) => void): void;
  addEventListener(type: "unhandledrejection", listener: (e: { reason: unknown }) => void): void;
};
declare function importScripts(...urls: string[]): void;

/** Bytes as base64 (tslab's display.png and display.jpeg take the image's bytes). */
function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s);
}

function tslabModule(display: Display) {
  const image = (mime: string) => (bytes: Uint8Array) =>
    display.html(`<img alt="output" src="data:${mime};base64,${base64(bytes)}" />`);
  return {
    display: { ...display, png: image("image/png"), jpeg: image("image/jpeg") },
    versions: { tslab: "live (tensorcalc site)", typescript: "sucrase (types stripped)" },
  };
}

const post = self.postMessage.bind(self);
const runtime = createRuntime(
  {
    global: globalThis as unknown as Record<string, unknown>,
    runScript(code) {
      const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
      try {
        importScripts(url);
      } finally {
        URL.revokeObjectURL(url);
      }
    },
    post,
    now: () => performance.now(),
  },
  (display) => ({ tensorcalc: tensorcalc as Record<string, unknown>, tslab: tslabModule(display) }),
  { latex: renderLatex, markdown: renderMarkdown },
);
setDisplaySink({ latex: runtime.display.latex, markdown: runtime.display.markdown, html: runtime.display.html });
self.addEventListener("message", (e) => runtime.run(e.data));
self.addEventListener("unhandledrejection", (e) => {
  const r = e.reason;
  console.error(`Uncaught (in promise) ${r instanceof Error ? `${r.name}: ${r.message}` : String(r)}`);
});
post({ type: "ready", ms: performance.now() });
