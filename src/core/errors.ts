/**
 * Error classes thrown by tensorcalc. Every message says what was wrong in the
 * user's terms: the shapes that did not match, the position that did not
 * parse, the tensor that would be too large.
 *
 * @example
 * ```ts
 * import { zeros, add, ShapeError } from "tensorcalc";
 * try { add(zeros([2, 3]), zeros([3, 2])); } catch (e) { console.log(e instanceof ShapeError); } // true
 * ```
 * @packageDocumentation
 */

/** Base class of every error tensorcalc throws on purpose. */
export class TensorcalcError extends Error {
  // Names are spelled out (not taken from the constructor) so that they survive minification.
  override name = "TensorcalcError";
}

/** Operand shapes that do not fit the operation (names both shapes and the axes involved). */
export class ShapeError extends TensorcalcError {
  override name = "ShapeError";
}

/** A shape or index that is not a valid non-negative integer, or is out of range. */
export class IndexError extends TensorcalcError {
  override name = "IndexError";
}

/** A tensor that would exceed the allocation limit; thrown before allocating. */
export class AllocationError extends TensorcalcError {
  override name = "AllocationError";
}

/** A malformed einsum specification (names the position and the reason). */
export class EinsumSpecError extends TensorcalcError {
  override name = "EinsumSpecError";
}

/** A singular (or numerically singular) matrix given to `inv` or `solve`. */
export class SingularMatrixError extends TensorcalcError {
  override name = "SingularMatrixError";
}

/** A failure while differentiating: a non-tensor result, an op without a rule, a non-finite value. */
export class DifferentiationError extends TensorcalcError {
  override name = "DifferentiationError";
}

/** A matrix expression that does not parse (names the position, with a caret). */
export class ParseError extends TensorcalcError {
  override name = "ParseError";
  constructor(
    message: string,
    /** 0-based character offset in the source string. */
    readonly position: number,
    /** The source string being parsed. */
    readonly source: string,
  ) {
    super(message);
  }
}
