/**
 * The layout, checked by geometry: no two boxes overlap, no label overlaps a box or another
 * label, every wire ends on a port of its own node, no wire runs through a box, wires cross only
 * where the graph has a β, and the picture grows linearly with the number of nodes. Run on every
 * drawn form of every catalogue row and on random chains.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { catalogue, derive } from "../../src/index";
import {
  diagram,
  diagramSvg,
  layoutDiagram,
  type Curve,
  type Diagram,
  type PlacedNetwork,
  type Rect,
  type TextBox,
} from "../../src/diagram/index";
import { DRAWN_FORMS } from "../../src/diagram/forms";

const overlap = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
const inside = (a: Rect, b: Rect): boolean =>
  a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.w <= b.x + b.w + 0.5 && a.y + a.h <= b.y + b.h + 0.5;
const near = (p: { x: number; y: number }, q: { x: number; y: number }): boolean =>
  Math.abs(p.x - q.x) < 1e-9 && Math.abs(p.y - q.y) < 1e-9;

/** Boxes and labels of one level of a network (a function box's contents are checked as their own level). */
function check(net: PlacedNetwork, where: string, outerTexts: readonly TextBox[]): void {
  const boxes = net.nodes.filter((n) => n.node.kind !== "identity").map((n) => ({ id: n.node.id, r: n.rect }));
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(!overlap(a.r, b.r), `${where}: the boxes of nodes ${a.id} and ${b.id} overlap`);
  const labels: { text: TextBox; own?: number }[] = [
    ...net.nodes.flatMap((n) => (n.label ? [{ text: n.label, own: n.node.id }] : [])),
    ...net.stubs.map((s) => ({ text: s.label })),
    ...net.texts.map((t) => ({ text: t })),
    ...outerTexts.map((t) => ({ text: t })),
  ];
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1))
      assert.ok(!overlap(a.text.rect, b.text.rect), `${where}: the labels ${a.text.text} and ${b.text.text} overlap`);
    for (const box of boxes) {
      if (box.id === a.own) {
        assert.ok(inside(a.text.rect, box.r), `${where}: the label ${a.text.text} sticks out of its box`);
        continue;
      }
      assert.ok(!overlap(a.text.rect, box.r), `${where}: the label ${a.text.text} overlaps the box of node ${box.id}`);
    }
  }
  const byId = new Map(net.nodes.map((n) => [n.node.id, n]));
  for (const w of net.wires) {
    for (const [end, point] of [
      [w.from, w.path[0][0]],
      [w.to, w.path[w.path.length - 1][3]],
    ] as const) {
      const node = byId.get(end.node);
      assert.ok(node !== undefined, `${where}: a wire ends on node ${end.node}, which is not in its network`);
      assert.ok(end.port < node.ports.length, `${where}: a wire ends on port ${end.port} of ${node.node.label}`);
      assert.ok(near(point, node.ports[end.port]), `${where}: a wire does not end on its port of ${node.node.label}`);
    }
  }
  for (const s of net.stubs) {
    const node = byId.get(s.port.node);
    assert.ok(node !== undefined && near(s.from, node.ports[s.port.port]), `${where}: a free wire leaves no port`);
  }
  for (const n of net.nodes) {
    for (const p of n.ports) {
      const r = n.rect;
      const onEdge =
        (Math.abs(p.x - r.x) < 1e-9 ||
          Math.abs(p.x - r.x - r.w) < 1e-9 ||
          Math.abs(p.y - r.y) < 1e-9 ||
          Math.abs(p.y - r.y - r.h) < 1e-9) &&
        p.x >= r.x - 1e-9 &&
        p.x <= r.x + r.w + 1e-9 &&
        p.y >= r.y - 1e-9 &&
        p.y <= r.y + r.h + 1e-9;
      assert.ok(onEdge, `${where}: a port of ${n.node.label} is not on its edge`);
    }
    for (const inner of n.inner ?? []) {
      assert.ok(inside(inner.rect, n.rect), `${where}: the contents of ${n.node.label} stick out of its box`);
      check(inner, `${where} › ${n.node.label}`, []);
    }
  }
}

