/**
 * The forms of a derivative (design note's table): tensor form with α/β, index form,
 * vec–Kronecker form, component form, differential, gradient and Hessian. Each form renders
 * text and LaTeX and evaluates to numbers by its own route.
 * @packageDocumentation
 */
import { DifferentiationError } from "../core/errors";
import { Tensor } from "../core/tensor";
import { eye, zeros } from "../create/index";
import { add, hadamard, scale, reshape, transpose } from "../ops/index";
import { einsum } from "../einsum/index";
import { dot, kron, matmul, outer } from "../products/index";
import { alpha, beta, commutation, E as entry, vec } from "../special/index";
import { addE, type Dim, type Expr, hadE, mulE, negE, num, subE, sym, t, trE } from "./expr";
import { evaluatePadded, type Values } from "./evaluate";
import { isIdentity, isOne, isUnit, type KindTerm, scalarFactor, tidy } from "./kinds";
import { exprToLatex, exprToText, latexName } from "./print";
import { type Factor, type IndexContext, type IndexSum, type Split, indicesOf } from "./ricci";
import { dimValue, inferShapes, type Shapes } from "./shapes";

/** Names of the forms, in the order a derivation lists them. */
export type FormName = "tensor" | "index" | "kron" | "component" | "differential" | "gradient" | "hessian";

/** One form of a derivative. */
export interface DerivativeForm {
  readonly name: FormName;
  /** A human title, e.g. "Fourth-order tensor (α/β)". */
  readonly title: string;
  /** KaTeX-compatible LaTeX of the whole statement (left-hand side = right-hand side). */
  readonly latex: string;
  /** Plain Unicode text of the right-hand side, e.g. "αBᵀ:β". */
  readonly text: string;
  /**
   * Numbers for given values of the symbols: the numerator-layout Jacobian
   * (shape [...shape(Y), ...shape(A)]) for tensor/index/component/differential; the matrix
   * DF = ∂vec(Y)/∂vec(A)ᵀ for kron; the gradient (shape of A) and the Hessian
   * (shape [...shape(A), ...shape(A)]) for scalar-valued expressions.
   */
  evaluate(values: Readonly<Record<string, Tensor>>): Tensor;
}

/** What the form builders need to know about a derivation. */
export interface FormContext {
  readonly ctx: IndexContext;
  readonly expr: Expr;
  readonly wrt: string;
  /** True (user-facing) shapes of the result and the variable. */
  readonly resultShape: readonly Dim[];
  readonly wrtShape: readonly Dim[];
  /** Padded shapes [m, n] and [p, q]. */
  readonly yPad: readonly Dim[];
  readonly aPad: readonly Dim[];
  /** Sizes of the named dimensions for given values. */
  sizes(values: Values): Record<string, number>;
}

/** A signed list of terms rendered as text and LaTeX. */
interface Rendered {
  sign: 1 | -1;
  text: string;
  latex: string;
}

function joinRendered(parts: readonly Rendered[]): { text: string; latex: string } {
  if (parts.length === 0) return { text: "0", latex: "0" };
  let text = "";
  let latex = "";
  parts.forEach((p, n) => {
    if (n === 0) {
      text += p.sign < 0 ? `−${p.text}` : p.text;
      latex += p.sign < 0 ? `-${p.latex}` : p.latex;
    } else {
      text += p.sign < 0 ? ` − ${p.text}` : ` + ${p.text}`;
      latex += p.sign < 0 ? ` - ${p.latex}` : ` + ${p.latex}`;
    }
  });
  return { text, latex };
}

function needsParens(e: Expr): boolean {
  return e.op === "add" || e.op === "sub" || e.op === "neg";
}
function txt(e: Expr): string {
  return needsParens(e) ? `(${exprToText(e)})` : exprToText(e);
}
function ltx(e: Expr): string {
  return needsParens(e) ? `\\left(${exprToLatex(e)}\\right)` : exprToLatex(e);
}

/** Prefix (coefficient and scalar factors) of a term, with its sign. */
function prefix(kt: { coef: number; scalars: readonly Expr[] }): { sign: 1 | -1; text: string; latex: string } {
  const sign: 1 | -1 = kt.coef < 0 ? -1 : 1;
  const s = scalarFactor(Math.abs(kt.coef), kt.scalars);
  if (s === undefined) return { sign, text: "", latex: "" };
  const sep = s.op === "num" ? "" : " ";
  return { sign, text: txt(s) + sep, latex: ltx(s) + " " };
}

/** Evaluate the numeric parts of a kind term (padded matrices). */
interface KindValues {
  coef: number;
  left: Tensor;
  right: Tensor;
  dy?: Tensor;
  da?: Tensor;
}

