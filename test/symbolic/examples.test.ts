/**
 * Runs every TSDoc `@example` of the symbolic engine (src/symbolic) and checks
 * `console.log(...); // expected` comments against
 * what was printed (whitespace-insensitive). Keeps the documented examples true.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import ts from "typescript";
import * as lib from "../../src";

const SRC = join(__dirname, "..", "..", "src");
const AREAS = ["symbolic"];

interface Example {
  file: string;
  line: number;
  code: string;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(file, "utf8");
  const out: Example[] = [];
  let at = text.indexOf("@example");
  while (at >= 0) {
    const end = text.indexOf("*/", at);
    const body = text
      .slice(at, end)
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join("\n");
    const code = /```ts\n([\s\S]*?)```/.exec(body);
    if (code) out.push({ file, line: text.slice(0, at).split("\n").length, code: code[1] });
    at = text.indexOf("@example", end);
  }
  return out;
}

const examples = AREAS.flatMap((area) =>
  readdirSync(join(SRC, area))
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => examplesOf(join(SRC, area, f))),
);

/** Split `console.log(...); // expected` lines; returns the expectations in order. */
function expectations(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    const m = /^\s*console\.log\(.*\);\s*\/\/ (.*)$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, "").replace(/'/g, '"');

test("the symbolic modules have examples", () => {
  assert.ok(examples.length >= 25, `found ${examples.length}`);
});

for (const ex of examples) {
  const where = `${ex.file.slice(SRC.length + 1)}:${ex.line}`;
  test(`@example in ${where} runs and prints what its comments say`, () => {
    const js = ts.transpileModule(ex.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(format(...args)) };
    const fakeRequire = (id: string) => {
      assert.equal(id, "tensorcalc", `${where}: examples import from "tensorcalc"`);
      return lib;
    };
    new Function("require", "console", "exports", js)(fakeRequire, fakeConsole, {});
    const expected = expectations(ex.code);
    // Only lines with a trailing comment are checked; they are printed in order, so
    // match each expectation against the printed lines in sequence.
    let k = 0;
    for (const e of expected) {
      const want = squash(e.replace(/\s+\(.*\)\s*$/, "").replace(/\s+=\s+.*$/, ""));
      while (k < printed.length && squash(printed[k]) !== want) k++;
      assert.ok(k < printed.length, `${where}: expected output "${e}" not found in:\n${printed.join("\n")}`);
      k++;
    }
  });
}
