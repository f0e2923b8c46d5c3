/**
 * A remark plugin for the site: the examples of the hand-written guide pages (`docs/guide/*.md`,
 * `docs/getting-started.md`) that are complete programs — a ```ts block that imports from "tensorcalc" — become
 * live cells, as the notebook pages' cells are (live-cells.ts): each is wrapped in a `<div class="nb-cell">` with
 * its source as data (no published output), and the page gets the live bar after its title. The examples then
 * share one scope in the reader's browser, in order; each one imports what it uses, as it does when the tests run
 * it in Node (test/site/docs-examples.test.ts).
 * @packageDocumentation
 */
import { liveBar, liveCellClose, liveCellOpen } from "./live-cells";

interface MdNode {
  type: string;
  lang?: string | null;
  value?: string;
  depth?: number;
  children?: MdNode[];
}

/** The pages whose examples are live: the guide and the getting-started page (not generated pages). */
export function isLiveGuidePage(file: string): boolean {
  const p = file.replace(/\\/g, "/");
  return /\/docs\/guide\/[^/]+\.md$/.test(p) || /\/docs\/getting-started\.md$/.test(p);
}

/** A block that is a complete program: TypeScript that imports from "tensorcalc". */
export function isLiveExample(node: MdNode): boolean {
  return node.type === "code" && node.lang === "ts" && /from "tensorcalc"/.test(node.value ?? "");
}

/** The page's name in links (`guide/along-an-axis`). */
function pageName(file: string): string {
  const m = /\/docs\/(.+)\.md$/.exec(file.replace(/\\/g, "/"));
  return m ? m[1] : "page";
}

/** The tree with its live examples wrapped and the bar inserted; unchanged when the page has none. */
export function liveExamples(tree: MdNode, file: string): MdNode {
  if (!isLiveGuidePage(file)) return tree;
  let n = 0;
  const children: MdNode[] = [];
  for (const c of tree.children ?? []) {
    if (isLiveExample(c)) {
      children.push({ type: "html", value: liveCellOpen(c.value ?? "", [], ++n) }, c, {
        type: "html",
        value: liveCellClose,
      });
    } else children.push(c);
  }
  if (n === 0) return tree;
  const title = children.findIndex((c) => c.type === "heading" && c.depth === 1);
  children.splice(title + 1, 0, { type: "html", value: liveBar(pageName(file), "examples") });
  tree.children = children;
  return tree;
}

/** The plugin (no options). */
export default function remarkLiveExamples() {
  return (tree: MdNode, file: { path?: string; history?: string[] }): void => {
    liveExamples(tree, file.path ?? file.history?.[0] ?? "");
  };
}
