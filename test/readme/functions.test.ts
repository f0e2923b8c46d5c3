/**
 * The written documentation keeps up with the code: every function name the parser reads
 * (from the syntax help, built from the registry of symbolic ops) is listed in the README's
 * section on the symbolic engine, and every `src/…` path named in CONTRIBUTING.md and in the
 * Architecture guide page exists.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { syntaxEntries } from "../../src";

const root = path.resolve(__dirname, "../..");
const read = (file: string): string => readFileSync(path.join(root, file), "utf8");

/** The text of a `## ` section (up to the next `## ` heading), or undefined. */
export function section(md: string, heading: string): string | undefined {
  const lines = md.split("\n");
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** The names in `names` that `text` does not mention as inline code (`name`). */
export function unlisted(text: string, names: readonly string[]): string[] {
  return names.filter((n) => !text.includes("`" + n + "`"));
}

/** The `src/…` paths a Markdown text names (trailing punctuation and `…` placeholders dropped). */
export function srcPaths(md: string): string[] {
  const found = new Set<string>();
  for (const m of md.matchAll(/(?<![\w/.])src\/[\w./-]*/g)) {
    const p = m[0].replace(/[.,:;]+$/, "");
    if (p === "src/" || p.endsWith("…")) continue;
    found.add(p);
  }
  return [...found];
}

/** The paths (relative to the root) that do not exist. */
export function missingPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => !existsSync(path.join(root, p)));
}

const functions = [...new Set(syntaxEntries().flatMap((e) => e.functions))];

test("the syntax help names the functions the parser reads", () => {
  for (const f of ["tr", "trace", "diag", "outer", "recip", "sqrt", "sin", "cos", "tanh"])
    assert.ok(functions.includes(f), `${f} is not in syntaxEntries()`);
});

test("every function name of the syntax help is listed in the README's symbolic-engine section", () => {
  const s = section(read("README.md"), "The symbolic engine");
  assert.ok(s !== undefined, 'README.md has no "## The symbolic engine" section');
  assert.deepEqual(unlisted(s, functions), [], "functions missing from the README (write them as `name`)");
});

test("the check fails for a function the README does not list", () => {
  const s = section(read("README.md"), "The symbolic engine") ?? "";
  const without = s.replaceAll("`diag`", "diag");
  assert.ok(unlisted(without, functions).includes("diag"), "a function written without backticks counts as missing");
  assert.deepEqual(unlisted(s, ["nosuchfunction"]), ["nosuchfunction"]);
});

for (const file of ["CONTRIBUTING.md", "docs/guide/architecture.md"]) {
  test(`${file} exists and every src/… path it names exists`, () => {
    assert.ok(existsSync(path.join(root, file)), `${file} is missing`);
    const paths = srcPaths(read(file));
    assert.ok(paths.length >= 10, `${file} names only ${paths.length} src/ paths`);
    assert.deepEqual(missingPaths(paths), [], `${file} names paths that do not exist`);
  });
}

test("the path check finds paths and reports missing ones", () => {
  const md = "See `src/registry.ts`, src/symbolic/ops/ and src/nowhere.ts. The `src/…` paths; `test/src/x.ts`.";
  assert.deepEqual(srcPaths(md), ["src/registry.ts", "src/symbolic/ops/", "src/nowhere.ts"]);
  assert.deepEqual(missingPaths(srcPaths(md)), ["src/nowhere.ts"]);
});
