/**
 * The registry of forms: the only list of them, in the order a derivation shows them. Each
 * builds its form from the derivation (or says why it does not apply).
 * @packageDocumentation
 */
import { componentForm } from "./component";
import type { DerivativeForm, FormInput, FormName } from "./context";
import { differentialForm } from "./differential";
import { gradientForm } from "./gradient";
import { hessianForm } from "./hessian";
import { indexForm } from "./indexForm";
import { kronForm } from "./kron";
import { entriesForm } from "./symmetric";
import { tensorForm } from "./tensor";

/** One form: its name, what it is, and its builder (a form, or the reason it does not apply). */
export interface FormDef {
  readonly name: FormName;
  /** One line for the help and the guide. */
  readonly summary: string;
  build(input: FormInput): DerivativeForm | string;
  /** When the form concerns only some derivations (a symmetric variable): false hides it, not even "not applicable". */
  relevant?(input: FormInput): boolean;
}

/** Every form, in the order a derivation lists them. */
export const FORMS: readonly FormDef[] = [
  { name: "tensor", summary: "fourth-order tensor with the seed's α and β", build: tensorForm },
  { name: "index", summary: "index notation (Einstein summation)", build: indexForm },
  { name: "kron", summary: "vec–Kronecker DF = ∂vec(Y)/∂vec(A)ᵀ with the commutation matrix", build: kronForm },
  { name: "component", summary: "∂Y/∂A_kl with the single-entry matrix E_kl", build: componentForm },
  { name: "differential", summary: "the differential dY in dA", build: differentialForm },
  { name: "gradient", summary: "the gradient (scalar-valued expressions)", build: gradientForm },
  { name: "hessian", summary: "the Hessian (scalar-valued expressions)", build: hessianForm },
  {
    name: "entries",
    summary: "a symmetric variable: the derivative with respect to its independent entries, G + Gᵀ − G∘I",
    build: entriesForm,
    relevant: (input) => input.fc.symmetricWrt,
  },
];

/** The names of the forms, in order. */
export const FORM_NAMES: readonly FormName[] = FORMS.map((f) => f.name);
