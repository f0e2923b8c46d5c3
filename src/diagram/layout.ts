/**
 * Geometry of a diagram, as plain data (the SVG writer only draws it; the layout tests check
 * it): each term's nodes in a row in the order of the expression, a function box around the
 * layout of its operands, free wires as short labelled stubs, terms side by side with their
 * signs and coefficients, wrapped into rows.
 * @packageDocumentation
 */
import type { Diagram, DiagramNode, Network, PortRef, PortSide, Wire } from "./graph";

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
  /** identity: the bare wires inside the node, one cubic Bézier curve per pair of ports. */
  readonly strands?: readonly Curve[];
}

/** A cubic Bézier curve: start, two control points, end. */
export type Curve = readonly [Point, Point, Point, Point];

/**
 * A wire from the port `from` to the port `to`, as a path of cubic Bézier pieces (one curve
 * between neighbours; out of each port, round the row in its lane and back, with rounded
 * corners, for any other wire).
 */
export interface PlacedWire {
  readonly from: PortRef;
  readonly to: PortRef;
  readonly path: readonly Curve[];
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
    ...(n.strands === undefined ? {} : { strands: n.strands.map((c) => moveCurve(c, dx, dy)) }),
  };
}

const moveCurve = (c: Curve, dx: number, dy: number): Curve => c.map((p) => movePoint(p, dx, dy)) as unknown as Curve;

