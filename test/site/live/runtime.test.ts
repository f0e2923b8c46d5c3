/**
 * The live notebooks' runtime outside the browser: cells compiled (compile.ts) and run in one `vm` context as the
 * worker runs them (runtime.ts), against the library's sources; what console.log prints (inspect.ts); the import
 * table (modules.ts); the published-output comparison (model.ts). The browser test (live-browser.test.ts) runs the
 * same in Chromium.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as vm from "node:vm";
import * as tensorcalc from "../../../src";
import { setDisplaySink } from "../../../src/display/show";
import { compileCell } from "../../../website/src/live/worker/compile";
import { createRuntime, reservedGlobals } from "../../../website/src/live/worker/runtime";
import { formatLog, inspect } from "../../../website/src/live/worker/inspect";
import { renderLatex, renderMarkdown } from "../../../website/src/live/worker/render";
import {
  sameOutputs,
  fromNotebookOutputs,
  type FromWorker,
  type RenderedOutput,
} from "../../../website/src/live/model";

/** A runtime in a fresh vm context; `run` returns each cell's outputs and end. */
function session() {
  const context = vm.createContext({ console: {} });
  const global = vm.runInContext("globalThis", context) as Record<string, unknown>;
  const messages: FromWorker[] = [];
  let t = 0;
  const runtime = createRuntime(
    {
      global,
      runScript: (code) => void new vm.Script(code).runInContext(context),
      post: (m) => messages.push(m),
      now: () => (t += 1),
    },
    (display) => ({ tensorcalc: tensorcalc as Record<string, unknown>, tslab: { display } }),
    { latex: renderLatex, markdown: renderMarkdown },
  );
  let id = 0;
  return {
    run(source: string, cell = 1) {
      messages.length = 0;
      setDisplaySink({ latex: runtime.display.latex, markdown: runtime.display.markdown, html: runtime.display.html });
      try {
        runtime.run({ type: "run", id: ++id, cell, source });
      } finally {
        setDisplaySink(undefined);
      }
      const outputs = messages.flatMap((m) => (m.type === "output" ? [m.output] : []));
      const done = messages.find((m) => m.type === "done");
      assert.ok(done && done.type === "done");
      return { outputs, done, text: outputs.map((o: RenderedOutput) => (o.kind === "stream" ? o.text : "")).join("") };
    },
  };
}

