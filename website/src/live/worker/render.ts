/**
 * HTML for a cell's rich outputs, as the published page renders them: LaTeX with KaTeX (display math), Markdown
 * with micromark (CommonMark with GFM tables and `$…$`/`$$…$$` math through KaTeX, raw HTML escaped), the
 * same parser family and math renderer the site's build uses.
 * @packageDocumentation
 */
import katex from "katex";
import { micromark } from "micromark";
import { gfmTable, gfmTableHtml } from "micromark-extension-gfm-table";
import { math, mathHtml } from "micromark-extension-math";

const katexOptions = { throwOnError: false, strict: false } as const;

/** The TeX inside `$$…$$`, `\[…\]` or `$…$` delimiters (or the whole string when it has none). */
export function latexBody(tex: string): string {
  const t = tex.trim();
  const m = /^\$\$([\s\S]*)\$\$$/.exec(t) ?? /^\\\[([\s\S]*)\\\]$/.exec(t) ?? /^\$([^$][\s\S]*)\$$/.exec(t);
  return (m ? m[1] : t).trim();
}

/** A LaTeX output (`$$A = …$$`) as KaTeX's display-math HTML. */
export function renderLatex(tex: string): string {
  return katex.renderToString(latexBody(tex), { ...katexOptions, displayMode: true });
}

/** A Markdown output as HTML (its math rendered by KaTeX; raw HTML in it is escaped, not passed through). */
export function renderMarkdown(markdown: string): string {
  return micromark(markdown, {
    extensions: [gfmTable(), math()],
    htmlExtensions: [gfmTableHtml(), mathHtml(katexOptions)],
  });
}
