/**
 * The site pipeline (`npm run site:build`):
 *
 * 1. builds the library (`npm run build`, dist/);
 * 2. executes the notebooks (`npm run notebooks:run`) unless every executed
 *    copy in build/notebooks is fresh — its manifest entry says it ran
 *    without error against the current notebook source and the current dist/;
 *    a failing notebook fails here;
 * 3. generates the pages: docs/notebooks/<name>.md from each executed copy,
 *    docs/identities.md from the symbolic catalogue (when the library has one);
 * 4. builds the site with Docusaurus (website/build/; the API reference is
 *    generated from the TSDoc comments by docusaurus-plugin-typedoc).
 *
 * Flags: `--generate` stops after step 3; `--dev` runs steps 1–3 and then the
 * Docusaurus dev server; `--no-lib` skips step 1 (dist/ must exist).
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { hashDist, hashFile, listNotebooks, type ManifestEntry } from "../notebooks/runner";
import { notebookToMarkdown, type Notebook } from "./notebooks-to-md";
import { catalogueToMarkdown, type CatalogueLib } from "./catalogue-to-md";

export const root = path.resolve(__dirname, "..", "..");
const manifestFile = path.join(root, "build", "notebooks", "manifest.json");
const docsDir = path.join(root, "docs");
const notebookPagesDir = path.join(docsDir, "notebooks");
const docusaurusBin = path.join(root, "node_modules", "@docusaurus", "core", "bin", "docusaurus.mjs");

/** Whether the executed notebooks can be published as they are. */
export interface Freshness {
  fresh: boolean;
  /** Why not, one line per problem (notebook name first). */
  problems: string[];
  /** The manifest entries of the committed notebooks, in notebook order. */
  entries: ManifestEntry[];
}

/**
 * Compares build/notebooks/manifest.json with the committed notebooks and the
 * current dist/: every notebook needs an entry that ran ok, with matching
 * source and dist hashes, and an executed copy on disk.
 */
export function checkNotebooks(notebooks = listNotebooks(), manifestPath = manifestFile): Freshness {
  const problems: string[] = [];
  let listed: ManifestEntry[] = [];
  if (!fs.existsSync(manifestPath)) {
    problems.push(`${path.relative(root, manifestPath)} is missing (the notebooks were never executed)`);
  } else {
    listed = (JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { notebooks?: ManifestEntry[] }).notebooks ?? [];
  }
  const distHash = listed.length > 0 ? hashDist() : "";
  const entries: ManifestEntry[] = [];
  for (const nb of notebooks) {
    const name = path.basename(nb, ".ipynb");
    const e = listed.find((x) => x.name === name);
    if (!e) {
      if (listed.length > 0) problems.push(`${name}: no executed copy in the manifest`);
      continue;
    }
    entries.push(e);
    if (!e.ok) problems.push(`${name}: failed when last executed`);
    else if (e.sourceHash !== hashFile(nb)) problems.push(`${name}: the notebook changed since it was executed`);
    else if (e.distHash !== distHash) problems.push(`${name}: the library (dist/) changed since it was executed`);
    else if (!fs.existsSync(path.resolve(root, e.executed)))
      problems.push(`${name}: executed copy ${e.executed} is missing`);
  }
  return { fresh: problems.length === 0 && entries.length === notebooks.length, problems, entries };
}

/**
 * Writes docs/notebooks/<name>.md for every manifest entry (removing pages of
 * notebooks that no longer exist). Returns the pages' paths.
 */
export function generateNotebookPages(entries: ManifestEntry[], outDir = notebookPagesDir): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  entries.forEach((e, i) => {
    const executed = path.resolve(root, e.executed);
    if (!fs.existsSync(executed)) throw new Error(`site: executed notebook ${e.executed} is missing`);
    const nb = JSON.parse(fs.readFileSync(executed, "utf8")) as Notebook;
    const md = notebookToMarkdown(nb, {
      name: e.name,
      source: e.source,
      title: e.title || undefined,
      position: i + 1,
    });
    const file = path.join(outDir, `${e.name}.md`);
    // Only rewrite changed pages (a running dev server rebuilds what changed).
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== md) fs.writeFileSync(file, md);
    written.push(file);
  });
  // Pages of notebooks that no longer exist go.
  for (const f of fs.readdirSync(outDir)) {
    const p = path.join(outDir, f);
    if (!written.includes(p)) fs.rmSync(p, { recursive: true, force: true });
  }
  return written;
}

/**
 * Writes docs/identities.md from the library's symbolic `catalogue` (if dist/
 * exports one; otherwise removes a stale page). Returns the path or null.
 */
export function generateCataloguePage(file = path.join(docsDir, "identities.md")): string | null {
  const distIndex = path.join(root, "dist", "index.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = fs.existsSync(distIndex) ? (require(distIndex) as CatalogueLib) : {};
  const md = catalogueToMarkdown(lib);
  if (md === null) {
    fs.rmSync(file, { force: true });
    return null;
  }
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== md) fs.writeFileSync(file, md);
  return file;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    throw new Error(`site: \`${[path.basename(cmd), ...args].join(" ")}\` failed (exit ${r.status ?? r.signal})`);
  }
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const step = (msg: string) => console.log(`site: ${msg} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!argv.includes("--no-lib")) {
    step("building the library");
    run(npm, ["run", "--silent", "build"]);
  }
  const notebooks = listNotebooks();
  let fresh = checkNotebooks(notebooks);
  if (!fresh.fresh) {
    step(`executing the notebooks (${fresh.problems.join("; ") || "no executed copies"})`);
    run(npm, ["run", "--silent", "notebooks:run"]);
    fresh = checkNotebooks(notebooks);
    if (!fresh.fresh)
      throw new Error(`site: the executed notebooks are still not publishable:\n  ${fresh.problems.join("\n  ")}`);
  } else {
    step(`the ${notebooks.length} executed notebook(s) are fresh`);
  }
  const pages = generateNotebookPages(fresh.entries);
  const cat = generateCataloguePage();
  step(`generated ${pages.length} notebook page(s)${cat ? " and the identity catalogue" : ""}`);
  if (argv.includes("--generate")) return;
  if (argv.includes("--dev")) {
    run(process.execPath, [docusaurusBin, "start", "website", "--port", "3000", "--host", "localhost", "--no-open"]);
    return;
  }
  step("building the site with Docusaurus");
  run(process.execPath, [docusaurusBin, "build", "website"]);
  step("site built in website/build");
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
