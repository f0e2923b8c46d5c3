// Docusaurus ends its build with "Use `npm run serve` to test your build locally": that script exists and
// serves the built site exactly as `npm run site:serve` does.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

test("npm run serve is npm run site:serve", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  assert.equal(typeof pkg.scripts.serve, "string");
  assert.equal(pkg.scripts.serve, pkg.scripts["site:serve"]);
  assert.match(pkg.scripts.serve, /docusaurus\.mjs serve website /);
});
