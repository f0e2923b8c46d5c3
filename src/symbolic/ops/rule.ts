/**
 * What the ops' differential rules are written with: the metavariables X, Y (operands) and
 * dX, dY (their differentials) as symbols, and `rule` to state one (see
 * {@link DifferentialRule} in opdef.ts). Each rule is defined in its op's module.
 * @packageDocumentation
 */
import { type Expr, sym } from "../expr";
import type { DifferentialRule } from "../opdef";

/** The first operand of a rule. */
export const X = sym("X");
/** The second operand of a rule. */
export const Y = sym("Y");
/** The differential of the first operand. */
export const dX = sym("dX");
/** The differential of the second operand. */
export const dY = sym("dY");

/** A differential rule d(pattern) = result in the metavariables X (and Y). */
export function rule(
  name: string,
  pattern: Expr,
  result: Expr,
  constant?: readonly number[],
  operands: readonly string[] = pattern.args.length === 2 ? ["X", "Y"] : ["X"],
): DifferentialRule {
  return constant === undefined ? { name, operands, pattern, result } : { name, operands, pattern, result, constant };
}
