/**
 * Installs `d.diagram(form?)` on every {@link Derivation} from above the symbolic layer (the
 * derivation's prototype, as display/install.ts installs `toString` on Tensor's).
 * @packageDocumentation
 * @internal
 */
import { derivationMethods, type Derivation } from "../symbolic/derive";
import type { FormName } from "../symbolic/forms/context";
import type { StepRoute } from "../symbolic/steps/types";
import { stepDiagrams, type StepDiagrams } from "./steps";
import { buildDiagram } from "./build";
import { drawnForm } from "./forms";
import type { Diagram } from "./graph";
import { inferShapes } from "../symbolic/shapes";

declare module "../symbolic/derive" {
  interface DerivationMethods {
    /**
     * The tensor-network diagram of a form of the derivative (default: the tensor form, else
     * the gradient, Hessian or Kronecker form): its free wires are the axes of ∂Y/∂A in order.
     * @throws {@link DiagramError} when that form has no diagram, with the reason.
     * @example
     * ```ts
     * import { derive } from "tensorcalc";
     * const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
     * const g = d.diagram(); // αBᵀ:β: B and a bare wire i–l, four free wires
     * console.log(g.terms[0].outputs.length); // 4
     * ```
     */
    diagram(form?: FormName): Diagram;
    /**
     * The step-by-step derivation along `route` (as {@link Derivation.steps}) with the picture of
     * the right-hand side after each step; `show()` draws them in a notebook.
     * @throws {@link DifferentiationError} when the route does not apply, with the reason.
     * @example
     * ```ts
     * import { derive } from "tensorcalc";
     * const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
     * const s = d.stepDiagrams("tensor");
     * console.log(s.steps.map((st) => st.diagram !== undefined)); // [ true, true, true ]
     * ```
     */
    stepDiagrams(route?: StepRoute, options?: { readonly seed?: number }): StepDiagrams;
  }
}

/** The diagram of a form of `d`, in `d`'s shapes. */
export function derivationDiagram(d: Derivation, form?: FormName): Diagram {
  const f = drawnForm(d, form);
  const info = inferShapes(f.rhs as NonNullable<typeof f.rhs>, d.shapes);
  return buildDiagram(info.expr, info, info.shapes);
}

Object.defineProperty(derivationMethods, "diagram", {
  value: function diagram(this: Derivation, form?: FormName): Diagram {
    return derivationDiagram(this, form);
  },
  writable: true,
  configurable: true,
});

Object.defineProperty(derivationMethods, "stepDiagrams", {
  value: function (this: Derivation, route?: StepRoute, options?: { readonly seed?: number }): StepDiagrams {
    return stepDiagrams(this, route, options);
  },
  writable: true,
  configurable: true,
});
