/**
 * A remark plugin for the site: math inside headings is rendered by KaTeX
 * up front (as raw HTML) so that the page's table of contents shows rendered
 * math too, instead of raw TeX, and the heading gets a readable anchor built
 * from the plain-text reading of the math (`∂Y/∂B = Aᵀα` →
 * `#∂y∂b--aᵀα`-style slugs from Docusaurus' slugger).
 *
 * Runs before Docusaurus' own heading/TOC plugins (`beforeDefaultRemarkPlugins`).
 * @packageDocumentation
 */
import katex from "katex";
import { texToPlain } from "./plain-tex";

interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
  data?: { hProperties?: Record<string, unknown>; [k: string]: unknown };
}

/** Plain text of a heading, with its math read as Unicode. */
export function headingPlainText(node: MdNode): string {
  if (node.type === "inlineMath") return texToPlain(node.value ?? "");
  if (node.type === "text" || node.type === "inlineCode") return node.value ?? "";
  return (node.children ?? []).map(headingPlainText).join("");
}

/** Renders inline math nodes of one heading to HTML nodes; returns whether it changed. */
export function renderHeadingMath(heading: MdNode): boolean {
  let changed = false;
  const walk = (n: MdNode) => {
    for (const c of n.children ?? []) {
      if (c.type === "inlineMath") {
        c.type = "html";
        c.value = katex.renderToString(c.value ?? "", { throwOnError: false, strict: false, output: "htmlAndMathml" });
        delete c.data;
        changed = true;
      } else walk(c);
    }
  };
  walk(heading);
  return changed;
}

/** The plugin (no options). */
export default function remarkMathHeadings() {
  return (tree: MdNode) => {
    const visit = (n: MdNode) => {
      if (n.type === "heading") {
        const plain = headingPlainText(n);
        if (renderHeadingMath(n)) {
          const data = (n.data ??= {});
          const props = (data.hProperties ??= {});
          if (!props.id)
            props.id = plain
              .toLowerCase()
              .replace(/[\s/]+/g, "-")
              .replace(/[^\p{L}\p{N}∂∇ᵀ⁻¹²-]/gu, "");
        }
        return;
      }
      for (const c of n.children ?? []) visit(c);
    };
    visit(tree);
  };
}
