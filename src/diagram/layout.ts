/**
 * Geometry of a diagram, as plain data (the SVG writer only draws it; the layout tests check
 * it): each term's nodes in a row in the order of the expression, a function box around the
 * layout of its operands, free wires as short labelled stubs, terms side by side with their
 * signs and coefficients, wrapped into rows.
 * @packageDocumentation
 */
import type { Diagram, DiagramNode, Network, PortRef, PortSide } from "./graph";

/** A point in SVG user units (y grows downward). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned rectangle. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A piece of text and the rectangle it covers. */
export interface TextBox {
  readonly text: string;
  /** The anchor point: the middle of the text, on its baseline. */
  readonly at: Point;
  readonly rect: Rect;
  readonly size: number;
  readonly role: "label" | "index" | "sign" | "coefficient" | "function";
}

/** A node placed: its rectangle, its ports' points, and for a function box the layouts inside. */
export interface PlacedNode {
  readonly node: DiagramNode;
  readonly rect: Rect;
  readonly ports: readonly Point[];
  readonly label?: TextBox;
  readonly inner?: readonly PlacedNetwork[];
}

/** A wire as a cubic Bézier curve from the port `from` to the port `to`. */
export interface PlacedWire {
  readonly from: PortRef;
  readonly to: PortRef;
  readonly curve: readonly [Point, Point, Point, Point];
}

/** A free wire: a short stub from its port, ending at its index letter. */
export interface PlacedStub {
  readonly port: PortRef;
  readonly from: Point;
  readonly to: Point;
  readonly label: TextBox;
}

/** One network placed. */
export interface PlacedNetwork {
  readonly rect: Rect;
  readonly nodes: readonly PlacedNode[];
  readonly wires: readonly PlacedWire[];
  readonly stubs: readonly PlacedStub[];
  readonly texts: readonly TextBox[];
}

/** The whole diagram placed: its terms and the signs between them, inside `width` × `height`. */
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly terms: readonly PlacedNetwork[];
  readonly texts: readonly TextBox[];
}

/** Options of {@link layoutDiagram}. */
export interface LayoutOptions {
  /** Terms wrap onto a new row past this width (user units; default 560). */
  readonly maxWidth?: number;
}

const FONT = 15;
const SMALL = 12;
const CHAR = 0.62;
const BOX_H = 34;
const GAP = 60;
const STUB = 14;
const PAD = 10;
const MARGIN = 8;

/** The width of a text in a font size (an estimate that errs wide). */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * CHAR + 2;
}

function textBox(text: string, center: Point, size: number, role: TextBox["role"]): TextBox {
  const w = textWidth(text, size);
  const h = size * 1.2;
  return {
    text,
    at: { x: center.x, y: center.y + size * 0.35 },
    rect: { x: center.x - w / 2, y: center.y - h / 2, w, h },
    size,
    role,
  };
}

const move = (r: Rect, dx: number, dy: number): Rect => ({ ...r, x: r.x + dx, y: r.y + dy });
const movePoint = (p: Point, dx: number, dy: number): Point => ({ x: p.x + dx, y: p.y + dy });
const moveText = (t: TextBox, dx: number, dy: number): TextBox => ({
  ...t,
  at: movePoint(t.at, dx, dy),
  rect: move(t.rect, dx, dy),
});

function moveNode(n: PlacedNode, dx: number, dy: number): PlacedNode {
  return {
    node: n.node,
    rect: move(n.rect, dx, dy),
    ports: n.ports.map((p) => movePoint(p, dx, dy)),
    ...(n.label === undefined ? {} : { label: moveText(n.label, dx, dy) }),
    ...(n.inner === undefined ? {} : { inner: n.inner.map((x) => moveNetwork(x, dx, dy)) }),
  };
}

/** @internal A placed network moved by (dx, dy). */
export function moveNetwork(n: PlacedNetwork, dx: number, dy: number): PlacedNetwork {
  return {
    rect: move(n.rect, dx, dy),
    nodes: n.nodes.map((x) => moveNode(x, dx, dy)),
    wires: n.wires.map((w) => ({
      ...w,
      curve: w.curve.map((p) => movePoint(p, dx, dy)) as unknown as PlacedWire["curve"],
    })),
    stubs: n.stubs.map((s) => ({
      ...s,
      from: movePoint(s.from, dx, dy),
      to: movePoint(s.to, dx, dy),
      label: moveText(s.label, dx, dy),
    })),
    texts: n.texts.map((t) => moveText(t, dx, dy)),
  };
}

const NORMAL: Record<PortSide, Point> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  top: { x: 0, y: -1 },
  bottom: { x: 0, y: 1 },
};

