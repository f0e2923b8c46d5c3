/**
 * `verifySteps`: the numeric check of every step of every route of a derivation, reported per
 * route and per step (as `verify` reports per form).
 * @packageDocumentation
 */
import { DISPLAY, type Displayable } from "../../display/protocol";
import type { Derivation } from "../derive";
import { mark } from "./display";
import type { StepRoute } from "./types";

/** The check of one step, as {@link verifySteps} reports it. */
export interface StepReport {
  readonly rule: string;
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly detail: string;
}

/** The result of {@link verifySteps}. */
export interface StepsReport extends Displayable {
  /** True when every step of every applicable route passed its check. */
  readonly ok: boolean;
  readonly routes: readonly {
    readonly route: StepRoute;
    readonly ok: boolean;
    readonly steps: readonly StepReport[];
  }[];
  /** Routes that do not apply, with the reason. */
  readonly notApplicable: readonly { readonly route: StepRoute; readonly reason: string }[];
}

/**
 * Check every step of every applicable route of a derivation with numbers: each step's before
 * and after at random rectangular values (and a random direction dX for differentials), each
 * identification against the exact derivative by automatic differentiation.
 * @param opts `seed` of the random point (default 1).
 * @example
 * ```ts
 * import { derive, verifySteps } from "tensorcalc";
 * const r = verifySteps(derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }));
 * console.log(r.ok, r.routes.map((x) => `${x.route}: ${x.steps.length} steps`)); // true [ 'tensor: 3 steps', 'kron: 4 steps' ]
 * ```
 */
export function verifySteps(d: Derivation, opts: { readonly seed?: number } = {}): StepsReport {
  const routes: { route: StepRoute; ok: boolean; steps: StepReport[] }[] = [];
  const notApplicable: { route: StepRoute; reason: string }[] = [];
  for (const r of d.stepRoutes()) {
    if (r.reason !== undefined) {
      notApplicable.push({ route: r.route, reason: r.reason });
      continue;
    }
    try {
      const s = d.steps(r.route, opts);
      routes.push({
        route: r.route,
        ok: s.ok,
        steps: s.steps.map((x) => ({ rule: x.rule, ...x.check })),
      });
    } catch (e) {
      routes.push({
        route: r.route,
        ok: false,
        steps: [{ rule: "(the route)", ok: false, maxAbsError: Infinity, detail: (e as Error).message }],
      });
    }
  }
  const report = { ok: routes.every((r) => r.ok), routes, notApplicable };
  const text = (): string =>
    [
      `verifySteps: ${report.ok ? "every step checked" : "some steps FAILED"}`,
      ...routes.flatMap((r) => [
        `  ${r.route} route ${mark(r.ok)}`,
        ...r.steps.map((s, n) => `    ${n + 1}. ${s.rule} ${mark(s.ok)}${s.ok ? "" : ` ${s.detail}`}`),
      ]),
      ...notApplicable.map((n) => `  ${n.route} route: not applicable (${n.reason})`),
    ].join("\n");
  Object.defineProperty(report, DISPLAY, {
    value: () => [{ title: "verifySteps", markdown: "```text\n" + text() + "\n```", text: text() }],
  });
  Object.defineProperty(report, Symbol.for("nodejs.util.inspect.custom"), { value: text });
  return report as unknown as StepsReport;
}
