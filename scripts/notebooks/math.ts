/**
 * Finds the math in notebook Markdown (`$…$` inline, `$$…$$` display, outside
 * code spans and fenced code) and checks it with KaTeX, the renderer the site
 * uses: the notebooks must not use what KaTeX lacks (e.g. `\eqalign`).
 * @packageDocumentation
 */
import katex from "katex";

/** One piece of math found in Markdown. */
export interface MathSpan {
  tex: string;
  display: boolean;
  /** Character offset of the opening `$` in the Markdown. */
  offset: number;
}

/** The `$…$` and `$$…$$` spans of a Markdown text, skipping code. An unclosed `$` throws. */
export function extractMath(markdown: string): MathSpan[] {
  const spans: MathSpan[] = [];
  let i = 0;
  const s = markdown;
  while (i < s.length) {
    if (s.startsWith("```", i)) {
      const end = s.indexOf("```", i + 3);
      i = end < 0 ? s.length : end + 3;
    } else if (s[i] === "`") {
      const end = s.indexOf("`", i + 1);
      i = end < 0 ? s.length : end + 1;
    } else if (s[i] === "\\" && s[i + 1] === "$") {
      i += 2;
    } else if (s.startsWith("$$", i)) {
      const end = s.indexOf("$$", i + 2);
      if (end < 0) throw new Error(`unclosed $$ at offset ${i}: ${s.slice(i, i + 40)}`);
      spans.push({ tex: s.slice(i + 2, end), display: true, offset: i });
      i = end + 2;
    } else if (s[i] === "$") {
      let end = i + 1;
      while (end < s.length && !(s[end] === "$" && s[end - 1] !== "\\")) end++;
      if (end >= s.length) throw new Error(`unclosed $ at offset ${i}: ${s.slice(i, i + 40)}`);
      spans.push({ tex: s.slice(i + 1, end), display: false, offset: i });
      i = end + 1;
    } else i++;
  }
  return spans;
}

/** KaTeX's error message for a piece of TeX, or undefined if it renders. */
export function katexError(tex: string, display: boolean): string | undefined {
  try {
    katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error" });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
