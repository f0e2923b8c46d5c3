/**
 * The differential form dY = X dA Y + U dAᵀ V + W tr(Zᵀ dA) (with elementwise factors), a
 * tree in the differential symbol dA; evaluated at dA = E_kl for every entry (k, l).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { type Expr, hadE, mulE, sym, t, trE } from "../expr";
import { evaluatePadded } from "../evaluate";
import { isOne, type KindTerm, tidy } from "../kinds";
import { simplifyExpr } from "../simplify";
import {
  type DerivativeForm,
  type FormContext,
  type FormInput,
  kindsReason,
  jacobianFromEntries,
  jacobianShape,
  numericShape,
  resultNotation,
  signedSum,
  treeForm,
  withPrefix,
} from "./context";

/** The differential symbol dA (printed as dA / \mathrm{d}A). */
export function differentialSymbol(wrt: string): Expr {
  return sym(`d${wrt}`);
}

/** The differential dY = Σ … as a matrix expression in dA. */
export function differentialExpr(fc: FormContext, kinds: readonly KindTerm[]): Expr {
  const dA = differentialSymbol(fc.wrt);
  return simplifyExpr(
    signedSum(
      kinds.map((kt) => {
        let body: Expr;
        const dAx = kt.da ? hadE(kt.da, dA) : dA;
        if (kt.kind === 1) body = mulE(kt.left, dAx, kt.right);
        else if (kt.kind === 2) body = mulE(kt.left, t(dAx), kt.right);
        else {
          const inner = mulE(t(kt.right), dAx);
          body = mulE(kt.left, isOne(fc.aPad[1]) ? inner : trE(inner));
        }
        if (kt.dy) body = hadE(kt.dy, body);
        return withPrefix(fc, kt, tidy(body, fc.tc));
      }),
    ),
    fc.tc,
    { differential: `d${fc.wrt}` },
  );
}

/** The Jacobian from a linear expression in dA, evaluated at dA = E_kl for every (k, l). */
export function jacobianFromDifferential(
  fc: FormContext,
  e: Expr,
  values: Parameters<DerivativeForm["evaluate"]>[0],
): Tensor {
  const sizes = fc.sizes(values);
  const s = numericShape(fc, sizes);
  return jacobianFromEntries(s.yPad, s.aPad, jacobianShape(s), (_k, _l, Ekl) =>
    evaluatePadded(e, { ...values, [`d${fc.wrt}`]: Ekl }, sizes, fc.ctx.info),
  );
}

/** The differential form: dY = X dA Y + U dAᵀ V + W tr(Zᵀ dA). */
export function differentialForm(input: FormInput): DerivativeForm | string {
  const { fc, kinds } = input;
  if (kinds === undefined) return kindsReason(fc);
  const e = differentialExpr(fc, kinds);
  return treeForm("differential", "Differential", `\\mathrm{d}${resultNotation(fc).latex}`, e, (values) =>
    jacobianFromDifferential(fc, e, values),
  );
}
