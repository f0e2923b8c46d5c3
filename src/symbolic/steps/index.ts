/**
 * Step-by-step derivations: `d.steps(route)` of a {@link Derivation}, and {@link verifySteps}.
 * Each step applies a named rule (the ops' differential rules are defined with the ops), shows
 * the expression before and after (text and LaTeX, printed from trees) and is checked with
 * numbers: before = after at random rectangular values and a random direction dX.
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import type { Expr } from "../expr";
import { exprToLatex, exprToText, shapedPrinters } from "../print";
import { checkDraft, drawPoint, evaluateSide, exactJacobian, type Point, tolerance } from "./check";
import { checkIndexDraft, indexRoute } from "./indexRoute";
import { withStepsDisplay } from "./display";
import type { Draft } from "./rewrite";
import { differentialTree, indexRouteReason, routeDrafts, routeReason, type StepsSource } from "./routes";
import { type DerivationStep, type DerivationSteps, type Side, STEP_ROUTES, type StepRoute } from "./types";

export type { StepsSource } from "./routes";
export * from "./types";

const TITLES: Record<StepRoute, string> = {
  kron: "Differential → vec–Kronecker (Magnus–Neudecker)",
  gradient: "Differential → gradient (df = tr(Gᵀ dX))",
  tensor: "Fourth-order tensor with α and β (the seed's route)",
  index: "Index notation (Ricci calculus: product rule, δ, contraction)",
};

/** The routes that apply to a derivation, and why the others do not. */
export function stepRoutes(src: StepsSource): { route: StepRoute; reason?: string }[] {
  return STEP_ROUTES.map((route) => {
    const reason = routeReason(src, route);
    return reason === undefined ? { route } : { route, reason };
  });
}

/** The route shown when none is named: gradient for a scalar, else tensor, else kron. */
export function defaultRoute(src: StepsSource): StepRoute | undefined {
  const ok = stepRoutes(src)
    .filter((r) => r.reason === undefined)
    .map((r) => r.route);
  for (const r of ["gradient", "tensor", "kron", "index"] as const) if (ok.includes(r)) return r;
  return undefined;
}

/** True when Y equals its differential at dX = X at the point (Y linear in X: the tensor route works on Y). */
function isLinear(src: StepsSource, p: Point): boolean {
  try {
    const D = differentialTree(src);
    const y = src.value(p.values);
    const v = evaluateSide(src, D, p, p.values[src.wrt]);
    if (v.size !== y.size) return false;
    let scale = 1;
    for (let i = 0; i < y.size; i++) scale = Math.max(scale, Math.abs(y.data[i]));
    for (let i = 0; i < y.size; i++) if (Math.abs(v.data[i] - y.data[i]) > 1e-9 * scale) return false;
    return true;
  } catch {
    return false;
  }
}

const joinLatex = (l: Side, before: string, la: Side | undefined, after: string): string =>
  la === undefined
    ? `${l.latex} = ${before} = ${after}`
    : `${l.latex} = ${before} \\;\\implies\\; ${la.latex} = ${after}`;

/** A step from its draft, the two sides as printed and its check. */
function stepOf(d: Omit<Draft, "check">, before: Side, after: Side, check: DerivationStep["check"]): DerivationStep {
  return {
    rule: d.rule,
    statement: d.statement,
    lhs: d.lhs,
    lhsAfter: d.lhsAfter ?? d.lhs,
    before: d.before,
    after: d.after,
    beforeText: before.text,
    afterText: after.text,
    latex: joinLatex(d.lhs, before.latex, d.lhsAfter, after.latex),
    check,
  };
}

/** The index route's steps (indexRoute.ts), printed in index notation from their trees and checked. */
function indexSteps(src: StepsSource, point: Point): DerivationSteps {
  const r = indexRoute(src);
  let J: ReturnType<typeof exactJacobian> | undefined;
  const exact = () => (J ??= exactJacobian(src, point));
  const steps: DerivationStep[] = r.drafts.map((d) => {
    const b = d.before === src.expr ? { text: exprToText(d.before), latex: exprToLatex(d.before) } : r.print(d.before);
    return stepOf(
      d,
      b,
      r.print(d.after),
      checkIndexDraft(src, d, point, exact, (ref) => tolerance(point, ref)),
    );
  });
  return withStepsDisplay({
    route: "index",
    title: TITLES.index,
    start: { text: `Y = ${exprToText(src.expr)}`, latex: `Y = ${exprToLatex(src.expr)}` },
    steps,
    ok: steps.every((s) => s.check.ok),
    dims: point.dims,
    seed: point.seed,
  });
}

/**
 * The steps of one route (see {@link StepRoute}), each checked at one random point.
 * @throws {@link DifferentiationError} when the route does not apply (the message says why).
 */
export function buildSteps(src: StepsSource, route: StepRoute, seed = 1): DerivationSteps {
  if (route === "index") {
    const why = indexRouteReason(src);
    if (why !== undefined) throw new DifferentiationError(`the index route does not apply: ${why}`);
  }
  const point = drawPoint(src, seed);
  if (typeof point === "string") throw new DifferentiationError(`the steps cannot be checked: ${point}`);
  if (route === "index") return indexSteps(src, point);
  const linear = route === "tensor" && isLinear(src, point);
  const drafts: Draft[] = routeDrafts(src, route, linear);
  let J: ReturnType<typeof exactJacobian> | undefined;
  const reference = () => (J ??= exactJacobian(src, point));
  // a / before a 1×1 value (known by its shape): d(xᵀx) / (xᵀx)
  const info = src.input.fc.ctx.info;
  const print = shapedPrinters((e) => {
    try {
      const s = info.shapeOf(e);
      return s.length <= 2 && s.every((d) => d === 1);
    } catch {
      return false;
    }
  });
  const side = (e: Expr): Side => ({ text: print.text(e), latex: print.latex(e) });
  const steps: DerivationStep[] = drafts.map((d) =>
    stepOf(d, side(d.before), side(d.after), checkDraft(src, d, point, reference)),
  );
  return withStepsDisplay({
    route,
    title: TITLES[route],
    start: { text: `Y = ${exprToText(src.expr)}`, latex: `Y = ${exprToLatex(src.expr)}` },
    steps,
    ok: steps.every((s) => s.check.ok),
    dims: point.dims,
    seed: point.seed,
  });
}