function kindValues(fc: FormContext, kt: KindTerm, values: Values, sizes: Record<string, number>): KindValues {
  let coef = kt.coef;
  for (const s of kt.scalars) coef *= evaluatePadded(s, values, sizes, fc.ctx.info).item();
  const ev = (e: Expr): Tensor => evaluatePadded(e, values, sizes, fc.ctx.info);
  return {
    coef,
    left: ev(kt.left),
    right: ev(kt.right),
    ...(kt.dy ? { dy: ev(kt.dy) } : {}),
    ...(kt.da ? { da: ev(kt.da) } : {}),
  };
}

function numericShape(
  fc: FormContext,
  sizes: Record<string, number>,
): { y: number[]; a: number[]; yPad: number[]; aPad: number[] } {
  const d = (x: Dim): number => dimValue(x, sizes);
  return { y: fc.resultShape.map(d), a: fc.wrtShape.map(d), yPad: fc.yPad.map(d), aPad: fc.aPad.map(d) };
}

function jacobianShape(s: { y: number[]; a: number[] }): number[] {
  return [...s.y, ...s.a];
}

/** The left-hand side ∂Y/∂A in text and LaTeX. */
function lhs(fc: FormContext): { text: string; latex: string; yText: string; yLatex: string } {
  const yText = fc.expr.op === "sym" ? exprToText(fc.expr) : `(${exprToText(fc.expr)})`;
  const yLatex = fc.expr.op === "sym" ? exprToLatex(fc.expr) : `\\left(${exprToLatex(fc.expr)}\\right)`;
  const a = latexName(fc.wrt);
  return {
    text: `∂${yText}/∂${fc.wrt}`,
    latex: `\\frac{\\partial ${yLatex}}{\\partial ${a}}`,
    yText,
    yLatex,
  };
}

// ------------------------------------------------------------------------------------------
// differential

/** The differential symbol dA (printed as dA / \mathrm{d}A). */
export function differentialSymbol(wrt: string): Expr {
  return sym(`d${wrt}`);
}

/** The differential dY = Σ … as a matrix expression in dA. */
export function differentialExpr(fc: FormContext, kinds: readonly KindTerm[]): Expr {
  const dA = differentialSymbol(fc.wrt);
  const parts = kinds.map((kt) => {
    let body: Expr;
    const dAx = kt.da ? hadE(kt.da, dA) : dA;
    if (kt.kind === 1) body = mulE(kt.left, dAx, kt.right);
    else if (kt.kind === 2) body = mulE(kt.left, t(dAx), kt.right);
    else {
      const inner = mulE(t(kt.right), dAx);
      body = mulE(kt.left, isOne(fc.aPad[1]) ? inner : trE(inner));
    }
    if (kt.dy) body = hadE(kt.dy, body);
    body = tidy(body);
    const s = scalarFactor(Math.abs(kt.coef), kt.scalars);
    return { sign: kt.coef < 0 ? -1 : 1, body: s ? mulE(s, body) : body };
  });
  if (parts.length === 0) return num(0);
  let acc = parts[0].sign < 0 ? negE(parts[0].body) : parts[0].body;
  for (const p of parts.slice(1)) acc = p.sign < 0 ? subE(acc, p.body) : addE(acc, p.body);
  return acc;
}

/** The differential form: dY = X dA Y + U dAᵀ V + W tr(Zᵀ dA). */
export function differentialForm(fc: FormContext, kinds: readonly KindTerm[]): DerivativeForm {
  const e = differentialExpr(fc, kinds);
  const L = lhs(fc);
  const text = exprToText(e);
  return {
    name: "differential",
    title: "Differential",
    text,
    latex: `\\mathrm{d}${L.yLatex} = ${exprToLatex(e)}`,
    evaluate(values) {
      const sizes = fc.sizes(values);
      const s = numericShape(fc, sizes);
      const [m, n] = s.yPad;
      const [p, q] = s.aPad;
      const J = new Float64Array(m * n * p * q);
      for (let k = 0; k < p; k++) {
        for (let l = 0; l < q; l++) {
          const dA = entry(k, l, p, q);
          const v = evaluatePadded(e, { ...values, [`d${fc.wrt}`]: dA }, sizes, fc.ctx.info);
          const vm = v.size === 1 && m * n === 1 ? v : v;
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++)
              J[((i * n + j) * p + k) * q + l] = vm.size === 1 ? vm.data[0] : vm.data[i * n + j];
        }
      }
      return new Tensor(J, jacobianShape(s));
    },
  };
}

// ------------------------------------------------------------------------------------------
// gradient

/** The gradient G (shape of A) of a scalar-valued expression: d f = tr(Gᵀ dA). */
const gradientCache = new WeakMap<readonly KindTerm[], Expr>();

export function gradientExpr(fc: FormContext, kinds: readonly KindTerm[]): Expr {
  const cached = gradientCache.get(kinds);
  if (cached !== undefined) return cached;
  const g = computeGradientExpr(kinds, fc.ctx.info.shapes);
  gradientCache.set(kinds, g);
  return g;
}

