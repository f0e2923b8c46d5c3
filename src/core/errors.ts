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

/**
 * Base class of every error tensorcalc throws on purpose. `console.log(err)`, the Node REPL and a notebook cell
 * print it as `Name: message` (with the caret lines of parse and shape errors) followed by the frames of your own
 * code only; `err.stack` has every frame.
 * @example
 * ```ts
 * import { inv, zeros, TensorcalcError } from "tensorcalc";
 * try {
 *   inv(zeros([2, 2]));
 * } catch (e) {
 *   console.log(e instanceof TensorcalcError, (e as Error).name); // true SingularMatrixError
 * }
 * ```
 */
export class TensorcalcError extends Error {
  // Names are spelled out (not taken from the constructor) so that they survive minification.
  override name = "TensorcalcError";
}

/** Folder of the library's own modules (dist/ or src/), or undefined where it is unknown (bundles). */
const libraryDir: string | undefined =
  typeof __dirname === "string" && /[\\/]core$/.test(__dirname) ? __dirname.slice(0, -"core".length) : undefined;

/** Whether a stack frame is inside tensorcalc, Node or an installed package such as tslab (not the user's code). */
function internalFrame(frame: string): boolean {
  return (
    (libraryDir !== undefined && frame.includes(libraryDir)) || /\(node:|at node:|[\\/]node_modules[\\/]/.test(frame)
  );
}

/**
 * @internal What `console.log(err)`, the Node REPL and a tslab cell print for a tensorcalc error: `Name: message`
 * first (the message carries the caret lines of parse and shape errors), then only the stack frames of the
 * caller's own code, and a line saying how many frames inside tensorcalc, Node and tslab were left out
 * (`err.stack` still has them all).
 */
export function inspectError(e: Error): string {
  const head = `${e.name}: ${e.message}`;
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const mine = frames.filter((f) => !internalFrame(f));
  const hidden = frames.length - mine.length;
  const note =
    hidden > 0 ? [`    … ${hidden} frame${hidden === 1 ? "" : "s"} inside tensorcalc and Node (err.stack)`] : [];
  return [head, ...mine, ...note].join("\n");
}

// Installed on the prototype (not declared as a method) so that the declarations stay free of a computed symbol key.
Object.defineProperty(TensorcalcError.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  value: function inspect(this: TensorcalcError): string {
    return inspectError(this);
  },
  writable: true,
  configurable: true,
});

/**
 * Operand shapes that do not fit the operation (names both shapes and the axes involved).
 * @example
 * ```ts
 * import { matmul, zeros, ShapeError } from "tensorcalc";
 * try {
 *   matmul(zeros([2, 3]), zeros([2, 3]));
 * } catch (e) {
 *   console.log(e instanceof ShapeError, (e as Error).name); // true ShapeError
 * }
 * ```
 */
export class ShapeError extends TensorcalcError {
  override name = "ShapeError";
}

/**
 * A shape or index that is not a valid non-negative integer, or is out of range.
 * @example
 * ```ts
 * import { zeros, IndexError } from "tensorcalc";
 * try {
 *   zeros([-1]);
 * } catch (e) {
 *   console.log(e instanceof IndexError, (e as Error).name); // true IndexError
 * }
 * ```
 */
export class IndexError extends TensorcalcError {
  override name = "IndexError";
}

/**
 * A tensor that would exceed the allocation limit; thrown before allocating.
 * @example
 * ```ts
 * import { zeros, AllocationError } from "tensorcalc";
 * try {
 *   zeros([100000, 100000]);
 * } catch (e) {
 *   console.log(e instanceof AllocationError, (e as Error).name); // true AllocationError
 * }
 * ```
 */
export class AllocationError extends TensorcalcError {
  override name = "AllocationError";
}

/**
 * A malformed einsum specification (names the position and the reason).
 * @example
 * ```ts
 * import { einsum, zeros, EinsumSpecError } from "tensorcalc";
 * try {
 *   einsum("ij->k", zeros([2, 2]));
 * } catch (e) {
 *   console.log(e instanceof EinsumSpecError, (e as Error).name); // true EinsumSpecError
 * }
 * ```
 */
export class EinsumSpecError extends TensorcalcError {
  override name = "EinsumSpecError";
}

/**
 * A singular (or numerically singular) matrix given to `inv` or `solve`.
 * @example
 * ```ts
 * import { inv, zeros, SingularMatrixError } from "tensorcalc";
 * try {
 *   inv(zeros([2, 2]));
 * } catch (e) {
 *   console.log(e instanceof SingularMatrixError, (e as Error).name); // true SingularMatrixError
 * }
 * ```
 */
export class SingularMatrixError extends TensorcalcError {
  override name = "SingularMatrixError";
}

/**
 * A matrix given to `cholesky` or to `solve(A, B, { assume: "spd" })` that is not symmetric positive
 * definite: the message names the column where the factorisation stopped and the pivot found there.
 * @example
 * ```ts
 * import { cholesky, tensor, NotPositiveDefiniteError } from "tensorcalc";
 * try {
 *   cholesky(tensor([[1, 2], [2, 1]]));
 * } catch (e) {
 *   console.log(e instanceof NotPositiveDefiniteError, (e as Error).name); // true NotPositiveDefiniteError
 * }
 * ```
 */
export class NotPositiveDefiniteError extends TensorcalcError {
  override name = "NotPositiveDefiniteError";
}

/**
 * A failure while differentiating: a non-tensor result, an op without a rule, a non-finite value.
 * @example
 * ```ts
 * import { grad, zeros, DifferentiationError } from "tensorcalc";
 * try {
 *   grad((x) => x, zeros([2]));
 * } catch (e) {
 *   console.log(e instanceof DifferentiationError, (e as Error).name); // true DifferentiationError
 * }
 * ```
 */
export class DifferentiationError extends TensorcalcError {
  override name = "DifferentiationError";
}

/**
 * A matrix expression that does not parse (names the position, with a caret).
 * @example
 * ```ts
 * import { parse, ParseError } from "tensorcalc";
 * try {
 *   parse("A +");
 * } catch (e) {
 *   console.log(e instanceof ParseError, (e as ParseError).position); // true 3
 * }
 * ```
 */
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
