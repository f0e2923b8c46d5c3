/**
 * `fromFunction(shape, f)`: a tensor whose entry at each multi-index is `f(...index)`.
 * @packageDocumentation
 */
import { IndexError } from "../core/errors";
import { allocate, checkShape, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";

/**
 * A tensor whose entry at `[i, j, …]` is `f(i, j, …)` (row-major order of calls).
 * Handy for writing a definition by components, e.g. the seed's α_ijkl = δ_ik δ_jl.
 *
 * @throws {@link IndexError} when `f` returns something other than a finite number (names the index).
 * @example
 * ```ts
 * import { fromFunction } from "tensorcalc";
 * const H = fromFunction([2, 3], (i, j) => 10 * i + j);
 * console.log(H.toNested()); // [[0, 1, 2], [10, 11, 12]]
 * ```
 */
export function fromFunction(shape: Shape, f: (...index: number[]) => number): Tensor {
  const s = checkShape(shape, "fromFunction");
  if (typeof f !== "function")
    throw new IndexError(`fromFunction: expected a function (...index) => number, got ${typeof f}`);
  const data = allocate(s, "fromFunction");
  const n = s.length;
  const idx = new Array<number>(n).fill(0);
  for (let k = 0; k < data.length; k++) {
    const v: unknown = f(...idx);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new IndexError(
        `fromFunction: f(${idx.join(", ")}) returned ${typeof v === "string" ? JSON.stringify(v) : String(v)}; it must return a finite number`,
      );
    }
    data[k] = v;
    for (let a = n - 1; a >= 0; a--) {
      if (++idx[a] < s[a]) break;
      idx[a] = 0;
    }
  }
  return new Tensor(data, s);
}
