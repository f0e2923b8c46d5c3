/**
 * "Show steps" under a form of the calculator: the derivation of that form step by step
 * (`d.steps(route)` of the library: each step a named rule with its general statement, the line
 * before = after in KaTeX, and a check mark from the step's numeric check). Collapsed until
 * opened; the steps are computed when it opens.
 */
import React, { useState } from "react";
import type { derive, StepRoute } from "tensorcalc";
import TeX from "../components/TeX";

/** The route whose last line is each form (forms without one have no "Show steps"). */
export const ROUTE_OF_FORM: Readonly<Record<string, StepRoute>> = {
  tensor: "tensor",
  kron: "kron",
  gradient: "gradient",
};

export function StepsPanel({
  derivation,
  form,
}: {
  derivation: ReturnType<typeof derive>;
  form: string;
}): React.JSX.Element | null {
  const [open, setOpen] = useState(false);
  const route = ROUTE_OF_FORM[form];
  if (route === undefined) return null;
  if (derivation.stepRoutes().find((r) => r.route === route)?.reason !== undefined) return null;
  let body: React.ReactNode = null;
  if (open) {
    try {
      const s = derivation.steps(route);
      body = (
        <ol className="calc-steps-list">
          {s.steps.map((st, n) => (
            <li key={n} className="calc-step" data-testid="calc-step" data-ok={st.check.ok ? "true" : "false"}>
              <div className="calc-step-head">
                <strong data-testid="calc-step-rule">{st.rule}</strong>{" "}
                <span
                  className={st.check.ok ? "badge-verified" : "badge-failed"}
                  data-testid="calc-step-check"
                  title={st.check.detail}
                >
                  {st.check.ok ? "✓" : "✗"}
                </span>{" "}
                <TeX math={st.statement.latex} className="calc-step-statement" />
              </div>
              <TeX block math={st.latex} />
            </li>
          ))}
        </ol>
      );
    } catch (e) {
      body = <p className="badge-failed badge-wrap">{(e as Error).message}</p>;
    }
  }
  return (
    <details
      className="calc-steps"
      data-testid={`steps-${form}`}
      onToggle={(e) => setOpen((e.currentTarget as unknown as { open: boolean }).open)}
    >
      <summary>Show steps</summary>
      {body}
    </details>
  );
}
