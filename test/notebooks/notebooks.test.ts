// Executes every committed notebook through Jupyter with the tslab kernel (one
// test per notebook) and writes the executed copies + manifest to
// build/notebooks/, as the site expects. A failing cell fails its notebook's
// test with the notebook, cell number, source start and tslab's error text.
import { after, before, describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  buildDir,
  formatFailure,
  hashDist,
  hashFile,
  listNotebooks,
  runNotebooks,
  writeManifest,
  type NotebookResult,
} from "../../scripts/notebooks/runner";
import { extractMath, katexError } from "../../scripts/notebooks/math";

const notebooks = listNotebooks();

describe("notebooks execute with the tslab kernel", () => {
  let results: NotebookResult[] = [];
  let started = 0;
  let distBefore = "";
  before(async () => {
    started = Date.now();
    distBefore = hashDist(); // what the kernels will load (others may rebuild dist/ meanwhile)
    results = await runNotebooks(notebooks, { outDir: buildDir });
    writeManifest(results, buildDir);
  });
  after(() => {
    const lines = results.map((r) => `  ${r.seconds.toFixed(1).padStart(5)} s  ${r.name}`);
    console.log(`notebook timings:\n${lines.join("\n")}\n  total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test("there are notebooks", () => {
    assert.ok(notebooks.length >= 1, "no notebooks/*.ipynb found");
  });

  for (const file of notebooks) {
    const name = path.basename(file, ".ipynb");
    test(`${name} runs with no failing cell`, () => {
      const r = results.find((x) => x.name === name);
      assert.ok(r, `${name} was not executed`);
      if (!r.ok) assert.fail(formatFailure(r));
      assert.ok(r.cellsRun > 0, `${name}: no code cell ran`);
      const executed = JSON.parse(fs.readFileSync(path.join(buildDir, `${name}.ipynb`), "utf8")) as {
        cells: { cell_type: string; source: string | string[]; outputs?: unknown[] }[];
      };
      const codeCells = executed.cells.filter(
        (c) => c.cell_type === "code" && (Array.isArray(c.source) ? c.source.join("") : c.source).trim() !== "",
      );
      assert.equal(codeCells.length, r.cellsRun, `${name}: executed copy has ${codeCells.length} code cells`);
    });
  }

  test("every LaTeX output of the executed notebooks renders with KaTeX", () => {
    let outputs = 0;
    const problems: string[] = [];
    for (const file of notebooks) {
      const name = path.basename(file, ".ipynb");
      const executedFile = path.join(buildDir, `${name}.ipynb`);
      if (!fs.existsSync(executedFile)) continue; // its own test reports the failure
      const nb = JSON.parse(fs.readFileSync(executedFile, "utf8")) as {
        cells: { outputs?: { data?: Record<string, string | string[]> }[] }[];
      };
      nb.cells.forEach((cell, i) => {
        for (const out of cell.outputs ?? []) {
          const text = (key: string) => {
            const v = out.data?.[key];
            return v === undefined ? undefined : Array.isArray(v) ? v.join("") : v;
          };
          // tslab shows text/latex as Markdown-with-math ($$…$$); show() with a title emits text/markdown.
          const md = text("text/latex") ?? text("text/markdown");
          if (md === undefined) continue;
          outputs++;
          for (const m of extractMath(md)) {
            const err = katexError(m.tex, m.display);
            if (err) problems.push(`${name} cell ${i + 1}: ${err}`);
          }
        }
      });
    }
    assert.deepEqual(problems, [], problems.join("\n"));
    assert.ok(outputs > 0, "no LaTeX output: show() should render tensors as LaTeX in tslab");
  });

  test("manifest.json lists every notebook with the hashes of what was executed", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8")) as {
      distHash: string;
      notebooks: { name: string; title: string; ok: boolean; sourceHash: string; distHash: string; seconds: number }[];
    };
    const dist = distBefore;
    assert.equal(manifest.distHash, dist);
    assert.deepEqual(
      manifest.notebooks.map((e) => e.name),
      notebooks.map((f) => path.basename(f, ".ipynb")),
    );
    for (const file of notebooks) {
      const e = manifest.notebooks.find((x) => x.name === path.basename(file, ".ipynb"));
      assert.ok(e);
      assert.equal(e.sourceHash, hashFile(file));
      assert.equal(e.distHash, dist);
      assert.ok(e.title.length > 0, `${e.name}: no "# title" in the first markdown cell`);
      assert.ok(e.seconds > 0);
    }
  });
});
