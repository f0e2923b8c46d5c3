/**
 * The notebook → Markdown page generator (scripts/site/notebooks-to-md.ts),
 * on a small executed notebook fixture that has every kind of output, and the
 * rendering of the generated page through the site's Markdown pipeline
 * (CommonMark + remark-math + rehype-raw + rehype-katex).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  fence,
  htmlBlock,
  latexBlock,
  notebookTitle,
  notebookToMarkdown,
  NotebookPageError,
  rewriteNotebookLinks,
  type Notebook,
} from "../../scripts/site/notebooks-to-md";
import { fromNotebookOutputs, type CellData } from "../../website/src/live/model";

const fixture = path.join(__dirname, "fixtures", "executed.ipynb");
const load = (): Notebook => JSON.parse(fs.readFileSync(fixture, "utf8")) as Notebook;
const page = () =>
  notebookToMarkdown(load(), { name: "01-fixture", source: "notebooks/01-fixture.ipynb", position: 2 });

/** Renders Markdown the way the site does (format "md"), to HTML. */
async function render(md: string): Promise<string> {
  const { unified } = await import("unified");
  const remarkParse = (await import("remark-parse")).default;
  const remarkMath = (await import("remark-math")).default;
  const remarkRehype = (await import("remark-rehype")).default;
  const rehypeRaw = (await import("rehype-raw")).default;
  const rehypeKatex = (await import("rehype-katex")).default;
  const body = md.replace(/^---\n[\s\S]*?\n---\n/, "");
  const processor = unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeKatex, { throwOnError: false, strict: false });
  const tree = await processor.run(processor.parse(body));
  return toHtml(tree as HastNode);
}

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** A minimal hast serialiser (enough to inspect classes, text and comments). */
function toHtml(n: HastNode): string {
  const kids = () => (n.children ?? []).map(toHtml).join("");
  if (n.type === "text") return (n.value ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (n.type === "comment") return `<!--${n.value ?? ""}-->`;
  if (n.type === "raw") return n.value ?? "";
  if (n.type !== "element") return kids();
  const attrs = Object.entries(n.properties ?? {})
    .map(([k, v]) => {
      const name =
        k === "className" ? "class" : k.replace(/^data([A-Z])/, (_m, c: string) => `data-${c.toLowerCase()}`);
      const value = (Array.isArray(v) ? v.join(" ") : String(v))
        .replace(/&/g, "&amp;")
        .replace(/"/g, "&quot;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;");
      return ` ${name}="${value}"`;
    })
    .join("");
  return `<${n.tagName}${attrs}>${kids()}</${n.tagName}>`;
}

describe("notebookToMarkdown", () => {
  test("front matter: plain-text title and sidebar label, position, description", () => {
    const md = page();
    const front = md.split("\n---\n")[0];
    assert.match(front, /^---\ntitle: "Fixture: Y = AᵀB and its outputs"$/m);
    assert.match(front, /description: "Notebook 01-fixture: Fixture: Y = AᵀB and its outputs"/);
    assert.match(front, /sidebar_label: "Fixture: Y = AᵀB and its outputs"/);
    assert.match(front, /sidebar_position: 2/);
    assert.match(front, /custom_edit_url: null/);
  });

  test("Markdown cells are kept (math untouched), links to notebooks point at their pages", () => {
    const md = page();
    assert.ok(md.includes("# Fixture: $Y = A^TB$ and its outputs"));
    assert.ok(md.includes("$\\alpha_{ijk\\ell} = \\delta_{ik}\\delta_{j\\ell}$ with braces {like this} and a < sign."));
    assert.ok(md.includes("\\begin{aligned} Y &= A^T\\alpha:B \\\\ &= \\alpha B^T:\\beta:A \\end{aligned}"));
    assert.ok(md.includes("[the next notebook](./02-next.md#top)"));
    assert.ok(md.includes("Generated from <code>notebooks/01-fixture.ipynb</code> (tslab kernel)"));
  });

  test("code cells become ts blocks; empty code cells are dropped", () => {
    const md = page();
    assert.ok(md.includes('```ts\nconst x = 1;\nconsole.log(`a ${x}`);\nconsole.error("careful");\n```'));
    assert.ok(md.includes("```ts\nshow(J)\n```"));
    assert.ok(md.includes("```ts\nconst quiet = 3;\n```"));
    assert.equal((md.match(/^```ts$/gm) ?? []).length, 3);
  });

  test("consecutive stream chunks merge; stderr is separate and loses ANSI colours", () => {
    const md = page();
    assert.ok(
      md.includes(
        '<div class="nb-output nb-output-stream">\n\n```text\na 1\nsecond line <b>not bold</b>\n```\n\n</div>',
      ),
    );
    assert.ok(md.includes('<div class="nb-output nb-output-stderr">\n\n```text\ncareful\n```\n\n</div>'));
  });

  test("rich outputs: LaTeX as display math, HTML raw without blank lines, Markdown, images, text", () => {
    const md = page();
    assert.ok(md.includes("$$\nJ = \\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}\n$$"));
    assert.ok(
      md.includes('<table class="fixture-table">\n<tr><td>1</td></tr>\n<!---->\n    <tr><td>2</td></tr>\n</table>'),
    );
    assert.ok(md.includes("**bold** and $x^2$"));
    assert.match(md, /<img alt="output" src="data:image\/png;base64,iVBOR[^"]+" \/>/);
    // A backtick run inside the output gets a longer fence.
    assert.ok(md.includes("````text\nTensor[2, 2] ```fenced``` [[1,2],[3,4]]\n````"));
    assert.equal((md.match(/<div class="nb-output/g) ?? []).length, 7);
  });

  test("the page renders through the site's Markdown pipeline: math by KaTeX, outputs inside their blocks", async () => {
    const html = await render(page());
    assert.ok(!html.includes("katex-error"), "a KaTeX error in the rendered page");
    // inline + display math of the Markdown cells, the LaTeX output, the Markdown output, the heading
    assert.ok((html.match(/class="katex"/g) ?? []).length >= 5);
    const shown = html.replace(/<code[\s\S]*?<\/code>/g, "").replace(/ data-live="[^"]*"/g, "");
    assert.ok(!/\$\$/.test(shown), "unrendered $$ in the page");
    assert.equal((html.match(/<div class="nb-output/g) ?? []).length, 7);
    // The HTML output stays one table (the blank line did not end the HTML block).
    assert.match(
      html,
      /<table class="fixture-table">(?:(?!<\/table>)[\s\S])*<td>1<\/td>(?:(?!<\/table>)[\s\S])*<td>2<\/td>/,
    );
    // Stream text is escaped, not interpreted.
    assert.ok(
      html.includes("second line &#x3C;b>not bold&#x3C;/b>") ||
        html.includes("second line &lt;b&gt;not bold&lt;/b&gt;"),
    );
    assert.ok(html.includes("<strong>bold</strong>"));
  });

  test("each code cell is wrapped with its source and published outputs as data, for the live notebook", async () => {
    const nb = load();
    const html = await render(page());
    const cells = [...html.matchAll(/<div class="nb-cell" data-cell="(\d+)" data-live="([^"]*)">/g)];
    const code = nb.cells.filter((c) => c.cell_type === "code" && [c.source].flat().join("").trim() !== "");
    assert.equal(cells.length, code.length);
    assert.deepEqual(
      cells.map((m) => Number(m[1])),
      code.map((_, i) => i + 1),
    );
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&#x26;|&amp;/g, "&");
    const data = cells.map((m) => JSON.parse(unescape(m[2])) as CellData);
    assert.deepEqual(
      data.map((d) => d.source),
      code.map((c) => [c.source].flat().join("")),
    );
    assert.deepEqual(
      data.map((d) => d.published),
      code.map((c) => fromNotebookOutputs(c.outputs ?? [])),
    );
    // The streams of the fixture merged, as the page shows them.
    assert.ok(
      data.some((d) => d.published.some((o) => o.kind === "stream" && o.text === "a 1\nsecond line <b>not bold</b>\n")),
    );
    // The outputs sit inside their cell, and the page has the live bar.
    assert.match(html, /<div class="nb-cell"[^>]*>\s*<pre>[\s\S]*?<\/pre>\s*<div class="nb-output/);
    assert.match(html, /<div class="nb-live-bar" data-notebook="01-fixture" data-kind="notebook"><\/div>/);
  });

  test("a notebook with an error output is refused, naming the notebook and cell", () => {
    const nb = load();
    nb.cells[1].outputs = [
      { output_type: "error", ename: "ShapeError", evalue: "matmul: [2, 3] · [2, 3]", traceback: [] },
    ];
    assert.throws(
      () => notebookToMarkdown(nb, { name: "x", source: "notebooks/x.ipynb" }),
      (e: Error) =>
        e instanceof NotebookPageError &&
        /notebooks\/x\.ipynb cell 2 has an error output \(ShapeError: matmul: \[2, 3\] · \[2, 3\]\)/.test(e.message),
    );
  });

  test("a code cell that never ran is refused", () => {
    const nb = load();
    nb.cells[3].execution_count = null;
    assert.throws(
      () => notebookToMarkdown(nb, { name: "x", source: "notebooks/x.ipynb" }),
      /notebooks\/x\.ipynb cell 4 was never executed: run the notebooks first/,
    );
  });

  test("something that is not a notebook is refused", () => {
    assert.throws(
      () => notebookToMarkdown({} as Notebook, { name: "x", source: "x.ipynb" }),
      /x\.ipynb: not a notebook/,
    );
  });

  test("a notebook without a heading gets one from the title", () => {
    const md = notebookToMarkdown(
      { cells: [{ cell_type: "markdown", source: "Just text." }] },
      { name: "n", source: "n.ipynb", title: "My $x$ page" },
    );
    assert.match(md, /title: "My x page"/);
    assert.ok(md.includes('# My $x$ page\n\n<p class="nb-meta">'));
  });
});

describe("helpers", () => {
  test("notebookTitle finds the first level-1 heading", () => {
    assert.equal(
      notebookTitle({ cells: [{ cell_type: "markdown", source: "intro\n# The title\n## sub" }] }),
      "The title",
    );
    assert.equal(notebookTitle({ cells: [{ cell_type: "code", source: "# not markdown" }] }), undefined);
  });
  test("fence is longer than any backtick run", () => {
    assert.equal(fence("a"), "```\na\n```");
    assert.equal(fence("x ```` y", "ts"), "`````ts\nx ```` y\n`````");
  });
  test("htmlBlock keeps every line and removes blank ones", () => {
    assert.equal(htmlBlock("<div>\n\n  \n<p>x</p>\n</div>\n\n"), "<div>\n<!---->\n<!---->\n<p>x</p>\n</div>");
  });
  test("latexBlock normalises the delimiters to display math", () => {
    for (const t of ["$$x^2$$", "$x^2$", "\\[x^2\\]", "x^2", "  $$ x^2 $$\n"])
      assert.equal(latexBlock(t), "$$\nx^2\n$$");
  });
  test("rewriteNotebookLinks leaves other links alone", () => {
    assert.equal(
      rewriteNotebookLinks("[a](05-vec.ipynb) [b](https://x.org/y.ipynb) [c](./06-c.ipynb#k)"),
      "[a](./05-vec.md) [b](https://x.org/y.ipynb) [c](./06-c.md#k)",
    );
  });
});
