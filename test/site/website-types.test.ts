/**
 * The site's own TypeScript (config, sidebars, pages, components) type-checks
 * against Docusaurus' types and the library's sources (website/tsconfig.json;
 * the root tsconfig does not cover website/).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

test("website/ type-checks", () => {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "website", "tsconfig.json")], {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `tsc -p website/tsconfig.json reported:\n${r.stdout}${r.stderr}`);
});
