/**
 * Tensor-network diagrams of expressions and of the forms of their derivatives.
 * @packageDocumentation
 */
import "./install";
import { DiagramError } from "./errors";
import { buildDiagram } from "./build";
import type { Diagram } from "./graph";
import type { Expr } from "../symbolic/expr";
import type { DerivativeForm } from "../symbolic/forms/context";
import { parse } from "../symbolic/parse";
import { inferShapes, type Shapes } from "../symbolic/shapes";
import { TensorcalcError } from "../core/errors";

export { contractDiagram } from "./contract";
export { DiagramError } from "./errors";
export { DRAWN_FORMS } from "./forms";
export { stepDiagrams, type StepDiagrams, type StepPicture } from "./steps";
export type { Diagram, DiagramNode, Network, Port, PortRef, Wire, Output, PortSide, NodeKind } from "./graph";

/** The tree a form draws, or why it has none. */
export function formTree(form: DerivativeForm): Expr {
  if (form.rhs === undefined)
    throw new DiagramError(
      `the ${form.name} form here is written in index notation, not as a tree; draw the tensor form, whose wires are those indices`,
    );
  return form.rhs;
}

/**
 * The tensor-network diagram of an expression, or of a form of a derivative (its tree).
 * @param shapes the shapes of the symbols (as for {@link derive}).
 * @throws {@link DiagramError} for a form written as notation (differential, component, index), {@link ParseError} or {@link ShapeError} for the expression.
 * @example
 * ```ts
 * import { diagram } from "tensorcalc";
 * const d = diagram("A' * B", { A: ["p", "m"], B: ["p", "n"] });
 * console.log(d.terms[0].nodes.map((n) => n.label), d.terms[0].wires.length); // [ 'A', 'B' ] 1
 * ```
 */
export function diagram(exprOrForm: string | Expr | DerivativeForm, shapes: Shapes = {}): Diagram {
  const e =
    typeof exprOrForm === "string" ? parse(exprOrForm) : "title" in exprOrForm ? formTree(exprOrForm) : exprOrForm;
  let info;
  try {
    info = inferShapes(e, shapes);
  } catch (err) {
    if (err instanceof TensorcalcError) throw err;
    throw new DiagramError(`the shapes of the diagram cannot be inferred: ${(err as Error).message}`);
  }
  return buildDiagram(info.expr, info, info.shapes);
}
export {
  layoutDiagram,
  textWidth,
  type DiagramLayout,
  type LayoutOptions,
  type PlacedNetwork,
  type PlacedNode,
  type PlacedWire,
  type Curve,
  type PlacedStub,
  type TextBox,
  type Point,
  type Rect,
} from "./layout";
export { diagramSvg, type SvgOptions } from "./svg";
