/**
 * The canonical form of a committed notebook, so that diffs show only real
 * edits: no outputs, no execution counts, no per-cell metadata except `tags`,
 * fixed notebook metadata (the tslab kernel spec and the language_info tslab
 * reports), nbformat 4.5 with cell ids derived from each cell's content,
 * sources stored as lists of lines (as Jupyter saves them) without trailing
 * blank lines, keys sorted, 1-space JSON indent and a trailing newline (the
 * layout Jupyter itself writes, so saving from Jupyter keeps the diff small).
 *
 * Code lines are at most {@link MAX_CODE_LINE} characters, so that they fit a
 * notebook cell without being cut at its right edge (the rewrite cannot fix
 * that: both modes report such lines and fail).
 *
 * Command line (`npm run notebooks:canonical [-- --check] [files…]`, default
 * every `notebooks/*.ipynb`): rewrites the files in canonical form, or with
 * `--check` lists the ones that are not canonical and exits with status 1.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The kernel spec every notebook names. */
export const KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: "tslab" } as const;

/** What tslab 1.0.22 reports as language_info (kept as reported, so Jupyter does not rewrite it on save). */
export const LANGUAGE_INFO = {
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  file_extension: ".ts",
  mimetype: "text/typescript",
  name: "typescript",
  version: "3.7.2",
} as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
  metadata?: { tags?: unknown };
}

/** Joins a notebook source (string or list of strings) into one string. */
export function joinSource(source: unknown, where: string): string {
  if (typeof source === "string") return source;
  if (Array.isArray(source) && source.every((s) => typeof s === "string")) return source.join("");
  throw new Error(`${where}: "source" must be a string or a list of strings`);
}

/** Splits a source into Jupyter's list-of-lines form (each line keeps its "\n" except the last). */
export function splitSource(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n").map((l) => l + "\n");
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, -1);
  return lines;
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/**
 * The canonical text of a notebook given its current text. Throws an Error
 * naming `name` and the problem when the text is not a notebook.
 */
export function canonicalize(text: string, name = "notebook"): string {
  let nb: { cells?: unknown; nbformat?: unknown };
  try {
    nb = JSON.parse(text) as typeof nb;
  } catch (e) {
    throw new Error(`${name}: not valid JSON (${(e as Error).message})`);
  }
  if (nb === null || typeof nb !== "object" || !Array.isArray(nb.cells)) {
    throw new Error(`${name}: not a notebook (no "cells" list)`);
  }
  if (nb.nbformat !== undefined && nb.nbformat !== 4) {
    throw new Error(`${name}: nbformat ${String(nb.nbformat)} is not supported (expected 4)`);
  }
  const seen = new Map<string, number>();
  const cells = (nb.cells as RawCell[]).map((cell, i) => {
    const where = `${name}: cell ${i + 1}`;
    const type = cell?.cell_type;
    if (type !== "markdown" && type !== "code" && type !== "raw") {
      throw new Error(`${where}: unknown cell_type ${JSON.stringify(type)} (expected markdown, code or raw)`);
    }
    const source = joinSource(cell.source ?? "", where)
      .replace(/\r\n/g, "\n")
      .replace(/\s+$/, "");
    const base = createHash("sha256").update(`${type}\n${source}`).digest("hex").slice(0, 8);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const metadata: { [k: string]: Json } = {};
    const tags = cell.metadata?.tags;
    if (Array.isArray(tags) && tags.length > 0) metadata.tags = tags.filter((t) => typeof t === "string");
    const out: { [k: string]: Json } = {
      cell_type: type,
      id: n === 1 ? base : `${base}-${n}`,
      metadata,
      source: splitSource(source),
    };
    if (type === "code") {
      out.execution_count = null;
      out.outputs = [];
    }
    return out;
  });
  const canonical: Json = {
    cells,
    metadata: { kernelspec: { ...KERNELSPEC }, language_info: JSON.parse(JSON.stringify(LANGUAGE_INFO)) as Json },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(sortKeys(canonical), null, 1) + "\n";
}

/** The longest code line a notebook may have, in characters (code points). */
export const MAX_CODE_LINE = 100;

/**
 * The code lines longer than {@link MAX_CODE_LINE}, each as
 * `name: cell 3, line 1 has 173 characters (at most 100): import { … `.
 */
export function longCodeLines(text: string, name = "notebook", max = MAX_CODE_LINE): string[] {
  const nb = JSON.parse(text) as { cells?: RawCell[] };
  const problems: string[] = [];
  (nb.cells ?? []).forEach((cell, i) => {
    if (cell?.cell_type !== "code") return;
    joinSource(cell.source ?? "", `${name}: cell ${i + 1}`)
      .split("\n")
      .forEach((line, j) => {
        const n = [...line].length;
        if (n > max) {
          const start = [...line.trim()].slice(0, 40).join("");
          problems.push(`${name}: cell ${i + 1}, line ${j + 1} has ${n} characters (at most ${max}): ${start}…`);
        }
      });
  });
  return problems;
}

/** Whether a notebook file is in canonical form. */
export function isCanonical(file: string): boolean {
  const text = fs.readFileSync(file, "utf8");
  return canonicalize(text, file) === text;
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  let files = argv.filter((a) => a !== "--check");
  if (files.length === 0) {
    const dir = path.resolve(__dirname, "..", "..", "notebooks");
    files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => path.join(dir, f));
  }
  const bad: string[] = [];
  const tooLong: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    let canon: string;
    try {
      canon = canonicalize(text, file);
    } catch (e) {
      console.error((e as Error).message);
      bad.push(file);
      continue;
    }
    const long = longCodeLines(text, path.relative(process.cwd(), file));
    for (const line of long) console.error(line);
    if (long.length > 0) tooLong.push(file);
    if (canon === text) continue;
    if (check) bad.push(file);
    else {
      fs.writeFileSync(file, canon);
      console.log(`canonicalized ${path.relative(process.cwd(), file)}`);
    }
  }
  if (check && bad.length > 0) {
    console.error(
      `not canonical: ${bad.map((f) => path.relative(process.cwd(), f)).join(", ")}\nrun: npm run notebooks:canonical`,
    );
    return 1;
  }
  if (tooLong.length > 0) {
    console.error(`code lines longer than ${MAX_CODE_LINE} characters in ${tooLong.length} notebook(s): break them`);
    return 1;
  }
  if (check) console.log(`notebooks: ${files.length} canonical`);
  return bad.length > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
