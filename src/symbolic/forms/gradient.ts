/**
 * The gradient form of a scalar-valued expression: the matrix G of the variable's shape with
 * df = tr(Gᵀ dA). Kind terms give X dA Y → XᵀYᵀ, U dAᵀ V → VU, W tr(Zᵀ dA) → WZ; equal
 * terms are collected and a factor shared by every term is taken out ((B + Bᵀ)X).
 * @packageDocumentation
 */
import { reshape, scale } from "../../ops/index";
import { zeros } from "../../create/index";
import { type Expr, exprKey, hadE, mulE, num, t, productE } from "../expr";
import { evaluatePadded } from "../evaluate";
import { type KindTerm, scalarFactor, tidy } from "../kinds";
import { latexName } from "../notation";
import { inferShapes, type Shapes } from "../shapes";
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
  const nz = pieces.filter((p) => p.coef !== 0);
  if (nz.length === 0) return num(0);
  // Factoring is only kept when it is well-shaped: s·X + M·X with s scalar and M a matrix
  // must not become (s + M)X.
  const factored = factorCommon(nz, fc.tc.shapes);
  return factored ?? coefSum(nz);
}

/** The shape of an engine-built expression (undefined when it is not well-shaped). */
function shapeKey(e: Expr, shapes: Shapes): string | undefined {
  try {
    return JSON.stringify(inferShapes(e, shapes).shape);
  } catch {
    return undefined;
  }
}

function coefSum(nz: readonly { coef: number; e: Expr }[]): Expr {
  return signedSum(
    nz.map((p) => ({
      sign: p.coef < 0 ? -1 : 1,
      body: Math.abs(p.coef) === 1 ? p.e : mulE(num(Math.abs(p.coef)), p.e),
    })),
  );
}

function flattenMul(e: Expr): Expr[] {
  return e.op === "mul" ? [...flattenMul(e.args[0]), ...flattenMul(e.args[1])] : [e];
}

/**
 * BX + BᵀX → (B + Bᵀ)X and XB + XBᵀ → X(B + Bᵀ): a factor shared by every term, kept only
 * when the terms left inside have one shape (s·X + M·X with s a scalar and M a matrix must not
 * become (s + M)X, which would broadcast s).
 */
function factorCommon(nz: readonly { coef: number; e: Expr }[], shapes: Shapes): Expr | undefined {
  if (nz.length < 2) return undefined;
  const chains = nz.map((p) => flattenMul(p.e));
  if (chains.some((c) => c.length < 2)) return undefined;
  const oneShape = (inner: readonly Expr[]): boolean => {
    const keys = inner.map((x) => shapeKey(x, shapes));
    return keys[0] !== undefined && keys.every((k) => k === keys[0]);
  };
  const last = exprKey(chains[0][chains[0].length - 1]);
  if (chains.every((c) => exprKey(c[c.length - 1]) === last)) {
    const inner = chains.map((c) => productE(c.slice(0, -1)));
    if (oneShape(inner))
      return mulE(coefSum(nz.map((p, n) => ({ coef: p.coef, e: inner[n] }))), chains[0][chains[0].length - 1]);
  }
  const first = exprKey(chains[0][0]);
  if (chains.every((c) => exprKey(c[0]) === first)) {
    const inner = chains.map((c) => productE(c.slice(1)));
    if (oneShape(inner)) return mulE(chains[0][0], coefSum(nz.map((p, n) => ({ coef: p.coef, e: inner[n] }))));
  }
  return undefined;
}
/** Evaluates a gradient tree at values, shaped like the variable. */
export function evaluateGradient(fc: FormContext, G: Expr, values: Parameters<DerivativeForm["evaluate"]>[0]) {
  const sizes = fc.sizes(values);
  const s = numericShape(fc, sizes);
  const g = evaluatePadded(G, values, sizes, fc.ctx.info);
  if (g.size === 1 && s.aPad[0] * s.aPad[1] !== 1) return scale(zeros(s.a), 0);
  return reshape(g, s.a);
}

/** The gradient form (scalar-valued expressions). */
export function gradientForm(input: FormInput): DerivativeForm | string {
  const { fc } = input;
  if (fc.resultShape.length !== 0) return "the expression is not scalar-valued";
  if (input.kinds === undefined) return kindsReason(fc);
  const G = input.gradient();
  return treeForm(
    "gradient",
    `Gradient (shape of ${fc.wrt})`,
    `\\nabla_{${latexName(fc.wrt)}}\\, ${resultNotation(fc).latex}`,
    G,
    (values) => evaluateGradient(fc, G, values),
  );
}
