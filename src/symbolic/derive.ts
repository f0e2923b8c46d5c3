/**
 * `derive`: the exact derivative of a matrix expression, in every applicable form.
 * @packageDocumentation
 */
import { DifferentiationError, ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { zeros } from "../create/index";
import { reshape } from "../ops/index";
import { type Dim, type Expr, dependsOn, symbolsOf } from "./expr";
import { type KronSide, kronProductForm, vecForms } from "./structured";
import { evaluateAs, type Values } from "./evaluate";
import {
  componentForm,
  type DerivativeForm,
  differentialForm,
  type FormContext,
  type FormName,
  gradientExpr,
  gradientForm,
  indexForm,
  jacobianMatrixExpr,
  kronForm,
  tensorForm,
} from "./forms";
import { type KindTerm, toKinds, withTidyShapes } from "./kinds";
import { parse } from "./parse";
import { exprToLatex, exprToSource, exprToText, latexName } from "./print";
import { diffTerms, IndexContext, type IndexSum, padShape, simplify, toIndex } from "./ricci";
import { dimValue, inferShapes, type ShapeInfo, type Shapes } from "./shapes";

export type { DerivativeForm, FormName } from "./forms";

/** A form that does not apply to a derivation, and why. */
export interface NotApplicable {
  readonly name: FormName;
  readonly reason: string;
}

/** The result of {@link derive}: the derivative of `expr` with respect to `wrt` in every applicable form. */
export interface Derivation {
  readonly expr: Expr;
  readonly wrt: string;
  /** Shapes of all symbols, resolved (unknown dimensions named d1, d2, …). */
  readonly shapes: Shapes;
  readonly resultShape: Dim[];
  readonly wrtShape: Dim[];
  /** Every applicable form, in the order tensor, index, kron, component, differential, gradient, hessian. */
  readonly forms: DerivativeForm[];
  /** The form with that name, if it applies. */
  form(name: FormName): DerivativeForm | undefined;
  /** Forms that do not apply, with the reason. */
  readonly notApplicable: NotApplicable[];
  /** The expression in LaTeX. */
  readonly exprLatex: string;
  /** The expression as Unicode text. */
  readonly exprText: string;
  /** The simplified derivative in index notation (the engine's result). */
  readonly indexSum: IndexSum;
  /** The derivative as a sum of kind-1/2/3 terms, when it is one. */
  readonly kinds: KindTerm[] | undefined;
  /** Shape information of the expression. */
  readonly info: ShapeInfo;
  /** Sizes of the named dimensions implied by values of the symbols (checks they fit the shapes). */
  sizes(values: Values): Record<string, number>;
  /** The value of the expression itself (true shape). */
  value(values: Values): Tensor;
  /**
   * Run `f` with sizes for the dimensions that no symbol's value determines (such as the
   * second size of a bare `alpha`); {@link verify} uses it.
   */
  withDimensions<T>(dims: Record<string, number>, f: () => T): T;
}

const ORDER: FormName[] = ["tensor", "index", "kron", "component", "differential", "gradient", "hessian"];

/**
 * Sizes of the named dimensions from values, checking each value against its symbol's shape.
 * @throws {@link ShapeError} when a value does not fit its symbol's shape or two values disagree on a size.
 * @example
 * ```ts
 * import { sizesFromValues, zeros } from "tensorcalc";
 * console.log(sizesFromValues({ A: ["m", "n"], x: ["n"] }, { A: zeros([2, 3]), x: zeros([3]) })); // { m: 2, n: 3 }
 * ```
 */
export function sizesFromValues(shapes: Shapes, values: Values): Record<string, number> {
  const sizes: Record<string, number> = {};
  const pending: [string, Dim, number][] = [];
  for (const [name, shape] of Object.entries(shapes)) {
    const v = values[name];
    if (v === undefined) continue;
    if (v.ndim !== shape.length) {
      throw new ShapeError(
        `the value of ${name} has shape ${formatShape(v.shape)} but ${name} has shape [${shape.join(", ")}]`,
      );
    }
    const ps = padShape(shape);
    const pv = padShape(v.shape) as number[];
    ps.forEach((d, i) => {
      if (typeof d === "number") {
        if (d !== pv[i])
          throw new ShapeError(
            `the value of ${name} has shape ${formatShape(v.shape)} but ${name} has shape [${shape.join(", ")}]`,
          );
      } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(d)) {
        const prev = sizes[d];
        if (prev !== undefined && prev !== pv[i]) {
          throw new ShapeError(
            `dimension ${d} is ${prev} elsewhere but the value of ${name} (shape ${formatShape(v.shape)}) makes it ${pv[i]}`,
          );
        }
        sizes[d] = pv[i];
      } else pending.push([name, d, pv[i]]);
    });
  }
  for (const [name, d, n] of pending) {
    let ok = true;
    try {
      ok = dimValue(d, sizes) === n;
    } catch {
      ok = true;
    }
    if (!ok) throw new ShapeError(`the value of ${name} does not fit its dimension ${d}`);
  }
  return sizes;
}

