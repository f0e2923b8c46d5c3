/**
 * `tensorcalc derive … --steps [--route kron|gradient|tensor|index]`: the derivation step by step,
 * as text, LaTeX (`--latex`) or JSON (`--json`: `{ "route", "ok", "steps": [{ "rule", "before",
 * "after", "latex", "ok" }, …] }`, `before`/`after` as the text the CLI prints).
 * @packageDocumentation
 */
import type { Derivation } from "../symbolic/derive";
import { stepsText } from "../symbolic/steps/display";
import { STEP_ROUTES, type StepRoute } from "../symbolic/steps/types";

/** The routes `--route` accepts. */
export const ROUTES: readonly StepRoute[] = STEP_ROUTES;

/** The steps of `d` along `route` (default: the derivation's default route) for the CLI. */
export function renderSteps(
  d: Derivation,
  route: StepRoute | undefined,
  format: "text" | "latex" | "json",
): { code: number; stdout: string } {
  const s = d.steps(route);
  const others = d
    .stepRoutes()
    .filter((r) => r.reason === undefined && r.route !== s.route)
    .map((r) => `--route ${r.route}`);
  const code = s.ok ? 0 : 1;
  if (format === "json") {
    const json = {
      route: s.route,
      ok: s.ok,
      steps: s.steps.map((x) => ({
        rule: x.rule,
        statement: x.statement.text,
        before: x.beforeText,
        after: x.afterText,
        latex: x.latex,
        ok: x.check.ok,
      })),
    };
    return { code, stdout: JSON.stringify(json, null, 2) + "\n" };
  }
  if (format === "latex") {
    const lines = [`% ${s.route} route: ${s.title}`, s.start.latex];
    s.steps.forEach((x, n) => {
      lines.push(`% ${n + 1}. ${x.rule} (${x.check.ok ? "checked" : "FAILED its check"}): ${x.statement.latex}`);
      lines.push(x.latex);
    });
    return { code, stdout: lines.join("\n") + "\n" };
  }
  const tail = others.length > 0 ? `\n  other routes: ${others.join(", ")}` : "";
  return { code, stdout: stepsText(s) + tail + "\n" };
}