/** @internal A placed network moved by (dx, dy). */
export function moveNetwork(n: PlacedNetwork, dx: number, dy: number): PlacedNetwork {
  return {
    rect: move(n.rect, dx, dy),
    nodes: n.nodes.map((x) => moveNode(x, dx, dy)),
    wires: n.wires.map((w) => ({ ...w, path: w.path.map((c) => moveCurve(c, dx, dy)) })),
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
  const ports = portPoints(node, rect);
  const placed: PlacedNode = { node, rect, ports, ...(label ? { label } : {}) };
  if (node.kind === "identity") return { ...placed, strands: identityStrands(node, rect, ports) };
  return inner === undefined ? placed : { ...placed, inner };
}

/** The bare wires of an identity node: each pair of ports joined by a curve that leaves each port inward. */
function identityStrands(node: DiagramNode, r: Rect, ports: readonly Point[]): Curve[] {
  const k = Math.min(r.w, r.h) * 0.6;
  return (node.pairs ?? []).map(([a, b]) => {
    const pa = ports[a];
    const pb = ports[b];
    const na = NORMAL[node.ports[a].side];
    const nb = NORMAL[node.ports[b].side];
    return [pa, movePoint(pa, -na.x * k, -na.y * k), movePoint(pb, -nb.x * k, -nb.y * k), pb];
  });
}

function bbox(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.w));
  const y1 = Math.max(...rects.map((r) => r.y + r.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * A polyline with rounded corners as cubic pieces: straight runs (as degenerate cubics) and a
 * quarter-turn at each corner, its radius at most half of either neighbouring run.
 */
function roundedPath(points: readonly Point[], radius: number): Curve[] {
  const pts = points.filter((q, i) => i === 0 || q.x !== points[i - 1].x || q.y !== points[i - 1].y);
  const toward = (from: Point, to: Point, d: number): Point => {
    const len = Math.hypot(to.x - from.x, to.y - from.y);
    return len === 0 ? from : { x: from.x + ((to.x - from.x) * d) / len, y: from.y + ((to.y - from.y) * d) / len };
  };
  const line = (u: Point, v: Point): Curve => [
    u,
    toward(u, v, Math.hypot(v.x - u.x, v.y - u.y) / 3),
    toward(v, u, Math.hypot(v.x - u.x, v.y - u.y) / 3),
    v,
  ];
  const out: Curve[] = [];
  let from = pts[0];
  for (let i = 1; i < pts.length - 1; i++) {
    const c = pts[i];
    const r = Math.min(
      radius,
      Math.hypot(c.x - pts[i - 1].x, c.y - pts[i - 1].y) / 2,
      Math.hypot(pts[i + 1].x - c.x, pts[i + 1].y - c.y) / 2,
    );
    const enter = toward(c, pts[i - 1], r);
    const exit = toward(c, pts[i + 1], r);
    if (enter.x !== from.x || enter.y !== from.y) out.push(line(from, enter));
    out.push([enter, toward(enter, c, r * 0.55), toward(exit, c, r * 0.55), exit]);
    from = exit;
  }
  out.push(line(from, pts[pts.length - 1]));
  return out;
}

/**
 * Which arcs go above the row (true) and which below: arcs whose intervals interleave cross on
 * the same side, so the interleaving graph is two-coloured (breadth first, from the arcs whose
 * ports fix their side), and an arc that cannot be coloured keeps its crossing below.
 */
function sidesOfArcs(
  intervals: readonly (readonly [number, number])[],
  forced: readonly ("above" | "below" | undefined)[],
): boolean[] {
  const interleave = ([a1, b1]: readonly [number, number], [a2, b2]: readonly [number, number]): boolean =>
    (a1 < a2 && a2 < b1 && b1 < b2) || (a2 < a1 && a1 < b2 && b2 < b1);
  const up: (boolean | undefined)[] = forced.map((f) => (f === undefined ? undefined : f === "above"));
  const order = [...intervals.keys()].sort((i, j) => Number(forced[j] !== undefined) - Number(forced[i] !== undefined));
  for (const start of order) {
    if (up[start] === undefined) up[start] = false;
    const queue = [start];
    const visited = new Set([start]);
    while (queue.length > 0) {
      const i = queue.shift() as number;
      intervals.forEach((iv, j) => {
        if (j === i || visited.has(j) || !interleave(intervals[i], iv)) return;
        if (up[j] === undefined) up[j] = !up[i];
        visited.add(j);
        queue.push(j);
      });
    }
  }
  return up.map((u) => u === true);
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
  // A wire between ports that do not face each other (or face each other across other boxes) goes round the row, below it or above it,
  // in a lane of its own (the shortest innermost, so nested arcs do not cross); see sidesOfArcs.
  const facing = (w: Wire): boolean => {
    const p = point(w.a);
    const q = point(w.b);
    const sa = side(w.a);
    const sb = side(w.b);
    const faces = (sa === "right" && sb === "left" && p.x < q.x) || (sa === "left" && sb === "right" && q.x < p.x);
    // straight across only to a neighbour: a box in between would sit on the wire
    const [x0, x1] = [Math.min(p.x, q.x), Math.max(p.x, q.x)];
    return faces && !nodes.some((n) => n.rect.x >= x0 - 1e-9 && n.rect.x + n.rect.w <= x1 + 1e-9);
  };
  const interval = (w: Wire): [number, number] => {
    const xs = [point(w.a).x, point(w.b).x];
    return [Math.min(...xs), Math.max(...xs)];
  };
  const around = net.wires
    .filter((w) => !facing(w))
    .sort((u, v) => interval(u)[1] - interval(u)[0] - (interval(v)[1] - interval(v)[0]));
  const up = sidesOfArcs(
    around.map(interval),
    around.map((w) => {
      const sides = [side(w.a), side(w.b)];
      return sides.includes("bottom") ? "below" : sides.includes("top") ? "above" : undefined;
    }),
  );
  const below = around.filter((_, i) => !up[i]);
  const above = around.filter((_, i) => up[i]);
  const laneOf = new Map<Wire, { above: boolean; lane: number }>([
    ...below.map((w, lane): [Wire, { above: boolean; lane: number }] => [w, { above: false, lane }]),
    ...above.map((w, lane): [Wire, { above: boolean; lane: number }] => [w, { above: true, lane }]),
  ]);
  const wires: PlacedWire[] = net.wires.map((w) => {
    const p = point(w.a);
    const q = point(w.b);
    const sa = side(w.a);
    const sb = side(w.b);
    const na = NORMAL[sa];
    const nb = NORMAL[sb];
    const route = laneOf.get(w);
    if (route === undefined) {
      const k = Math.min(70, Math.max(18, Math.abs(q.x - p.x) / 2.5));
      return { from: w.a, to: w.b, path: [[p, movePoint(p, na.x * k, na.y * k), movePoint(q, nb.x * k, nb.y * k), q]] };
    }
    // out of each port (sideways ports step out past their box, in a column of their lane), to
    // the lane's level below or above the row, across, and back into the other port
    const { lane } = route;
    const Y = route.above ? rowTop - 16 - 10 * lane : rowBottom + 16 + 10 * lane;
    const out = 10 + 5 * lane;
    const leave = (r: Point, n: Point): Point[] => (n.x !== 0 ? [r, movePoint(r, n.x * out, 0)] : [r]);
    const a = leave(p, na);
    const b = leave(q, nb).reverse();
    const corners = [...a, { x: a[a.length - 1].x, y: Y }, { x: b[0].x, y: Y }, ...b];
    return { from: w.a, to: w.b, path: roundedPath(corners, 8) };
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
    ...wires.flatMap((w) => w.path.flat().map((c) => ({ x: c.x, y: c.y, w: 0, h: 0 }))),
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
