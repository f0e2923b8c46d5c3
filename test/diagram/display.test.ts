/**
 * How diagrams show: `show(d.diagram())` (its SVG through the notebook's HTML display, a one-line
 * summary as text), the display protocol's `svg` blocks, and `d.stepDiagrams(route)`: every step
 * of every route of every catalogue row drawn where its line is a tensor, each picture contracted
 * on random rectangular values and compared with the value of the line it draws.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as util from "node:util";
import fc from "fast-check";
import { DISPLAY, allclose, catalogue, derive, diagramSvg, randn, reshape, show, type Tensor } from "../../src/index";
import { contractDiagram, diagram } from "../../src/diagram/index";
import { displayBlocks } from "../../src/display/protocol";
import { blocksToOutputs } from "../../src/display/show";
import { evaluatePadded } from "../../src/symbolic/evaluate";
import { drawValues } from "../../src/symbolic/sampling";
import { inferShapes } from "../../src/symbolic/shapes";
import { dimValue } from "../../src/symbolic/shapes";
import { inTslab } from "../helpers/tslab";

const seed = () => derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });

test("a diagram is displayable: its block is its SVG, with a summary as text", () => {
  const g = seed().diagram();
  const blocks = displayBlocks(g);
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0].svg, diagramSvg(g));
  assert.equal(blocks[0].text, "diagram of αBᵀ:β: [B, δ], 4 free wires");
  assert.equal(util.inspect(g), blocks[0].text);
  // the display is not enumerable: JSON and object spreads see the diagram's data only
  assert.deepEqual(Object.keys(g).sort(), ["expr", "info", "shapes", "terms", "unit"]);
});

test("show(diagram) outside a notebook prints its summary", () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    show(diagram("x' * A * x", { A: ["n", "n"] }));
  } finally {
    console.log = log;
  }
  assert.deepEqual(lines, ["diagram of xᵀAx: [x, A, x], 0 free wires"]);
});

test("show(diagram) and show(steps pictures) inside a notebook: the SVG through the kernel's HTML display", () => {
  const d = seed();
  const one = inTslab(() => show(d.diagram()));
  assert.deepEqual(one, [["html", diagramSvg(d.diagram())]]);
  const calls = inTslab(() => show(d.stepDiagrams("tensor")));
  // the route's title, Y's picture, then each step's line (Markdown with KaTeX) and its picture
  assert.deepEqual(
    calls.map(([k]) => k),
    ["markdown", "html", "markdown", "html", "markdown", "html", "markdown", "html"],
  );
  assert.match(calls[2][1], /^\*\*1\. write the products with α ✓\*\*\n\n\$\$/);
  assert.ok(calls.filter(([k]) => k === "html").every(([, x]) => x.startsWith("<svg")));
});

test("blocks become notebook outputs in order: Markdown runs, each picture as HTML after its block's text", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  const out = blocksToOutputs([
    { title: "one", latex: "x", text: "x" },
    { markdown: "*two*", text: "two" },
    { title: "three", svg, text: "three" },
    { svg, text: "four" },
    { latex: "y", text: "y" },
  ]);
  assert.deepEqual(out, [
    { kind: "markdown", source: "**one**\n\n$$x$$\n\n*two*\n\n**three**" },
    { kind: "html", source: svg },
    { kind: "html", source: svg },
    { kind: "markdown", source: "$$y$$" },
  ]);
});

test("a display block's svg must be an SVG document", () => {
  const bad = { [DISPLAY]: () => ({ svg: "<div>not svg</div>", text: "x" }) };
  assert.throws(() => displayBlocks(bad), /block \(number 1\) whose svg is not an SVG document/);
  const none = { [DISPLAY]: () => ({ text: "x" }) };
  assert.throws(() => displayBlocks(none), /without a text and a latex, markdown or svg string/);
});

test("the seed's tensor route drawn step by step: AᵀB, αBᵀ:Aᵀ, αBᵀ:β:A, αBᵀ:β", () => {
  const s = seed().stepDiagrams("tensor");
  assert.equal(s.route, "tensor");
  assert.deepEqual(
    s.steps.map((st) => [st.rule, st.text, st.diagram?.terms[0].nodes.map((n) => n.label)]),
    [
      // α and β are wires: their lines draw the network of AᵀB, until A is cut out (a bare wire i–l remains)
      ["write the products with α", "αBᵀ:Aᵀ", ["B", "A"]],
      ["write the transpose with β", "αBᵀ:β:A", ["B", "A"]],
      ["identification of the tensor", "αBᵀ:β", ["B", "δ"]],
    ],
  );
  assert.deepEqual(
    s.start?.terms[0].nodes.map((n) => n.label),
    ["A", "B"],
  );
  const blocks = displayBlocks(s);
  // the route's title with Y's picture, then each step's line and its picture
  assert.equal(blocks.length, 1 + 2 * 3);
  assert.equal(blocks.filter((b) => b.svg !== undefined).length, 4);
  assert.match(blocks[0].title ?? "", /^Steps \(tensor route\)/);
});

test("a line with a pending differential has no picture, and says why", () => {
  const s = seed().stepDiagrams("kron");
  assert.equal(s.steps[0].diagram, undefined);
  assert.match(s.steps[0].reason ?? "", /d\(Aᵀ\) cannot be drawn: a differential dX is notation/);
  assert.ok(s.steps.slice(1).every((st) => st.diagram !== undefined));
});

/** The value of a line of the steps at values (the differential d<wrt> among them). */
function lineValue(
  e: Parameters<typeof inferShapes>[0],
  shapes: Parameters<typeof inferShapes>[1],
  values: Record<string, Tensor>,
  sizes: Record<string, number>,
): Tensor {
  const info = inferShapes(e, shapes);
  return evaluatePadded(info.expr, values, sizes, info);
}

for (const row of catalogue) {
  test(`catalogue ${row.id}: every drawn step of every route contracts to its line, on rectangular sizes`, () => {
    const d = derive(row.expr, row.wrt, row.shapes, { symmetric: row.symmetric });
    const routes = d.stepRoutes().filter((r) => r.reason === undefined);
    const drawn = routes.map((r) => d.stepDiagrams(r.route));
    const lines = drawn.flatMap((s) =>
      [
        ...(s.start ? [{ g: s.start, e: s.source.steps[0].before, what: `${s.route} start` }] : []),
        ...s.steps.flatMap((st, n) =>
          st.diagram ? [{ g: st.diagram, e: s.source.steps[n].after, what: `${s.route} ${n + 1} (${st.rule})` }] : [],
        ),
      ].map((l) => ({ ...l, shapes: s.shapes })),
    );
    if (lines.length === 0) return;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (sizes, seedValue) => {
          const dims: Record<string, number> = {};
          d.info.dimNames.forEach((n, i) => (dims[n] = sizes[i % sizes.length]));
          const { values } = drawValues(d, {}, dims, seedValue);
          const shape = d.wrtShape.map((x) => dimValue(x, dims));
          const all = { ...values, [`d${row.wrt}`]: randn(shape, { seed: seedValue + 1 }) };
          for (const l of lines) {
            const want = lineValue(l.e, l.shapes, all, dims);
            const got = reshape(contractDiagram(l.g, all, dims), want.size === 1 ? [1] : [want.size]);
            const w = reshape(want, got.shape);
            if (got.size === 1 && want.size !== 1) continue;
            assert.ok(allclose(got, w, { rtol: 1e-8, atol: 1e-8 }), `${row.id} ${l.what}: ${got} vs ${w}`);
          }
        },
      ),
      { numRuns: 3, seed: 26 },
    );
  });
}
