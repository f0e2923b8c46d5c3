import { test } from "node:test";
import assert from "node:assert/strict";
import { show, latex, LatexString, tensor, eye, tensorToLatex, formatTensor, ShapeError } from "../../src";
import { setDisplaySink, tslabDisplay } from "../../src/display/show";

function captureConsole(f: () => void): string[] {
  const out: string[] = [];
  const orig = console.log;
  console.log = (...args: unknown[]) => void out.push(args.map(String).join(" "));
  try {
    f();
  } finally {
    console.log = orig;
  }
  return out;
}

/** Pretend to be inside a tslab kernel: tslab's jupyter and public modules in require.cache. */
function withFakeTslab(f: (calls: [string, string][]) => void): void {
  const calls: [string, string][] = [];
  const root = "/fake/node_modules/tslab/dist/";
  const cache = require.cache as Record<string, unknown>;
  const publicModule = {
    display: {
      latex: (s: string) => calls.push(["latex", s]),
      markdown: (s: string) => calls.push(["markdown", s]),
      html: (s: string) => calls.push(["html", s]),
    },
  };
  cache[root + "jupyter.js"] = {
    exports: { lastWriteDisplayData: () => undefined },
    require: (id: string) => {
      assert.equal(id, "./public");
      return publicModule;
    },
  };
  try {
    f(calls);
  } finally {
    delete cache[root + "jupyter.js"];
  }
}

test("outside tslab, show prints text", () => {
  assert.equal(tslabDisplay(), undefined);
  const A = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(
    captureConsole(() => show(A)),
    [formatTensor(A)],
  );
  assert.deepEqual(
    captureConsole(() => show(A, { label: "A" })),
    [`A =\n${formatTensor(A)}`],
  );
  assert.deepEqual(
    captureConsole(() => show(latex("x^2"))),
    ["x^2"],
  );
  assert.deepEqual(
    captureConsole(() => show("\\alpha")),
    ["\\alpha"],
  );
  assert.deepEqual(
    captureConsole(() => show({ latex: "A^T", text: "A'", title: "transpose" })),
    ["transpose\nA'"],
  );
});

test("inside tslab, show renders LaTeX through tslab's display", () => {
  withFakeTslab((calls) => {
    assert.ok(tslabDisplay());
    const I = eye(2, 3);
    show(I);
    show(I, { label: "I_{2\\times 3}" });
    show(latex("\\frac{a}{b}"));
    show({ toLatex: () => "\\beta" });
    show({ latex: "A^T", title: "Tensor form" });
    const silent = captureConsole(() => show(I, { text: true }));
    assert.deepEqual(calls, [
      ["latex", `$$${tensorToLatex(I)}$$`],
      ["latex", `$$I_{2\\times 3} = ${tensorToLatex(I)}$$`],
      ["latex", "$$\\frac{a}{b}$$"],
      ["latex", "$$\\beta$$"],
      ["markdown", "**Tensor form**\n\n$$A^T$$"],
    ]);
    assert.deepEqual(silent, [formatTensor(I)]);
  });
  assert.equal(tslabDisplay(), undefined);
});

test("a loaded but idle tslab (no kernel) is not mistaken for a notebook", () => {
  const cache = require.cache as Record<string, unknown>;
  const root = "/idle/node_modules/tslab/dist/";
  cache[root + "jupyter.js"] = {
    exports: { lastWriteDisplayData: null },
    require: () => ({ display: { latex: () => undefined, markdown: () => undefined } }),
  };
  try {
    assert.equal(tslabDisplay(), undefined);
  } finally {
    delete cache[root + "jupyter.js"];
  }
});

test("latex() wraps a string; show rejects what it cannot display", () => {
  const s = latex("Y = A^T B");
  assert.ok(s instanceof LatexString);
  assert.equal(s.toLatex(), "Y = A^T B");
  assert.throws(
    () => latex(3 as unknown as string),
    (e: unknown) => e instanceof ShapeError && /latex: expected a string of LaTeX, got number/.test(e.message),
  );
  assert.throws(
    () => show(42 as unknown as string),
    (e: unknown) =>
      e instanceof ShapeError &&
      /show: expected a Tensor, a LaTeX string, latex\(\.\.\.\), an object with toLatex\(\) or a latex property, or a derivation or verification report, got number/.test(
        e.message,
      ),
  );
});

test("a host's display sink (setDisplaySink) receives what tslab's display would, until it is unset", () => {
  const calls: [string, string][] = [];
  setDisplaySink({
    latex: (s) => calls.push(["latex", s]),
    markdown: (s) => calls.push(["markdown", s]),
    html: (s) => calls.push(["html", s]),
  });
  try {
    const printed = captureConsole(() => {
      show(eye(2), { label: "I" });
      show(latex("x^2"));
      show(eye(2), { text: true });
    });
    assert.deepEqual(calls, [
      ["latex", `$$I = ${tensorToLatex(eye(2))}$$`],
      ["latex", "$$x^2$$"],
    ]);
    assert.deepEqual(printed, [formatTensor(eye(2))], "text: true still prints");
  } finally {
    setDisplaySink(undefined);
  }
  assert.deepEqual(
    captureConsole(() => show(latex("y"))),
    ["y"],
  );
  assert.equal(calls.length, 2);
});
