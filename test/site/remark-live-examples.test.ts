/**
 * The guide's complete programs become live cells: the remark plugin wraps each ```ts block that imports from
 * "tensorcalc" on a guide page (and only there) with its source as data, and inserts the live bar after the title.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isLiveGuidePage, liveExamples } from "../../scripts/site/remark-live-examples";

const page = () => ({
  type: "root",
  children: [
    { type: "heading", depth: 1, children: [{ type: "text", value: "Title" }] },
    { type: "paragraph", children: [{ type: "text", value: "text" }] },
    { type: "code", lang: "ts", value: 'import { derive } from "tensorcalc";\nconsole.log(derive("x", "x").shape);' },
    { type: "code", lang: "sh", value: "npm test" },
    { type: "code", lang: "ts", value: "const fragment = 1; // not a complete program" },
    { type: "code", lang: "ts", value: 'import { verify } from "tensorcalc";' },
  ],
});

test("guide pages' complete programs are wrapped as live cells, numbered in order, after a live bar", () => {
  const tree = liveExamples(page(), "/repo/docs/guide/along-an-axis.md");
  const kinds = tree.children!.map((c) => (c.type === "html" ? (c.value ?? "").slice(0, 30) : c.type));
  assert.deepEqual(kinds, [
    "heading",
    '<div class="nb-live-bar" data-',
    "paragraph",
    '<div class="nb-cell" data-cell',
    "code",
    "</div>",
    "code",
    "code",
    '<div class="nb-cell" data-cell',
    "code",
    "</div>",
  ]);
  const bar = tree.children![1].value ?? "";
  assert.match(bar, /data-notebook="guide\/along-an-axis" data-kind="examples"/);
  const second = tree.children![8].value ?? "";
  assert.match(second, /data-cell="2"/);
  const json = /data-live="([^"]*)"/
    .exec(second)![1]
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  assert.deepEqual(JSON.parse(json), { source: 'import { verify } from "tensorcalc";', published: [] });
});

test("other pages (notebooks, the API reference, the identities) are left alone", () => {
  for (const f of ["/repo/docs/notebooks/01-seed.md", "/repo/docs/api/index.md", "/repo/docs/identities.md"]) {
    assert.equal(isLiveGuidePage(f), false, f);
    const tree = liveExamples(page(), f);
    assert.equal(tree.children!.filter((c) => c.type === "html").length, 0, f);
  }
  assert.equal(isLiveGuidePage("C:\\repo\\docs\\getting-started.md"), true);
});
