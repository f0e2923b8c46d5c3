// The runner must fail loudly on a broken notebook: the report names the
// notebook, the failing cell's number, the start of its source and the error
// message tslab printed, and no later cell runs.
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { errorMessage, formatFailure, runNotebooks } from "../../scripts/notebooks/runner";

const fixtures = path.join(__dirname, "fixtures");

describe("the notebook runner on broken notebooks", () => {
  test("a cell that throws: notebook, cell number, source and message are reported", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-test-"));
    const [r] = await runNotebooks([path.join(fixtures, "broken-assertion.ipynb")], { outDir });
    assert.equal(r.ok, false);
    assert.ok(r.failure);
    assert.equal(r.failure.cell, 3);
    assert.equal(r.cellsRun, 1, "only the cell before the failing one ran");
    assert.equal(errorMessage(r.failure), "Error: deliberate failure: 2 + 2 is not 5");
    const report = formatFailure(r);
    assert.match(report, /test\/notebooks\/fixtures\/broken-assertion\.ipynb: cell 3 failed/);
    assert.match(report, /const expected = 5;/);
    assert.match(report, /deliberate failure: 2 \+ 2 is not 5/);
    // The executed copy shows cell 2's output and nothing from cell 4.
    const executed = fs.readFileSync(path.join(outDir, "broken-assertion.ipynb"), "utf8");
    assert.match(executed, /cell 2 ran/);
    assert.doesNotMatch(executed, /cell 4 must not run"\\n/);
    const nb = JSON.parse(executed) as { cells: { outputs?: unknown[] }[] };
    assert.deepEqual(nb.cells[3].outputs, []);
  });

  test("a cell that does not compile: the TypeScript diagnostic is reported", async () => {
    const [r] = await runNotebooks([path.join(fixtures, "broken-type.ipynb")]);
    assert.equal(r.ok, false);
    assert.ok(r.failure);
    assert.equal(r.failure.cell, 2);
    assert.match(errorMessage(r.failure), /Type 'Tensor' is not assignable to type 'number'/);
    const report = formatFailure(r);
    assert.match(report, /broken-type\.ipynb: cell 2 failed/);
    assert.match(report, /const n: number = new Tensor/);
  });

  test("a cell that never finishes: the runner gives up after the per-cell timeout", async () => {
    const started = Date.now();
    const [r] = await runNotebooks([path.join(fixtures, "hang.ipynb")], { cellTimeout: 3 });
    assert.equal(r.ok, false);
    assert.ok(r.failure);
    assert.equal(r.failure.cell, 2);
    assert.equal(r.failure.kind, "CellTimeoutError");
    assert.match(
      formatFailure(r),
      /hang\.ipynb: cell 2 failed \(CellTimeoutError\)\n {2}error: cell timed out after 3 s/,
    );
    assert.ok(Date.now() - started < 60_000, "the runner returned long after the timeout");
  });

  test("a library error in a cell shows Name: message first, no compiled library code, no library frames", async () => {
    const [shape, parseErr] = await runNotebooks([
      path.join(fixtures, "error-shape.ipynb"),
      path.join(fixtures, "error-parse.ipynb"),
    ]);
    for (const r of [shape, parseErr]) {
      assert.equal(r.ok, false);
      assert.ok(r.failure);
      assert.equal(r.failure.cell, 3);
    }
    const shapeText = shape.failure?.reply ?? "";
    assert.match(shapeText.split("\n")[0], /^ShapeError: matmul: inner dimensions differ: A has shape \[2, 3\]/);
    assert.doesNotMatch(shapeText, /dist[\\/]|throw new|errors_1/);
    assert.match(shapeText, /\n {4}at evalmachine\.<anonymous>:\d+:\d+\n/);
    assert.match(shapeText, /… \d+ frames inside tensorcalc and Node \(err\.stack\)$/);
    const parseText = parseErr.failure?.reply ?? "";
    assert.match(parseText, /^ParseError: parse error at position 4: .*\n {2}A \+ \* B\n {6}\^\n/);
    assert.doesNotMatch(parseText, /position: 4|source:|dist[\\/]/);
  });

  test("a missing notebook is a failure that names the path", async () => {
    const missing = path.join(fixtures, "no-such-notebook.ipynb");
    const [r] = await runNotebooks([missing]);
    assert.equal(r.ok, false);
    assert.match(formatFailure(r), /no such notebook: .*no-such-notebook\.ipynb/);
  });
});

describe("errorMessage", () => {
  const f = (reply: string, stderr = "") => ({ cell: 1, kind: "CellExecutionError", source: "", reply, stderr });
  test("picks the Error line out of a stack trace", () => {
    assert.equal(
      errorMessage(f("evalmachine.<anonymous>:6\n  throw x\n\nShapeError: bad [2, 3]\n  at foo")),
      "ShapeError: bad [2, 3]",
    );
  });
  test("falls back to stderr, then to the first non-blank line", () => {
    assert.equal(errorMessage(f("", "RangeError: too big")), "RangeError: too big");
    assert.equal(errorMessage(f("\n1:7 - Cannot find name 'x'.\n")), "1:7 - Cannot find name 'x'.");
    assert.equal(errorMessage(f("")), "(no error text)");
  });
});
