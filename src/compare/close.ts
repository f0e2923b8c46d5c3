/**
 * Approximate comparison of tensors: allclose, assertClose, maxAbsDiff.
 *
 * Two entries x, y are close when `|x − y| ≤ atol + rtol·max(|x|, |y|)`
 * (symmetric in x and y). Defaults: `rtol = 1e-9`, `atol = 1e-12` — tight enough
 * to catch a wrong formula, loose enough for the rounding of float64 kernels
 * on well-conditioned inputs. Equal infinities are close; NaN is never close.
 * @packageDocumentation
 */
import { IndexError, ShapeError, TensorcalcError } from "../core/errors";
import { formatShape, sameShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { asTensor, indexOf, type TensorLike } from "./coerce";

/**
 * Thrown by {@link assertClose} and {@link assertEqual} when the tensors differ.
 * @example
 * ```ts
 * import { assertEqual, ComparisonError, tensor } from "tensorcalc";
 * try { assertEqual(tensor([1]), [2]); } catch (e) { console.log(e instanceof ComparisonError); } // true
 * ```
 */
export class ComparisonError extends TensorcalcError {
  override name = "ComparisonError";
}

/** Tolerances of {@link allclose} and {@link assertClose}. */
export interface CloseOptions {
  /** Relative tolerance (default 1e-9). */
  rtol?: number;
  /** Absolute tolerance (default 1e-12). */
  atol?: number;
}

/**
 * Default relative tolerance of {@link allclose} and {@link assertClose}.
 * @example
 * ```ts
 * import { DEFAULT_RTOL, DEFAULT_ATOL } from "tensorcalc";
 * console.log(DEFAULT_RTOL, DEFAULT_ATOL); // 1e-9 1e-12
 * ```
 */
export const DEFAULT_RTOL = 1e-9;
/**
 * Default absolute tolerance of {@link allclose} and {@link assertClose} (see {@link DEFAULT_RTOL}).
 * @example
 * ```ts
 * import { allclose, tensor, DEFAULT_ATOL } from "tensorcalc";
 * console.log(DEFAULT_ATOL, allclose(tensor([0]), tensor([DEFAULT_ATOL / 2]))); // 1e-12 true
 * ```
 */
export const DEFAULT_ATOL = 1e-12;

function tolerances(opts: CloseOptions, where: string): { rtol: number; atol: number } {
  const rtol = opts.rtol ?? DEFAULT_RTOL;
  const atol = opts.atol ?? DEFAULT_ATOL;
  for (const [name, v] of [
    ["rtol", rtol],
    ["atol", atol],
  ] as const) {
    if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
      throw new IndexError(`${where}: ${name} must be a finite non-negative number, got ${String(v)}`);
    }
  }
  return { rtol, atol };
}

interface Worst {
  k: number;
  x: number;
  y: number;
  diff: number;
  tol: number;
  bad: number;
}

function scan(a: Tensor, b: Tensor, rtol: number, atol: number): Worst | undefined {
  const x = a.data;
  const y = b.data;
  let worst: Worst | undefined;
  let worstExcess = -Infinity;
  let bad = 0;
  for (let k = 0; k < x.length; k++) {
    const u = x[k];
    const v = y[k];
    if (u === v) continue; // covers equal infinities
    const diff = Math.abs(u - v);
    const tol = atol + rtol * Math.max(Math.abs(u), Math.abs(v));
    if (diff <= tol && Number.isFinite(diff)) continue;
    bad++;
    const excess = Number.isNaN(diff) ? Infinity : diff - tol;
    if (worst === undefined || excess > worstExcess) {
      worst = { k, x: u, y: v, diff, tol, bad: 0 };
      worstExcess = excess;
    }
  }
  if (worst) worst.bad = bad;
  return worst;
}

/**
 * True when a and b have the same shape and every pair of entries is close
 * (`|x − y| ≤ atol + rtol·max(|x|, |y|)`). A shape mismatch gives false.
 * @example
 * ```ts
 * import { allclose, tensor } from "tensorcalc";
 * console.log(allclose(tensor([1, 2]), tensor([1, 2 + 1e-12]))); // true
 * console.log(allclose(tensor([1, 2]), [1, 2.1]));              // false
 * ```
 */
export function allclose(a: TensorLike, b: TensorLike, opts: CloseOptions = {}): boolean {
  const { rtol, atol } = tolerances(opts, "allclose");
  const ta = asTensor(a);
  const tb = asTensor(b);
  if (!sameShape(ta.shape, tb.shape)) return false;
  return scan(ta, tb, rtol, atol) === undefined;
}

/**
 * Throw a {@link ComparisonError} unless a and b are close (see {@link allclose}).
 * The message names the label, both shapes, the worst entry's index, both values,
 * their difference and the tolerance, and how many entries are out of tolerance.
 * @example
 * ```ts
 * import { assertClose, tensor } from "tensorcalc";
 * assertClose(tensor([[1, 2]]), [[1, 2 + 1e-13]], "row"); // passes
 * try { assertClose(tensor([1, 2]), [1, 3], "v"); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function assertClose(a: TensorLike, b: TensorLike, label?: string, opts: CloseOptions = {}): void {
  const { rtol, atol } = tolerances(opts, "assertClose");
  const ta = asTensor(a);
  const tb = asTensor(b);
  const head = `assertClose${label ? ` (${label})` : ""}`;
  if (!sameShape(ta.shape, tb.shape)) {
    throw new ComparisonError(`${head}: the shapes differ: ${formatShape(ta.shape)} vs ${formatShape(tb.shape)}`);
  }
  const w = scan(ta, tb, rtol, atol);
  if (w === undefined) return;
  throw new ComparisonError(
    `${head}: ${w.bad} of ${ta.size} entries differ beyond the tolerance (shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)}); ` +
      `worst at index ${indexOf(ta.shape, w.k)}: ${num(w.x)} vs ${num(w.y)}, |difference| ${short(w.diff)} > tolerance ${short(w.tol)} ` +
      `(atol ${short(atol)} + rtol ${short(rtol)}·max(|x|, |y|))`,
  );
}

/**
 * The largest |a − b| over all entries (0 for empty tensors; NaN if some difference is NaN).
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { maxAbsDiff, tensor } from "tensorcalc";
 * console.log(maxAbsDiff(tensor([1, 2, 3]), [1, 2.5, 3])); // 0.5
 * ```
 */
export function maxAbsDiff(a: TensorLike, b: TensorLike): number {
  const ta = asTensor(a);
  const tb = asTensor(b);
  if (!sameShape(ta.shape, tb.shape)) {
    throw new ShapeError(`maxAbsDiff: the shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)} differ`);
  }
  let m = 0;
  const x = ta.data;
  const y = tb.data;
  for (let k = 0; k < x.length; k++) {
    if (x[k] === y[k]) continue;
    const d = Math.abs(x[k] - y[k]);
    if (Number.isNaN(d)) return NaN;
    if (d > m) m = d;
  }
  return m;
}

/** @internal Full-precision number for messages. */
export function num(v: number): string {
  return String(v);
}

function short(v: number): string {
  return v === 0 ? "0" : Number(v.toPrecision(3)).toString();
}