/** Sizes for dimensions that no value determines (set by {@link Derivation.withDimensions}). */
type Fallback = { dims: Record<string, number> };

function buildCore(expr: Expr, wrt: string, shapes: Shapes, fallback: Fallback) {
  const info = inferShapes(expr, shapes);
  const wrtShape = info.shapes[wrt];
  if (wrtShape === undefined) {
    throw new DifferentiationError(
      `cannot differentiate ${exprToSource(expr)} with respect to ${wrt}: ${wrt} does not appear in it (give its shape to get the zero derivative); symbols: ${symbolsOf(expr).join(", ") || "none"}`,
    );
  }
  const ctx = new IndexContext(info, wrt);
  const resultShape = info.shape;
  const yPad = resultShape.length <= 2 ? padShape(resultShape) : resultShape;
  const aPad = padShape(wrtShape);
  const yIdx = yPad.map((d, n) => ctx.fresh(d, resultShape.length <= 2 ? ["i", "j"][n] : `y${n}_`));
  const aIdx = aPad.map((d, n) => ctx.fresh(d, ["k", "l"][n]));
  const terms = toIndex(ctx, expr, yIdx);
  const dTerms = diffTerms(ctx, terms, wrt, aIdx);
  const sum = simplify(ctx, { out: [...yIdx, ...aIdx], terms: dTerms });
  const kinds = resultShape.length <= 2 ? toKinds(ctx, sum) : undefined;
  const needed = symbolsOf(expr);
  const sizes = (values: Values): Record<string, number> => {
    for (const name of needed)
      if (values[name] === undefined) throw new ShapeError(`no value given for the symbol ${name}`);
    const s = sizesFromValues(info.shapes, values);
    for (const n of info.dimNames) if (s[n] === undefined && fallback.dims[n] !== undefined) s[n] = fallback.dims[n];
    const free = info.dimNames.filter((n) => s[n] === undefined);
    if (free.length > 0) {
      throw new ShapeError(
        `the size of dimension ${free.join(", ")} is not determined by the values (it belongs to no symbol); give it explicitly, e.g. alpha(m, n) or I(n)`,
      );
    }
    return s;
  };
  const fc: FormContext = { ctx, expr, wrt, resultShape, wrtShape, yPad, aPad, sizes };
  return { info, wrtShape, resultShape, ctx, sum, kinds, fc, yPad, aPad };
}

/**
 * Differentiate a matrix expression with respect to one of its symbols and present the
 * result in every applicable form (tensor with α/β, index, vec–Kronecker, component,
 * differential; gradient and Hessian for scalar-valued expressions).
 *
 * The engine works in index notation (Laue, Mitterreiter & Giesen 2018): product rule,
 * d X_ab/d X_kl = δ_ak δ_bl, differentials of inverse, determinant and log-determinant,
 * elementwise functions with their scalar derivative; deltas are contracted and equal terms
 * collected, then each term is recognised as X dA Y, U dAᵀ V or W tr(Zᵀ dA).
 *
 * @param expr the expression (a string is parsed with {@link parse}).
 * @param wrt the symbol to differentiate with respect to.
 * @param shapes shapes of the symbols (numbers or dimension names); unknown ones are inferred.
 * @throws {@link ParseError}, {@link ShapeError} or {@link DifferentiationError} with the reason.
 * @example
 * ```ts
 * import { derive } from "tensorcalc";
 * const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
 * for (const f of d.forms) console.log(f.name, f.text);
 * // tensor αBᵀ:β
 * // index δ_il B_kj
 * // kron (Bᵀ ⊗ I)Kpm
 * // component E_klᵀ B
 * // differential dAᵀB
 * ```
 */
