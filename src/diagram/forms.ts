/**
 * Which forms of a derivative have a diagram: those whose tree is the derivative itself (the
 * tensor form with α and β, the vec–Kronecker matrix, the gradient, the Hessian, the entries).
 * The component and differential forms hold notation (E_kl, dX), and the index form draws as
 * the tensor form.
 * @packageDocumentation
 */
import type { Derivation } from "../symbolic/derive";
import type { DerivativeForm, FormName } from "../symbolic/forms/context";
import { DiagramError } from "./errors";

/** The forms drawn as diagrams, in the order the default is chosen. */
export const DRAWN_FORMS: readonly FormName[] = ["tensor", "gradient", "hessian", "kron", "entries"];

const WHY_NOT: Partial<Record<FormName, string>> = {
  index: "the index form is the tensor form's wires labelled with indices; draw the tensor form",
  component:
    "the component form is written with the single-entry matrix E_kl at symbolic indices; draw the tensor form",
  differential: "the differential form is written with dX, which has no values; draw the tensor form",
};

/** The form of `d` that `d.diagram(name)` draws (default: the first drawn form that applies). */
export function drawnForm(d: Derivation, name?: FormName): DerivativeForm {
  if (name === undefined) {
    for (const n of DRAWN_FORMS) {
      const f = d.form(n);
      if (f?.rhs !== undefined) return f;
    }
    throw new DiagramError(`no form of the derivative of ${d.exprText} by ${d.wrt} has a diagram`);
  }
  const why = WHY_NOT[name];
  if (why !== undefined) throw new DiagramError(`no diagram for the ${name} form: ${why}`);
  if (!DRAWN_FORMS.includes(name))
    throw new DiagramError(`no form named ${String(name)}; the forms with a diagram are ${DRAWN_FORMS.join(", ")}`);
  const f = d.form(name);
  if (f === undefined) {
    const reason = d.notApplicable.find((x) => x.name === name)?.reason ?? "it does not apply here";
    throw new DiagramError(`the ${name} form of the derivative of ${d.exprText} by ${d.wrt} does not apply: ${reason}`);
  }
  return f;
}