function computeGradientExpr(kinds: readonly KindTerm[], shapes: Shapes): Expr {
  const pieces: { coef: number; e: Expr }[] = [];
  const byKey = new Map<string, { coef: number; e: Expr }>();
  for (const kt of kinds) {
    let z: Expr;
    if (kt.kind === 1) z = mulE(t(kt.left), t(kt.right));
    else if (kt.kind === 2) z = mulE(kt.right, kt.left);
    else z = mulE(kt.left, kt.right);
    if (kt.da) z = hadE(kt.da, z);
    if (kt.dy) z = mulE(kt.dy, z);
    const s = scalarFactor(1, kt.scalars);
    z = s ? mulE(s, tidy(z)) : tidy(z);
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
  const factored = factorCommon(nz);
  return factored !== undefined && wellShaped(factored, shapes) ? factored : signedSum(nz);
}

function wellShaped(e: Expr, shapes: Shapes): boolean {
  try {
    inferShapes(e, shapes);
    return true;
  } catch {
    return false;
  }
}

function signedSum(nz: readonly { coef: number; e: Expr }[]): Expr {
  const term = (p: { coef: number; e: Expr }): Expr =>
    Math.abs(p.coef) === 1 ? p.e : mulE(num(Math.abs(p.coef)), p.e);
  let acc = nz[0].coef < 0 ? negE(term(nz[0])) : term(nz[0]);
  for (const p of nz.slice(1)) acc = p.coef < 0 ? subE(acc, term(p)) : addE(acc, term(p));
  return acc;
}

function flattenMul(e: Expr): Expr[] {
  return e.op === "mul" ? [...flattenMul(e.args[0]), ...flattenMul(e.args[1])] : [e];
}

function product(fs: readonly Expr[]): Expr {
  return fs.length === 1 ? fs[0] : mulE(fs[0], fs[1], ...fs.slice(2));
}

/** BX + BᵀX → (B + Bᵀ)X and XB + XBᵀ → X(B + Bᵀ): a factor shared by every term. */
function factorCommon(nz: readonly { coef: number; e: Expr }[]): Expr | undefined {
  if (nz.length < 2) return undefined;
  const chains = nz.map((p) => flattenMul(p.e));
  if (chains.some((c) => c.length < 2)) return undefined;
  const last = exprKey(chains[0][chains[0].length - 1]);
  if (chains.every((c) => exprKey(c[c.length - 1]) === last)) {
    const inner = signedSum(nz.map((p, n) => ({ coef: p.coef, e: product(chains[n].slice(0, -1)) })));
    return mulE(inner, chains[0][chains[0].length - 1]);
  }
  const first = exprKey(chains[0][0]);
  if (chains.every((c) => exprKey(c[0]) === first)) {
    const inner = signedSum(nz.map((p, n) => ({ coef: p.coef, e: product(chains[n].slice(1)) })));
    return mulE(chains[0][0], inner);
  }
  return undefined;
}

function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === "start" || k === "end" ? undefined : v));
}

/** The gradient form (scalar-valued expressions). */
export function gradientForm(fc: FormContext, kinds: readonly KindTerm[]): DerivativeForm {
  const G = gradientExpr(fc, kinds);
  const L = lhs(fc);
  return {
    name: "gradient",
    title: "Gradient (shape of the variable)",
    text: exprToText(G),
    latex: `\\nabla_{${latexName(fc.wrt)}}\\, ${L.yLatex} = ${exprToLatex(G)}`,
    evaluate(values) {
      const sizes = fc.sizes(values);
      const s = numericShape(fc, sizes);
      const g = evaluatePadded(G, values, sizes, fc.ctx.info);
      if (g.size === 1 && s.aPad[0] * s.aPad[1] !== 1) return scale(zeros(s.a), 0);
      return reshape(g, s.a);
    },
  };
}

// ------------------------------------------------------------------------------------------
// tensor form

function renderKindTensor(kt: KindTerm): { text: string; latex: string } {
  const L = tidy(kt.left);
  const R = tidy(kt.right);
  if (kt.kind === 1) {
    // X α Yᵀ
    const Yt = tidy(t(R));
    const parts = [isIdentity(L) || isUnit(L) ? undefined : L, "α", isIdentity(Yt) || isUnit(Yt) ? undefined : Yt];
    return {
      text: parts.map((p) => (p === undefined ? "" : typeof p === "string" ? p : txt(p))).join(""),
      latex: parts
        .map((p) => (p === undefined ? "" : typeof p === "string" ? "\\alpha " : `${ltx(p)} `))
        .join("")
        .trim(),
    };
  }
  if (kt.kind === 2) {
    const Vt = tidy(t(R));
    const uI = isIdentity(L) || isUnit(L);
    const vI = isIdentity(Vt) || isUnit(Vt);
    if (uI && vI) return { text: "β", latex: "\\beta" };
    const inner = [uI ? "" : txt(L), "α", vI ? "" : txt(Vt)].join("");
    const innerL = [uI ? "" : `${ltx(L)} `, "\\alpha ", vI ? "" : `${ltx(Vt)} `].join("").trim();
    return { text: `${inner}:β`, latex: `${innerL} : \\beta` };
  }
  const wU = isUnit(L);
  return wU
    ? { text: txt(R), latex: ltx(R) }
    : { text: `${txt(L)} ⊗ ${txt(R)}`, latex: `${ltx(L)} \\otimes ${ltx(R)}` };
}

