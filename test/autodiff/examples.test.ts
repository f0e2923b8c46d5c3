/**
 * Runs every TSDoc `@example` in src/autodiff and checks each
 * `console.log(...); // expected` comment against what was printed
 * (whitespace-insensitive; a comment may continue after the value with an
 * explanation, so the printed line must be a prefix of the comment).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import ts from "typescript";
import * as lib from "../../src";

const DIR = join(__dirname, "..", "..", "src", "autodiff");

interface Example {
  file: string;
  line: number;
  code: string;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(join(DIR, file), "utf8");
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

const examples = readdirSync(DIR)
  .filter((f) => f.endsWith(".ts"))
  .flatMap(examplesOf);
const squash = (s: string): string => s.replace(/\s+/g, "").replace(/'/g, '"');

test("every public autodiff export is documented with an example", () => {
  const exported = Object.keys(lib).filter((k) =>
    [
      "jacobian",
      "grad",
      "hessian",
      "jvp",
      "vjp",
      "numericJacobian",
      "toVecJacobian",
      "fromVecJacobian",
      "toDenominatorLayout",
    ].includes(k),
  );
  assert.equal(exported.length, 9);
  for (const name of exported) {
    assert.ok(
      examples.some((ex) => new RegExp(`\\b${name}\\(`).test(ex.code)),
      `an example calls ${name}`,
    );
  }
});

for (const ex of examples) {
  test(`@example in autodiff/${ex.file}:${ex.line} prints what its comments say`, () => {
    const js = ts.transpileModule(ex.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(format(...args)) };
    const fakeRequire = (id: string): unknown => {
      assert.equal(id, "tensorcalc", "examples import from tensorcalc");
      return lib;
    };
    new Function("require", "console", "exports", js)(fakeRequire, fakeConsole, {});
    const expected = ex.code
      .split("\n")
      .map((l) => /^\s*console\.log\(.*\);\s*\/\/ (.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[1]);
    assert.ok(expected.length > 0, "the example states what it prints");
    assert.equal(printed.length, expected.length, `printed:\n${printed.join("\n")}`);
    printed.forEach((p, i) => {
      assert.ok(squash(expected[i]).startsWith(squash(p)), `line ${i}: printed "${p}", comment says "${expected[i]}"`);
    });
  });
}
