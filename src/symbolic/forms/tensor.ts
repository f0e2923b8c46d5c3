/**
 * The tensor form in the seed's notation: each term X dA Y is X α Yᵀ, each U dAᵀ V is
 * U α Vᵀ : β, each W tr(Zᵀ dA) is W ⊗ Z (α, β sized, so the tree evaluates as it reads).
 * For a scalar the derivative is its gradient; for a vector by a vector, the Jacobian matrix.
 * @packageDocumentation
 */
import { zeros } from "../../create/index";
import { reshape } from "../../ops/index";
import { alphaE, betaE, ddotE, diagE, type Expr, mulE, outerE, t, productE } from "../expr";
import { evaluatePadded } from "../evaluate";
import { isIdentity, isOne, isUnit, type KindTerm, tidy } from "../kinds";
import { simplifyExpr } from "../simplify";
import { evaluateGradient } from "./gradient";
import { einsumTensorForm, tensorOrder } from "./einsumTree";
import {
  type DerivativeForm,
  type FormContext,
  type FormInput,
  kindsReason,
  jacobianShape,
  numericShape,
  partialLatex,
  signedSum,
  treeForm,
  withPrefix,
} from "./context";

const shown = (e: Expr): boolean => !isIdentity(e) && !isUnit(e);

/** One kind term in the seed's notation. */
export function tensorTerm(fc: FormContext, kt: KindTerm): Expr {
  const [, n] = fc.yPad;
  const [p, q] = fc.aPad;
  const L = tidy(kt.left, fc.tc);
  const R = tidy(t(kt.right), fc.tc);
  // by a scalar dA is a number: X dA Y = dA XY (and U dAᵀ V = dA UV), a plain matrix, no α
  if (fc.wrtShape.length === 0 && kt.kind !== 3) {
    const fs = [L, tidy(kt.right, fc.tc)].filter(shown);
    return fs.length === 0 ? L : productE(fs);
  }
  if (kt.kind === 1) return productE([L, alphaE(p, n), R].filter((x) => x.op === "alpha" || shown(x)));
  if (kt.kind === 2) {
    if (!shown(L) && !shown(R)) return betaE(q, p);
    return ddotE(productE([L, alphaE(q, n), R].filter((x) => x.op === "alpha" || shown(x))), betaE(q, p));
  }
  const Z = tidy(kt.right, fc.tc);
  // a matrix result keeps W ⊗ Z of four axes even when W is the 1×1 unit; a result of one entry
  // (a scalar, vec of a scalar) has W 1×1: W ⊗ Z is the multiple WZ, every term of Z's axes
  const single = fc.resultShape.length < 2 && isOne(fc.yPad[0]) && isOne(fc.yPad[1]);
  if (single) return isUnit(L) ? Z : mulE(L, Z);
  // by a scalar (Z 1×1) W ⊗ Z is the multiple ZW, as above
  if (fc.wrtShape.length === 0) return isUnit(Z) ? L : mulE(Z, L);
  return outerE(L, Z);
}

/** Jacobian as a matrix when result and variable are vectors or scalars: J = Σ XY, UVᵀ, WZᵀ. */
export function jacobianMatrixExpr(fc: FormContext, kinds: readonly KindTerm[]): Expr | undefined {
  // elementwise factors of a vector by a vector are diagonal matrices: D ∘ (X dx Y) = diag(D) X dx Y
  if (kinds.some((k) => (k.dy && !isOne(fc.yPad[1])) || (k.da && !isOne(fc.aPad[1])))) return undefined;
  return simplifyExpr(
    signedSum(
      kinds.map((kt) => {
        const core = kt.kind === 1 ? mulE(kt.left, kt.right) : mulE(kt.left, t(kt.right));
        const fs = [...(kt.dy ? [diagE(kt.dy)] : []), core, ...(kt.da ? [diagE(kt.da)] : [])];
        return withPrefix(fc, kt, tidy(productE(fs), fc.tc));
      }),
    ),
    fc.tc,
  );
}

/** The tensor form in the seed's notation (α, β, single and double contractions). */
export function tensorForm(input: FormInput): DerivativeForm | string {
  const { fc, kinds } = input;
  if (kinds === undefined && tensorOrder(fc))
    return einsumTensorForm(input) ?? "a composite index (vec, kron) has no einsum form";
  if (kinds === undefined) return kindsReason(fc);
  const lhs = partialLatex(fc);
  const vectors = isOne(fc.yPad[1]) && isOne(fc.aPad[1]) && fc.resultShape.length <= 1;
  if (kinds.some((k) => k.dy || k.da) && !vectors && fc.resultShape.length !== 0)
    return "elementwise (diagonal) factors have no α/β tensor form; see the kron form with diag(·)";
  if (fc.resultShape.length === 0) {
    const G = input.gradient();
    return treeForm(
      "tensor",
      `Tensor form (a scalar's derivative is a matrix of the shape of ${fc.wrt})`,
      lhs,
      G,
      (values) => evaluateGradient(fc, G, values),
    );
  }
  const evaluateTree = (e: Expr) => (values: Parameters<DerivativeForm["evaluate"]>[0]) => {
    const sizes = fc.sizes(values);
    const shape = jacobianShape(numericShape(fc, sizes));
    if (e.op === "num" && e.value === 0) return zeros(shape);
    return reshape(evaluatePadded(e, values, sizes, fc.ctx.info), shape);
  };
  if (vectors) {
    const J = jacobianMatrixExpr(fc, kinds) as Expr;
    return treeForm("tensor", "Jacobian matrix (vector by vector)", lhs, J, evaluateTree(J));
  }
  const T = simplifyExpr(signedSum(kinds.map((kt) => withPrefix(fc, kt, tensorTerm(fc, kt)))), fc.tc);
  return treeForm("tensor", "Fourth-order tensor (α/β)", lhs, T, evaluateTree(T));
}