/** Jacobian as a matrix when result and variable are vectors or scalars: J = Σ XY, UVᵀ, WZᵀ. */
export function jacobianMatrixExpr(kinds: readonly KindTerm[]): Expr | undefined {
  if (kinds.some((k) => k.dy || k.da)) return undefined;
  const pieces = kinds.map((kt) => {
    let e: Expr;
    if (kt.kind === 1) e = mulE(kt.left, kt.right);
    else if (kt.kind === 2) e = mulE(kt.left, t(kt.right));
    else e = mulE(kt.left, t(kt.right));
    const s = scalarFactor(Math.abs(kt.coef), kt.scalars);
    return { sign: kt.coef < 0 ? -1 : 1, e: s ? mulE(s, tidy(e)) : tidy(e) };
  });
  if (pieces.length === 0) return num(0);
  let acc = pieces[0].sign < 0 ? negE(pieces[0].e) : pieces[0].e;
  for (const p of pieces.slice(1)) acc = p.sign < 0 ? subE(acc, p.e) : addE(acc, p.e);
  return acc;
}

/** The tensor form in the seed's notation (α, β, single and double contractions). */
export function tensorForm(fc: FormContext, kinds: readonly KindTerm[]): DerivativeForm | undefined {
  if (kinds.some((k) => k.dy || k.da)) return undefined;
  const L = lhs(fc);
  const scalarY = fc.resultShape.length === 0;
  const vectorCase = isOne(fc.yPad[1]) && isOne(fc.aPad[1]) && fc.resultShape.length <= 1;
  if (scalarY) {
    const G = gradientExpr(fc, kinds);
    return {
      name: "tensor",
      title: "Tensor form (a scalar's derivative is a matrix of the variable's shape)",
      text: exprToText(G),
      latex: `${L.latex} = ${exprToLatex(G)}`,
      evaluate: (values) => gradientForm(fc, kinds).evaluate(values),
    };
  }
  if (vectorCase) {
    const J = jacobianMatrixExpr(kinds) ?? num(0);
    return {
      name: "tensor",
      title: "Jacobian matrix (vector by vector)",
      text: exprToText(J),
      latex: `${L.latex} = ${exprToLatex(J)}`,
      evaluate(values) {
        const sizes = fc.sizes(values);
        const s = numericShape(fc, sizes);
        return reshape(evaluatePadded(J, values, sizes, fc.ctx.info), jacobianShape(s));
      },
    };
  }
  const parts: Rendered[] = kinds.map((kt) => {
    const pre = prefix(kt);
    const r = renderKindTensor(kt);
    const multi = kinds.length > 1 && pre.text !== "" && kt.kind === 3 && !isUnit(kt.left);
    return {
      sign: pre.sign,
      text: pre.text + (multi ? `(${r.text})` : r.text),
      latex: pre.latex + (multi ? `\\left(${r.latex}\\right)` : r.latex),
    };
  });
  const j = joinRendered(parts);
  return {
    name: "tensor",
    title: "Fourth-order tensor (α/β)",
    text: j.text,
    latex: `${L.latex} = ${j.latex}`,
    evaluate(values) {
      const sizes = fc.sizes(values);
      const s = numericShape(fc, sizes);
      const [m, n] = s.yPad;
      const [p, q] = s.aPad;
      let acc = zeros([m, n, p, q]);
      for (const kt of kinds) {
        const v = kindValues(fc, kt, values, sizes);
        let T: Tensor;
        if (kt.kind === 1) T = dot(dot(v.left, alpha(p, n)), transpose(v.right));
        else if (kt.kind === 2) {
          const inner = dot(dot(v.left, alpha(q, n)), transpose(v.right)); // [m, n, q, p]
          T = einsum("ijab,abkl->ijkl", inner, beta(q, p));
        } else T = outer(v.left, v.right);
        acc = add(acc, scale(T, v.coef));
      }
      return reshape(acc, jacobianShape(s));
    },
  };
}

// ------------------------------------------------------------------------------------------
// vec–Kronecker form

function diagOfVec(M: Tensor): Tensor {
  const v = vec(M);
  const n = v.size;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i * n + i] = v.data[i];
  return new Tensor(d, [n, n]);
}

