/**
 * How a diagram displays itself: `show(d.diagram())` draws it in a notebook (its SVG through
 * the kernel's HTML display), and `console.log` prints a one-line summary of its terms.
 * @packageDocumentation
 * @internal
 */
import { DISPLAY, type DisplayBlock } from "../display/protocol";
import { exprToText } from "../symbolic/print";
import type { Diagram } from "./graph";
import { diagramSvg } from "./svg";

/** The diagram in words: what it draws, its terms and nodes, its free wires. */
export function diagramText(d: Diagram): string {
  const terms = d.terms.map((t) => {
    const labels = t.nodes.map((n) => n.label).filter((l) => l !== "");
    const coef = t.coef === 1 ? "" : `${t.coef} · `;
    return `${coef}[${labels.join(", ")}]`;
  });
  const free = d.terms[0]?.outputs.length ?? 0;
  return `diagram of ${exprToText(d.expr)}: ${terms.join(" + ")}, ${free} free wire${free === 1 ? "" : "s"}`;
}

/** The display block of a diagram: its picture, with `title` above it. */
export function diagramBlock(d: Diagram, title?: string): DisplayBlock {
  return { ...(title === undefined ? {} : { title }), svg: diagramSvg(d), text: diagramText(d) };
}

/** @internal Gives `d` its display (non-enumerable: JSON and deep equality see no change). */
export function withDiagramDisplay(d: Omit<Diagram, typeof DISPLAY>): Diagram {
  Object.defineProperty(d, DISPLAY, { value: () => diagramBlock(d as Diagram), configurable: true, writable: true });
  Object.defineProperty(d, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => diagramText(d as Diagram),
    configurable: true,
    writable: true,
  });
  return d as Diagram;
}
