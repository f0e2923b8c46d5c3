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
import { matmul } from "../../products/index";
import { duplication } from "../../special/index";
import { addE, hadE, identity, mulE, subE, sym, t } from "../expr";
import { evaluatePadded } from "../evaluate";
import { dimValue } from "../shapes";
import { kronExpr } from "./kron";
import { latexName, latexSub } from "../notation";
import { simplifyExpr } from "../simplify";
import { evaluateGradient, symmetricContext, symmetricVariable } from "./gradient";
import { type DerivativeForm, type FormInput, kindsReason, resultNotation, treeForm } from "./context";

/**
 * A matrix-valued F of a symmetric X: ∂vec(F)/∂vech(X)ᵀ = DF · D_n (the vec–Kronecker form times
 * the duplication matrix, since vec(X) = D_n vech(X)).
 */
function jacobianByEntries(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  const DF = kronExpr(input);
  if (DF === undefined) return kindsReason(fc);
  const n = fc.wrtShape[0];
  const a = latexName(fc.wrt);
  const rhs = mulE(DF, sym("D_n"));
  return treeForm(
    "entries",
    `Derivative with respect to the independent entries ${fc.wrt}_ij, i ≥ j: ∂vec(Y)/∂vech(${fc.wrt})ᵀ = DF · D_n (D_n: the duplication matrix, vec(${fc.wrt}) = D_n vech(${fc.wrt}))`,
    `\\frac{\\partial \\operatorname{vec} ${resultNotation(fc).latex}}{\\partial \\operatorname{vech}(${a})^{T}}`,
    rhs,
    (values) => {
      const sizes = fc.sizes(values);
      const J = evaluatePadded(DF, values, sizes, fc.ctx.info);
      return matmul(J, duplication(dimValue(n, sizes)));
    },
  );
}

/** The derivative with respect to the independent entries of a symmetric variable: G + Gᵀ − G ∘ I. */
export function entriesForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  if (!symmetricVariable(fc))
    return `${fc.wrt} is not declared a symmetric matrix (derive(…, { symmetric: ["${fc.wrt}"] }), CLI --symmetric ${fc.wrt})`;
  if (input.kinds === undefined) return kindsReason(fc);
  if (fc.resultShape.length !== 0) return jacobianByEntries(input);
  const G = input.gradient();
  const rhs = simplifyExpr(subE(addE(G, t(G)), hadE(G, identity(fc.wrtShape[0]))), symmetricContext(fc));
  const a = latexName(fc.wrt);
  return treeForm(
    "entries",
    `Derivative with respect to the independent entries ${fc.wrt}_ij, i ≥ j, as a symmetric matrix: G + Gᵀ − G ∘ I, with vech of it = ∂f/∂vech(${fc.wrt})ᵀ = vec(G)ᵀ D_n (not the gradient: see the gradient form)`,
    `\\left[\\frac{\\partial ${resultNotation(fc).latex}}{\\partial ${latexSub(a, "ij")}}\\right]_{i \\ge j}`,
    rhs,
    (values) => evaluateGradient(fc, rhs, values),
  );
}