/** The vec–Kronecker form DF = ∂vec(Y)/∂vec(A)ᵀ (Magnus–Neudecker). */
export function kronForm(fc: FormContext, kinds: readonly KindTerm[]): DerivativeForm {
  const L = lhs(fc);
  const K = `K_${fc.aPad.map((d) => (typeof d === "number" ? String(d) : d)).join("")}`;
  const KL = `K_{${fc.aPad.map((d) => (typeof d === "number" ? String(d) : latexName(d))).join("")}}`;
  const kr = (a: Expr, b: Expr): { text: string; latex: string } => {
    const A = tidy(a);
    const B = tidy(b);
    if (isIdentity(A) && isIdentity(B)) return { text: "I", latex: "I" };
    if (isUnit(A)) return { text: txt(B), latex: ltx(B) };
    if (isUnit(B)) return { text: txt(A), latex: ltx(A) };
    return { text: `(${txt(A)} ⊗ ${txt(B)})`, latex: `\\left(${ltx(A)} \\otimes ${ltx(B)}\\right)` };
  };
  const parts: Rendered[] = kinds.map((kt) => {
    const pre = prefix(kt);
    let core: { text: string; latex: string };
    if (kt.kind === 1) core = kr(t(kt.right), kt.left);
    else if (kt.kind === 2) {
      const c = kr(t(kt.right), kt.left);
      // K_p1 = K_1q = I: a vector variable needs no commutation
      core = fc.aPad.some(isOne)
        ? c
        : c.text === "I"
          ? { text: K, latex: KL }
          : { text: `${c.text}${K}`, latex: `${c.latex} ${KL}` };
    } else {
      const W = tidy(kt.left);
      const Z = tidy(kt.right);
      const zPart = isOne(fc.aPad[1])
        ? { text: `${txt(Z)}ᵀ`, latex: `{${ltx(Z)}}^{T}` }
        : { text: `vec(${exprToText(Z)})ᵀ`, latex: `\\operatorname{vec}\\left(${exprToLatex(Z)}\\right)^{T}` };
      const wPart = isUnit(W)
        ? undefined
        : isOne(fc.yPad[1])
          ? { text: txt(W), latex: ltx(W) }
          : { text: `vec(${exprToText(W)})`, latex: `\\operatorname{vec}\\left(${exprToLatex(W)}\\right)` };
      core = wPart ? { text: `${wPart.text} ${zPart.text}`, latex: `${wPart.latex} ${zPart.latex}` } : zPart;
    }
    // an identity between diagonal factors is dropped: diag(vec(D)) I = diag(vec(D))
    const bare = (kt.dy || kt.da) && core.text === "I";
    if (kt.dy) {
      core = {
        text: `diag(vec(${exprToText(tidy(kt.dy))}))${bare ? "" : ` ${core.text}`}`,
        latex: `\\operatorname{diag}\\left(\\operatorname{vec}\\left(${exprToLatex(tidy(kt.dy))}\\right)\\right)${bare ? "" : ` ${core.latex}`}`,
      };
    }
    if (kt.da) {
      const d = {
        text: `diag(vec(${exprToText(tidy(kt.da))}))`,
        latex: `\\operatorname{diag}\\left(\\operatorname{vec}\\left(${exprToLatex(tidy(kt.da))}\\right)\\right)`,
      };
      core = bare && !kt.dy ? d : { text: `${core.text} ${d.text}`, latex: `${core.latex} ${d.latex}` };
    }
    return { sign: pre.sign, text: pre.text + core.text, latex: pre.latex + core.latex };
  });
  // a scalar's DF is the row vec(G)ᵀ of its gradient G, which collects the terms
  const G = fc.resultShape.length === 0 ? gradientExpr(fc, kinds) : undefined;
  const j =
    G === undefined || kinds.length < 2
      ? joinRendered(parts)
      : isOne(fc.aPad[1])
        ? { text: exprToText(tidy(t(G))), latex: exprToLatex(tidy(t(G))) }
        : { text: `vec(${exprToText(G)})ᵀ`, latex: `\\operatorname{vec}\\left(${exprToLatex(G)}\\right)^{T}` };
  return {
    name: "kron",
    title: "vec–Kronecker (Magnus–Neudecker) DF = ∂vec(Y)/∂vec(A)ᵀ",
    text: j.text,
    latex: `\\frac{\\partial \\operatorname{vec} ${L.yLatex}}{\\partial \\operatorname{vec}(${latexName(fc.wrt)})^{T}} = ${j.latex}`,
    evaluate(values) {
      const sizes = fc.sizes(values);
      const s = numericShape(fc, sizes);
      const [m, n] = s.yPad;
      const [p, q] = s.aPad;
      let acc = zeros([m * n, p * q]);
      for (const kt of kinds) {
        const v = kindValues(fc, kt, values, sizes);
        let D: Tensor;
        if (kt.kind === 1) D = kron(transpose(v.right), v.left);
        else if (kt.kind === 2) D = matmul(kron(transpose(v.right), v.left), commutation(p, q));
        else D = matmul(reshape(vec(v.left), [m * n, 1]), reshape(vec(v.right), [1, p * q]));
        if (v.dy) D = matmul(diagOfVec(v.dy), D);
        if (v.da) D = matmul(D, diagOfVec(v.da));
        acc = add(acc, scale(D, v.coef));
      }
      return acc;
    },
  };
}

