/**
 * The vec–Kronecker form DF = ∂vec(Y)/∂vec(A)ᵀ (Magnus–Neudecker): X dA Y gives Yᵀ ⊗ X,
 * U dAᵀ V gives (Vᵀ ⊗ U)K_pq, W tr(Zᵀ dA) gives vec(W) vec(Z)ᵀ; an elementwise factor D on
 * Y's indices is diag(vec(D)) on the left, on A's indices diag(vec(D)) on the right.
 * @packageDocumentation
 */
import { zeros } from "../../create/index";
import { commutationE, diagE, type Dim, type Expr, identity, kronE, mulE, num, t, vecE, productE } from "../expr";
import { evaluatePadded } from "../evaluate";
import { isIdentity, isOne, isUnit, type KindTerm, tidy } from "../kinds";
import { latexName } from "../notation";
import { tensorKronForm } from "./tensorKron";
import { simplifyExpr } from "../simplify";
import {
  type DerivativeForm,
  type FormContext,
  type FormInput,
  kindsReason,
  numericShape,
  resultNotation,
  signedSum,
  treeForm,
  withPrefix,
} from "./context";

/** The product of two dimensions (a number, or the product written `m*n`). */
function timesDim(a: Dim, b: Dim): Dim {
  return typeof a === "number" && typeof b === "number" ? a * b : a === 1 ? b : b === 1 ? a : `${a}*${b}`;
}

/** A ⊗ B with identities and units dropped where the product is one of them. */
function kr(fc: FormContext, a: Expr, b: Expr): Expr {
  const A = tidy(a, fc.tc);
  const B = tidy(b, fc.tc);
  if (isUnit(A)) return B;
  if (isUnit(B)) return A;
  // I_q ⊗ I_m = I_qm
  if (A.op === "I" && B.op === "I" && A.dims && B.dims) return identity(timesDim(A.dims[0], B.dims[0]));
  return kronE(A, B);
}

/** I, or I ⊗ I. */
export const isBareIdentity = (e: Expr): boolean =>
  isIdentity(e) || (e.op === "kron" && isIdentity(e.args[0]) && isIdentity(e.args[1]));

/** One kind term's DF (the steps of the kron route show it term by term). */
export function kronTerm(fc: FormContext, kt: KindTerm): Expr {
  const [p, q] = fc.aPad;
  let core: Expr;
  if (kt.kind === 1) core = kr(fc, t(kt.right), kt.left);
  else if (kt.kind === 2) {
    const c = kr(fc, t(kt.right), kt.left);
    // K_p1 = K_1q = I: a vector variable needs no commutation
    core = fc.aPad.some(isOne) ? c : isBareIdentity(c) ? commutationE(p, q) : mulE(c, commutationE(p, q));
  } else {
    const W = tidy(kt.left, fc.tc);
    const Z = tidy(kt.right, fc.tc);
    const zPart = isOne(fc.aPad[1]) ? t(Z) : t(vecE(Z));
    const wPart = isUnit(W) ? undefined : isOne(fc.yPad[1]) ? W : vecE(W);
    core = wPart === undefined ? zPart : mulE(wPart, zPart);
  }
  // an identity between diagonal factors is dropped: diag(vec(D)) I = diag(vec(D))
  const bare = (kt.dy || kt.da) && isBareIdentity(core);
  const fs: Expr[] = [];
  // diag(vec(D)), or diag(D) for a vector D
  const dg = (d: Expr, vector: boolean): Expr => diagE(vector ? tidy(d, fc.tc) : vecE(tidy(d, fc.tc)));
  if (kt.dy) fs.push(dg(kt.dy, isOne(fc.yPad[1])));
  if (!bare) fs.push(core);
  if (kt.da) fs.push(dg(kt.da, isOne(fc.aPad[1])));
  return productE(fs);
}

/** DF as a tree: a scalar's DF is the row vec(G)ᵀ of its gradient G, which collects the terms. */
export function kronExpr(input: FormInput): Expr | undefined {
  const { fc, kinds } = input;
  if (kinds === undefined) return undefined;
  if (fc.resultShape.length === 0 && kinds.length >= 2) {
    const G = input.gradient();
    // a gradient that is 0 is DF = 0 of DF's shape (vec(0)ᵀ would be 1×1)
    if (zeroProduct(G)) return num(0);
    return isOne(fc.aPad[1]) ? simplifyExpr(t(G), fc.tc) : t(vecE(G));
  }
  const DF = simplifyExpr(signedSum(kinds.map((kt) => withPrefix(fc, kt, kronTerm(fc, kt)))), fc.tc);
  // a Kronecker or matrix product with a factor that simplified to the number 0 is DF = 0 (kept
  // as 0 ⊗ I it would evaluate to a matrix of I's size, not DF's): X(AB ∘ (C − C)) by X
  return zeroProduct(DF) ? num(0) : DF;
}

/** 0, or a Kronecker or matrix product (or its negation or transpose) with a factor that is 0. */
function zeroProduct(e: Expr): boolean {
  if (e.op === "num") return e.value === 0;
  if (e.op === "kron" || e.op === "mul") return e.args.some(zeroProduct);
  if (e.op === "neg" || e.op === "T") return zeroProduct(e.args[0]);
  return false;
}

/** The vec–Kronecker form DF = ∂vec(Y)/∂vec(A)ᵀ (Magnus–Neudecker). */
export function kronForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  const DF = kronExpr(input);
  if (DF === undefined) {
    // tensors: a Kronecker product of one matrix per axis, where there is one (tensorKron.ts)
    if (input.kinds !== undefined) return kindsReason(fc);
    const tk = tensorKronForm(input);
    return typeof tk === "string" ? `${kindsReason(fc)}; ${tk}` : tk;
  }
  const a = latexName(fc.wrt);
  return treeForm(
    "kron",
    `vec–Kronecker (Magnus–Neudecker) DF = ∂vec(Y)/∂vec(${fc.wrt})ᵀ`,
    `\\frac{\\partial \\operatorname{vec} ${resultNotation(fc).latex}}{\\partial \\operatorname{vec}(${a})^{T}}`,
    DF,
    (values) => {
      const sizes = fc.sizes(values);
      if (DF.op === "num" && DF.value === 0) {
        const s = numericShape(fc, sizes);
        return zeros([s.yPad[0] * s.yPad[1], s.aPad[0] * s.aPad[1]]);
      }
      return evaluatePadded(DF, values, sizes, fc.ctx.info);
    },
  );
}
