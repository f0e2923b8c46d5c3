/**
 * Forms for expressions whose result index is composite: `vec(E)` and `U ⊗ V` at the top.
 * vec(E) inherits E's vec–Kronecker form (d vec E = DF d vec X, Magnus–Neudecker's first
 * identification theorem); U ⊗ V uses vec(U ⊗ V) = (I_n ⊗ K_qm ⊗ I_p)(vec U ⊗ vec V)
 * (Magnus–Neudecker, the commutation matrix) for U m×n and V p×q.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { eye, zeros } from "../../create/index";
import { add, permute, reshape } from "../../ops/index";
import { kron, matmul } from "../../products/index";
import { commutation, vec } from "../../special/index";
import { fromVecJacobian } from "../../autodiff/index";
import { addE, commutationE, type Dim, type Expr, identity, kronE, mulE, vecE } from "../expr";
import { evaluatePadded } from "../evaluate";
import { latexName } from "../notation";
import { exprToLatex } from "../print";
import { dimValue } from "../shapes";
import { componentExpr, evaluateComponents } from "./component";
import { type DerivativeForm, type FormContext, type FormInput, partialLatex, treeForm } from "./context";
import { differentialSymbol } from "./differential";
import { isBareIdentity, kronExpr, kronForm } from "./kron";

/** Forms of vec(E) (`outer` is the derivation of vec(E), `inner` that of E). */
export function vecForms(outer: FormContext, inner: FormInput): DerivativeForm[] {
  const k = kronForm(inner);
  const DF = kronExpr(inner);
  const c = componentExpr(inner);
  if (typeof k === "string" || DF === undefined || c === undefined) return [];
  const jacobianOf = (values: Readonly<Record<string, Tensor>>): Tensor => {
    const sizes = outer.sizes(values);
    const y = outer.resultShape.map((d) => dimValue(d, sizes));
    const a = outer.wrtShape.map((d) => dimValue(d, sizes));
    return fromVecJacobian(k.evaluate(values), y, a);
  };
  const differential = treeForm(
    "differential",
    "Differential (Magnus–Neudecker identification: d vec Y = DF d vec A)",
    `\\mathrm{d}\\,${exprToLatex(outer.expr)}`,
    mulE(DF, vecE(differentialSymbol(outer.wrt))),
    jacobianOf,
  );
  const sub = outer.aPad[1] === 1 ? (outer.aPad[0] === 1 ? "" : "k") : "kl";
  const component = treeForm(
    "component",
    inner.fc.aPad[1] === 1 ? "Component form (e_k: k-th unit vector)" : "Component form (E_kl: single-entry matrix)",
    partialLatex(outer, "", sub),
    vecE(c),
    (values) => {
      const sizes = inner.fc.sizes(values);
      const [m, n] = inner.fc.yPad.map((d) => dimValue(d, sizes));
      const a = outer.wrtShape.map((d) => dimValue(d, sizes));
      const J = reshape(evaluateComponents(inner.fc, c, values), [m, n, ...a]);
      // vec index r = i + j·m: column index slow
      return reshape(permute(J, [1, 0, ...a.map((_, t) => t + 2)]), [m * n, ...a]);
    },
  );
  return [k, component, differential];
}

/** The vec–Kronecker form of U ⊗ V (U m×n, V p×q padded) from the forms of U and/or V (`sides`, by operand). */
export function kronProductForm(
  outer: FormContext,
  U: Expr,
  V: Expr,
  uPad: readonly Dim[],
  vPad: readonly Dim[],
  sides: readonly { which: 0 | 1; input: FormInput }[],
): DerivativeForm | undefined {
  const [m, n] = uPad;
  const [p, q] = vPad;
  const P = kronE(kronE(identity(n), commutationE(q, m)), identity(p));
  const parts: { DF: (values: Readonly<Record<string, Tensor>>) => Tensor; e: Expr }[] = [];
  for (const s of sides) {
    const k = kronForm(s.input);
    const DF = kronExpr(s.input);
    if (typeof k === "string" || DF === undefined) return undefined;
    const mid = s.which === 0 ? kronE(identity(), vecE(V)) : kronE(vecE(U), identity());
    parts.push({ DF: (values) => k.evaluate(values), e: isBareIdentity(DF) ? mid : mulE(mid, DF) });
  }
  const body = parts.length === 1 ? parts[0].e : addE(parts[0].e, parts[1].e);
  return treeForm(
    "kron",
    "vec–Kronecker (Magnus–Neudecker: vec(U⊗V) = (I_n ⊗ K_qm ⊗ I_p)(vec U ⊗ vec V))",
    `\\frac{\\partial \\operatorname{vec} \\left(${exprToLatex(outer.expr)}\\right)}{\\partial \\operatorname{vec}(${latexName(outer.wrt)})^{T}}`,
    mulE(P, body),
    (values) => {
      const sizes = outer.sizes(values);
      const [mm, nn, pp, qq] = [m, n, p, q].map((x) => dimValue(x, sizes));
      const Pm = kron(kron(eye(nn), commutation(qq, mm)), eye(pp));
      const a = outer.wrtShape.map((x) => dimValue(x, sizes)).reduce((s, t) => s * t, 1);
      let acc = zeros([mm * nn * pp * qq, a]);
      for (const [idx, s] of sides.entries()) {
        const DF = parts[idx].DF(values);
        const other = evaluatePadded(s.which === 0 ? V : U, values, sizes, outer.ctx.info);
        const v = reshape(vec(other), [other.size, 1]);
        const mid = s.which === 0 ? kron(eye(mm * nn), v) : kron(v, eye(pp * qq));
        acc = add(acc, matmul(matmul(Pm, mid), DF));
      }
      return acc;
    },
  );
}
