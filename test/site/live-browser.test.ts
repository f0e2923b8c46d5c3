/**
 * The live notebooks in Chromium (run after `npm run site:build`): on two notebook pages a reader edits a cell
 * (another shape), runs it and gets the new numbers; a throwing cell shows its error with the line; an endless
 * loop is ended by the time limit while the page stays responsive; "Link" carries the edits through the URL;
 * the calculator's "Open as notebook" opens live cells. The static page loads nothing of the runtime until Run;
 * the runtime is fetched once (its size and the time from Run to the first output are printed). No console
 * error anywhere. Screenshots at 1280 and 390 px go to build/screenshots/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { serveStatic, type StaticServer } from "./static-server";
import { randint, tensorToLatex } from "../../src";
import { TIME_LIMIT_MS } from "../../website/src/live/page/controller-constants";

const root = path.resolve(__dirname, "..", "..");
const buildDir = path.join(root, "website", "build");
const screenshots = path.join(root, "build", "screenshots");
const page04 = "/docs/notebooks/04-fourth-order-gradients";
const page01 = "/docs/notebooks/01-question-and-conventions";

describe("live notebooks in a browser", { timeout: 300_000 }, () => {
  let server: StaticServer;
  let context: BrowserContext;
  let profile: string;
  /** Every console error, page error and failed request of every page. */
  const problems: string[] = [];
  /** Requests for the runtime script. */
  const runtimeRequests: string[] = [];
  let runtimeBytes = 0;

  before(async () => {
    if (!fs.existsSync(path.join(buildDir, "sitemap.xml")))
      throw new Error("website/build is missing: build the site first (npm run site:build)");
    server = await serveStatic(buildDir);
    ({ context, profile } = await launchChromium("tc-live-chromium-"));
    fs.mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  async function open(urlPath: string, width = 1280): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on("console", (m) => m.type() === "error" && problems.push(`${urlPath}: console error: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`${urlPath}: page error: ${e.message}`));
    // a request cancelled by a navigation or a closing tab (a link prefetch) is not a failure: a missing file
    // answers 404, caught below
    page.on("requestfailed", (r) => {
      if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`${urlPath}: request failed: ${r.url()}`);
    });
    page.on("response", async (r) => {
      if (r.status() >= 400) problems.push(`${urlPath}: HTTP ${r.status()} for ${r.url()}`);
      if (/\/live\/tensorcalc-live\.[0-9a-f]+\.js$/.test(r.url())) {
        runtimeRequests.push(r.url());
        runtimeBytes = (await r.body()).length;
      }
    });
    await page.goto(server.url + urlPath, { waitUntil: "networkidle" });
    return page;
  }

  const cell = (page: Page, n: number) => page.locator(`.nb-cell[data-cell="${n}"]`);

  /** Opens cell n's editor and replaces its text. */
  async function setSource(page: Page, n: number, source: string): Promise<void> {
    if ((await cell(page, n).locator(".cm-editor").count()) === 0)
      await cell(page, n).locator('[data-live-action="edit"]').click();
    const content = cell(page, n).locator(".cm-content");
    await content.waitFor({ state: "visible", timeout: 15_000 });
    await content.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await page.keyboard.insertText(source);
    // The editor draws its lines on the next frame.
    for (let i = 0; i < 50 && (await editorText(page, n)) !== source; i++) await page.waitForTimeout(20);
    assert.equal(await editorText(page, n), source);
  }

  async function editorText(page: Page, n: number): Promise<string> {
    return (await cell(page, n).locator(".cm-line").allTextContents()).join("\n");
  }

  const status = (page: Page, n: number) => cell(page, n).locator(".nb-live-cell-status");

  async function waitDone(page: Page, n: number, timeout = 30_000): Promise<string> {
    await status(page, n)
      .filter({ hasText: /ran in|failed|stopped/ })
      .waitFor({ timeout });
    return status(page, n).innerText();
  }

  /** The TeX sources of a cell's live KaTeX outputs. */
  const liveTex = (page: Page, n: number) =>
    cell(page, n).locator(".nb-live-outputs annotation[encoding='application/x-tex']").allTextContents();

  const source04 = (): string => {
    const raw = fs.readFileSync(path.join(buildDir, page04.slice(1), "index.html"), "utf8");
    const m = /class="nb-cell" data-cell="1" data-live="([^"]*)"/.exec(raw);
    assert.ok(m, "notebook 04 has no live cell 1");
    const json = m[1]
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
    return (JSON.parse(json) as { source: string }).source;
  };

  test("the favicon.ico that browsers ask for is served", async () => {
    const res = await fetch(server.url + "/favicon.ico");
    assert.equal(res.status, 200);
    assert.ok((await res.arrayBuffer()).byteLength > 100);
  });

  test("notebook 4: the static page loads nothing of the runtime; a shape edited in cell 1 gives the new numbers", async () => {
    const page = await open(page04);
    try {
      assert.equal(runtimeRequests.length, 0, "the runtime was fetched before Run");
      assert.equal(await page.locator(".cm-editor").count(), 0, "an editor before Edit");
      // the buttons are added by the client module once the page has hydrated (later on a loaded machine)
      await page.locator(".nb-cell [data-live-action='run']").first().waitFor({ timeout: 15_000 });
      const cells = await page.locator(".nb-cell [data-live-action='run']").count();
      assert.ok(cells >= 10, `only ${cells} Run buttons`);
      const original = source04();
      assert.match(original, /const p = 3,/);
      await setSource(page, 1, original.replace("const p = 3,", "const p = 5,"));
      const started = Date.now();
      await cell(page, 1).locator('[data-live-action="run"]').click();
      await cell(page, 1).locator(".nb-live-outputs .nb-live-output").first().waitFor({ timeout: 30_000 });
      const firstOutputMs = Date.now() - started;
      assert.match(await waitDone(page, 1), /ran in/);
      assert.equal(runtimeRequests.length, 1);
      console.log(
        `live runtime: ${(runtimeBytes / 1024).toFixed(0)} KB (minified, uncompressed); Run → first output ${firstOutputMs} ms (first Run: fetch, start, compile, run)`,
      );
      // A is now 5×2, seeded as in the notebook: the numbers are the library's.
      const tex = await liveTex(page, 1);
      assert.equal(tex[0], `A = ${tensorToLatex(randint([5, 2], { seed: 21 }))}`);
      assert.equal(tex[1].split("\\\\").length, 5, `B should have 5 rows: ${tex[1]}`);
      assert.match(await cell(page, 1).locator(".nb-live-compare").innerText(), /differs from the published one/);
      // The published output is hidden, and shown again on request.
      assert.equal(await cell(page, 1).locator(":scope > .nb-output").first().isVisible(), false);
      await cell(page, 1).locator(".nb-live-compare button").click();
      assert.equal(await cell(page, 1).locator(":scope > .nb-output").first().isVisible(), true);
      // Cell 2 uses p from cell 1 (one scope): ∂Y/∂B = Aᵀα now has shape [2, 4, 5, 4].
      const t2 = Date.now();
      await cell(page, 2).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 2), /ran in/);
      console.log(`live runtime: a second Run → done in ${Date.now() - t2} ms`);
      assert.match(await cell(page, 2).locator(".nb-live-outputs pre").first().innerText(), /has shape \[2, 4, 5, 4\]/);
      await page.screenshot({ path: path.join(screenshots, "live-notebook-1280.png") });

      // A cell that throws: the library's ShapeError with its message and the cell line.
      await setSource(page, 3, "const bad = matmul(A, A); // 5×2 times 5×2\nconsole.log(bad.shape);");
      await cell(page, 3).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 3), /failed: ShapeError/);
      const err = cell(page, 3).locator(".nb-live-error");
      assert.equal(await err.locator(".nb-live-error-name").innerText(), "ShapeError");
      assert.match(await err.locator(".nb-live-error-message").innerText(), /\[5, 2\]/);
      assert.match(await err.locator(".nb-live-error-where").innerText(), /cell 3, line 1, column/);
      // An import the runtime does not have.
      await setSource(page, 3, 'import * as fs from "fs";');
      await cell(page, 3).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 3), /failed: ModuleNotFoundError/);
      assert.match(await err.innerText(), /cannot import "fs".*only "tensorcalc" and "tslab"/s);

      // Link: the edits go into the URL; a fresh page with that URL has them, and runs them to the same numbers.
      await page.locator('[data-live-page="link"]').click();
      await page
        .locator(".nb-live-status")
        .filter({ hasText: /in the address bar/ })
        .waitFor();
      const url = page.url();
      assert.match(url, /#live=[A-Za-z0-9_-]+$/);
      const again = await open(url.slice(server.url.length));
      try {
        await cell(again, 1).locator(".cm-content").waitFor({ timeout: 15_000 });
        assert.match(await editorText(again, 1), /const p = 5,/);
        assert.equal(await editorText(again, 3), 'import * as fs from "fs";');
        assert.match(await again.locator(".nb-live-status").innerText(), /This link changed 2 cells/);
        await cell(again, 1).locator('[data-live-action="run"]').click();
        assert.match(await waitDone(again, 1), /ran in/);
        assert.deepEqual(await liveTex(again, 1), tex);
        // The runtime came from the cache, not the network.
        assert.equal(runtimeRequests.length, 1, "the runtime was fetched again");
        // Reset: the committed cells and the published outputs, and the URL without the edits.
        await again.locator('[data-live-page="reset"]').click();
        assert.equal(await again.locator(".cm-editor").count(), 0);
        assert.equal(await cell(again, 1).locator(":scope > .nb-output").first().isVisible(), true);
        assert.equal(new URL(again.url()).hash, "");
      } finally {
        await again.close();
      }
      // A link that was cut says so, and the page still works.
      const cut = await open(`${page04}#live=${url.split("#live=")[1].slice(0, 12)}`);
      try {
        await cut
          .locator(".nb-live-status")
          .filter({ hasText: /not applied/ })
          .waitFor({ timeout: 15_000 });
      } finally {
        await cut.close();
      }
    } finally {
      await page.close();
    }
  });

  test("Run all on an unedited notebook gives back every published output", async () => {
    const page = await open("/docs/notebooks/09-steps");
    try {
      const n = await page.locator(".nb-cell").count();
      await page.locator('[data-live-page="run-all"]').click();
      assert.match(await waitDone(page, n), /ran in/);
      const differing = await page
        .locator(".nb-cell:not(.nb-live-same)")
        .evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { cell?: string } }).dataset.cell));
      assert.deepEqual(differing, [], "cells whose output differs from the published one");
      assert.equal(
        await page.locator(".nb-live-compare").first().innerText(),
        "Same output as the published notebook.",
      );
    } finally {
      await page.close();
    }
  });

  test("notebook 1: an edited shape re-runs the earlier cell first; an endless loop is stopped by the time limit", async () => {
    const page = await open(page01, 390);
    try {
      // Running cell 2 first runs cell 1 (not run yet in this runtime), with m = 3.
      const src1 = JSON.parse((await cell(page, 1).getAttribute("data-live")) ?? "{}") as {
        source: string;
        published: unknown[];
      };
      assert.match(src1.source, /m = 2,/);
      await setSource(page, 1, src1.source.replace("m = 2,", "m = 3,"));
      await cell(page, 2).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 2), /ran in/);
      assert.match(await waitDone(page, 1), /ran in/);
      assert.match(
        await cell(page, 2).locator(".nb-live-outputs pre").first().innerText(),
        /^J has shape \[3, 4, 3, 3\]/,
      );
      const width = await page.evaluate("document.documentElement.scrollWidth");
      assert.ok((width as number) <= 390, `the page scrolls sideways at 390 px (${width} px)`);
      await cell(page, 2).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(screenshots, "live-notebook-390.png") });

      // An endless loop: the page stays responsive, the time limit ends it, the runtime restarts.
      await setSource(page, 3, "let spins = 0;\nwhile (true) spins++;");
      const started = Date.now();
      await cell(page, 3).locator('[data-live-action="run"]').click();
      await cell(page, 3).locator('[data-live-action="stop"]').waitFor({ state: "visible" });
      await page.waitForTimeout(1000);
      const t = Date.now();
      assert.equal(await page.evaluate("1 + 1"), 2);
      await cell(page, 4).locator('[data-live-action="edit"]').click();
      await cell(page, 4).locator(".cm-content").waitFor({ state: "visible", timeout: 5_000 });
      assert.ok(Date.now() - t < 3000, `the page answered after ${Date.now() - t} ms while the loop ran`);
      assert.match(await waitDone(page, 3, TIME_LIMIT_MS + 10_000), /stopped after 10 s \(the time limit\)/);
      const stoppedAfter = Date.now() - started;
      assert.ok(stoppedAfter >= TIME_LIMIT_MS - 100 && stoppedAfter < TIME_LIMIT_MS + 5000, `${stoppedAfter} ms`);
      // The next Run starts over in the new runtime: cells 1 and 2 run again first, then cell 4.
      await cell(page, 4).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 4), /ran in/);
      assert.match(await status(page, 1).innerText(), /ran in/);
      // Stop, pressed by the reader, ends a loop at once.
      await setSource(page, 5, "for (;;) {}");
      await cell(page, 5).locator('[data-live-action="run"]').click();
      await cell(page, 5).locator('[data-live-action="stop"]').waitFor({ state: "visible" });
      await page.waitForTimeout(300);
      await cell(page, 5).locator('[data-live-action="stop"]').click();
      assert.match(await waitDone(page, 5, 5_000), /stopped after/);
      assert.equal(runtimeRequests.length, 1, "the runtime was fetched again after a restart");
    } finally {
      await page.close();
    }
  });

  test("the calculator's Open as notebook opens live cells that derive, show and verify", async () => {
    const scratch = await open("/notebook");
    try {
      // Without a link the scratch notebook starts with an example cell.
      await cell(scratch, 1).locator(".cm-content").waitFor({ timeout: 15_000 });
      assert.match(await editorText(scratch, 1), /import \{ derive, verify, show \} from "tensorcalc"/);
      assert.equal(await scratch.locator(".nb-cell").count(), 1);
    } finally {
      await scratch.close();
    }
    const page = await open("/calculator");
    try {
      await page.locator('[data-testid="verified-all"]').waitFor({ timeout: 15_000 });
      await page.locator('[data-testid="calc-open-notebook"]').click();
      await page.waitForURL(/\/notebook#live=/);
      await cell(page, 1).locator(".cm-content").waitFor({ timeout: 15_000 });
      assert.match(await editorText(page, 1), /derive\("A' \* B", "A"/);
      await page.locator('[data-live-page="run-all"]').click();
      for (const n of [1, 2, 3]) assert.match(await waitDone(page, n), /ran in/);
      assert.ok(
        (await liveTex(page, 1)).some((t) => /\\alpha/.test(t)),
        "no αBᵀ:β in the derivation",
      );
      assert.match(await cell(page, 2).locator(".nb-live-outputs table").innerText(), /ok/);
      assert.equal(await cell(page, 2).locator(".nb-live-outputs").getByText("FAILED").count(), 0);
    } finally {
      await page.close();
    }
  });

  test("a guide page's examples are live: Along one axis runs its cross-entropy example in the browser", async () => {
    const page = await open("/docs/guide/along-an-axis");
    try {
      assert.match(await page.locator(".nb-live-bar .nb-live-status").innerText(), /Live examples/);
      // its four ```ts programs (each imports from "tensorcalc") are cells 1–4
      assert.equal(await page.locator(".nb-cell[data-live]").count(), 4);
      await cell(page, 3).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 3), /ran in/);
      const out = await cell(page, 3).locator(".nb-live-outputs").innerText();
      assert.match(out, /−Xᵀ\(Y − softmax\(XW, 2\)\)/);
      assert.match(out, /each row of Y sums to 1/);
      // a guide example has no published output to compare with
      assert.equal(await cell(page, 3).locator(".nb-live-compare").count(), 0);
      // an edit: the general result, without the fact about Y
      await setSource(page, 2, (await editorTextOrSource(page, 2)).replace('"W", shapes)', '"X", shapes)'));
      await cell(page, 2).locator('[data-live-action="run"]').click();
      assert.match(await waitDone(page, 2), /ran in/);
      assert.match(await cell(page, 2).locator(".nb-live-outputs").innerText(), /softmax\(XW, 2\)/);
      await page.screenshot({ path: path.join(screenshots, "live-guide-along-an-axis.png"), fullPage: false });
    } finally {
      await page.close();
    }
  });

  /** The cell's source: its editor's text when open, else its committed source. */
  async function editorTextOrSource(page: Page, n: number): Promise<string> {
    if ((await cell(page, n).locator(".cm-editor").count()) > 0) return editorText(page, n);
    const data = (await cell(page, n).getAttribute("data-live")) ?? "{}";
    return (JSON.parse(data) as { source: string }).source;
  }

  test("no console error, page error or failed request on any page visited", () => {
    assert.deepEqual(problems, []);
  });
});
