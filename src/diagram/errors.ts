/**
 * The error a diagram throws: what cannot be drawn or contracted, in the user's terms.
 * @packageDocumentation
 */
import { TensorcalcError } from "../core/errors";

/**
 * A diagram that cannot be drawn or contracted (a form without a tree, a notation node such as dX,
 * missing values), with the reason.
 * @example
 * ```ts
 * import { derive, DiagramError } from "tensorcalc";
 * try {
 *   derive("A' * B", "A").diagram("differential");
 * } catch (e) {
 *   console.log(e instanceof DiagramError); // true
 * }
 * ```
 */
export class DiagramError extends TensorcalcError {
  override name = "DiagramError";
}
