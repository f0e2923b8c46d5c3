/**
 * A step-by-step derivation drawn: the expression's picture, then after each step the picture
 * of its new right-hand side (`d.stepDiagrams("tensor")` draws the seed's derivation as the
 * expression with the variable cut out, step by step).
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { DISPLAY, type DisplayBlock, type Displayable } from "../display/protocol";
import type { Derivation } from "../symbolic/derive";
import type { Expr } from "../symbolic/expr";
import { inferShapes, type Shapes } from "../symbolic/shapes";
import type { DerivationSteps, StepRoute } from "../symbolic/steps/types";
import { buildDiagram } from "./build";
import { diagramBlock } from "./display";
import { DiagramError } from "./errors";
import type { Diagram } from "./graph";

/** One step of a derivation with the picture of its result. */
export interface StepPicture {
  /** The step's rule, e.g. "product rule". */
  readonly rule: string;
  /** The step as one LaTeX line (as in {@link DerivationSteps}). */
  readonly latex: string;
  /** The step's right-hand side after it, as text. */
  readonly text: string;
  /** Whether the step's numeric check passed. */
  readonly ok: boolean;
  /** The picture of the right-hand side after the step (the differential dX is a box of its own). */
  readonly diagram?: Diagram;
  /** Why the step has no picture (a pending differential d(E) is notation, not a tensor). */
  readonly reason?: string;
}

/** The pictures of one route of a derivation. */
export interface StepDiagrams extends Displayable {
  readonly route: StepRoute;
  readonly title: string;
  /** The picture of the right-hand side before the first step. */
  readonly start?: Diagram;
  readonly steps: readonly StepPicture[];
  /** The shapes the pictures are drawn in: the derivation's, with the differential `d<wrt>` shaped as the variable. */
  readonly shapes: Shapes;
  /** The steps themselves. */
  readonly source: DerivationSteps;
}

/**
 * The picture of a step's tree, or why there is none. In the index route a pending ∂E/∂X is the
 * node d(E) with the indices of E and of the variable (`pending`): a line with one has no picture.
 */
function picture(e: Expr, shapes: Shapes, pending = false): { diagram?: Diagram; reason?: string } {
  try {
    const info = inferShapes(e, shapes);
    return { diagram: buildDiagram(info.expr, info, info.shapes) };
  } catch (err) {
    if (err instanceof DiagramError) return { reason: err.message };
    if (pending && err instanceof ShapeError)
      return { reason: "a pending derivative ∂E/∂X (indices of E and of the variable) is notation, not a tensor" };
    throw err;
  }
}

function blocks(s: Omit<StepDiagrams, typeof DISPLAY>): DisplayBlock[] {
  const out: DisplayBlock[] = [];
  const head = `Steps (${s.route} route): ${s.title}`;
  out.push(
    s.start ? diagramBlock(s.start, head) : { title: head, latex: s.source.start.latex, text: s.source.start.text },
  );
  s.steps.forEach((st, n) => {
    const title = `${n + 1}. ${st.rule} ${st.ok ? "✓" : "✗"}`;
    out.push({ title, latex: st.latex, text: st.text });
    if (st.diagram) out.push(diagramBlock(st.diagram));
  });
  return out;
}

/**
 * The step-by-step derivation along `route` (default: as {@link Derivation.steps}) with a
 * picture after each step.
 * @throws {@link DifferentiationError} when the route does not apply, with the reason.
 */
export function stepDiagrams(d: Derivation, route?: StepRoute, options: { readonly seed?: number } = {}): StepDiagrams {
  const source = d.steps(route, options);
  const shapes: Shapes = { ...d.shapes, [`d${d.wrt}`]: [...d.wrtShape] };
  const first = source.steps[0];
  const s: Omit<StepDiagrams, typeof DISPLAY> = {
    route: source.route,
    title: source.title,
    start: first ? picture(first.before, shapes).diagram : undefined,
    steps: source.steps.map((st) => ({
      rule: st.rule,
      latex: st.latex,
      text: st.afterText,
      ok: st.check.ok,
      ...picture(st.after, shapes, source.route === "index"),
    })),
    shapes,
    source,
  };
  Object.defineProperty(s, DISPLAY, { value: () => blocks(s), configurable: true, writable: true });
  return s as StepDiagrams;
}
