/**
 * Runs every TSDoc `@example` in src/products and src/einsum and checks
 * `console.log(...); // expected` comments against what was printed
 * (whitespace-insensitive; a trailing "(...)" note in the comment is ignored).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import ts from "typescript";
import * as lib from "../../src";

const SRC = join(__dirname, "..", "..", "src");

function examplesOf(file: string): { line: number; code: string }[] {
  const text = readFileSync(file, "utf8");
  const out: { line: number; code: string }[] = [];
  for (let at = text.indexOf("@example"); at >= 0; at = text.indexOf("@example", at + 1)) {
    const end = text.indexOf("*/", at);
    const body = text
      .slice(at, end)
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join("\n");
    const code = /```ts\n([\s\S]*?)```/.exec(body);
    if (code) out.push({ line: text.slice(0, at).split("\n").length, code: code[1] });
  }
  return out;
}

const squash = (s: string): string => s.replace(/\s+/g, "").replace(/'/g, '"');
const files = ["products", "einsum"].flatMap((area) =>
  readdirSync(join(SRC, area))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(area, f)),
);
const examples = files.flatMap((f) => examplesOf(join(SRC, f)).map((e) => ({ ...e, where: `${f}:${e.line}` })));

test("every public product and einsum has an example", () => {
  const documented = new Set(examples.map((e) => e.where.split(":")[0]));
  for (const f of ["matmul", "dot", "ddot", "outer", "kron"]) assert.ok(documented.has(join("products", `${f}.ts`)), f);
  assert.ok(documented.has(join("einsum", "einsum.ts")), "einsum");
  assert.ok(documented.has(join("einsum", "einsumPath.ts")), "einsumPath");
});

for (const ex of examples) {
  test(`@example in ${ex.where} runs and prints what its comments say`, () => {
    const js = ts.transpileModule(ex.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(format(...args)) };
    const fakeRequire = (id: string): unknown => {
      assert.equal(id, "tensorcalc", `${ex.where}: examples import from "tensorcalc"`);
      return lib;
    };
    new Function("require", "console", "exports", js)(fakeRequire, fakeConsole, {});
    let k = 0;
    for (const line of ex.code.split("\n")) {
      const m = /^\s*console\.log\(.*\);\s*\/\/ (.*)$/.exec(line);
      if (!m) continue;
      const want = squash(m[1].replace(/\s+\(.*\)\s*$/, ""));
      while (k < printed.length && squash(printed[k]) !== want) k++;
      assert.ok(k < printed.length, `${ex.where}: expected output "${m[1]}" not found in:\n${printed.join("\n")}`);
      k++;
    }
  });
}
