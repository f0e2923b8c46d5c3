/**
 * Builds the live notebooks' runtime: one minified script for a Web Worker holding the library (its TypeScript
 * sources, as the calculator bundles them), sucrase and acorn (types stripped, cells rewritten), KaTeX and
 * micromark (rich output as HTML). Its file name carries a hash of its content, so that a browser may keep it
 * for good; the page fetches it once, on the first Run, and keeps it in the Cache Storage.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { buildSync } from "esbuild";

const root = path.resolve(__dirname, "..", "..");

/** The built runtime. */
export interface LiveRuntime {
  /** `tensorcalc-live.<hash>.js` */
  fileName: string;
  code: Uint8Array;
}

/** Bundles website/src/live/worker/main.ts (and everything it imports) into one script. */
export function buildLiveRuntime(): LiveRuntime {
  const result = buildSync({
    entryPoints: [path.join(root, "website", "src", "live", "worker", "main.ts")],
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    target: "es2020",
    // A worker has no DOM: "neutral" leaves out the packages' "browser" builds (micromark's entity decoder uses
    // `document` there).
    platform: "neutral",
    mainFields: ["module", "main"],
    alias: { tensorcalc: path.join(root, "src", "index.ts") },
    // The library's sources read `__dirname` only to tell their own stack frames; a bundle has none.
    define: { __dirname: "undefined" },
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 12);
  return { fileName: `tensorcalc-live.${hash}.js`, code };
}
