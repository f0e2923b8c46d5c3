/**
 * The browser test of the built site (run after `npm run site:build`): serves
 * website/build on a free localhost port and visits every page of its
 * sitemap in Chromium. Each page must answer 200 with no console error, no
 * failed request and no KaTeX error; pages whose source has math must show
 * rendered KaTeX; notebook pages must show every output of the notebook;
 * search must find "commutation" and show heading math once; the calculator works and its layout holds at
 * 1280 and 375 px; the diagrams show in the calculator (a form's panel, the steps' pictures, at
 * 320 px too), on the guide page and on the notebook page, following the dark theme. Screenshots
 * of the landing page, a notebook page and the diagrams go to build/screenshots/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { serveStatic, type StaticServer } from "./static-server";

/** The little of the DOM that the layout checks use (the project compiles without lib "dom"). */
interface El {
  scrollWidth: number;
  clientWidth: number;
  innerText: string;
  getBoundingClientRect(): { right: number; width: number; height: number };
  querySelector(selector: string): El | null;
  setAttribute(name: string, value: string): void;
  /** of an image */
  naturalWidth?: number;
  loading?: string;
  decode?(): Promise<void>;
}
declare const document: { documentElement: El };
declare function getComputedStyle(el: El): { whiteSpace: string; fontSize: string; fill: string };

const root = path.resolve(__dirname, "..", "..");
const buildDir = path.join(root, "website", "build");
const docsDir = path.join(root, "docs");
const screenshots = path.join(root, "build", "screenshots");

/** Markdown of a doc page, or null for pages that are not Markdown docs. */
function docSource(urlPath: string): string | null {
  const m = /^\/docs\/(.+?)\/?$/.exec(urlPath);
  if (!m) return null;
  for (const f of [path.join(docsDir, m[1] + ".md"), path.join(docsDir, m[1], "index.md")]) {
    if (fs.existsSync(f)) return fs.readFileSync(f, "utf8");
  }
  return null;
}

