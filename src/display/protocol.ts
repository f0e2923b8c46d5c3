/**
 * The display protocol: how objects from any layer (derivations, verification reports, …) tell
 * {@link show} what to render, without the display layer knowing them.
 * @packageDocumentation
 */

/**
 * The key of the display method: an object with a method under `Symbol.for("tensorcalc.display")`
 * returning one {@link DisplayBlock} or a list of them is {@link Displayable}, and `show` renders it.
 * @example
 * ```ts
 * import { DISPLAY, show } from "tensorcalc";
 * const note = { [DISPLAY]: () => ({ title: "Identity", latex: "AI = A", text: "AI = A" }) };
 * show(note, { text: true }); // Identity
 * ```
 */
export const DISPLAY: unique symbol = Symbol.for("tensorcalc.display");

/** One piece of a rich display: a title, and LaTeX (display math), Markdown or a picture, with a plain-text rendering. */
export interface DisplayBlock {
  /** A heading shown above the block. */
  readonly title?: string;
  /** Display math (rendered with KaTeX/MathJax). */
  readonly latex?: string;
  /** Markdown (tables, lists; `$…$` math allowed), used instead of `latex` when given. */
  readonly markdown?: string;
  /**
   * A picture: a standalone SVG document (a string starting with `<svg`), shown after the
   * block's LaTeX or Markdown (a notebook renders it through the kernel's HTML display).
   */
  readonly svg?: string;
  /** The plain-text rendering (terminals, `console.log`). */
  readonly text: string;
}

/** Anything with a display method under {@link DISPLAY}. */
export interface Displayable {
  [DISPLAY](): DisplayBlock | readonly DisplayBlock[];
}

/**
 * Whether a value follows the display protocol.
 * @example
 * ```ts
 * import { DISPLAY, isDisplayable } from "tensorcalc";
 * console.log(isDisplayable({ [DISPLAY]: () => ({ text: "x", latex: "x" }) }), isDisplayable({})); // true false
 * ```
 */
export function isDisplayable(x: unknown): x is Displayable {
  return (
    x !== null &&
    (typeof x === "object" || typeof x === "function") &&
    typeof (x as Partial<Displayable>)[DISPLAY] === "function"
  );
}

/**
 * The blocks of a displayable value, checked: each has a `text` and a `latex`, `markdown` or `svg` string.
 * @internal
 */
export function displayBlocks(x: Displayable): DisplayBlock[] {
  const got = x[DISPLAY]();
  const blocks = (Array.isArray(got) ? got : [got]) as unknown[];
  return blocks.map((b, i) => {
    const o = b as Partial<DisplayBlock> | null;
    if (
      o === null ||
      typeof o !== "object" ||
      typeof o.text !== "string" ||
      (typeof o.latex !== "string" && typeof o.markdown !== "string" && typeof o.svg !== "string")
    ) {
      throw new TypeError(
        `show: the display method returned a block (number ${i + 1}) without a text and a latex, markdown or svg string`,
      );
    }
    if (o.svg !== undefined && (typeof o.svg !== "string" || !o.svg.trimStart().startsWith("<svg"))) {
      throw new TypeError(
        `show: the display method returned a block (number ${i + 1}) whose svg is not an SVG document (it must start with <svg)`,
      );
    }
    return o as DisplayBlock;
  });
}
