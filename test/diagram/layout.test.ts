/**
 * The layout, checked by geometry: no two boxes overlap, no label overlaps a box or another
 * label, every wire ends on a port of its own node, and the picture grows linearly with the
 * number of nodes. Run on every drawn form of every catalogue row and on random chains.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { catalogue, derive } from "../../src/index";
import {
  diagram,
  diagramSvg,
  layoutDiagram,
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
      [w.from, w.curve[0]],
      [w.to, w.curve[3]],
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