/** The points of a node's ports on its rectangle (ports on one side spread evenly, in axis order). */
function portPoints(node: DiagramNode, r: Rect): Point[] {
  const bySide = new Map<PortSide, number[]>();
  node.ports.forEach((p, i) => bySide.set(p.side, [...(bySide.get(p.side) ?? []), i]));
  const pts: Point[] = new Array<Point>(node.ports.length);
  for (const [side, idx] of bySide) {
    idx.forEach((i, k) => {
      const t = (k + 1) / (idx.length + 1);
      if (side === "left") pts[i] = { x: r.x, y: r.y + r.h * t };
      else if (side === "right") pts[i] = { x: r.x + r.w, y: r.y + r.h * t };
      else if (side === "top") pts[i] = { x: r.x + r.w * t, y: r.y };
      else pts[i] = { x: r.x + r.w * t, y: r.y + r.h };
    });
  }
  return pts;
}

/** A node placed with its top-left corner at (0, −h/2) (the row's axis is y = 0). */
function placeNode(node: DiagramNode, options: LayoutOptions): PlacedNode {
  const perSide = (s: PortSide): number => node.ports.filter((p) => p.side === s).length;
  const across = Math.max(perSide("top"), perSide("bottom"));
  const along = Math.max(perSide("left"), perSide("right"));
  let w: number;
  let h: number;
  let label: TextBox | undefined;
  let inner: PlacedNetwork[] | undefined;
  switch (node.kind) {
    case "identity":
      w = 44;
      h = node.ports.length > 2 ? 40 : 16;
      break;
    case "copy":
      w = node.ports.length === 1 ? 18 : 12;
      h = node.ports.length === 1 ? 18 : 12;
      break;
    case "scalar":
      w = textWidth(node.label, FONT) + 8;
      h = BOX_H;
      break;
    case "function": {
      const parts = (node.inputs ?? []).map((d) => layoutTerms(d, options));
      const header = SMALL * 1.6;
      const iw = Math.max(textWidth(node.label, SMALL) + 8, ...parts.map((p) => p.width));
      const ih = parts.reduce((s, p) => s + p.height, 0) + (parts.length - 1) * PAD;
      w = iw + 2 * PAD;
      h = header + ih + 2 * PAD;
      let y = -h / 2 + header + PAD;
      inner = [];
      for (const p of parts) {
        const dx = -w / 2 + PAD + (iw - p.width) / 2;
        for (const t of p.terms) inner.push(moveNetwork(t, dx, y));
        y += p.height + PAD;
      }
      label = textBox(
        node.label,
        { x: -w / 2 + PAD + textWidth(node.label, SMALL) / 2, y: -h / 2 + header / 2 + 2 },
        SMALL,
        "function",
      );
      break;
    }
    default:
      w = Math.max(BOX_H, textWidth(node.label, FONT) + 14, 22 * (across + 1));
      h = Math.max(BOX_H, 18 * (along + 1));
  }
  if (node.kind === "tensor" || node.kind === "scalar") label = textBox(node.label, { x: 0, y: 0 }, FONT, "label");
  const rect = { x: -w / 2, y: -h / 2, w, h };
  const placed: PlacedNode = { node, rect, ports: portPoints(node, rect), ...(label ? { label } : {}) };
  return inner === undefined ? placed : { ...placed, inner };
}

