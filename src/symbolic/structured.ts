/**
 * Forms for expressions whose result index is composite: `vec(E)` and `U ⊗ V` at the top.
 * vec(E) inherits E's vec–Kronecker form (d vec E = DF d vec X, Magnus–Neudecker's first
 * identification theorem); U ⊗ V uses vec(U ⊗ V) = (I_n ⊗ K_qm ⊗ I_p)(vec U ⊗ vec V)
 * (Magnus–Neudecker, the commutation matrix) for U m×n and V p×q.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import { eye, zeros } from "../create/index";
import { add, permute, reshape } from "../ops/index";
import { kron, matmul } from "../products/index";
import { commutation, vec } from "../special/index";
import { fromVecJacobian } from "../autodiff/index";
import type { Dim, Expr } from "./expr";
import { evaluatePadded } from "./evaluate";
import { componentForm, type DerivativeForm, type FormContext, kronForm } from "./forms";
import type { KindTerm } from "./kinds";
import { exprToLatex, exprToText, latexName } from "./print";
import { dimValue } from "./shapes";

const rhs = (latex: string): string => latex.slice(latex.indexOf(" = ") + 3);
const isSum = (s: string): boolean => / [+−-] /.test(s);

/** Forms of vec(E) from the derivation of E (whose derivative is a sum of kind terms). */
export function vecForms(outer: FormContext, inner: FormContext, kinds: readonly KindTerm[]): DerivativeForm[] {
  const k = kronForm(inner, kinds);
  const c = componentForm(inner, kinds);
  const wrtL = latexName(outer.wrt);
  const eText = exprToText(outer.expr);
  const eLatex = exprToLatex(outer.expr);
  const jacobianOf = (values: Readonly<Record<string, Tensor>>): Tensor => {
    const sizes = outer.sizes(values);
    const y = outer.resultShape.map((d) => dimValue(d, sizes));
    const a = outer.wrtShape.map((d) => dimValue(d, sizes));
    return fromVecJacobian(k.evaluate(values), y, a);
  };
  const kron: DerivativeForm = k;
  const differential: DerivativeForm = {
    name: "differential",
    title: "Differential (Magnus–Neudecker identification: d vec Y = DF d vec A)",
    text: `d ${eText} = ${isSum(k.text) ? `(${k.text})` : k.text} d vec(${outer.wrt})`,
    latex: `\\mathrm{d}\\,${eLatex} = ${isSum(k.text) ? `\\left(${rhs(k.latex)}\\right)` : rhs(k.latex)}\\, \\mathrm{d}\\operatorname{vec}(${wrtL})`,
    evaluate: jacobianOf,
  };
  const component: DerivativeForm = {
    name: "component",
    title: c.title,
    text: `vec(${c.text})`,
    latex: `\\frac{\\partial ${eLatex}}{\\partial ${wrtL}${outer.aPad[1] === 1 ? (outer.aPad[0] === 1 ? "" : "_{k}") : "_{kl}"}} = \\operatorname{vec}\\left(${rhs(c.latex)}\\right)`,
    evaluate(values) {
      const sizes = inner.sizes(values);
      const [m, n] = inner.yPad.map((d) => dimValue(d, sizes));
      const a = outer.wrtShape.map((d) => dimValue(d, sizes));
      const J = reshape(c.evaluate(values), [m, n, ...a]);
      // vec index r = i + j·m: column index slow
      return reshape(permute(J, [1, 0, ...a.map((_, t) => t + 2)]), [m * n, ...a]);
    },
  };
  return [kron, component, differential];
}

/** One side of a Kronecker product U ⊗ V that depends on the variable. */
export interface KronSide {
  readonly which: 0 | 1;
  readonly fc: FormContext;
  readonly kinds: readonly KindTerm[];
}

/** The vec–Kronecker form of U ⊗ V (U m×n, V p×q padded) from the forms of U and/or V. */
export function kronProductForm(
  outer: FormContext,
  U: Expr,
  V: Expr,
  uPad: readonly Dim[],
  vPad: readonly Dim[],
  sides: readonly KronSide[],
): DerivativeForm {
  const [m, n] = uPad;
  const [p, q] = vPad;
  const d = (x: Dim): string => (typeof x === "number" ? String(x) : x);
  const dl = (x: Dim): string => (typeof x === "number" ? String(x) : latexName(x));
  const P = `(I_${d(n)} ⊗ K_${d(q)}${d(m)} ⊗ I_${d(p)})`;
  const PL = `\\left(I_{${dl(n)}} \\otimes K_{${dl(q)}${dl(m)}} \\otimes I_{${dl(p)}}\\right)`;
  const parts = sides.map((s) => {
    const k = kronForm(s.fc, s.kinds);
    const identity = k.text === "I" || k.text === "(I ⊗ I)";
    const df = identity ? "" : isSum(k.text) ? ` (${k.text})` : ` ${k.text}`;
    const dfL = identity ? "" : isSum(k.text) ? ` \\left(${rhs(k.latex)}\\right)` : ` ${rhs(k.latex)}`;
    const mid =
      s.which === 0
        ? {
            text: `(I_${d(m)}${d(n)} ⊗ vec(${exprToText(V)}))`,
            latex: `\\left(I_{${dl(m)}${dl(n)}} \\otimes \\operatorname{vec}\\left(${exprToLatex(V)}\\right)\\right)`,
          }
        : {
            text: `(vec(${exprToText(U)}) ⊗ I_${d(p)}${d(q)})`,
            latex: `\\left(\\operatorname{vec}\\left(${exprToLatex(U)}\\right) \\otimes I_{${dl(p)}${dl(q)}}\\right)`,
          };
    return { text: `${mid.text}${df}`, latex: `${mid.latex}${dfL}`, k };
  });
  const body = parts.length === 1 ? parts[0].text : `(${parts.map((x) => x.text).join(" + ")})`;
  const bodyL = parts.length === 1 ? parts[0].latex : `\\left(${parts.map((x) => x.latex).join(" + ")}\\right)`;
  return {
    name: "kron",
    title: "vec–Kronecker (Magnus–Neudecker: vec(U⊗V) = (I_n ⊗ K_qm ⊗ I_p)(vec U ⊗ vec V))",
    text: `${P}${body}`,
    latex: `\\frac{\\partial \\operatorname{vec} \\left(${exprToLatex(outer.expr)}\\right)}{\\partial \\operatorname{vec}(${latexName(outer.wrt)})^{T}} = ${PL} ${bodyL}`,
    evaluate(values) {
      const sizes = outer.sizes(values);
      const [mm, nn, pp, qq] = [m, n, p, q].map((x) => dimValue(x, sizes));
      const Pm = kron(kron(eye(nn), commutation(qq, mm)), eye(pp));
      const a = outer.wrtShape.map((x) => dimValue(x, sizes)).reduce((s, t) => s * t, 1);
      let acc = zeros([mm * nn * pp * qq, a]);
      for (const [idx, s] of sides.entries()) {
        const DF = parts[idx].k.evaluate(values);
        const other = evaluatePadded(s.which === 0 ? V : U, values, sizes, outer.ctx.info);
        const v = reshape(vec(other), [other.size, 1]);
        const mid = s.which === 0 ? kron(eye(mm * nn), v) : kron(v, eye(pp * qq));
        acc = add(acc, matmul(matmul(Pm, mid), DF));
      }
      return acc;
    },
  };
}
