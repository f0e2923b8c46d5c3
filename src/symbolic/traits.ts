/**
 * Questions the engines ask about a node's op, answered by the op's traits (its module under
 * `symbolic/ops/`), so that no engine tests an op's name: is it the transpose, the matrix
 * product, a negation, a difference, a sum of signed terms.
 * @packageDocumentation
 * @internal
 */
import type { BinaryExpr, Expr, UnaryExpr } from "./expr";
import type { SymOpDef, Traits } from "./opdef";
import { opDef } from "./ops/registry";

/** The traits of the node's op. */
export function traitsOf(e: Expr): Traits {
  return (opDef(e.op) as SymOpDef).traits;
}

/** The node is a matrix transpose Aᵀ (its operand is `args[0]`). */
export function isTransposition(e: Expr): e is UnaryExpr {
  return traitsOf(e).transposition === true;
}

/** The node is a matrix product AB (chains of it flatten). */
export function isMatrixProduct(e: Expr): e is BinaryExpr {
  return traitsOf(e).matrixProduct === true;
}

/** The node is a negation −a. */
export function isNegation(e: Expr): e is UnaryExpr {
  return traitsOf(e).negation === true;
}

/** The node is a difference a − b. */
export function isDifference(e: Expr): e is BinaryExpr {
  return traitsOf(e).difference === true;
}

/** The node is a sum of two or more signed terms by its op's `terms` rule (a + b, a − b; not −a). */
export function isSumOfTerms(e: Expr): boolean {
  const terms = (opDef(e.op) as SymOpDef).terms as ((x: Expr) => readonly unknown[]) | undefined;
  return terms !== undefined && terms(e).length > 1;
}