for (const row of catalogue) {
  test(`layout of ${row.id}: boxes and labels apart, wires on their ports`, () => {
    const d = derive(row.expr, row.wrt, row.shapes, { symmetric: row.symmetric });
    const pictures = [
      diagram(d.expr, d.shapes),
      ...d.forms.filter((f) => DRAWN_FORMS.includes(f.name) && f.rhs !== undefined).map((f) => diagram(f, d.shapes)),
    ];
    for (const g of pictures) {
      const l = layoutDiagram(g);
      const where = `${row.id} ${g.expr.op}`;
      l.terms.forEach((t, i) => check(t, `${where} term ${i + 1}`, i === 0 ? l.texts : []));
      for (const [i, a] of l.terms.entries())
        for (const b of l.terms.slice(i + 1)) assert.ok(!overlap(a.rect, b.rect), `${where}: two terms overlap`);
      for (const t of l.texts)
        for (const term of l.terms) assert.ok(!overlap(t.rect, term.rect), `${where}: a sign overlaps a term`);
      for (const term of l.terms)
        assert.ok(inside(term.rect, { x: 0, y: 0, w: l.width, h: l.height }), `${where}: outside the picture`);
    }
  });
}

/** A point of a cubic Bézier curve. */
function bezier(c: Curve, t: number): { x: number; y: number } {
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: c.reduce((s, p, i) => s + w[i] * p.x, 0), y: c.reduce((s, p, i) => s + w[i] * p.y, 0) };
}

type Pt = { x: number; y: number };
const orient = (p: Pt, q: Pt, r: Pt): number => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
/** Two segments cross properly (touching at an end does not count). */
const segmentsCross = (a: Pt, b: Pt, c: Pt, d: Pt): boolean =>
  orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;

/** How many pairs of wires of a placed network cross (each curve as a 40-segment polyline; inner networks too). */
function crossings(net: PlacedNetwork): number {
  const curvesOf = (n: PlacedNetwork): (readonly Curve[])[] => [
    ...n.wires.map((w) => w.path),
    ...n.nodes.flatMap((x) => [...(x.strands ?? []).map((c) => [c]), ...(x.inner ?? []).flatMap(curvesOf)]),
  ];
  // each wire as one polyline through its pieces
  const lines = curvesOf(net).map((path) =>
    path.flatMap((c, k) => Array.from({ length: 41 }, (_, i) => bezier(c, i / 40)).slice(k === 0 ? 0 : 1)),
  );
  let n = 0;
  for (let i = 0; i < lines.length; i++)
    for (let j = i + 1; j < lines.length; j++) {
      const hit = lines[i].some(
        (p, a) =>
          a + 1 < lines[i].length &&
          lines[j].some((q, b) => b + 1 < lines[j].length && segmentsCross(p, lines[i][a + 1], q, lines[j][b + 1])),
      );
      if (hit) n++;
    }
  return n;
}

const pictureCrossings = (g: Diagram): number => layoutDiagram(g).terms.reduce((s, t) => s + crossings(t), 0);

/** How many β a tree holds (each may cross two wires). */
const betas = (e: Diagram["expr"]): number => (e.op === "beta" ? 1 : 0) + e.args.reduce((s, a) => s + betas(a), 0);

test("wires cross only where the graph has a β: α draws as two parallel wires, β as two crossed ones", () => {
  assert.equal(pictureCrossings(diagram("alpha(m, n)")), 0);
  assert.equal(pictureCrossings(diagram("beta(m, n)")), 1);
  assert.equal(pictureCrossings(diagram("I(n)")), 0);
  // every catalogue picture without a function box: at most one crossing per β of its tree
  for (const row of catalogue) {
    const d = derive(row.expr, row.wrt, row.shapes, { symmetric: row.symmetric });
    const pictures = [
      diagram(d.expr, d.shapes),
      ...d.forms.filter((f) => DRAWN_FORMS.includes(f.name) && f.rhs !== undefined).map((f) => diagram(f, d.shapes)),
    ];
    for (const g of pictures) {
      if (g.terms.some((t) => t.nodes.some((n) => n.kind === "function"))) continue;
      const n = pictureCrossings(g);
      assert.ok(n <= betas(g.expr), `${row.id} ${g.expr.op}: ${n} crossings, ${betas(g.expr)} β`);
    }
  }
});