describe("live cells share one scope, as in Jupyter", () => {
  test("a const of cell 1 is visible in cell 3; a cell runs again after an edit (no redeclaration error)", () => {
    const s = session();
    const c1 = s.run('import { randint, matmul, transpose, show } from "tensorcalc";\nconst p: number = 3, m = 2;', 1);
    assert.equal(c1.done.ok, true, JSON.stringify(c1.done));
    assert.equal(s.run("const A = randint([p, m], { seed: 1 });", 2).done.ok, true);
    const c3 = s.run("console.log(A.shape, matmul(transpose(A), A).shape);", 3);
    assert.equal(c3.text, "[ 3, 2 ] [ 2, 2 ]\n");
    // The reader changes a shape in cell 1 and runs cells 1–3 again.
    s.run('import { randint, matmul, transpose, show } from "tensorcalc";\nconst p: number = 5, m = 2;', 1);
    s.run("const A = randint([p, m], { seed: 1 });", 2);
    assert.equal(s.run("console.log(A.shape);", 3).text, "[ 5, 2 ]\n");
    // functions and classes too
    s.run("function twice(x: number) { return 2 * x }\nclass Box { constructor(readonly v: number) {} }", 4);
    assert.equal(s.run("console.log(twice(new Box(4).v))", 5).text, "8\n");
    assert.equal(s.run("class Box { v = 9 }", 6).done.ok, true, "a class declared again");
  });

  test("show() renders as in tslab: LaTeX and Markdown outputs with KaTeX HTML", () => {
    const s = session();
    const r = s.run(
      'import { eye, show, derive, verify } from "tensorcalc";\nshow(eye(2), { label: "I" });\nshow(verify(derive("A\' * B", "A", { A: ["p", "m"], B: ["p", "n"] }), { seed: 1 }));',
    );
    assert.equal(r.done.ok, true, JSON.stringify(r.done));
    const [latex, md] = r.outputs;
    assert.equal(latex.kind === "display" && latex.mime, "text/latex");
    assert.equal(latex.kind === "display" && latex.data, "$$I = \\begin{bmatrix}1 & 0 \\\\ 0 & 1\\end{bmatrix}$$");
    assert.match(latex.html ?? "", /class="katex-display"/);
    assert.equal(md.kind === "display" && md.mime, "text/markdown");
    assert.match(md.html ?? "", /<table>[\s\S]*<td>ok<\/td>/);
  });

  test("show(d.diagram()) draws the picture as in tslab: an HTML output holding the diagram's SVG", () => {
    const s = session();
    const r = s.run(
      'import { derive, show } from "tensorcalc";\nshow(derive("A\' * B", "A", { A: ["p", "m"], B: ["p", "n"] }).diagram());',
    );
    assert.equal(r.done.ok, true, JSON.stringify(r.done));
    assert.equal(r.outputs.length, 1);
    const [pic] = r.outputs;
    assert.equal(pic.kind === "display" && pic.mime, "text/html");
    assert.match(
      pic.kind === "display" ? pic.data : "",
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="tcd"[\s\S]*>B<\/text>/,
    );
  });

  test("the value of a last expression is printed, as tslab prints it (console.log unless null or undefined)", () => {
    const s = session();
    const r = s.run('import { tensor } from "tensorcalc";\nconst t = tensor([1, 2]);\nt.shape');
    assert.deepEqual(r.outputs, [{ kind: "stream", name: "stdout", text: "[ 2 ]\n" }]);
    assert.equal(s.run("undefined").outputs.length, 0);
    assert.equal(s.run("null").outputs.length, 0);
    assert.equal(s.run('"pl" + "ain"').text, "plain\n");
  });

  test("errors: name, message and the cell line (runtime, syntax, import, reserved name)", () => {
    const s = session();
    s.run('import { zeros, matmul } from "tensorcalc";', 1);
    const shape = s.run("const a = zeros([2, 3]);\nconst b = zeros([2, 3]);\nmatmul(a, b);", 2);
    assert.equal(shape.done.ok, false);
    if (shape.done.ok) return;
    assert.equal(shape.done.error.name, "ShapeError");
    assert.match(shape.done.error.message, /\[2, 3\]/);
    assert.deepEqual(shape.done.error.at, { line: 3, column: 1 });
    const thrown = s.run('const x: number = 1;\n\n  throw new RangeError("too far");', 3);
    assert.ok(!thrown.done.ok && thrown.done.error.name === "RangeError" && thrown.done.error.at?.line === 3);
    const syntax = s.run("const a = 1;\nconst b = (;", 4);
    assert.ok(!syntax.done.ok && syntax.done.error.name === "SyntaxError" && syntax.done.error.phase === "compile");
    assert.equal(!syntax.done.ok && syntax.done.error.at?.line, 2);
    const other = s.run('import * as ts from "typescript";', 5);
    assert.ok(!other.done.ok && other.done.error.name === "ModuleNotFoundError");
    assert.match(
      !other.done.ok ? other.done.error.message : "",
      /cannot import "typescript".*only "tensorcalc" and "tslab"/,
    );
    const req = s.run('const ts = require("fs");', 6);
    assert.match(!req.done.ok ? req.done.error.message : "", /cannot import "fs"/);
    const missing = s.run('import { notAThing } from "tensorcalc";\nnotAThing();', 7);
    assert.match(!missing.done.ok ? missing.done.error.message : "", /"tensorcalc" has no export named "notAThing"/);
    // An interface imported without `type` is not a value: no error (tslab elides it too).
    assert.equal(
      s.run('import { Derivation, eye } from "tensorcalc";\nconst e: Derivation | null = null; eye(2);', 8).done.ok,
      true,
    );
    const awaitCell = s.run("await Promise.resolve(1);", 9);
    assert.match(!awaitCell.done.ok ? awaitCell.done.error.message : "", /top-level await is not supported/);
    const exp = s.run("export default 1;", 10);
    assert.match(!exp.done.ok ? exp.done.error.message : "", /cannot export/);
  });

  test("read-only names of the worker scope cannot be declared at the top level", () => {
    const g = {
      get name() {
        return "";
      },
    };
    assert.ok(reservedGlobals(g).has("name"));
    const context = vm.createContext({ console: {} });
    Object.defineProperty(vm.runInContext("globalThis", context), "origin", { get: () => "x" });
    const messages: FromWorker[] = [];
    const rt = createRuntime(
      {
        global: vm.runInContext("globalThis", context),
        runScript: (c) => void new vm.Script(c).runInContext(context),
        post: (m) => messages.push(m),
        now: () => 0,
      },
      () => ({}),
      { latex: (s) => s, markdown: (s) => s },
    );
    rt.run({ type: "run", id: 1, cell: 1, source: "const origin = 1;" });
    const done = messages.find((m) => m.type === "done");
    assert.ok(done?.type === "done" && !done.ok && /"origin" is a read-only name/.test(done.error.message));
  });
});

