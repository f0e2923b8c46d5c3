/**
 * Renders a LaTeX string with KaTeX (at build time on the server, and again on
 * the client with the same output). Errors render as KaTeX's red
 * `.katex-error` span, which the browser test looks for.
 */
import React from "react";
import katex from "katex";

export interface TeXProps {
  /** The LaTeX source (no `$` delimiters). */
  math: string;
  /** Display (block) style instead of inline. */
  block?: boolean;
  className?: string;
}

/** KaTeX macros shared by every formula on the site. */
export const macros: Record<string, string> = {
  "\\p": "\\frac{\\partial #1}{\\partial #2}",
  "\\vec": "\\operatorname{vec}",
};

export function renderTeX(math: string, block = false): string {
  return katex.renderToString(math, {
    displayMode: block,
    throwOnError: false,
    strict: false,
    output: "htmlAndMathml",
    macros: { ...macros },
  });
}

export default function TeX({ math, block = false, className }: TeXProps): React.JSX.Element {
  const html = renderTeX(math, block);
  const Tag = block ? "div" : "span";
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
