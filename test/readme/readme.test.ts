import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the README has TypeScript examples", () => {
  assert.ok(blocks.length >= 1);
});

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs without throwing`, () => {
    const src = code.replace(/from "tensorcalc"/g, `from ${JSON.stringify(path.join(root, "src"))}`);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "tc-readme-")), "example.ts");
    writeFileSync(file, src);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, `example ${i + 1} failed:\n${code}\n${r.stderr}`);
  });
});