export function derive(expr: string | Expr, wrt: string, shapes: Shapes = {}): Derivation {
  const e = typeof expr === "string" ? parse(expr) : expr;
  const info = inferShapes(e, shapes);
  return withTidyShapes(info.shapes, () => deriveParsed(e, wrt, shapes));
}

function deriveParsed(e: Expr, wrt: string, shapes: Shapes): Derivation {
  if (typeof wrt !== "string" || wrt === "")
    throw new DifferentiationError(
      'derive: name the variable to differentiate with respect to, e.g. derive("A\' * B", "A")',
    );
  const fallback: Fallback = { dims: {} };
  const core = buildCore(e, wrt, shapes, fallback);
  const { info, wrtShape, resultShape, sum, kinds, fc } = core;
  if (wrtShape.length > 2) throw new DifferentiationError(`derive: ${wrt} must be a scalar, vector or matrix`);
  const forms: DerivativeForm[] = [];
  const notApplicable: NotApplicable[] = [];
  const scalarY = resultShape.length === 0;
  const idx = indexForm(fc, sum);
  if (kinds === undefined) {
    const why =
      resultShape.length > 2
        ? `the result has ${resultShape.length} axes; matrix forms need a scalar, vector or matrix result`
        : "the derivative is not a sum of terms X dA Y, U dAᵀ V, W tr(Zᵀ dA) (with elementwise factors)";
    forms.push(idx);
    for (const n of ["tensor", "kron", "component", "differential", "gradient", "hessian"] as FormName[])
      notApplicable.push({ name: n, reason: why });
  } else {
    const tf = tensorForm(fc, kinds);
    if (tf) forms.push(tf);
    else
      notApplicable.push({
        name: "tensor",
        reason: "elementwise (diagonal) factors have no α/β tensor form; see the kron form with diag(·)",
      });
    forms.push(idx, kronForm(fc, kinds), componentForm(fc, kinds), differentialForm(fc, kinds));
    if (scalarY) {
      forms.push(gradientForm(fc, kinds));
      const h = hessianForm(fc, kinds, info.shapes, fallback);
      if ("reason" in h) notApplicable.push({ name: "hessian", reason: h.reason });
      else forms.push(h);
    } else {
      notApplicable.push({ name: "gradient", reason: "the expression is not scalar-valued" });
      notApplicable.push({ name: "hessian", reason: "the expression is not scalar-valued" });
    }
  }
  if (kinds === undefined && resultShape.length <= 2 && (e.op === "vec" || e.op === "kron")) {
    const extra = compositeForms(core, e, wrt, info.shapes, fallback);
    for (const f of extra) {
      forms.push(f);
      const k = notApplicable.findIndex((x) => x.name === f.name);
      if (k >= 0) notApplicable.splice(k, 1);
    }
  }
  forms.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  return {
    expr: e,
    wrt,
    shapes: info.shapes,
    resultShape: [...resultShape],
    wrtShape: [...wrtShape],
    forms,
    form: (name) => forms.find((f) => f.name === name),
    notApplicable,
    exprLatex: exprToLatex(e),
    exprText: exprToText(e),
    indexSum: sum,
    kinds,
    info,
    sizes: fc.sizes,
    withDimensions: <T>(dims: Record<string, number>, f: () => T): T => {
      const prev = fallback.dims;
      fallback.dims = { ...prev, ...dims };
      try {
        return f();
      } finally {
        fallback.dims = prev;
      }
    },
    value: (values) => {
      const sizes = fc.sizes(values);
      return evaluateAs(
        e,
        values,
        sizes,
        resultShape.map((d) => dimValue(d, sizes)),
        info,
      );
    },
  };
}

/** Forms of vec(E) and U ⊗ V at the top of the expression (their result index is composite). */
function compositeForms(
  core: ReturnType<typeof buildCore>,
  e: Expr,
  wrt: string,
  shapes: Shapes,
  fallback: Fallback,
): DerivativeForm[] {
  try {
    if (e.op === "vec") {
      const inner = buildCore(e.args[0], wrt, shapes, fallback);
      if (inner.kinds === undefined || inner.resultShape.length > 2) return [];
      return vecForms(core.fc, inner.fc, inner.kinds);
    }
    const [U, V] = e.args;
    const sides: KronSide[] = [];
    for (const [which, side] of [U, V].entries()) {
      if (!dependsOn(side, wrt)) continue;
      const inner = buildCore(side, wrt, shapes, fallback);
      if (inner.kinds === undefined) return [];
      sides.push({ which: which as 0 | 1, fc: inner.fc, kinds: inner.kinds });
    }
    if (sides.length === 0) return [];
    return [kronProductForm(core.fc, U, V, padShape(core.info.shapeOf(U)), padShape(core.info.shapeOf(V)), sides)];
  } catch {
    return [];
  }
}

