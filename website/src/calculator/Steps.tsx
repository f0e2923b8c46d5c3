/**
 * "Show steps" under a form of the calculator: the derivation of that form step by step
 * (`d.steps(route)` of the library: each step a named rule with its general statement, the line
 * before = after in KaTeX, and a check mark from the step's numeric check). Collapsed until
 * opened; the steps are computed when it opens. "Pictures" draws the right-hand side after each
 * step as a tensor network (`d.stepDiagrams(route)`; on by default for the tensor route, the
 * seed's, where each line is a picture of wires).
 */
import React, { useState } from "react";
import { diagramSvg, type derive, type StepRoute } from "tensorcalc";
import TeX from "../components/TeX";
import { LazyDetails } from "./LazyDetails";
import { Svg } from "./Diagram";

/** The route whose last line is each form (forms without one have no "Show steps"). */
export const ROUTE_OF_FORM: Readonly<Record<string, StepRoute>> = {
  tensor: "tensor",
  kron: "kron",
  gradient: "gradient",
  // the Ricci-calculus route: shown where it applies by default (tensors of three or more axes)
  index: "index",
};

export function StepsPanel({
  derivation,
  form,
}: {
  derivation: ReturnType<typeof derive>;
  form: string;
}): React.JSX.Element | null {
  const route = ROUTE_OF_FORM[form];
  const [pictures, setPictures] = useState(route === "tensor");
  if (route === undefined) return null;
  if (derivation.stepRoutes().find((r) => r.route === route)?.reason !== undefined) return null;
  const render = (): React.ReactNode => {
    const drawn = pictures ? derivation.stepDiagrams(route) : undefined;
    const s = drawn?.source ?? derivation.steps(route);
    return (
      <>
        <label className="calc-steps-pictures">
          <input
            type="checkbox"
            checked={pictures}
            data-testid={`steps-pictures-${form}`}
            onChange={(e) => setPictures(e.target.checked)}
          />{" "}
          Pictures (each line as a tensor network)
        </label>
        {drawn?.start && <Svg svg={diagramSvg(drawn.start)} testId="calc-step-picture" />}
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
              {drawn?.steps[n].diagram && <Svg svg={diagramSvg(drawn.steps[n].diagram)} testId="calc-step-picture" />}
            </li>
          ))}
        </ol>
      </>
    );
  };
  return <LazyDetails className="calc-steps" testId={`steps-${form}`} summary="Show steps" render={render} />;
}
