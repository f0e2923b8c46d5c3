/**
 * A diagram as a standalone SVG document: plain SVG shapes and text (no fonts, scripts or
 * LaTeX), coloured through CSS variables so that one picture follows a light or dark theme.
 * @packageDocumentation
 */
import { exprToText } from "../symbolic/print";
import type { Diagram } from "./graph";
import {
  type Curve,
  type LayoutOptions,
  type PlacedNetwork,
  type PlacedNode,
  type Point,
  type TextBox,
  layoutDiagram,
} from "./layout";

/** Options of {@link diagramSvg}. */
export interface SvgOptions extends LayoutOptions {
  /**
   * `"light"`, `"dark"`, or `"auto"` (the default): light, dark under `prefers-color-scheme: dark`
   * or inside an element with `data-theme="dark"` (the site's dark mode).
   */
  readonly theme?: "light" | "dark" | "auto";
  /** The accessible title (default: the expression drawn, as text). */
  readonly title?: string;
}

const LIGHT =
  "--tcd-ink:#1f2328;--tcd-wire:#1f2328;--tcd-box:#eef3fb;--tcd-edge:#3b5b92;--tcd-fn:#8a5a00;--tcd-index:#7a2e8e;--tcd-bg:#ffffff";
const DARK =
  "--tcd-ink:#e6edf3;--tcd-wire:#d0d7de;--tcd-box:#1c2a3f;--tcd-edge:#86a8e0;--tcd-fn:#e0b45c;--tcd-index:#d49be6;--tcd-bg:#0d1117";

function style(theme: "light" | "dark" | "auto"): string {
  const base = `.tcd{${theme === "dark" ? DARK : LIGHT}}`;
  const auto =
    theme === "auto" ? `@media (prefers-color-scheme: dark){.tcd{${DARK}}}[data-theme="dark"] .tcd{${DARK}}` : "";
  const rules = [
    ".tcd text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:var(--tcd-ink);text-anchor:middle}",
    ".tcd .bg{fill:var(--tcd-bg)}",
    ".tcd .box{fill:var(--tcd-box);stroke:var(--tcd-edge);stroke-width:1.5}",
    ".tcd .fn{fill:none;stroke:var(--tcd-fn);stroke-width:1.4;stroke-dasharray:5 3}",
    ".tcd .fnlabel{fill:var(--tcd-fn);font-weight:600}",
    ".tcd .wire{fill:none;stroke:var(--tcd-wire);stroke-width:1.6}",
    ".tcd .dot{fill:var(--tcd-wire)}",
    ".tcd .ones{fill:var(--tcd-bg);stroke:var(--tcd-wire);stroke-width:1.4}",
    ".tcd .index{fill:var(--tcd-index);font-style:italic}",
  ];
  return base + auto + rules.join("");
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (x: number): string => String(Math.round(x * 10) / 10);
const pt = (p: Point): string => `${n(p.x)} ${n(p.y)}`;

/** One path through cubic pieces that join end to end. */
const curvePath = (pieces: readonly Curve[]): string =>
  `<path class="wire" d="M ${pt(pieces[0][0])}${pieces.map(([, b, c, d]) => ` C ${pt(b)} ${pt(c)} ${pt(d)}`).join("")}"/>`;

function text(t: TextBox, cls?: string): string {
  return `<text x="${n(t.at.x)}" y="${n(t.at.y)}" font-size="${t.size}"${cls ? ` class="${cls}"` : ""}>${esc(t.text)}</text>`;
}

function nodeSvg(p: PlacedNode): string[] {
  const { node, rect: r } = p;
  const out: string[] = [];
  switch (node.kind) {
    case "tensor":
      out.push(`<rect class="box" x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" rx="5"/>`);
      break;
    case "function":
      out.push(`<rect class="fn" x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" rx="9"/>`);
      for (const inner of p.inner ?? []) out.push(...networkSvg(inner));
      break;
    case "copy": {
      const c = { x: r.x + r.w / 2, y: r.y + r.h / 2 };
      if (node.ports.length === 1) {
        // a wire ending on a ones vector (a sum over that index)
        out.push(`<path class="wire" d="M ${pt(p.ports[0])} L ${pt({ x: r.x + 2, y: c.y })}"/>`);
        out.push(`<circle class="ones" cx="${n(c.x + 2)}" cy="${n(c.y)}" r="7"/>`);
        out.push(`<text x="${n(c.x + 2)}" y="${n(c.y + 3.5)}" font-size="10">1</text>`);
      } else {
        for (const q of p.ports) out.push(`<path class="wire" d="M ${pt(q)} L ${pt(c)}"/>`);
        out.push(`<circle class="dot" cx="${n(c.x)}" cy="${n(c.y)}" r="4"/>`);
      }
      break;
    }
    case "identity":
      for (const c of p.strands ?? []) out.push(curvePath([c]));
      break;
    case "scalar":
      break;
  }
  if (p.label !== undefined) out.push(text(p.label, node.kind === "function" ? "fnlabel" : undefined));
  return out;
}

function networkSvg(net: PlacedNetwork): string[] {
  const out: string[] = [];
  for (const w of net.wires) out.push(curvePath(w.path));
  for (const s of net.stubs) {
    out.push(`<path class="wire" d="M ${pt(s.from)} L ${pt(s.to)}"/>`);
    out.push(text(s.label, "index"));
  }
  for (const node of net.nodes) out.push(...nodeSvg(node));
  for (const t of net.texts) out.push(text(t));
  return out;
}

/**
 * The diagram as a standalone SVG document (a string starting with `<svg`).
 * @example
 * ```ts
 * import { derive, diagramSvg } from "tensorcalc";
 * const svg = diagramSvg(derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }).diagram(), { theme: "dark" });
 * console.log(svg.startsWith("<svg"), svg.includes(">B</text>")); // true true
 * ```
 */
export function diagramSvg(d: Diagram, options: SvgOptions = {}): string {
  const l = layoutDiagram(d, { maxWidth: options.maxWidth ?? 420 });
  const title = options.title ?? exprToText(d.expr);
  const body = [...l.terms.flatMap(networkSvg), ...l.texts.map((t) => text(t))];
  const w = n(l.width);
  const h = n(l.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="tcd" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}" style="max-width:100%;height:auto">`,
    `<title>${esc(title)}</title>`,
    `<style>${style(options.theme ?? "auto")}</style>`,
    `<rect class="bg" x="0" y="0" width="${w}" height="${h}" rx="6"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
