/**
 * The committed pictures (docs/img/diagrams/*.svg, shown on the guide page and in the README)
 * are what the code draws now: `npm run diagrams` rewrites them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PICTURES, pictureSvg } from "../../scripts/diagram-pictures";

const DIR = join(__dirname, "..", "..", "docs", "img", "diagrams");

for (const p of PICTURES) {
  test(`docs/img/diagrams/${p.file} is what the code draws now (else run npm run diagrams)`, () => {
    const file = join(DIR, p.file);
    assert.ok(existsSync(file), `${file} is missing: run npm run diagrams`);
    assert.equal(readFileSync(file, "utf8"), pictureSvg(p), `${p.file} is stale: run npm run diagrams`);
  });
}

test("every committed picture is in the list, and the guide page and the README show them", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".svg"));
  assert.deepEqual(files.sort(), PICTURES.map((p) => p.file).sort());
  const guide = readFileSync(join(__dirname, "..", "..", "docs", "guide", "diagrams.md"), "utf8");
  for (const p of PICTURES) assert.ok(guide.includes(`../img/diagrams/${p.file}`), `the guide does not show ${p.file}`);
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  assert.match(readme, /!\[[^\]]*\]\(docs\/img\/diagrams\/seed\.svg\)/);
  assert.match(readme, /tensorcalc derive "A' \* B" --wrt A --diagram/);
});
