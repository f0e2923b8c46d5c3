/**
 * The three routes of a step-by-step derivation, built from the same derivation as the forms:
 * the differential is worked out with the ops' own differential rules (rewrite.ts), and each
 * route's last line is the corresponding form of `derive` (its tree, `form(name).rhs`), so the
 * steps and the forms cannot disagree without a failing check.
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import type { Tensor } from "../../core/tensor";
import {
  alphaE,
  betaE,
  ddotE,
  type Expr,
  exprEquals,
  kronE,
  mulE,
  nodeKey,
  outerE,
  sym,
  t,
  trE,
  vecE,
  withArgs,
} from "../expr";
import type { Values } from "../evaluate";
import type { DerivativeForm, FormInput, FormName } from "../forms/context";
import { signedSum, withPrefix } from "../forms/context";
import { kronTerm } from "../forms/kron";
import { tensorTerm } from "../forms/tensor";
import { tensorOrder } from "../forms/einsumTree";
import { isOne, type KindTerm } from "../kinds";
import { exprToLatex, exprToText, latexName } from "../print";
import { simplifyExpr } from "../simplify";
import type { RewriteNote, RewriteTrace } from "../opdef";
import { type Draft, differentialOf, differentialSteps } from "./rewrite";
import type { Side, StepRoute } from "./types";

/** What the steps read of a derivation (`derive` passes it). */
export interface StepsSource {
  readonly input: FormInput;
  readonly expr: Expr;
  readonly wrt: string;
  readonly shapes: Readonly<Record<string, readonly (number | string)[]>>;
  readonly options: { readonly symmetric?: readonly string[]; readonly dims?: Readonly<Record<string, number>> };
  form(name: FormName): DerivativeForm | undefined;
  /** The value of the expression (true shape). */
  value(values: Values): Tensor;
}

/** The key of a derivation's steps source (for tests that check a deliberately wrong line). */
export const STEPS_SOURCE: unique symbol = Symbol("tensorcalc.stepsSource");

const side = (e: Expr): Side => ({ text: exprToText(e), latex: exprToLatex(e) });
const Y = sym("Y");
const dY = sym("dY");

/** A statement made of equations (trees), joined by commas or ⟹. */
function statement(eqs: readonly (readonly [Expr, Expr])[], joiner: "," | "⟹" = ","): Side {
  const j = joiner === "," ? { text: ", ", latex: ",\\quad " } : { text: " ⟹ ", latex: " \\implies " };
  return {
    text: eqs.map(([a, b]) => `${exprToText(a)} = ${exprToText(b)}`).join(j.text),
    latex: eqs.map(([a, b]) => `${exprToLatex(a)} = ${exprToLatex(b)}`).join(j.latex),
  };
}

