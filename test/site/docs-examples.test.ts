/**
 * Every TypeScript example on the hand-written pages (docs/*.md,
 * docs/guide/*.md) and on the landing page runs against the library's
 * sources without throwing (their assertions, e.g. `assertClose`, are checked).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

function handWrittenPages(): string[] {
  const docs = path.join(root, "docs");
  const top = fs.readdirSync(docs).filter((f) => f.endsWith(".md") && f !== "identities.md");
  const guide = fs.readdirSync(path.join(docs, "guide")).filter((f) => f.endsWith(".md"));
  return [...top.map((f) => path.join(docs, f)), ...guide.map((f) => path.join(docs, "guide", f))];
}

/** The ```ts blocks of a Markdown page. */
export function tsBlocks(md: string): string[] {
  return [...md.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

function landingSnippets(): string[] {
  const src = fs.readFileSync(path.join(root, "website", "src", "pages", "index.tsx"), "utf8");
  return [...src.matchAll(/<code>\{`([\s\S]*?)`\}<\/code>/g)].map((m) => m[1]);
}

function run(code: string, label: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-doc-example-"));
  const file = path.join(dir, "example.ts");
  const entry = JSON.stringify(path.join(root, "src", "index.ts"));
  fs.writeFileSync(file, code.replace(/from "tensorcalc"/g, `from ${entry}`));
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", timeout: 60_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, `${label} failed:\n${code}\n--- stderr ---\n${r.stderr}`);
}

const examples: [string, string][] = [
  ...handWrittenPages().flatMap((f) =>
    tsBlocks(fs.readFileSync(f, "utf8")).map((code, i): [string, string] => [
      `${path.relative(root, f)} example ${i + 1}`,
      code,
    ]),
  ),
  ...landingSnippets().map((code, i): [string, string] => [`landing page example ${i + 1}`, code]),
];

test("the pages have examples to check", () => {
  assert.ok(examples.length >= 2, `only ${examples.length} examples found`);
  assert.ok(examples.some(([l]) => l.startsWith("landing")));
});

for (const [label, code] of examples) {
  test(`${label} runs`, () => run(code, label));
}