function bbox(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.w));
  const y1 = Math.max(...rects.map((r) => r.y + r.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** One network in a row along y = 0, starting at x = 0, its coefficient (if any) in front. */
function placeNetwork(net: Network, coefText: string, options: LayoutOptions): PlacedNetwork {
  const texts: TextBox[] = [];
  let x = 0;
  if (coefText !== "") {
    const w = textWidth(coefText, FONT);
    texts.push(textBox(coefText, { x: w / 2, y: 0 }, FONT, "coefficient"));
    // room for a free wire leaving the first node to the left, and its index
    x = w + PAD + STUB + 16;
  }
  const nodes: PlacedNode[] = [];
  for (const [i, n] of net.nodes.entries()) {
    const p = placeNode(n, options);
    if (i > 0) x += GAP;
    nodes.push(moveNode(p, x - p.rect.x, 0));
    x += p.rect.w;
  }
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  const point = (r: PortRef): Point => (byId.get(r.node) as PlacedNode).ports[r.port];
  const side = (r: PortRef): PortSide => (byId.get(r.node) as PlacedNode).node.ports[r.port].side;
  const rowTop = Math.min(0, ...nodes.map((n) => n.rect.y));
  const rowBottom = Math.max(0, ...nodes.map((n) => n.rect.y + n.rect.h));
  let lanesBelow = 0;
  let lanesAbove = 0;
  const wires: PlacedWire[] = net.wires.map((w) => {
    const p = point(w.a);
    const q = point(w.b);
    const sa = side(w.a);
    const sb = side(w.b);
    const na = NORMAL[sa];
    const nb = NORMAL[sb];
    const facing = (sa === "right" && sb === "left" && p.x < q.x) || (sa === "left" && sb === "right" && q.x < p.x);
    if (facing) {
      const k = Math.min(70, Math.max(18, Math.abs(q.x - p.x) / 2.5));
      return { from: w.a, to: w.b, curve: [p, movePoint(p, na.x * k, na.y * k), movePoint(q, nb.x * k, nb.y * k), q] };
    }
    // any other wire goes round the row, in a lane of its own below it (above for two top ports)
    const above = sa === "top" && sb === "top";
    const lane = above ? lanesAbove++ : lanesBelow++;
    const target = above ? rowTop - 18 - 12 * lane : rowBottom + 18 + 12 * lane;
    const Y = target + (target - (p.y + q.y) / 2) / 3;
    const out = 28;
    return {
      from: w.a,
      to: w.b,
      curve: [p, { x: p.x + na.x * out, y: Y }, { x: q.x + nb.x * out, y: Y }, q],
    };
  });
  const stubs: PlacedStub[] = net.outputs.map((o) => {
    const p = point(o.port);
    const n = NORMAL[side(o.port)];
    const to = movePoint(p, n.x * STUB, n.y * STUB);
    const lw = textWidth(o.label, SMALL);
    const gap = 3;
    const center = movePoint(to, n.x * (lw / 2 + gap), n.y * (SMALL * 0.6 + gap));
    return { port: o.port, from: p, to, label: textBox(o.label, center, SMALL, "index") };
  });
  const rect = bbox([
    ...nodes.map((n) => n.rect),
    ...stubs.map((s) => s.label.rect),
    ...texts.map((t) => t.rect),
    ...wires.flatMap((w) => w.curve.map((c) => ({ x: c.x, y: c.y, w: 0, h: 0 }))),
  ]);
  return { rect, nodes, wires, stubs, texts };
}

function formatCoef(c: number): string {
  const a = Math.abs(c);
  return a === 1 ? "" : String(Number(a.toPrecision(6)));
}

/** The terms of a diagram in rows, from (0, 0): width and height of the whole. */
function layoutTerms(d: Diagram, options: LayoutOptions): DiagramLayout {
  const maxWidth = options.maxWidth ?? 560;
  const terms: PlacedNetwork[] = [];
  const texts: TextBox[] = [];
  const rows: { items: { net?: PlacedNetwork; text?: TextBox }[]; w: number }[] = [{ items: [], w: 0 }];
  const push = (item: { net?: PlacedNetwork; text?: TextBox }, w: number, stay = false): void => {
    const row = rows[rows.length - 1];
    if (!stay && row.w > 0 && row.w + w > maxWidth) rows.push({ items: [], w: 0 });
    const r = rows[rows.length - 1];
    r.items.push(item);
    r.w += w + PAD;
  };
  d.terms.forEach((net, i) => {
    const sign = net.coef < 0 ? "−" : "+";
    // a term of no tensor is its number, written even when it is 1
    const coef = net.nodes.length === 0 ? String(Number(Math.abs(net.coef).toPrecision(6))) : formatCoef(net.coef);
    const placed = placeNetwork(net, coef, options);
    if (i > 0 || net.coef < 0) {
      const t = textBox(sign, { x: 0, y: 0 }, FONT + 2, "sign");
      push({ text: t }, t.rect.w + PAD + placed.rect.w);
      rows[rows.length - 1].w -= placed.rect.w + PAD;
    }
    push({ net: placed }, placed.rect.w, true);
  });
  if (d.terms.length === 0) {
    const t = textBox("0", { x: 0, y: 0 }, FONT, "coefficient");
    push({ text: t }, t.rect.w);
  }
  let y = 0;
  let width = 0;
  for (const row of rows) {
    const up = Math.max(10, ...row.items.map((it) => (it.net ? -it.net.rect.y : it.text ? -it.text.rect.y : 0)));
    const down = Math.max(
      10,
      ...row.items.map((it) =>
        it.net ? it.net.rect.y + it.net.rect.h : it.text ? it.text.rect.y + it.text.rect.h : 0,
      ),
    );
    let x = 0;
    for (const it of row.items) {
      if (it.net) {
        terms.push(moveNetwork(it.net, x - it.net.rect.x, y + up));
        x += it.net.rect.w + PAD;
      } else if (it.text) {
        texts.push(moveText(it.text, x - it.text.rect.x, y + up));
        x += it.text.rect.w + PAD;
      }
    }
    width = Math.max(width, x - PAD);
    y += up + down + PAD * 2;
  }
  return { width, height: y - PAD * 2, terms, texts };
}

/**
 * The geometry of a diagram: every node, wire, free wire and text placed, within a margin.
 * @example
 * ```ts
 * import { diagram, layoutDiagram } from "tensorcalc";
 * const l = layoutDiagram(diagram("A * B * C", { A: ["m", "n"], B: ["n", "p"], C: ["p", "q"] }));
 * console.log(l.terms[0].nodes.length, l.terms[0].wires.length, l.terms[0].stubs.map((s) => s.label.text)); // 3 2 [ 'i', 'j' ]
 * ```
 */
export function layoutDiagram(d: Diagram, options: LayoutOptions = {}): DiagramLayout {
  const l = layoutTerms(d, options);
  return {
    width: l.width + 2 * MARGIN,
    height: l.height + 2 * MARGIN,
    terms: l.terms.map((t) => moveNetwork(t, MARGIN, MARGIN)),
    texts: l.texts.map((t) => moveText(t, MARGIN, MARGIN)),
  };
}
