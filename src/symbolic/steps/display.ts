/**
 * How the steps display themselves: `show(d.steps(route))` renders each step (its rule with a
 * check mark, the general statement, the line before = after in KaTeX), and `console.log`
 * prints them as text (the CLI's format).
 * @packageDocumentation
 */
import { DISPLAY, type DisplayBlock, type Displayable } from "../../display/protocol";
import type { DerivationSteps } from "./types";

/** ✓ for a passed check, ✗ for a failed one. */
export const mark = (ok: boolean): string => (ok ? "✓" : "✗");

/** The steps as text: the route, Y, then each step (number, rule, statement, before = after, check). */
export function stepsText(s: Omit<DerivationSteps, typeof DISPLAY>): string {
  const lines = [`Steps (${s.route} route): ${s.title}`, `  ${s.start.text}`];
  s.steps.forEach((st, n) => {
    lines.push(`  ${n + 1}. ${st.rule}: ${st.statement.text}`);
    const same = st.lhsAfter.text === st.lhs.text;
    const check = `${mark(st.check.ok)}${st.check.ok ? "" : ` FAILED: ${st.check.detail}`}`;
    lines.push(`       ${st.lhs.text} = ${st.beforeText}`);
    lines.push(
      same
        ? `       ${" ".repeat(st.lhs.text.length)} = ${st.afterText}    ${check}`
        : `       ⟹ ${st.lhsAfter.text} = ${st.afterText}    ${check}`,
    );
  });
  const failed = s.steps.filter((x) => !x.check.ok).length;
  lines.push(
    failed === 0
      ? `  every step checked with numbers (${
          Object.entries(s.dims)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ") || "scalars"
        }; seed ${s.seed})`
      : `  ${failed} of ${s.steps.length} steps FAILED their numeric check`,
  );
  return lines.join("\n");
}

/** The display blocks: the route and Y, then one block per step. */
export function stepsBlocks(s: Omit<DerivationSteps, typeof DISPLAY>): DisplayBlock[] {
  return [
    { title: `Steps (${s.route} route): ${s.title}`, latex: s.start.latex, text: s.start.text },
    ...s.steps.map((st, n) => ({
      title: `${n + 1}. ${st.rule} ${mark(st.check.ok)} — ${st.statement.text}`,
      latex: st.latex,
      text: `${st.lhs.text} = ${st.beforeText} → ${st.afterText} ${mark(st.check.ok)}`,
    })),
  ];
}

/** @internal The steps get their display through this (non-enumerable: JSON sees no change). */
export function withStepsDisplay(s: Omit<DerivationSteps, typeof DISPLAY>): DerivationSteps {
  Object.defineProperty(s, DISPLAY, { value: () => stepsBlocks(s), configurable: true, writable: true });
  Object.defineProperty(s, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => stepsText(s),
    configurable: true,
    writable: true,
  });
  return s as DerivationSteps & Displayable;
}
