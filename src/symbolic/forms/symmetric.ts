/**
 * Derivatives with respect to a symmetric matrix X (declared with `derive(…, { symmetric: ["X"] })`),
 * in the two conventions that are in use (Srinivasan & Panda, "What is the gradient of a scalar
 * function of a symmetric matrix?", arXiv:1911.06491). With G the gradient of the expression read
 * as a function of a general matrix:
 *
 * - the gradient on the space of symmetric matrices, sym(G) = (G + Gᵀ)/2: the symmetric matrix
 *   with df = ⟨∇f, dX⟩ = tr(∇fᵀ dX) for every symmetric dX (the form named `gradient`);
 * - the derivative with respect to the independent entries X_ij, i ≥ j, written as a symmetric
 *   matrix: G + Gᵀ − G ∘ I, whose half-vectorization is ∂f/∂vech(X)ᵀ = vec(G)ᵀ D_n with the
 *   duplication matrix D_n (the form named `entries`). It is not the gradient: df ≠ ⟨G + Gᵀ − G∘I, dX⟩.
 * @packageDocumentation
 */
import { addE, hadE, identity, subE, t } from "../expr";
import { latexName } from "../notation";
import { simplifyExpr } from "../simplify";
import { evaluateGradient, symmetricContext, symmetricVariable } from "./gradient";
import { type DerivativeForm, type FormInput, kindsReason, resultNotation, treeForm } from "./context";

/** The derivative with respect to the independent entries of a symmetric variable: G + Gᵀ − G ∘ I. */
export function entriesForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  if (!symmetricVariable(fc))
    return `${fc.wrt} is not declared a symmetric matrix (derive(…, { symmetric: ["${fc.wrt}"] }), CLI --symmetric ${fc.wrt})`;
  if (fc.resultShape.length !== 0) return "the expression is not scalar-valued";
  if (input.kinds === undefined) return kindsReason(fc);
  const G = input.gradient();
  const rhs = simplifyExpr(subE(addE(G, t(G)), hadE(G, identity(fc.wrtShape[0]))), symmetricContext(fc));
  const a = latexName(fc.wrt);
  return treeForm(
    "entries",
    `Derivative with respect to the independent entries ${fc.wrt}_ij, i ≥ j, as a symmetric matrix: G + Gᵀ − G ∘ I, with vech of it = ∂f/∂vech(${fc.wrt})ᵀ = vec(G)ᵀ D_n (not the gradient: see the gradient form)`,
    `\\left[\\frac{\\partial ${resultNotation(fc).latex}}{\\partial ${a}_{ij}}\\right]_{i \\ge j}`,
    rhs,
    (values) => evaluateGradient(fc, rhs, values),
  );
}
