/**
 * The vec–Kronecker form of a derivative of tensors: DF = ∂vec(Y)/∂vec(X)ᵀ, where vec of a
 * tensor stacks the first axis fastest, as vec of a matrix stacks its columns (vec(X) is
 * vec(X₍₁₎), the columns of the mode-1 unfolding). It applies when each axis n of Y is tied
 * to axis n of X by one matrix (a δ is I, a factor A_(y_n x_n) is A, A_(x_n y_n) is Aᵀ) — the
 * mode-n products: vec(X ×₁ A ×₂ B ×₃ C) = (C ⊗ B ⊗ A) vec(X), axis 1's matrix the last
 * factor of the Kronecker product because axis 1 runs fastest.
 * @packageDocumentation
 */
import { zeros } from "../../create/index";
import { type Expr, identity, kronE, mulE, num, sizeE, t } from "../expr";
import { evaluatePadded } from "../evaluate";
import { indicesOf, type Term } from "../indexterms";
import { latexName } from "../notation";
import { dimValue } from "../shapes";
import { type DerivativeForm, type FormInput, resultNotation, signedSum, treeForm } from "./context";

/** The Kronecker product of one term, or why the term is not one. */
function termKron(input: FormInput, term: Term, y: readonly string[], x: readonly string[]): Expr | string {
  const { ctx } = input.fc;
  const used = new Set<number>();
  const mats: Expr[] = [];
  for (let n = 0; n < y.length; n++) {
    const touching = term.factors
      .map((f, k) => ({ f, k }))
      .filter(({ f }) => indicesOf(f).some((i) => i === y[n] || i === x[n]));
    if (touching.length !== 1)
      return `axis ${n + 1} of Y and axis ${n + 1} of ${input.fc.wrt} are not tied by one matrix`;
    const { f, k } = touching[0];
    const idx = indicesOf(f);
    if (idx.length !== 2 || f.kind === "split") return `a factor has ${idx.length} indices`;
    let m: Expr;
    if (f.kind === "delta") {
      if (!((f.a === y[n] && f.b === x[n]) || (f.a === x[n] && f.b === y[n])))
        return `axis ${n + 1} of Y is tied to another axis of ${input.fc.wrt}`;
      m = identity(ctx.size(y[n]));
    } else if (f.idx[0] === y[n] && f.idx[1] === x[n]) m = f.expr;
    else if (f.idx[0] === x[n] && f.idx[1] === y[n]) m = t(f.expr);
    else return `axis ${n + 1} of Y is tied to another axis of ${input.fc.wrt}`;
    used.add(k);
    mats.push(m);
  }
  if (term.factors.some((_, k) => !used.has(k))) return "a factor is not a matrix between two axes";
  // axis 1 runs fastest in vec: its matrix is the last factor
  let body = mats.reduceRight((acc: Expr | undefined, m) => (acc === undefined ? m : kronE(acc, m)), undefined) as Expr;
  for (const d of term.dims) body = mulE(sizeE(d), body);
  const c = Math.abs(term.coef);
  if (c !== 1) body = mulE(num(c), body);
  return body;
}

/**
 * The vec–Kronecker form of a derivative of tensors of the same number (three or more) of axes,
 * or why it does not apply.
 */
export function tensorKronForm(input: FormInput): DerivativeForm | string {
  const { fc, sum } = input;
  const P = fc.resultShape.length;
  if (P < 3 || fc.wrtShape.length !== P)
    return `the vec–Kronecker form of tensors needs Y and ${fc.wrt} of the same number of axes (here ${P} and ${fc.wrtShape.length})`;
  const y = sum.out.slice(0, P);
  const x = sum.out.slice(P);
  const parts: { sign: 1 | -1; body: Expr }[] = [];
  for (const term of sum.terms) {
    const k = termKron(input, term, y, x);
    if (typeof k === "string") return `no mode-n unfolding makes ∂Y/∂${fc.wrt} a Kronecker product: ${k}`;
    parts.push({ sign: term.coef < 0 ? -1 : 1, body: k });
  }
  const DF = signedSum(parts);
  const a = latexName(fc.wrt);
  return treeForm(
    "kron",
    `vec–Kronecker DF = ∂vec(Y)/∂vec(${fc.wrt})ᵀ (vec of a tensor stacks the first axis fastest, as vec of a matrix: vec(${fc.wrt}) = vec(${fc.wrt}₍₁₎), the columns of the mode-1 unfolding; axis 1's matrix is the last Kronecker factor)`,
    `\\frac{\\partial \\operatorname{vec} ${resultNotation(fc).latex}}{\\partial \\operatorname{vec}(${a})^{T}}`,
    DF,
    (values) => {
      const sizes = fc.sizes(values);
      if (parts.length === 0) {
        const ny = fc.resultShape.reduce((p: number, d) => p * dimValue(d, sizes), 1);
        const nx = fc.wrtShape.reduce((p: number, d) => p * dimValue(d, sizes), 1);
        return zeros([ny, nx]);
      }
      return evaluatePadded(DF, values, sizes, fc.ctx.info);
    },
  );
}
