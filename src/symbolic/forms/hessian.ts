/**
 * The Hessian of a scalar-valued expression: the derivative of its gradient, shown as the
 * Hessian matrix (vector variable), as a tensor form, in vec layout when elementwise factors
 * leave no tensor form, or in index notation; evaluated through the index form.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { zeros } from "../../create/index";
import { reshape } from "../../ops/index";
import { dependsOn, type Expr, num } from "../expr";
import type { Values } from "../evaluate";
import { latexName } from "../notation";
import { exprToText } from "../print";
import { dimValue } from "../shapes";
import { type DerivativeForm, type FormInput, kindsReason, resultNotation, treeForm } from "./context";
import { indexEvaluator, indexNotation, printIndexNotation } from "./indexForm";
import { kronExpr } from "./kron";
import { jacobianMatrixExpr, tensorForm } from "./tensor";
import { tensorOrder } from "./einsumTree";

/** The Hessian form, or why there is none. */
export function hessianForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  if (fc.resultShape.length !== 0) return "the expression is not scalar-valued";
  if (input.kinds === undefined && !tensorOrder(fc)) return kindsReason(fc);
  const G = input.gradient();
  const f = resultNotation(fc).latex;
  const a = latexName(fc.wrt);
  const lhs = `\\frac{\\partial^{2} ${f}}{\\partial ${a}\\, \\partial ${a}}`;
  const shapeOfA = (values: Values): number[] => {
    const sizes = fc.sizes(values);
    return fc.wrtShape.map((d) => dimValue(d, sizes));
  };
  // a gradient that does not depend on the variable (a linear function): the Hessian is zero
  if (!dependsOn(G, fc.wrt)) {
    return treeForm("hessian", "Hessian", lhs, num(0), (values) => {
      const s = shapeOfA(values);
      return zeros([...s, ...s]);
    });
  }
  let inner: FormInput;
  try {
    inner = input.differentiate(G);
  } catch (err) {
    return `the gradient ${exprToText(G)} could not be differentiated: ${(err as Error).message}`;
  }
  const numbers = indexEvaluator(inner);
  // the gradient may be typed n×1 where the variable is a vector [n]: reshape to [...shape(A), ...shape(A)]
  const evaluate = (values: Values): Tensor => {
    const s = shapeOfA(values);
    return reshape(numbers(values), [...s, ...s]);
  };
  const tree = (title: string, l: string, rhs: Expr): DerivativeForm => treeForm("hessian", title, l, rhs, evaluate);
  if (fc.aPad[1] === 1 && inner.kinds) {
    const H = jacobianMatrixExpr(inner.fc, inner.kinds);
    if (H !== undefined)
      return tree("Hessian matrix", `\\frac{\\partial^{2} ${f}}{\\partial ${a}\\, \\partial ${a}^{T}}`, H);
  }
  const tf = tensorForm(inner);
  if (typeof tf === "string" && inner.kinds) {
    // elementwise factors: the Hessian in vec layout, ∂²f/∂vec(X)∂vec(X)ᵀ = ∂vec(G)/∂vec(X)ᵀ
    const DF = kronExpr(inner) as Expr;
    return tree(
      `Hessian in vec layout ∂²f/∂vec(${fc.wrt})∂vec(${fc.wrt})ᵀ (evaluates to the array of shape [...shape(${fc.wrt}), ...shape(${fc.wrt})])`,
      `\\frac{\\partial^{2} ${f}}{\\partial \\operatorname{vec}(${a})\\, \\partial \\operatorname{vec}(${a})^{T}}`,
      DF,
    );
  }
  if (typeof tf !== "string" && tf.rhs !== undefined)
    return tree("Hessian (derivative of the gradient, tensor form)", lhs, tf.rhs);
  const n = indexNotation(inner.fc, inner.sum);
  return {
    name: "hessian",
    title: "Hessian (derivative of the gradient, index form)",
    text: printIndexNotation(n, "text"),
    latex: `${lhs} = ${printIndexNotation(n, "latex")}`,
    evaluate,
  };
}
