/**
 * The component form ∂Y/∂A_kl = X E_kl Y + U E_klᵀ V + (Z)_kl W (E_kl the single-entry
 * matrix; e_k the unit vector for a vector variable), evaluated entry by entry with E_kl
 * bound to E(k, l).
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { atE, type Expr, hadE, mulE, sym, t, productE } from "../expr";
import { evaluatePadded } from "../evaluate";
import { asScalarPower, isIdentity, isOne, isUnit, type KindTerm, tidy } from "../kinds";
import { simplifyExpr } from "../simplify";
import {
  type DerivativeForm,
  type FormContext,
  type FormInput,
  kindsReason,
  jacobianFromEntries,
  jacobianShape,
  numericShape,
  partialLatex,
  signedSum,
  treeForm,
  withPrefix,
} from "./context";

/** How the variable's entry is written: E_kl (matrix), e_k (vector), nothing (scalar). */
interface EntryNotation {
  readonly symbol: string | undefined;
  readonly sub: readonly string[];
}

function notation(fc: FormContext): EntryNotation {
  const aVec = isOne(fc.aPad[1]);
  if (aVec && isOne(fc.aPad[0])) return { symbol: undefined, sub: [] };
  return aVec ? { symbol: "e_k", sub: ["k"] } : { symbol: "E_kl", sub: ["k", "l"] };
}

function componentTerm(fc: FormContext, kt: KindTerm, en: EntryNotation): Expr {
  const shown = (e: Expr): Expr | undefined => {
    const x = tidy(e, fc.tc);
    return isIdentity(x) || isUnit(x) ? undefined : x;
  };
  const at = (e: Expr): Expr => (en.sub.length === 0 ? simplifyExpr(e, fc.tc) : atE(simplifyExpr(e, fc.tc), en.sub));
  let body: Expr;
  if (kt.kind === 3) {
    // W is the whole matrix of the term (Z_kl W): an identity W stays (Z_kl I), only a 1×1 unit goes
    const left = tidy(kt.left, fc.tc);
    const z = at(kt.right);
    // by a scalar Z is 1×1: an identity there is the number 1 (∂(tA)/∂t = A, not IA)
    const unitZ = en.symbol === undefined && (isUnit(z) || isIdentity(z));
    body = isUnit(left) ? z : unitZ ? left : mulE(z, left);
  } else {
    const E = en.symbol === undefined ? undefined : kt.kind === 1 ? sym(en.symbol) : t(sym(en.symbol));
    body = productE([shown(kt.left), E, shown(kt.right)].filter((x): x is Expr => x !== undefined));
  }
  if (kt.da) body = mulE(at(kt.da), body);
  // a scalar Y's entrywise factor multiplies: (aᵀXb)⁻¹ aᵀE_kl b, not (aᵀXb)^(∘−1) ∘ (aᵀE_kl b)
  if (kt.dy)
    body = fc.resultShape.length === 0 ? mulE(asScalarPower(tidy(kt.dy, fc.tc)), body) : hadE(tidy(kt.dy, fc.tc), body);
  return body;
}

/** The component form's tree: a scalar's is the (k, l) entry of its gradient, which collects the terms. */
export function componentExpr(input: FormInput): Expr | undefined {
  const { fc, kinds } = input;
  if (kinds === undefined) return undefined;
  const en = notation(fc);
  if (fc.resultShape.length === 0 && en.symbol !== undefined && kinds.length >= 2) {
    const G = input.gradient();
    // a gradient that is 0 has every component 0 ((0)_kl would read past a 1×1)
    return G.op === "num" && G.value === 0 ? G : atE(G, en.sub);
  }
  return signedSum(kinds.map((kt) => withPrefix(fc, kt, componentTerm(fc, kt, en))));
}

/** Evaluates a component tree entry by entry: E_kl = E(k, l) and the letters k, l bound. */
export function evaluateComponents(
  fc: FormContext,
  e: Expr,
  values: Parameters<DerivativeForm["evaluate"]>[0],
): Tensor {
  const en = notation(fc);
  const sizes = fc.sizes(values);
  const s = numericShape(fc, sizes);
  return jacobianFromEntries(s.yPad, s.aPad, jacobianShape(s), (k, l, Ekl) =>
    evaluatePadded(e, en.symbol === undefined ? values : { ...values, [en.symbol]: Ekl }, sizes, fc.ctx.info, { k, l }),
  );
}

/** The component form ∂Y/∂A_kl = X E_kl Y + U E_klᵀ V + Z_kl W. */
export function componentForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  const e = componentExpr(input);
  if (e === undefined) return kindsReason(fc);
  const en = notation(fc);
  const title =
    en.symbol === undefined
      ? "Component form"
      : en.sub.length === 1
        ? "Component form (e_k: k-th unit vector)"
        : "Component form (E_kl: single-entry matrix)";
  return treeForm("component", title, partialLatex(fc, "", en.sub.join("")), e, (values) =>
    evaluateComponents(fc, e, values),
  );
}