/** Whether Markdown has `$` math outside code (fenced blocks and inline code removed). */
export function hasMath(md: string): boolean {
  const prose = md
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    .replace(/`[^`\n]*`/g, "")
    .replace(/\\\$/g, "");
  return /\$[^$\s][^$]*\$/.test(prose) || /\$\$[\s\S]+?\$\$/.test(prose);
}

interface PageReport {
  url: string;
  problems: string[];
}

describe("the built site in a browser", { timeout: 600_000 }, () => {
  let server: StaticServer;
  let context: BrowserContext;
  let profile: string;
  let paths: string[] = [];

  before(async () => {
    if (!fs.existsSync(path.join(buildDir, "sitemap.xml"))) {
      throw new Error(
        `${path.relative(root, buildDir)}/sitemap.xml is missing: build the site first (npm run site:build)`,
      );
    }
    const sitemap = fs.readFileSync(path.join(buildDir, "sitemap.xml"), "utf8");
    paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
    if (!paths.includes("/")) paths.unshift("/");
    server = await serveStatic(buildDir);
    ({ context, profile } = await launchChromium("tc-site-chromium-"));
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a page and collects everything that went wrong while it loaded. */
  async function visit(page: Page, urlPath: string): Promise<PageReport> {
    const problems: string[] = [];
    const onConsole = (msg: { type(): string; text(): string }) => {
      if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
    };
    const onPageError = (e: Error) => problems.push(`page error: ${e.message}`);
    const onFailed = (r: { url(): string; failure(): { errorText: string } | null }) =>
      problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    const onResponse = (r: { url(): string; status(): number }) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    };
    page.on("console", onConsole);
    page.on("pageerror", onPageError);
    page.on("requestfailed", onFailed);
    page.on("response", onResponse);
    try {
      const res = await page.goto(server.url + urlPath, { waitUntil: "load" });
      if (!res || res.status() !== 200) problems.push(`answered ${res?.status()} instead of 200`);
      // Let hydration finish (React errors are logged after load): Docusaurus marks the root
      // element once hydrated. Waiting for this instead of network idle saves about 0.8 s a page.
      await page.waitForSelector('html[data-has-hydrated="true"]', { state: "attached", timeout: 15_000 });
      const katexErrors = await page.locator(".katex-error").count();
      if (katexErrors > 0) {
        const first = await page.locator(".katex-error").first().getAttribute("title");
        problems.push(`${katexErrors} KaTeX error(s), first: ${first}`);
      }
      const md = docSource(urlPath);
      if (urlPath === "/" || (md !== null && hasMath(md))) {
        const rendered = await page.locator(".katex").count();
        if (rendered === 0) problems.push("has math in its source but no rendered .katex element");
        // Unrendered display math shows up as literal `$$` in the text.
        const text = await page.locator("body").innerText();
        if (/\$\$/.test(text.replace(/```[\s\S]*?```/g, ""))) {
          const codeText = await page.locator("pre").allInnerTexts();
          if (!codeText.some((c) => c.includes("$$"))) problems.push("shows literal $$ (unrendered math)");
        }
      }
      if (md !== null && urlPath.startsWith("/docs/notebooks/")) {
        const expected = (md.match(/<div class="nb-output/g) ?? []).length;
        const shown = await page.locator(".nb-output").count();
        if (shown !== expected) problems.push(`shows ${shown} notebook output block(s), expected ${expected}`);
        const codeCells = (md.match(/^```ts$/gm) ?? []).length;
        if (codeCells > 0 && expected === 0) problems.push("a notebook page with code cells but no outputs");
      }
    } catch (e) {
      problems.push(`could not be checked: ${(e as Error).message.split("\n")[0]}`);
    } finally {
      page.off("console", onConsole);
      page.off("pageerror", onPageError);
      page.off("requestfailed", onFailed);
      page.off("response", onResponse);
    }
    return { url: urlPath, problems };
  }

  test("every page in the sitemap loads cleanly, with rendered math and notebook outputs", async () => {
    assert.ok(paths.length > 5, `sitemap lists only ${paths.length} page(s)`);
    const queue = [...paths];
    const reports: PageReport[] = [];
    // A fresh tab per page: requests a previous page left pending (link
    // prefetches) are aborted when its tab closes, not while the next loads.
    const workers = Array.from({ length: 4 }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        const page = await context.newPage();
        try {
          reports.push(await visit(page, p));
        } finally {
          await page.close();
        }
      }
    });
    await Promise.all(workers);
    const bad = reports.filter((r) => r.problems.length > 0);
    assert.equal(reports.length, paths.length);
    assert.deepEqual(
      bad.map((r) => `${r.url}:\n    ${r.problems.join("\n    ")}`),
      [],
      `${bad.length} of ${reports.length} pages have problems`,
    );
  });

  test("the notebook pages include every notebook of the manifest", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "build", "notebooks", "manifest.json"), "utf8")) as {
      notebooks: { name: string }[];
    };
    const missing = manifest.notebooks.map((n) => `/docs/notebooks/${n.name}`).filter((p) => !paths.includes(p));
    assert.deepEqual(missing, [], "notebooks without a page in the sitemap");
  });

  test("the API reference has a page for every exported function and class", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.join(root, "dist", "index.js")) as Record<string, unknown>;
    // Exports documented as @internal are left out of the reference on purpose.
    const internal = new Set<string>();
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const f of walk(path.join(root, "src")).filter((f) => f.endsWith(".ts"))) {
      const src = fs.readFileSync(f, "utf8");
      for (const m of src.matchAll(
        /\/\*\*(?:(?!\*\/)[\s\S])*@internal(?:(?!\*\/)[\s\S])*\*\/\s*export (?:abstract )?(?:function|class|const) (\w+)/g,
      )) {
        internal.add(m[1]);
      }
    }
    const missing: string[] = [];
    for (const [name, value] of Object.entries(lib)) {
      if (typeof value !== "function" || internal.has(name)) continue;
      const isClass = /^class\b/.test(Function.prototype.toString.call(value));
      const page = `/docs/api/${isClass ? "classes" : "functions"}/${name}`;
      if (!paths.includes(page)) missing.push(page);
    }
    assert.deepEqual(missing, [], "exports without an API page");
    assert.ok(paths.filter((p) => p.startsWith("/docs/api/functions/")).length > 30);
  });

  test("search finds 'commutation'", async () => {
    const page = await context.newPage();
    try {
      await page.goto(server.url + "/", { waitUntil: "networkidle" });
      const box = page.locator("input.navbar__search-input");
      await box.click();
      await box.pressSequentially("commutation", { delay: 20 });
      const suggestion = page.locator(".aa-suggestion, [role='option']").first();
      await suggestion.waitFor({ state: "visible", timeout: 15_000 });
      const texts = await page.locator(".aa-suggestion, [role='option']").allInnerTexts();
      assert.ok(texts.length > 0, "no search suggestions");
      assert.ok(
        texts.some((t) => /commutation/i.test(t)),
        `no suggestion mentions "commutation": ${JSON.stringify(texts.slice(0, 5))}`,
      );
    } finally {
      await page.close();
    }
  });

  test("search results show the math of a heading once (no KaTeX text repeated three times)", async () => {
    const page = await context.newPage();
    try {
      await page.goto(server.url + "/", { waitUntil: "networkidle" });
      const box = page.locator("input.navbar__search-input");
      await box.click();
      await box.pressSequentially("commutation matrix", { delay: 20 });
      const suggestions = page.locator(".aa-suggestion, [role='option']");
      await suggestions.first().waitFor({ state: "visible", timeout: 15_000 });
      const texts = await suggestions.allInnerTexts();
      // The heading "The commutation matrix $K$" of notebook 5.
      const heading = texts.find((t) => /The commutation matrix/.test(t));
      assert.ok(heading, `no suggestion for the heading: ${JSON.stringify(texts.slice(0, 8))}`);
      assert.match(heading, /The commutation matrix K(?![A-Za-z])/);
      const tripled = texts.filter((t) => /([A-Za-z∂αβ])\1\1/.test(t));
      assert.deepEqual(tripled, [], "suggestions with a letter repeated three times (KaTeX indexed thrice)");
    } finally {
      await page.close();
    }
  });

  test("the calculator derives A' * B with respect to A in every form, verified, and shows errors inline", async () => {
    assert.ok(paths.includes("/calculator"), "no /calculator page in the sitemap");
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    try {
      await page.goto(server.url + "/calculator", { waitUntil: "networkidle" });
      const expr = page.locator("#calc-expr");
      const wrt = page.locator("#calc-wrt");
      const shapes = page.locator("#calc-shapes");
      // Start from a different expression so that the result below comes from typing.
      await expr.fill("");
      await shapes.fill("");
      await wrt.fill("");
      await expr.pressSequentially("A' * B", { delay: 10 });
      await wrt.pressSequentially("A", { delay: 10 });
      await shapes.pressSequentially("A: p×m, B: p×n", { delay: 5 });
      const tensor = page.locator('[data-form="tensor"]');
      await tensor.waitFor({ state: "visible", timeout: 10_000 });
      // The αBᵀ:β form, rendered by KaTeX (its MathML annotation keeps the TeX source).
      const tensorTex = await tensor.locator("annotation").first().textContent();
      assert.match(tensorTex ?? "", /\\alpha \{?B\}?\^\{T\} : \\beta/);
      assert.equal(await tensor.locator(".katex-error").count(), 0);
      assert.match(await tensor.locator(".badge-verified").innerText(), /verified/);
      // The (Bᵀ⊗I)K form.
      const kron = page.locator('[data-form="kron"]');
      const kronTex = await kron.locator("annotation").first().textContent();
      assert.match(kronTex ?? "", /\\left\(\{?B\}?\^\{T\} \\otimes I\\right\) K_\{pm\}/);
      assert.match(await kron.locator(".badge-verified").innerText(), /verified/);
      assert.match(await page.locator('[data-testid="verified-all"]').innerText(), /all forms verified/);
      assert.equal(await page.locator(".calc-form-card .badge-failed").count(), 0);

      // "Show steps" on the tensor form: the seed's lines, each with its rule and a check mark.
      const tensorSteps = page.locator('[data-testid="steps-tensor"]');
      await tensorSteps.locator("summary").click();
      const rules = tensorSteps.locator('[data-testid="calc-step-rule"]');
      await rules.first().waitFor({ state: "visible", timeout: 10_000 });
      assert.deepEqual(await rules.allInnerTexts(), [
        "write the products with α",
        "write the transpose with β",
        "identification of the tensor",
      ]);
      assert.deepEqual(await tensorSteps.locator('[data-testid="calc-step-check"]').allInnerTexts(), ["✓", "✓", "✓"]);
      const lines = await tensorSteps.locator(".calc-step annotation").allTextContents();
      assert.ok(
        lines.some((l) => /\\alpha \{?B\}?\^\{T\} : \\beta : A/.test(l)),
        `the line αBᵀ:β:A: ${lines.join(" | ")}`,
      );
      assert.equal(await tensorSteps.locator(".katex-error").count(), 0);
      // and on the kron form: a constant factor, the transpose, vec, the identification theorem
      const kronSteps = page.locator('[data-testid="steps-kron"]');
      await kronSteps.locator("summary").click();
      await kronSteps.locator('[data-testid="calc-step-rule"]').first().waitFor({ state: "visible" });
      assert.deepEqual(await kronSteps.locator('[data-testid="calc-step-rule"]').allInnerTexts(), [
        "constant factor",
        "transpose",
        "vec of a product",
        "identification theorem",
      ]);
      assert.equal(await kronSteps.locator('[data-testid="calc-step"][data-ok="false"]').count(), 0);
      await page.screenshot({ path: path.join(screenshots, "calculator.png"), fullPage: true });

      // A parse error is shown inline, with the caret under the problem.
      await expr.fill("A' * (B");
      const err = page.locator('[data-testid="calc-error"]');
      await err.waitFor({ state: "visible", timeout: 10_000 });
      const text = await err.innerText();
      assert.equal(await err.getAttribute("data-kind"), "parse");
      assert.match(text, /^Parse error\nparse error at position 7: /);
      assert.match(text, /\n\s*A' \* \(B\n\s*\^/);
      assert.equal(await page.locator('[data-form="tensor"]').count(), 0);

      // A shape error too.
      await shapes.fill("A: 2×3, B: 2×3");
      await expr.fill("A * B");
      await page.locator('[data-testid="calc-error"][data-kind="shape"]').waitFor({ state: "visible" });
      assert.equal(await err.getAttribute("data-kind"), "shape");
      assert.match(await err.innerText(), /^Shape error\n.*A has shape \[2, 3\] and B has shape \[2, 3\]/);

      // And a bad shape box.
      await shapes.fill("A 2x3");
      await page.locator('[data-testid="calc-error"][data-kind="input"]').waitFor({ state: "visible" });
      assert.match(await err.innerText(), /shapes: "A 2x3" should look like "A: p×m"/);

      // diag, defined once in the registry, is in the syntax list and derives in every form, verified.
      await page.locator(".calc-syntax summary").click();
      assert.match(await page.locator(".calc-syntax").innerText(), /diag\(x\), diag\(X\)/);
      await shapes.fill("a: n, x: n, b: n");
      await wrt.fill("x");
      await expr.fill("a' * diag(x) * b");
      const gradient = page.locator('[data-form="gradient"]');
      await gradient.waitFor({ state: "visible", timeout: 10_000 });
      assert.match((await gradient.locator("annotation").first().textContent()) ?? "", /a \\circ b/);
      assert.match(await page.locator('[data-testid="verified-all"]').innerText(), /all forms verified/);
      await page.screenshot({ path: path.join(screenshots, "calculator-diag.png"), fullPage: true });

      // A symmetric variable: the gradient sym(G) = ½(Aᵀ + A) and the independent-entries form, verified.
      await page.getByRole("button", { name: "∂tr(AX)/∂X, X symmetric" }).click();
      const entries = page.locator('[data-form="entries"]');
      await entries.waitFor({ state: "visible", timeout: 10_000 });
      assert.ok(await page.locator("#calc-symmetric").isChecked(), "the example checks the symmetric box");
      assert.equal(await gradient.locator("code").innerText(), "0.5(Aᵀ + A)");
      assert.equal(await entries.locator("code").innerText(), "Aᵀ + A − Aᵀ ∘ I");
      assert.match(await page.locator('[data-testid="verified-all"]').innerText(), /all forms verified/);
      await page.screenshot({ path: path.join(screenshots, "calculator-symmetric.png"), fullPage: true });
      await page.locator("#calc-symmetric").uncheck();
      await entries.waitFor({ state: "detached", timeout: 10_000 });
      assert.equal(await gradient.locator("code").innerText(), "Aᵀ");

      // The machine-learning examples: the logistic loss's gradient is Xᵀ(σ(−y ∘ Xw) ∘ y), verified.
      await page.getByRole("button", { name: "logistic regression" }).click();
      await gradient.waitFor({ state: "visible", timeout: 10_000 });
      assert.match((await gradient.locator("annotation").first().textContent()) ?? "", /\\sigma/);
      assert.match(await page.locator('[data-testid="verified-all"]').innerText(), /all forms verified/);

      // The Code panel: the generated JavaScript runs in the page and gives the gradient; NumPy on switching.
      const source = page.locator('[data-testid="calc-code-source"]');
      await page.locator("#calc-code-language").selectOption("js");
      await source.filter({ hasText: "function fAndG(args)" }).waitFor({ state: "visible", timeout: 10_000 });
      assert.equal(await page.locator('[data-testid="calc-code-copy"]').count(), 1);
      const ran = await page.evaluate(
        (src: string) => {
          const f = new Function(`${src}; return fAndG;`)() as (a: object) => {
            value: number;
            gradient: { data: Float64Array };
          };
          const r = f({
            X: { shape: [2, 1], data: Float64Array.of(1, 2) },
            w: { shape: [1], data: Float64Array.of(0) },
            y: { shape: [2], data: Float64Array.of(1, -1) },
          });
          return [r.value, r.gradient.data[0]];
        },
        await source.innerText(),
      );
      assert.ok(
        Math.abs((ran[0] as number) - 2 * Math.log(2)) < 1e-12 && Math.abs((ran[1] as number) - 0.5) < 1e-12,
        `${ran}`,
      );
      await page.locator("#calc-code-language").selectOption("numpy");
      await source.filter({ hasText: "def fAndG(y, X, w):" }).waitFor({ state: "visible", timeout: 10_000 });
      await page.locator("#calc-code-what").selectOption("hessian");
      await source.filter({ hasText: "def checkHessian(" }).waitFor({ state: "visible", timeout: 10_000 });

      // Along an axis, with a fact about the data: the row-wise cross-entropy's book gradient Xᵀ(S − Y), its note,
      // and a bad fact named in the input error.
      await page.getByRole("button", { name: "row-wise softmax cross-entropy" }).click();
      await page.locator('[data-testid="calc-note"]').waitFor({ state: "visible", timeout: 10_000 });
      assert.equal(await page.locator("#calc-facts").inputValue(), "Y: probability");
      assert.equal(await gradient.locator("code").innerText(), "−Xᵀ(Y − softmax(XW, 2))");
      assert.match(await page.locator('[data-testid="calc-note"]').innerText(), /each row of Y sums to 1/);
      assert.match(await page.locator('[data-testid="verified-all"]').innerText(), /all forms verified/);
      await page.screenshot({ path: path.join(screenshots, "calculator-along-an-axis.png"), fullPage: true });
      await page.locator("#calc-facts").fill("");
      await page.locator('[data-testid="calc-note"]').waitFor({ state: "detached", timeout: 10_000 });
      assert.equal(await gradient.locator("code").innerText(), "−Xᵀ(Y − diag(Y𝟏)softmax(XW, 2))");
      await page.locator("#calc-facts").fill("Y: unit");
      await page.locator('[data-testid="calc-error"][data-kind="input"]').waitFor({ state: "visible" });
      assert.match(await err.innerText(), /facts: "Y: unit" should look like "Y: probability"/);
      assert.deepEqual(errors, [], "errors in the browser console");
    } finally {
      await page.close();
    }
  });

  for (const width of [1280, 375]) {
    test(`the calculator at ${width} px: the error message wraps, titles are not squeezed, badges stay on one line`, async () => {
      fs.mkdirSync(screenshots, { recursive: true });
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      try {
        await page.goto(server.url + "/calculator", { waitUntil: "networkidle" });
        await page.locator("#calc-shapes").fill("A: 3×2, h: 3");
        await page.locator("#calc-wrt").fill("h");
        await page.locator("#calc-expr").fill("A * h");
        const err = page.locator('[data-testid="calc-error"][data-kind="shape"]');
        await err.waitFor({ state: "visible", timeout: 10_000 });
        const box = await err.evaluate((el: El) => {
          const msg = el.querySelector(".calc-error-message") as El;
          const caret = el.querySelector(".calc-error-caret");
          const r = msg.getBoundingClientRect();
          return {
            scrollWidth: el.scrollWidth,
            clientWidth: el.clientWidth,
            messageRight: r.right,
            messageText: msg.innerText,
            messageWhiteSpace: getComputedStyle(msg).whiteSpace,
            caretText: caret?.innerText ?? "",
            caretWhiteSpace: caret ? getComputedStyle(caret).whiteSpace : "",
            pageScrollWidth: document.documentElement.scrollWidth,
          };
        });
        assert.ok(box.scrollWidth <= box.clientWidth, `the error box scrolls: ${JSON.stringify(box)}`);
        assert.ok(box.messageRight <= width, `the message runs past the window: ${JSON.stringify(box)}`);
        assert.match(box.messageText, /^shape mismatch in the product: .*\(\[2\] ≠ \[3\]\)$/s);
        assert.equal(box.messageWhiteSpace, "pre-wrap");
        assert.equal(box.caretText, "A * h\n^^^^^");
        assert.equal(box.caretWhiteSpace, "pre");
        assert.ok(box.pageScrollWidth <= width, `the page scrolls sideways (${box.pageScrollWidth} px)`);
        await page.screenshot({ path: path.join(screenshots, `calculator-error-${width}.png`), fullPage: true });

        await page.locator("#calc-shapes").fill("A: p×m, B: p×n");
        await page.locator("#calc-wrt").fill("A");
        await page.locator("#calc-expr").fill("A' * B");
        const all = page.locator('[data-testid="verified-all"]');
        await all.waitFor({ state: "visible", timeout: 10_000 });
        const badges = await page.locator(".badge-verified, .badge-failed").evaluateAll((els: El[]) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            const lineHeight = parseFloat(getComputedStyle(el).fontSize) * 1.6;
            return { text: el.innerText, lines: r.height / lineHeight, right: r.right };
          }),
        );
        assert.ok(badges.length >= 6, `only ${badges.length} badges`);
        for (const b of badges) {
          assert.ok(b.lines < 1.2, `the badge "${b.text}" breaks across lines (${b.lines.toFixed(2)} lines)`);
          assert.ok(b.right <= width, `the badge "${b.text}" runs past the window`);
        }
        const titles = await page.locator(".calc-form-card header").evaluateAll((els: El[]) =>
          els.map((el) => ({
            title: (el.querySelector("h3") as El).innerText,
            titleWidth: (el.querySelector("h3") as El).getBoundingClientRect().width,
            headerWidth: el.getBoundingClientRect().width,
          })),
        );
        assert.ok(titles.length >= 5);
        for (const t of titles) {
          // Either the title has a line of its own, or at least 14rem (224 px) beside the badges.
          const ok = t.titleWidth >= Math.min(224, t.headerWidth - 1);
          assert.ok(ok, `"${t.title}" is squeezed to ${t.titleWidth} px of ${t.headerWidth} px`);
        }
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(pageWidth <= width, `the page scrolls sideways (${pageWidth} px)`);
        await page.screenshot({ path: path.join(screenshots, `calculator-${width}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    });
  }

  test("diagrams: the calculator's Diagram panel and step pictures, the guide page and the notebook's pictures", async () => {
    fs.mkdirSync(screenshots, { recursive: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    /** The boxes' labels and the free wires' letters of the pictures matching `selector`. */
    const labels = async (selector: string) =>
      (await page.locator(`${selector} svg.tcd text`).allTextContents()).filter((t) => t.trim() !== "");
    try {
      await page.goto(server.url + "/calculator", { waitUntil: "networkidle" });
      // the default example is ∂(AᵀB)/∂A: its tensor form αBᵀ:β draws B and four free wires i, j, k, l
      const panel = page.locator('[data-testid="diagram-tensor"]');
      await panel.locator("summary").click();
      const svg = panel.locator('[data-testid="diagram-svg-tensor"] svg.tcd');
      await svg.waitFor({ state: "visible", timeout: 10_000 });
      const drawn = await labels('[data-testid="diagram-svg-tensor"]');
      assert.ok(drawn.includes("B"), `the tensor form's picture has the box B: ${drawn.join(" ")}`);
      for (const w of ["i", "j", "k", "l"]) assert.ok(drawn.includes(w), `free wire ${w}: ${drawn.join(" ")}`);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 40, `the picture has a size: ${JSON.stringify(box)}`);
      // the index form's panel draws the tensor form; forms written as notation have no panel
      assert.equal(await page.locator('[data-testid="diagram-index"]').count(), 1);
      assert.equal(await page.locator('[data-testid="diagram-differential"]').count(), 0);
      assert.equal(await page.locator('[data-testid="diagram-component"]').count(), 0);
      // the tensor route's steps: the picture of Y, then one after each of the three steps
      const steps = page.locator('[data-testid="steps-tensor"]');
      await steps.locator("summary").click();
      await steps.locator('[data-testid="calc-step-picture"] svg.tcd').first().waitFor({ state: "visible" });
      assert.equal(await steps.locator('[data-testid="calc-step-picture"] svg.tcd').count(), 4);
      await panel.screenshot({ path: path.join(screenshots, "calculator-diagram.png") });
      await page.screenshot({ path: path.join(screenshots, "calculator-diagrams.png"), fullPage: true });
      // unchecking "Pictures" removes them, the steps stay
      await steps.locator('[data-testid="steps-pictures-tensor"]').uncheck();
      assert.equal(await steps.locator('[data-testid="calc-step-picture"]').count(), 0);
      assert.equal(await steps.locator('[data-testid="calc-step-rule"]').count(), 3);
      // a 320 px wide screen: the picture scales down to fit its card
      await page.setViewportSize({ width: 320, height: 800 });
      const narrow = await svg.boundingBox();
      assert.ok(narrow && narrow.width <= 320, `at 320 px the picture is ${narrow?.width} px wide`);
      await page.setViewportSize({ width: 1280, height: 900 });

      // the guide page: every picture loads
      await page.goto(server.url + "/docs/guide/diagrams", { waitUntil: "networkidle" });
      // (Docusaurus inlines the small SVGs as data URLs, loaded lazily: load them all, then measure)
      const imgs = page.locator('article img[src$=".svg"], article img[src^="data:image/svg+xml"]');
      const n = await imgs.count();
      assert.ok(n >= 10, `the guide page shows ${n} pictures`);
      const widths = await imgs.evaluateAll((els) =>
        Promise.all(
          els.map((e) => {
            const img = e as El;
            img.loading = "eager";
            return (img.decode?.() ?? Promise.resolve()).then(
              () => img.naturalWidth ?? 0,
              () => 0,
            );
          }),
        ),
      );
      assert.ok(
        widths.every((w) => w > 0),
        `pictures that did not load: ${widths.filter((w) => w === 0).length} of ${widths.length}`,
      );
      await page.screenshot({ path: path.join(screenshots, "guide-diagrams.png"), fullPage: true });

      // the notebook page: the executed cells' pictures are inline SVG, one per picture the notebook shows
      const nb = paths.find((p) => p === "/docs/notebooks/11-diagrams");
      assert.ok(nb, "no notebook page 11-diagrams in the sitemap");
      await page.goto(server.url + nb, { waitUntil: "networkidle" });
      const md = docSource(nb) ?? "";
      const expected = (md.match(/<svg /g) ?? []).length;
      assert.ok(expected >= 10, `the page's source has ${expected} pictures`);
      assert.equal(await page.locator(".nb-output svg.tcd").count(), expected);
      // the dark theme recolours them (their ink follows the site's data-theme)
      const ink = () =>
        page
          .locator(".nb-output svg.tcd text")
          .first()
          .evaluate((t) => getComputedStyle(t as unknown as El).fill);
      const light = await ink();
      await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
      const dark = await ink();
      assert.notEqual(light, dark, "the pictures' text has the same colour in both themes");
      await page.screenshot({ path: path.join(screenshots, "notebook-diagrams-dark.png"), fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test("screenshots of the landing page and a notebook page", async () => {
    fs.mkdirSync(screenshots, { recursive: true });
    const page = await context.newPage();
    try {
      await page.goto(server.url + "/", { waitUntil: "networkidle" });
      await page.screenshot({ path: path.join(screenshots, "landing.png"), fullPage: true });
      const notebook =
        paths.find((p) => p === "/docs/notebooks/04-fourth-order-gradients") ??
        paths.find((p) => p.startsWith("/docs/notebooks/"));
      assert.ok(notebook, "no notebook page in the sitemap");
      await page.goto(server.url + notebook, { waitUntil: "networkidle" });
      await page.screenshot({ path: path.join(screenshots, "notebook.png"), fullPage: true });
      assert.ok(fs.statSync(path.join(screenshots, "notebook.png")).size > 10_000);
    } finally {
      await page.close();
    }
  });
});