function hessianForm(
  fc: FormContext,
  kinds: readonly KindTerm[],
  shapes: Shapes,
  fallback: Fallback,
): DerivativeForm | { reason: string } {
  const G = gradientExpr(fc, kinds);
  const f0 = fc.expr.op === "sym" ? exprToLatex(fc.expr) : `\\left(${exprToLatex(fc.expr)}\\right)`;
  if (G.op === "num" && G.value === 0) {
    return {
      name: "hessian",
      title: "Hessian",
      text: "0",
      latex: `\\frac{\\partial^{2} ${f0}}{\\partial ${latexName(fc.wrt)}\\, \\partial ${latexName(fc.wrt)}} = 0`,
      evaluate: (values) => {
        const sizes = fc.sizes(values);
        const a = fc.wrtShape.map((d) => dimValue(d, sizes));
        return zeros([...a, ...a]);
      },
    };
  }
  let inner: ReturnType<typeof buildCore>;
  try {
    inner = buildCore(G, fc.wrt, shapes, fallback);
  } catch (err) {
    return { reason: `the gradient ${exprToText(G)} could not be differentiated: ${(err as Error).message}` };
  }
  const aVec = fc.aPad[1] === 1;
  const f = fc.expr.op === "sym" ? exprToLatex(fc.expr) : `\\left(${exprToLatex(fc.expr)}\\right)`;
  const a = latexName(fc.wrt);
  const idx = indexForm(inner.fc, inner.sum);
  // the gradient may be typed n×1 where the variable is a vector [n]: reshape to [...shape(A), ...shape(A)]
  const asHessian = (h: Tensor, values: Values): Tensor => {
    const sizes = fc.sizes(values);
    const a = fc.wrtShape.map((d) => dimValue(d, sizes));
    return reshape(h, [...a, ...a]);
  };
  if (aVec && inner.kinds) {
    const H = jacobianMatrixExpr(inner.kinds);
    if (H !== undefined) {
      return {
        name: "hessian",
        title: "Hessian matrix",
        text: exprToText(H),
        latex: `\\frac{\\partial^{2} ${f}}{\\partial ${a}\\, \\partial ${a}^{T}} = ${exprToLatex(H)}`,
        evaluate: (values) => asHessian(idx.evaluate(values), values),
      };
    }
  }
  const tf = inner.kinds ? tensorForm(inner.fc, inner.kinds) : undefined;
  if (tf === undefined && inner.kinds) {
    // elementwise factors: show the Hessian in vec layout, ∂²f/∂vec(X)∂vec(X)ᵀ = ∂vec(G)/∂vec(X)ᵀ
    const kf = kronForm(inner.fc, inner.kinds);
    return {
      name: "hessian",
      title: "Hessian in vec layout ∂²f/∂vec(A)∂vec(A)ᵀ (evaluates to the array of shape [...shape(A), ...shape(A)])",
      text: kf.text,
      latex: `\\frac{\\partial^{2} ${f}}{\\partial \\operatorname{vec}(${a})\\, \\partial \\operatorname{vec}(${a})^{T}} = ${kf.latex.slice(kf.latex.indexOf(" = ") + 3)}`,
      evaluate: (values) => asHessian(idx.evaluate(values), values),
    };
  }
  const shown = tf ?? idx;
  const rhs = shown.latex.slice(shown.latex.indexOf("=") + 1).trim();
  return {
    name: "hessian",
    title: tf
      ? "Hessian (derivative of the gradient, tensor form)"
      : "Hessian (derivative of the gradient, index form)",
    text: shown.text,
    latex: `\\frac{\\partial^{2} ${f}}{\\partial ${a}\\, \\partial ${a}} = ${rhs}`,
    evaluate: (values) => asHessian(idx.evaluate(values), values),
  };
}