/** The same nodes, counted with their multiplicity, in any order (the order of factors aside). */
function sameFactors(a: Expr, b: Expr): boolean {
  const keys = (e: Expr, out: string[] = []): string[] => {
    out.push(nodeKey(e));
    for (const x of e.args) keys(x, out);
    return out;
  };
  const [ka, kb] = [keys(a).sort(), keys(b).sort()];
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** The simplifier's notes as one statement: identities printed from their trees, phrases as words. */
function notesStatement(notes: readonly RewriteNote[]): Side {
  const words = (w: string): string => `\\text{${w.replace(/[\\{}$&#%_^~]/g, " ")}}`;
  const one = (n: RewriteNote): Side => {
    if (typeof n === "string") return { text: n, latex: words(n) };
    const where =
      n.where === undefined ? { text: "", latex: "" } : { text: ` (${n.where})`, latex: `\\ ${words(`(${n.where})`)}` };
    return {
      text: `${exprToText(n.lhs)} = ${exprToText(n.rhs)}${where.text}`,
      latex: `${exprToLatex(n.lhs)} = ${exprToLatex(n.rhs)}${where.latex}`,
    };
  };
  const parts = notes.map(one);
  return { text: parts.map((p) => p.text).join("; "), latex: parts.map((p) => p.latex).join(";\\quad ") };
}

// metavariables of the route rules' statements
const [A, B, F, G, H, M, W, Z] = ["A", "B", "F", "G", "H", "M", "W", "Z"].map((n) => sym(n));
const [X, U, V, dA] = ["X", "U", "V", "dA"].map((n) => sym(n));
const dXm = sym("dX");

/** Why a route does not apply, or undefined when it does. */
export function routeReason(src: StepsSource, route: StepRoute): string | undefined {
  const fc = src.input.fc;
  const scalar = fc.resultShape.length === 0;
  const tensors = src.input.kinds === undefined && tensorOrder(fc);
  if (route === "index") {
    const hard = indexRouteReason(src);
    if (hard !== undefined || tensors) return hard;
    return 'for scalars, vectors and matrices the index route is given when asked for by name (d.steps("index"), --route index)';
  }
  if (tensors) return "the matrix routes cover scalars, vectors and matrices: for tensors use the index route";
  if (route === "gradient") {
    if (!scalar) return "the expression is not scalar-valued (use the kron or tensor route)";
    if (fc.symmetricWrt) return `${src.wrt} is declared symmetric: the gradient route covers a general ${src.wrt}`;
    return src.form("gradient") === undefined ? "the expression has no gradient form" : undefined;
  }
  if (route === "kron") return src.form("kron") === undefined ? "the expression has no vec–Kronecker form" : undefined;
  if (scalar) return "for a scalar-valued expression the tensor form is its gradient: use the gradient route";
  return src.form("tensor") === undefined ? "the expression has no tensor form" : undefined;
}

/** Why the index route cannot be taken (composite indices of vec and ⊗), or undefined. */
export function indexRouteReason(src: StepsSource): string | undefined {
  return src.input.sum.terms.some((t) => t.factors.some((f) => f.kind === "split"))
    ? "the derivative has composite indices (vec, ⊗): use the kron route"
    : undefined;
}

/** The steps from Y to dY in terms of dX, ending on the differential form's tree. */
function differentialPhase(src: StepsSource): { drafts: Draft[]; D: Expr } {
  const fc = src.input.fc;
  const lhs = side(dY);
  const info = fc.ctx.info;
  const isScalar = (e: Expr): boolean => {
    try {
      const s = info.shapeOf(e);
      return s.length <= 2 && s.every((d) => d === 1);
    } catch {
      return false;
    }
  };
  const { drafts, result } = differentialSteps(src.expr, src.wrt, lhs, isScalar);
  let D = result;
  const trace: RewriteTrace = new Map();
  // distributed and collected, not factored: the next step brings the terms to the kinds X dA Y, …
  const simplified = simplifyExpr(result, fc.tc, { differential: `d${src.wrt}`, trace, expand: true, factor: false });
  if (!exprEquals(simplified, D)) {
    // the step is named by the rewrites that shaped the result (X^(∘−1) ∘ X = 𝟏, collect equal terms, …)
    const done = notesStatement(
      trace.size > 0 ? [...trace.values()] : ["collect equal terms, cancel, move transposes inward"],
    );
    drafts.push({
      rule: trace.size > 0 ? `simplify: ${done.text}` : "simplify",
      statement: done,
      lhs,
      before: D,
      after: simplified,
      check: { kind: "equal" },
    });
    D = simplified;
  }
  const target = src.form("differential")?.rhs;
  // a target that only orders the same factors differently (2 cos(s) sin(s) against 2 sin(s) cos(s),
  // tr(A dX B) against tr(BA dX)) is no step of its own: the next rule reads D as it is
  if (target !== undefined && !exprEquals(target, D) && !sameFactors(target, D)) {
    drafts.push({
      rule: "rearrange into terms X dA Y, U dAᵀ V, W tr(Zᵀ dA)",
      statement: statement([[dY, sumE(sumE(mulE(X, dA, Y), mulE(U, t(dA), V)), mulE(W, trE(mulE(t(Z), dA))))]]),
      lhs,
      before: D,
      after: target,
      check: { kind: "equal" },
    });
    D = target;
  }
  return { drafts, D };
}

function kronRoute(src: StepsSource): Draft[] {
  const { input, wrt } = src;
  const fc = input.fc;
  const { drafts, D } = differentialPhase(src);
  const DF = src.form("kron")?.rhs as Expr;
  const vdX = vecE(differentialOf(wrt));
  const lhs = side(vecE(dY));
  const final = mulE(DF, vdX);
  const vecRule = statement([
    [vecE(mulE(A, X, B)), mulE(kronE(t(B), A), vecE(X))],
    [vecE(t(X)), mulE(sym("K"), vecE(X))],
  ]);
  let before = vecE(D);
  if (input.kinds !== undefined && input.kinds.length > 0) {
    const termwise = signedSum(input.kinds.map((kt) => withPrefix(fc, kt, mulE(kronTerm(fc, kt), vdX))));
    drafts.push({
      rule: "vec of a product",
      statement: vecRule,
      lhs,
      before,
      after: termwise,
      check: { kind: "equal" },
    });
    before = termwise;
    if (!exprEquals(termwise, final)) {
      drafts.push({
        rule: "collect the terms in vec(dX)",
        statement: statement([[addMul(A, vecE(X), B), mulE(sumE(A, B), vecE(X))]]),
        lhs,
        before,
        after: final,
        check: { kind: "equal" },
      });
    }
  } else {
    drafts.push({ rule: "vec of a product", statement: vecRule, lhs, before, after: final, check: { kind: "equal" } });
  }
  const lhsAfter: Side = {
    text: `∂vec(Y)/∂vec(${wrt})ᵀ`,
    latex: `\\frac{\\partial \\operatorname{vec} Y}{\\partial \\operatorname{vec}(${latexName(wrt)})^{T}}`,
  };
  drafts.push({
    rule: "identification theorem",
    statement: statement(
      [
        [vecE(dY), mulE(M, vecE(dXm))],
        [sym("DF"), M],
      ],
      "⟹",
    ),
    lhs,
    lhsAfter,
    before: final,
    after: DF,
    check: { kind: "identify", form: "kron" },
  });
  return drafts;
}

const addMul = (a: Expr, x: Expr, b: Expr): Expr => ({ op: "add", args: [mulE(a, x), mulE(b, x)], start: -1, end: -1 });
const sumE = (a: Expr, b: Expr): Expr => ({ op: "add", args: [a, b], start: -1, end: -1 });

function gradientRoute(src: StepsSource): Draft[] {
  const { wrt } = src;
  const fc = src.input.fc;
  const { drafts, D } = differentialPhase(src);
  const grad = src.form("gradient")?.rhs as Expr;
  const dX = differentialOf(wrt);
  const vectorOrScalar = isOne(fc.aPad[1]);
  const inner = fc.wrtShape.length === 0 ? mulE(grad, dX) : vectorOrScalar ? mulE(t(grad), dX) : trE(mulE(t(grad), dX));
  const lhs = side(dY);
  drafts.push({
    rule: "cyclic property of the trace",
    statement: statement([
      [trE(mulE(A, B)), trE(mulE(B, A))],
      [trE(t(A)), trE(A)],
      [sym("s"), trE(sym("s"))],
    ]),
    lhs,
    before: D,
    after: inner,
    check: { kind: "equal" },
  });
  drafts.push({
    rule: "identification of the gradient",
    statement: statement(
      [
        [dY, trE(mulE(t(G), dXm))],
        [sym("∇Y"), G],
      ],
      "⟹",
    ),
    lhs,
    lhsAfter: { text: `∇_${wrt} Y`, latex: `\\nabla_{${latexName(wrt)}} Y` },
    before: inner,
    after: grad,
    check: { kind: "identify", form: "gradient" },
  });
  return drafts;
}

/** Replace the differential dX by X (a linear Y is its own differential at dX = X). */
function withVariable(e: Expr, wrt: string): Expr {
  if (e.op === "sym") return e.name === `d${wrt}` ? sym(wrt) : e;
  if (e.args.length === 0) return e;
  return withArgs(
    e,
    e.args.map((a) => withVariable(a, wrt)),
  );
}

function tensorRoute(src: StepsSource, linear: boolean): Draft[] {
  const { input, wrt } = src;
  const fc = input.fc;
  const T = src.form("tensor")?.rhs as Expr;
  let drafts: Draft[] = [];
  let D: Expr;
  let base: Expr;
  let lhs: Side;
  if (linear) {
    // Y is linear in X: the seed's route writes Y itself as T:X
    const phase = differentialPhase(src);
    D = withVariable(phase.D, wrt);
    base = sym(wrt);
    lhs = side(Y);
    if (!exprEquals(D, src.expr)) {
      drafts.push({
        rule: `linear in ${wrt}: Y is its differential at d${wrt} = ${wrt}`,
        statement: statement(
          [
            [dY, mulE(A, dXm, B)],
            [Y, mulE(A, X, B)],
          ],
          "⟹",
        ),
        lhs,
        before: src.expr,
        after: D,
        check: { kind: "equal" },
      });
    }
  } else {
    const phase = differentialPhase(src);
    drafts = phase.drafts;
    D = phase.D;
    base = differentialOf(wrt);
    lhs = side(dY);
  }
  const kinds = input.kinds;
  // by a scalar the tensor form is a plain matrix times the number dA, as for vectors
  const vectors = (isOne(fc.yPad[1]) && isOne(fc.aPad[1]) && fc.resultShape.length <= 1) || fc.wrtShape.length === 0;
  const final = vectors ? mulE(T, base) : ddotE(T, base);
  if (kinds !== undefined && kinds.length > 0 && !vectors && !kinds.some((k) => k.dy || k.da)) {
    const [, n] = fc.yPad;
    const q = fc.aPad[1];
    const hfg = (kt: KindTerm): Expr => {
      if (kt.kind === 1) return ddotE(tensorTerm(fc, kt), base);
      if (kt.kind === 2) {
        const T2 = tensorTerm(fc, kt);
        return ddotE(T2.op === "ddot" ? T2.args[0] : alphaE(q, n), t(base));
      }
      return ddotE(tensorTerm(fc, kt), base);
    };
    const stepA = signedSum(kinds.map((kt) => withPrefix(fc, kt, hfg(kt))));
    const eqs: [Expr, Expr][] = [[mulE(H, F, G), ddotE(mulE(H, alphaE(), t(G)), F)]];
    if (kinds.some((k) => k.kind === 3)) eqs.push([mulE(W, trE(mulE(t(Z), F))), ddotE(outerE(W, Z), F)]);
    drafts.push({
      rule: kinds.every((k) => k.kind === 3) ? "trace as a double contraction" : "write the products with α",
      statement: statement(eqs),
      lhs,
      before: D,
      after: stepA,
      check: { kind: "equal" },
    });
    let current = stepA;
    if (kinds.some((k) => k.kind === 2)) {
      const stepB = signedSum(
        kinds.map((kt) => withPrefix(fc, kt, kt.kind === 2 ? ddotE(tensorTerm(fc, kt), base) : hfg(kt))),
      );
      drafts.push({
        rule: "write the transpose with β",
        statement: statement([[t(F), ddotE(betaE(), F)]]),
        lhs,
        before: current,
        after: stepB,
        check: { kind: "equal" },
      });
      current = stepB;
    }
    if (!exprEquals(current, final)) {
      drafts.push({
        rule: "collect the terms",
        statement: statement([[sumE(ddotE(A, F), ddotE(B, F)), ddotE(sumE(A, B), F)]]),
        lhs,
        before: current,
        after: final,
        check: { kind: "equal" },
      });
    }
  } else {
    drafts.push({
      rule: vectors ? "collect into J dx" : "collect into T:dX",
      statement: vectors
        ? statement([[sym("dy"), mulE(sym("J"), sym("dx"))]])
        : statement([[mulE(H, F, G), ddotE(mulE(H, alphaE(), t(G)), F)]]),
      lhs,
      before: D,
      after: final,
      check: { kind: "equal" },
    });
  }
  const rhsBase = linear ? Y : dY;
  drafts.push({
    rule: "identification of the tensor",
    statement: statement(
      [
        [rhsBase, vectors ? mulE(sym("J"), linear ? X : dXm) : ddotE(sym("T"), linear ? X : dXm)],
        [sym("∂Y/∂X"), vectors ? sym("J") : sym("T")],
      ],
      "⟹",
    ),
    lhs,
    lhsAfter: { text: `∂Y/∂${wrt}`, latex: `\\frac{\\partial Y}{\\partial ${latexName(wrt)}}` },
    before: final,
    after: T,
    check: { kind: "identify", form: "tensor" },
  });
  return drafts;
}

/**
 * The drafts of a route's steps (checked by check.ts).
 * @param linear the caller's numeric finding that Y is linear in the variable (the tensor route then works on Y).
 * @throws {@link DifferentiationError} when the route does not apply, with the reason.
 */
export function routeDrafts(src: StepsSource, route: StepRoute, linear: boolean): Draft[] {
  const why = routeReason(src, route);
  if (why !== undefined) throw new DifferentiationError(`the ${route} route does not apply: ${why}`);
  if (route === "index") throw new DifferentiationError("internal: the index route has its own drafts (indexRoute.ts)");
  if (route === "kron") return kronRoute(src);
  if (route === "gradient") return gradientRoute(src);
  return tensorRoute(src, linear);
}

/** The differential dY as a tree in dX (for the linearity test of the tensor route). */
export function differentialTree(src: StepsSource): Expr {
  return differentialPhase(src).D;
}
