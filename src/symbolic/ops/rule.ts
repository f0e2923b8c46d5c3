/**
 * What the ops' differential rules are written with: the metavariables X, Y (operands) and
 * dX, dY (their differentials) as symbols, and `rule` to state one (see
 * {@link DifferentialRule} in opdef.ts). Each rule is defined in its op's module.
 * @packageDocumentation
 */
import { binary, divE, type Expr, exprEquals, mulE, negE, num, sym, withArgs } from "../expr";
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

/** A scalar operand of a rule and its differential (the scalar variants of the rules). */
export const s = sym("s");
export const ds = sym("ds");

/**
 * An entrywise derivative f′(X) written for a scalar: X ∘ X is s², X^(∘−1) is 1/s and ∘ is a
 * plain product (the tree of f′ is the op's one definition; this only changes its notation).
 */
export function scalarNotation(e: Expr): Expr {
  if (e.args.length === 0) return e;
  const args = e.args.map(scalarNotation);
  if (e.op === "had") return exprEquals(args[0], args[1]) ? binary("spow", args[0], num(2)) : mulE(args[0], args[1]);
  if (e.op === "recip") return divE(num(1), args[0]);
  return withArgs(e, args);
}

/** f′(s) ds for a scalar s, with 1/q · ds written ds/q. */
export function scalarChain(prime: Expr, d: Expr): Expr {
  const p = scalarNotation(prime);
  const over = (q: Expr): Expr | undefined =>
    q.op === "div" && q.args[0].op === "num" && q.args[0].value === 1 ? q.args[1] : undefined;
  const q = over(p);
  if (q !== undefined) return divE(d, q);
  const nq = p.op === "neg" ? over(p.args[0]) : undefined;
  if (nq !== undefined) return negE(divE(d, nq));
  return mulE(p, d);
}

/** The rule with its scalar variant and the name it has when an operand is constant. */
export function withVariants(
  r: DifferentialRule,
  variants: { readonly scalar?: DifferentialRule; readonly constantFactor?: string },
): DifferentialRule {
  return { ...r, ...variants };
}