describe("compile, inspect, compare", () => {
  test("rewrites keep every line where it was", () => {
    const src = 'import {\n  a,\n  b,\n} from "tensorcalc";\nconst x: number = 1;\nclass K {}\nlet y = x;';
    const { code, declared } = compileCell(src, 1);
    const lines = code.split("\n");
    assert.match(lines[4], /^var {3}x = 1;$/);
    assert.match(lines[5], /^var K = class K {};$/);
    assert.match(lines[6], /^__live\.value\(\(var|^var y = x;$/);
    assert.deepEqual(declared, ["a", "b", "x", "K", "y"]);
  });

  test("console.log formats as Node does for the common values", () => {
    assert.equal(formatLog(["a", 1, [1, 2], { x: "s" }]), "a 1 [ 1, 2 ] { x: 's' }");
    assert.equal(formatLog(["%s has %d entries", "A", 6]), "A has 6 entries");
    assert.equal(formatLog([new Map([["k", 1]]), new Set([1])]), "Map(1) { 'k' => 1 } Set(1) { 1 }");
    assert.equal(inspect(Float64Array.of(1, 2)), "Float64Array(2) [ 1, 2 ]");
    const circ: Record<string, unknown> = {};
    circ.self = circ;
    assert.equal(inspect(circ), "{ self: [Circular] }");
    assert.equal(
      inspect(tensorcalc.eye(2)),
      (tensorcalc.eye(2) as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")](),
    );
  });

  test("outputs compare with the published ones: streams merged, trailing space ignored", () => {
    const published = fromNotebookOutputs([
      { output_type: "stream", name: "stdout", text: ["a\n", "b\n"] },
      { output_type: "display_data", data: { "text/latex": "$$x$$", "text/plain": "x" } },
    ]);
    assert.deepEqual(published, [
      { kind: "stream", name: "stdout", text: "a\nb\n" },
      { kind: "display", mime: "text/latex", data: "$$x$$" },
    ]);
    const live = [
      { kind: "stream" as const, name: "stdout" as const, text: "a\n" },
      { kind: "stream" as const, name: "stdout" as const, text: "b" },
      { kind: "display" as const, mime: "text/latex" as const, data: "$$x$$" },
    ];
    assert.ok(sameOutputs(live, published));
    assert.ok(!sameOutputs(live.slice(1), published));
  });
});
