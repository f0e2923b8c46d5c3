/**
 * The gradient form of a scalar-valued expression: the matrix G of the variable's shape with
 * df = tr(Gᵀ dA). Kind terms give X dA Y → XᵀYᵀ, U dAᵀ V → VU, W tr(Zᵀ dA) → WZ; equal
 * terms are collected and a factor shared by every term is taken out ((B + Bᵀ)X).
 * @packageDocumentation
 */
import { reshape } from "../../ops/index";
import { full } from "../../create/index";
import { addE, type Expr, exprKey, hadE, identity, mulE, num, t } from "../expr";
import { evaluatePadded } from "../evaluate";
import { type KindTerm, scalarFactor, tidy, type TidyContext, tidyContext } from "../kinds";
import { latexName } from "../notation";
import { exprSize, simplifyExpr } from "../simplify";
import { tensorOrder } from "./einsumTree";
import {
  type DerivativeForm,
  type FormContext,
  type FormInput,
  kindsReason,
  numericShape,
  resultNotation,
  signedSum,
  treeForm,
} from "./context";

/** The gradient G (shape of A) of a scalar-valued expression: df = tr(Gᵀ dA). */
export function gradientExpr(fc: FormContext, kinds: readonly KindTerm[]): Expr {
  const pieces: { coef: number; e: Expr }[] = [];
  const byKey = new Map<string, { coef: number; e: Expr }>();
  for (const kt of kinds) {
    let z: Expr;
    if (kt.kind === 1) z = mulE(t(kt.left), t(kt.right));
    else if (kt.kind === 2) z = mulE(kt.right, kt.left);
    else z = mulE(kt.left, kt.right);
    if (kt.da) z = hadE(kt.da, z);
    if (kt.dy) z = mulE(kt.dy, z);
    const s = scalarFactor(1, kt.scalars, fc.tc);
    z = s ? tidy(mulE(s, z), fc.tc) : tidy(z, fc.tc);
    const key = exprKey(z);
    const same = byKey.get(key);
    if (same) same.coef += kt.coef;
    else {
      const piece = { coef: kt.coef, e: z };
      pieces.push(piece);
      byKey.set(key, piece);
    }
  }
  return simplifyExpr(coefSum(pieces.filter((p) => p.coef !== 0)), fc.tc);
}

function coefSum(nz: readonly { coef: number; e: Expr }[]): Expr {
  return signedSum(
    nz.map((p) => ({
      sign: p.coef < 0 ? -1 : 1,
      body: Math.abs(p.coef) === 1 ? p.e : mulE(num(Math.abs(p.coef)), p.e),
    })),
  );
}

/** Is the variable declared symmetric (and square)? */
export function symmetricVariable(fc: FormContext): boolean {
  return fc.symmetricWrt;
}

/** sym(G) = (G + Gᵀ)/2, simplified. */
export function symmetricGradient(fc: FormContext, G: Expr): Expr {
  const s = mulE(num(0.5), addE(G, t(G)));
  const kept = simplifyExpr(s, symmetricContext(fc));
  // expanded, the terms of G and Gᵀ meet: sym(G) = G for a symmetric G written in factors
  const expanded = simplifyExpr(s, symmetricContext(fc), { expand: true });
  return exprSize(expanded) < exprSize(kept) ? expanded : kept;
}

/** The simplifier's context with the variable (and its differential) symmetric too. */
export function symmetricContext(fc: FormContext): TidyContext {
  return tidyContext(fc.tc.shapes, [...fc.tc.symmetric, fc.wrt]);
}

/** Evaluates a gradient tree at values, shaped like the variable. */
export function evaluateGradient(fc: FormContext, G: Expr, values: Parameters<DerivativeForm["evaluate"]>[0]) {
  const sizes = fc.sizes(values);
  const s = numericShape(fc, sizes);
  const g = evaluatePadded(G, values, sizes, fc.ctx.info);
  // a gradient that simplified to a number (0) has that number in every entry
  if (g.size === 1 && s.aPad[0] * s.aPad[1] !== 1) return full(s.a, g.data[0]);
  return reshape(g, s.a);
}

/** The gradient form (scalar-valued expressions). */
export function gradientForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  if (fc.resultShape.length !== 0) return "the expression is not scalar-valued";
  if (input.kinds === undefined && !tensorOrder(fc)) return kindsReason(fc);
  if (fc.diagonalWrt) {
    const D = simplifyExpr(hadE(input.gradient(), identity(fc.wrtShape[0])), symmetricContext(fc));
    return treeForm(
      "gradient",
      `Gradient on the diagonal matrices: G ∘ I, the diagonal matrix with df = ⟨∇f, d${fc.wrt}⟩ for every diagonal d${fc.wrt} (G: the gradient for a general ${fc.wrt})`,
      `\\nabla_{${latexName(fc.wrt)}}\\, ${resultNotation(fc).latex}`,
      D,
      (values) => evaluateGradient(fc, D, values),
    );
  }
  if (symmetricVariable(fc)) {
    const S = symmetricGradient(fc, input.gradient());
    return treeForm(
      "gradient",
      `Gradient on the symmetric matrices: sym(G) = (G + Gᵀ)/2, the symmetric matrix with df = ⟨∇f, d${fc.wrt}⟩ for every symmetric d${fc.wrt} (G: the gradient for a general ${fc.wrt})`,
      `\\nabla_{${latexName(fc.wrt)}}\\, ${resultNotation(fc).latex}`,
      S,
      (values) => evaluateGradient(fc, S, values),
    );
  }
  const G = input.gradient();
  return treeForm(
    "gradient",
    `Gradient (shape of ${fc.wrt})`,
    `\\nabla_{${latexName(fc.wrt)}}\\, ${resultNotation(fc).latex}`,
    G,
    (values) => evaluateGradient(fc, G, values),
  );
}