// ------------------------------------------------------------------------------------------
// component form

/** The component form ∂Y/∂A_kl = X E_kl Y + U E_klᵀ V + Z_kl W. */
export function componentForm(fc: FormContext, kinds: readonly KindTerm[]): DerivativeForm {
  const L = lhs(fc);
  const aVec = isOne(fc.aPad[1]);
  const aScalar = aVec && isOne(fc.aPad[0]);
  const Et = aScalar ? "" : aVec ? "e_k" : "E_kl";
  const El = aScalar ? "" : aVec ? "e_{k}" : "E_{kl}";
  const sub = aScalar ? "" : aVec ? "k" : "kl";
  const subL = aScalar ? "" : aVec ? "_{k}" : "_{kl}";
  const mat = (e: Expr): { text: string; latex: string; unit: boolean } => {
    const x = tidy(e);
    return { text: txt(x), latex: ltx(x), unit: isIdentity(x) || isUnit(x) };
  };
  const parts: Rendered[] = kinds.map((kt) => {
    const pre = prefix(kt);
    const a = mat(kt.left);
    const b = mat(kt.right);
    let text: string;
    let latex: string;
    if (kt.kind === 3) {
      const zk = `(${exprToText(tidy(kt.right))})${sub === "" ? "" : `_${sub}`}`;
      const zkl = `\\left(${exprToLatex(tidy(kt.right))}\\right)${subL}`;
      text = a.unit ? zk : `${zk} ${a.text}`;
      latex = a.unit ? zkl : `${zkl} ${a.latex}`;
    } else {
      const e = kt.kind === 1 ? Et : Et === "" ? "" : `${Et}ᵀ`;
      const eL = kt.kind === 1 ? El : El === "" ? "" : `${El}^{T}`;
      text = [a.unit ? "" : a.text, e, b.unit ? "" : b.text].filter((x) => x !== "").join(" ") || "1";
      latex = [a.unit ? "" : a.latex, eL, b.unit ? "" : b.latex].filter((x) => x !== "").join(" ") || "1";
    }
    if (kt.da) {
      text = `(${exprToText(tidy(kt.da))})_${sub} ${text}`;
      latex = `\\left(${exprToLatex(tidy(kt.da))}\\right)${subL} ${latex}`;
    }
    if (kt.dy) {
      text = /^[\wᵀ]+$/.test(text) ? `${txt(tidy(kt.dy))} ∘ ${text}` : `${txt(tidy(kt.dy))} ∘ (${text})`;
      latex = `${ltx(tidy(kt.dy))} \\circ \\left(${latex}\\right)`;
    }
    return { sign: pre.sign, text: pre.text + text, latex: pre.latex + latex };
  });
  // a scalar's component form is the (k, l) entry of its gradient G, which collects the terms
  const G = fc.resultShape.length === 0 && !aScalar ? gradientExpr(fc, kinds) : undefined;
  const j =
    G === undefined || kinds.length < 2
      ? joinRendered(parts)
      : { text: `(${exprToText(G)})_${sub}`, latex: `\\left(${exprToLatex(G)}\\right)${subL}` };
  const wrtL = `${latexName(fc.wrt)}${subL}`;
  return {
    name: "component",
    title: aScalar
      ? "Component form"
      : aVec
        ? "Component form (e_k: k-th unit vector)"
        : "Component form (E_kl: single-entry matrix)",
    text: j.text,
    latex: `\\frac{\\partial ${L.yLatex}}{\\partial ${wrtL}} = ${j.latex}`,
    evaluate(values) {
      const sizes = fc.sizes(values);
      const s = numericShape(fc, sizes);
      const [m, n] = s.yPad;
      const [p, q] = s.aPad;
      const vs = kinds.map((kt) => kindValues(fc, kt, values, sizes));
      const J = new Float64Array(m * n * p * q);
      for (let k = 0; k < p; k++) {
        for (let l = 0; l < q; l++) {
          const Ekl = entry(k, l, p, q);
          let acc = zeros([m, n]);
          kinds.forEach((kt, idx) => {
            const v = vs[idx];
            let M: Tensor;
            if (kt.kind === 1) M = matmul(matmul(v.left, Ekl), v.right);
            else if (kt.kind === 2) M = matmul(matmul(v.left, transpose(Ekl)), v.right);
            else M = scale(v.left, v.right.data[k * q + l]);
            if (v.da) M = scale(M, v.da.data[k * q + l]);
            if (v.dy) M = hadamard(v.dy, M);
            acc = add(acc, scale(M, v.coef));
          });
          for (let i = 0; i < m * n; i++) J[(i * p + k) * q + l] = acc.data[i];
        }
      }
      return new Tensor(J, jacobianShape(s));
    },
  };
}

