/**
 * The site pipeline's decisions (scripts/site/build.ts): when executed
 * notebooks are fresh enough to publish, and the plain-text reading of math
 * used for sidebar labels, titles and heading anchors.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkNotebooks, generateNotebookPages } from "../../scripts/site/build";
import { hashDist, hashFile } from "../../scripts/notebooks/runner";
import { markdownToPlain, texToPlain } from "../../scripts/site/plain-tex";
import remarkMathHeadings, { headingPlainText } from "../../scripts/site/remark-math-headings";

const distBuilt = fs.existsSync(path.resolve(__dirname, "..", "..", "dist", "index.js"));

describe("checkNotebooks (is build/notebooks publishable?)", { skip: !distBuilt && "dist/ is not built" }, () => {
  function setup() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-site-fresh-"));
    const nbs = ["01-a", "02-b"].map((n) => {
      const f = path.join(dir, `${n}.ipynb`);
      fs.writeFileSync(f, JSON.stringify({ cells: [], name: n }));
      fs.writeFileSync(path.join(dir, `${n}.executed.ipynb`), "{}");
      return f;
    });
    const entry = (f: string) => ({
      name: path.basename(f, ".ipynb"),
      title: "t",
      source: f,
      executed: f.replace(/\.ipynb$/, ".executed.ipynb"),
      ok: true,
      seconds: 1,
      cells: 0,
      sourceHash: hashFile(f),
      distHash: hashDist(),
    });
    const manifest = path.join(dir, "manifest.json");
    const write = (entries: ReturnType<typeof entry>[]) =>
      fs.writeFileSync(manifest, JSON.stringify({ notebooks: entries }));
    return { dir, nbs, entry, manifest, write };
  }

  test("fresh when every notebook ran ok against the current source and dist", () => {
    const { nbs, entry, manifest, write } = setup();
    write(nbs.map(entry));
    const r = checkNotebooks(nbs, manifest);
    assert.deepEqual(r.problems, []);
    assert.equal(r.fresh, true);
    assert.deepEqual(
      r.entries.map((e) => e.name),
      ["01-a", "02-b"],
    );
  });

  test("stale when a notebook changed, failed, was never run, or its executed copy is gone", () => {
    const { nbs, entry, manifest, write } = setup();
    write(nbs.map(entry));
    fs.appendFileSync(nbs[1], " ");
    assert.deepEqual(checkNotebooks(nbs, manifest).problems, ["02-b: the notebook changed since it was executed"]);

    write([entry(nbs[0]), { ...entry(nbs[1]), ok: false }]);
    assert.deepEqual(checkNotebooks(nbs, manifest).problems, ["02-b: failed when last executed"]);

    write([entry(nbs[0])]);
    const r = checkNotebooks(nbs, manifest);
    assert.equal(r.fresh, false);
    assert.deepEqual(r.problems, ["02-b: no executed copy in the manifest"]);

    write([{ ...entry(nbs[0]), distHash: "0".repeat(64) }, entry(nbs[1])]);
    assert.deepEqual(checkNotebooks(nbs, manifest).problems, [
      "01-a: the library (dist/) changed since it was executed",
    ]);

    write(nbs.map(entry));
    fs.rmSync(nbs[0].replace(/\.ipynb$/, ".executed.ipynb"));
    assert.match(
      checkNotebooks(nbs, manifest).problems.join(),
      /^01-a: executed copy .*01-a\.executed\.ipynb is missing$/,
    );
  });

  test("stale when there is no manifest at all", () => {
    const { dir, nbs } = setup();
    const r = checkNotebooks(nbs, path.join(dir, "none.json"));
    assert.equal(r.fresh, false);
    assert.match(r.problems[0], /none\.json is missing \(the notebooks were never executed\)/);
  });
});

describe("generateNotebookPages", () => {
  test("writes a page per executed notebook, in order, and removes pages of notebooks that are gone", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "tc-site-pages-"));
    fs.writeFileSync(path.join(out, "09-gone.md"), "old");
    const fixture = path.join(__dirname, "fixtures", "executed.ipynb");
    const entry = (name: string) => ({
      name,
      title: "",
      source: `notebooks/${name}.ipynb`,
      executed: fixture,
      ok: true,
      seconds: 1,
      cells: 6,
      sourceHash: "",
      distHash: "",
    });
    const pages = generateNotebookPages([entry("01-a"), entry("02-b")], out);
    assert.deepEqual(fs.readdirSync(out).sort(), ["01-a.md", "02-b.md"]);
    assert.deepEqual(pages, [path.join(out, "01-a.md"), path.join(out, "02-b.md")]);
    const b = fs.readFileSync(path.join(out, "02-b.md"), "utf8");
    assert.match(b, /sidebar_position: 2/);
    assert.match(b, /Generated from <code>notebooks\/02-b\.ipynb<\/code>/);
    // Unchanged pages are not rewritten.
    const before = fs.statSync(path.join(out, "01-a.md")).mtimeMs;
    fs.utimesSync(path.join(out, "01-a.md"), new Date(0), new Date(0));
    generateNotebookPages([entry("01-a"), entry("02-b")], out);
    assert.equal(fs.statSync(path.join(out, "01-a.md")).mtimeMs, 0);
    assert.ok(before > 0);
  });

  test("a missing executed copy fails", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "tc-site-pages-"));
    assert.throws(
      () =>
        generateNotebookPages(
          [
            {
              name: "x",
              title: "",
              source: "notebooks/x.ipynb",
              executed: "/nonexistent/x.ipynb",
              ok: true,
              seconds: 0,
              cells: 0,
              sourceHash: "",
              distHash: "",
            },
          ],
          out,
        ),
      /site: executed notebook \/nonexistent\/x\.ipynb is missing/,
    );
  });
});

describe("plain-text reading of math", () => {
  test("symbols, fractions, transposes, subscripts", () => {
    assert.equal(texToPlain(String.raw`\partial Y/\partial B = A^T\alpha`), "∂Y/∂B = Aᵀα");
    assert.equal(texToPlain(String.raw`\alpha B^T:\beta`), "αBᵀ:β");
    assert.equal(texToPlain(String.raw`\frac{\partial Y}{\partial A_{ij}} = E_{ij}^T B`), "∂Y/∂A_ij = E_ijᵀ B");
    assert.equal(texToPlain(String.raw`(B^T \otimes I)K`), "(Bᵀ ⊗ I)K");
    assert.equal(texToPlain(String.raw`\operatorname{vec}(A^{-1})`), "vec(A⁻¹)");
    assert.equal(texToPlain(String.raw`\left(\frac{a}{b}\right)^{xy}`), "(a/b)^(xy)");
  });
  test("Markdown with math", () => {
    assert.equal(
      markdownToPlain("The derivative of $A^TB$, **checked** with `numbers`"),
      "The derivative of AᵀB, checked with numbers",
    );
  });
});

describe("remark plugin: math in headings", () => {
  test("renders heading math with KaTeX and gives the heading a readable id; leaves other math alone", () => {
    const heading = {
      type: "heading",
      depth: 2,
      children: [
        { type: "text", value: "Why " },
        { type: "inlineMath", value: String.raw`\partial Y/\partial A` },
      ],
    };
    const para = { type: "paragraph", children: [{ type: "inlineMath", value: "x" }] };
    const tree = { type: "root", children: [heading, para] };
    assert.equal(headingPlainText(heading), "Why ∂Y/∂A");
    remarkMathHeadings()(tree);
    const math = heading.children[1] as { type: string; value: string };
    assert.equal(math.type, "html");
    assert.match(math.value, /^<span class="katex">/);
    assert.ok(!math.value.includes("katex-error"));
    assert.equal((heading as { data?: { hProperties?: { id?: string } } }).data?.hProperties?.id, "why-∂y-∂a");
    assert.equal(para.children[0].type, "inlineMath");
  });
});