test("no wire runs through a box: every catalogue picture's wires keep out of the boxes they do not end on", () => {
  const through = (net: PlacedNetwork, where: string): void => {
    for (const w of net.wires) {
      const pts = w.path.flatMap((c) => Array.from({ length: 21 }, (_, i) => bezier(c, i / 20)));
      for (const n of net.nodes) {
        if (n.node.kind === "identity") continue;
        const r = n.rect;
        const inBox = pts.some((p) => p.x > r.x + 1 && p.x < r.x + r.w - 1 && p.y > r.y + 1 && p.y < r.y + r.h - 1);
        assert.ok(!inBox, `${where}: a wire runs through the box of ${n.node.label}`);
      }
    }
    for (const n of net.nodes) for (const inner of n.inner ?? []) through(inner, `${where} › ${n.node.label}`);
  };
  for (const row of catalogue) {
    const d = derive(row.expr, row.wrt, row.shapes, { symmetric: row.symmetric });
    const pictures = [
      diagram(d.expr, d.shapes),
      ...d.forms.filter((f) => DRAWN_FORMS.includes(f.name) && f.rhs !== undefined).map((f) => diagram(f, d.shapes)),
    ];
    for (const g of pictures) layoutDiagram(g).terms.forEach((t) => through(t, `${row.id} ${g.expr.op}`));
  }
});

test("a chain of n matrices, transposed at random, has no crossing wire; closed by a trace, at most one", () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), fc.boolean(), (transposed, traced) => {
      const n = transposed.length;
      const dims = Array.from({ length: n + 1 }, (_, i) => (traced && i === n ? "d0" : `d${i}`));
      const shapes = Object.fromEntries(
        transposed.map((t, i) => [`A${i}`, t ? [dims[i + 1], dims[i]] : [dims[i], dims[i + 1]]]),
      );
      const chain = transposed.map((t, i) => (t ? `A${i}'` : `A${i}`)).join(" * ");
      const g = diagram(traced ? `tr(${chain})` : chain, shapes);
      // (the trace's wire goes round the whole row: with the ports' sides fixed it may have to cross one arc)
      assert.ok(pictureCrossings(g) <= (traced ? 1 : 0), `${traced ? `tr(${chain})` : chain}: ${pictureCrossings(g)}`);
    }),
    { numRuns: 200, seed: 7 },
  );
});

test("the picture of a chain of n matrices grows linearly with n (and fits 320 px at its scale)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 14 }), (n) => {
      const names = Array.from({ length: n }, (_, i) => `A${i}`);
      const shapes = Object.fromEntries(names.map((a, i) => [a, [`d${i}`, `d${i + 1}`]]));
      const area = (k: number): number => {
        const l = layoutDiagram(diagram(names.slice(0, k).join(" * "), shapes), { maxWidth: 1e9 });
        return l.width;
      };
      const w1 = area(1);
      const wn = area(n);
      // each matrix adds one box and one gap: at most a constant per node
      assert.ok(wn <= w1 * n + 80 * (n - 1), `width ${wn} for ${n} nodes (one: ${w1})`);
      assert.ok(wn >= w1 + 40 * (n - 1), `width ${wn} for ${n} nodes does not grow`);
    }),
    { numRuns: 20 },
  );
});

test("a long sum wraps into rows: the width stays bounded, the height grows", () => {
  const terms = Array.from({ length: 12 }, (_, i) => `A${i}`);
  const l = layoutDiagram(diagram(terms.join(" + "), Object.fromEntries(terms.map((t) => [t, ["m", "n"]]))), {
    maxWidth: 420,
  });
  assert.ok(l.width <= 420 + 40, `width ${l.width}`);
  assert.ok(l.height > 3 * 34, `height ${l.height}`);
});

test("the SVG is standalone: plain SVG text, both themes, no script or external reference", () => {
  const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }).diagram();
  for (const theme of ["light", "dark", "auto"] as const) {
    const svg = diagramSvg(d, { theme });
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(!/<script|href=|<foreignObject|@import/.test(svg), "no script, link or foreign content");
    assert.match(svg, /<text[^>]*>B<\/text>/);
    assert.match(svg, /--tcd-ink:/);
  }
  assert.ok(diagramSvg(d, { theme: "dark" }).includes("#0d1117"));
  assert.ok(diagramSvg(d, { theme: "auto" }).includes("prefers-color-scheme: dark"));
  assert.ok(!diagramSvg(d, { theme: "light" }).includes("prefers-color-scheme"));
});