// ------------------------------------------------------------------------------------------
// index form

const SUMMED = "pqrstuvwxyzmno";
const COMPOSITE = "abcdefgh";

/** The index (Ricci/Einstein) form, e.g. ∂Y_ij/∂A_kl = δ_il B_kj. */
export function indexForm(fc: FormContext, sum: IndexSum): DerivativeForm {
  const { ctx } = fc;
  const names = new Map<string, string>();
  const yNames =
    sum.out.length === 4 ? ["i", "j"] : sum.out.slice(0, sum.out.length - 2).map((_, n) => "ijmnoprs"[n] ?? `i${n}`);
  sum.out.forEach((o, n) => names.set(o, n < sum.out.length - 2 ? yNames[n] : ["k", "l"][n - (sum.out.length - 2)]));
  let next = 0;
  const nameOf = (i: string, local?: ReadonlyMap<string, string>): string => {
    const l = local?.get(i);
    if (l !== undefined) return l;
    let n = names.get(i);
    if (n === undefined) {
      n = SUMMED[next] ?? `z${next}`;
      next++;
      names.set(i, n);
    }
    return n;
  };
  const hidden = (i: string): boolean => ctx.isOne(i);
  // output indices that every term splits the same way are written composite on the left: (A⊗B)_(ab)(cd)
  const hoisted = new Map<string, [string, string]>();
  let comp = 0;
  for (const o of sum.out) {
    if (
      sum.terms.length > 0 &&
      sum.terms.every((t) => t.factors.filter((f) => f.kind === "split" && f.w === o).length === 1)
    ) {
      hoisted.set(o, [COMPOSITE[comp] ?? `a${comp}`, COMPOSITE[comp + 1] ?? `b${comp}`]);
      comp += 2;
    }
  }
  const compositeName = (o: string, a: string, b: string, pa: string, pb: string): string => {
    const parts = [hidden(a) ? "" : pa, hidden(b) ? "" : pb].join("");
    void o;
    return parts.length > 1 ? `(${parts})` : parts;
  };
  const subT = (idx: readonly string[], local?: ReadonlyMap<string, string>): string =>
    idx
      .filter((i) => !hidden(i))
      .map((i) => nameOf(i, local))
      .join("");
  const parts: Rendered[] = sum.terms.map((term) => {
    const local = new Map<string, string>();
    const pieces: { text: string; latex: string }[] = [];
    const linked: { text: string; latex: string }[] = [];
    for (const f of term.factors) {
      const h = f.kind === "split" ? hoisted.get(f.w) : undefined;
      if (f.kind === "split" && h) {
        // a part that is itself a free index (k, l) is linked to the composite's part by a delta
        ([f.a, f.b] as const).forEach((part, n) => {
          if (sum.out.includes(part)) {
            if (!hidden(part))
              linked.push({ text: `δ_${h[n]}${nameOf(part)}`, latex: `\\delta_{${h[n]}${nameOf(part)}}` });
          } else local.set(part, h[n]);
        });
      }
    }
    const c = Math.abs(term.coef);
    if (c !== 1) pieces.push({ text: String(Number(c.toPrecision(12))), latex: String(Number(c.toPrecision(12))) });
    for (const d of term.dims) pieces.push({ text: d, latex: latexName(d) });
    const rank = (f: Factor): number => {
      const r = indicesOf(f)
        .filter((x) => !hidden(x))
        .map((x) => sum.out.indexOf(x))
        .filter((x) => x >= 0);
      return r.length === 0 ? sum.out.length : Math.min(...r);
    };
    const ordered = term.factors
      .map((f, n) => ({ f, n }))
      .sort((x, y) => rank(x.f) - rank(y.f) || x.n - y.n)
      .map((x) => x.f);
    pieces.push(...linked);
    for (const f of ordered) {
      if (f.kind === "delta") {
        if (hidden(f.a) && hidden(f.b)) continue;
        const s = subT([f.a, f.b], local);
        pieces.push({ text: `δ_${s}`, latex: `\\delta_{${s}}` });
      } else if (f.kind === "split") {
        if (hoisted.has(f.w)) continue;
        const w = subT([f.w], local);
        const ab = compositeName(f.w, f.a, f.b, nameOf(f.a, local), nameOf(f.b, local));
        pieces.push({ text: `δ_${w},${ab}`, latex: `\\delta_{${w},${ab}}` });
      } else {
        const s = subT(f.idx, local);
        const base = f.expr;
        const simple = base.op === "sym";
        const bt = simple ? exprToText(base) : `(${exprToText(base)})`;
        const bl = simple ? exprToLatex(base) : `\\left(${exprToLatex(base)}\\right)`;
        pieces.push({ text: s === "" ? bt : `${bt}_${s}`, latex: s === "" ? bl : `${bl}_{${s}}` });
      }
    }
    if (pieces.length === 0) pieces.push({ text: "1", latex: "1" });
    return {
      sign: term.coef < 0 ? -1 : 1,
      text: pieces.map((p) => p.text).join(" "),
      latex: pieces.map((p) => p.latex).join(" "),
    };
  });
  const outName = (o: string): string => {
    const h = hoisted.get(o);
    if (h === undefined) return hidden(o) ? "" : nameOf(o);
    const f = sum.terms[0].factors.find((g) => g.kind === "split" && g.w === o) as Split;
    return compositeName(o, f.a, f.b, h[0], h[1]);
  };
  const j = joinRendered(parts);
  const L = lhs(fc);
  const ySub = sum.out
    .slice(0, sum.out.length - 2)
    .map(outName)
    .join("");
  const aSub = sum.out
    .slice(sum.out.length - 2)
    .map(outName)
    .join("");
  const yPart = ySub === "" ? L.yLatex : `${L.yLatex}_{${ySub}}`;
  const aPart = aSub === "" ? latexName(fc.wrt) : `${latexName(fc.wrt)}_{${aSub}}`;
  return {
    name: "index",
    title: "Index notation (Einstein summation over repeated indices)",
    text: j.text,
    latex: `\\frac{\\partial ${yPart}}{\\partial ${aPart}} = ${j.latex}`,
    evaluate(values) {
      const sizes = fc.sizes(values);
      const s = numericShape(fc, sizes);
      const outPad = sum.out.map((o) => dimValue(ctx.size(o), sizes));
      let acc = zeros(outPad);
      // Letters are assigned per term (output indices first, so they agree across terms):
      // only the indices of one term at a time must fit in einsum's 52 letters.
      let letters = new Map<string, string>();
      const ALPH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
      const letter = (i: string): string => {
        let c = letters.get(i);
        if (c === undefined) {
          c = ALPH[letters.size];
          if (c === undefined) {
            throw new DifferentiationError(
              `index form (∂/∂${fc.wrt}): a term uses more than ${ALPH.length} distinct indices, more than einsum has letters for; evaluate the kron or tensor form instead`,
            );
          }
          letters.set(i, c);
        }
        return c;
      };
      const cache = new Map<string, Tensor>();
      for (const term of sum.terms) {
        letters = new Map<string, string>();
        for (const o of sum.out) letter(o);
        const ops: Tensor[] = [];
        const specs: string[] = [];
        for (const f of term.factors) {
          if (f.kind === "delta") {
            ops.push(eye(dimValue(ctx.size(f.a), sizes)));
            specs.push(letter(f.a) + letter(f.b));
          } else if (f.kind === "split") {
            ops.push(splitTensor(dimValue(ctx.size(f.a), sizes), dimValue(ctx.size(f.b), sizes)));
            specs.push(letter(f.w) + letter(f.a) + letter(f.b));
          } else {
            const key = exprKey(f.expr);
            let v = cache.get(key);
            if (v === undefined) {
              v = evaluatePadded(f.expr, values, sizes, ctx.info);
              cache.set(key, v);
            }
            ops.push(v);
            specs.push(f.idx.map(letter).join(""));
          }
        }
        const present = new Set(specs.join(""));
        for (const o of sum.out) {
          if (!present.has(letter(o))) {
            // an output index no factor uses: the term is constant along it
            const n = dimValue(ctx.size(o), sizes);
            ops.push(new Tensor(new Float64Array(n).fill(1), [n]));
            specs.push(letter(o));
          }
        }
        let coef = term.coef;
        for (const d of term.dims) coef *= dimValue(d, sizes);
        const T = einsum(`${specs.join(",")}->${sum.out.map(letter).join("")}`, ...ops);
        acc = add(acc, scale(T, coef));
      }
      return reshape(
        acc,
        sum.out.length === 4 ? jacobianShape(s) : outPad.length === 0 ? [] : jacobianShapeGeneral(fc, sizes),
      );
    },
  };
}

/** R[w, a, b] = 1 when w = a·nb + b (row-major merge of a and b). */
function splitTensor(na: number, nb: number): Tensor {
  const n = na * nb;
  const d = new Float64Array(n * n);
  for (let a = 0; a < na; a++) for (let b = 0; b < nb; b++) d[(a * nb + b) * n + a * nb + b] = 1;
  return new Tensor(d, [n, na, nb]);
}

function jacobianShapeGeneral(fc: FormContext, sizes: Record<string, number>): number[] {
  return [...fc.resultShape.map((d) => dimValue(d, sizes)), ...fc.wrtShape.map((d) => dimValue(d, sizes))];
}
