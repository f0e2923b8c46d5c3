/**
 * Shared machinery of the `examples.test.ts` files: find every TSDoc `@example`
 * (its first ```ts block) in the source files, run it against the library with a
 * fake `require("tensorcalc")` and `console`, and compare what it printed with its
 * `console.log(...); // expected` comments (whitespace-insensitive).
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import ts from "typescript";
import * as lib from "../../src";

/** The library's source directory. */
export const SRC = join(__dirname, "..", "..", "src");

export interface Example {
  /** The source file's path relative to src/ (e.g. "ops/arith.ts"). */
  file: string;
  /** Line of the `@example` tag. */
  line: number;
  /** The example's code (the first ```ts block after the tag, without the comment stars). */
  code: string;
}

/** The `@example`s of one source file; `file` is relative to src/. */
export function examplesOf(file: string): Example[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const out: Example[] = [];
  for (let at = text.indexOf("@example"); at >= 0; at = text.indexOf("@example", at + 1)) {
    const body = text
      .slice(at, text.indexOf("*/", at))
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join("\n");
    const code = /```ts\n([\s\S]*?)```/.exec(body);
    if (code) out.push({ file, line: text.slice(0, at).split("\n").length, code: code[1] });
  }
  return out;
}

/** The `@example`s of every .ts file directly in src/<area> for each area, in order. */
export function examplesIn(areas: string[]): Example[] {
  return areas.flatMap((area) =>
    readdirSync(join(SRC, area))
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => examplesOf(join(area, f))),
  );
}

/** The `@example`s of every .ts file under src/<area> (subfolders included) for each area, in order. */
export function examplesUnder(areas: string[]): Example[] {
  return areas.flatMap((area) =>
    readdirSync(join(SRC, area), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .flatMap((f) => examplesOf(join(area, f))),
  );
}

/** Transpiles and runs an example (it must import only from "tensorcalc"); returns the printed lines. */
export function runExample(code: string, where: string): string[] {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const printed: string[] = [];
  const fakeConsole = { log: (...args: unknown[]) => printed.push(format(...args)) };
  const fakeRequire = (id: string): unknown => {
    assert.equal(id, "tensorcalc", `${where}: examples import from "tensorcalc"`);
    return lib;
  };
  new Function("require", "console", "exports", js)(fakeRequire, fakeConsole, {});
  return printed;
}

/** The comments of the `console.log(...); // expected` lines, in order. */
export function expectations(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    const m = /^\s*console\.log\(.*\);\s*\/\/ (.*)$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

/** Drops whitespace and reads single quotes as double quotes. */
export const squash = (s: string): string => s.replace(/\s+/g, "").replace(/'/g, '"');

/** Drops a trailing " (note)" from an expectation. */
export const dropNote = (e: string): string => e.replace(/\s+\(.*\)\s*$/, "");

/** Drops a trailing " (note)" and then a trailing " = ..." from an expectation. */
export const dropNoteAndEquation = (e: string): string => dropNote(e).replace(/\s+=\s+.*$/, "");

/**
 * Loose check: the printed lines contain, in order, a line equal (squashed) to each
 * expectation after `clean`; printed lines without a comment are skipped.
 */
export function assertPrintedInOrder(
  printed: string[],
  expected: string[],
  where: string,
  clean: (e: string) => string,
): void {
  let k = 0;
  for (const e of expected) {
    const want = squash(clean(e));
    while (k < printed.length && squash(printed[k]) !== want) k++;
    assert.ok(k < printed.length, `${where}: expected output "${e}" not found in:\n${printed.join("\n")}`);
    k++;
  }
}

/**
 * Strict check: there is at least one expectation, one printed line per expectation,
 * and each printed line (squashed) is a prefix of its comment (which may go on with
 * an explanation).
 */
export function assertPrintedLineByLine(printed: string[], expected: string[]): void {
  assert.ok(expected.length > 0, "the example states what it prints");
  assert.equal(printed.length, expected.length, `printed:\n${printed.join("\n")}`);
  printed.forEach((p, i) => {
    assert.ok(squash(expected[i]).startsWith(squash(p)), `line ${i}: printed "${p}", comment says "${expected[i]}"`);
  });
}
