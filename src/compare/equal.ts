/**
 * Exact comparison of tensors: equal, assertEqual.
 * @packageDocumentation
 */
import { formatShape, sameShape } from "../core/shape";
import { asTensor, indexOf, type TensorLike } from "./coerce";
import { ComparisonError, num } from "./close";

/**
 * True when a and b have the same shape and identical entries (`===`; so NaN ≠ NaN and 0 = −0).
 * Use it where the math is exact, e.g. with small integers from `randint`.
 * @example
 * ```ts
 * import { equal, tensor, transpose } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(equal(transpose(transpose(A)), A)); // true
 * ```
 */
export function equal(a: TensorLike, b: TensorLike): boolean {
  const ta = asTensor(a);
  const tb = asTensor(b);
  if (!sameShape(ta.shape, tb.shape)) return false;
  const x = ta.data;
  const y = tb.data;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

/**
 * Throw a {@link ComparisonError} unless a and b are exactly equal. The message
 * names the label, both shapes, the first differing index and both values.
 * @example
 * ```ts
 * import { assertEqual, tensor } from "tensorcalc";
 * assertEqual(tensor([[1, 2]]), [[1, 2]], "exact"); // passes
 * try { assertEqual(tensor([1, 2]), [1, 3]); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function assertEqual(a: TensorLike, b: TensorLike, label?: string): void {
  const ta = asTensor(a);
  const tb = asTensor(b);
  const head = `assertEqual${label ? ` (${label})` : ""}`;
  if (!sameShape(ta.shape, tb.shape)) {
    throw new ComparisonError(`${head}: the shapes differ: ${formatShape(ta.shape)} vs ${formatShape(tb.shape)}`);
  }
  const x = ta.data;
  const y = tb.data;
  let first = -1;
  let count = 0;
  for (let k = 0; k < x.length; k++) {
    if (x[k] !== y[k]) {
      if (first < 0) first = k;
      count++;
    }
  }
  if (first < 0) return;
  throw new ComparisonError(
    `${head}: ${count} of ${ta.size} entries differ (shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)}); ` +
      `first at index ${indexOf(ta.shape, first)}: ${num(x[first])} vs ${num(y[first])}`,
  );
}
