/**
 * Number formatting shared by the text and LaTeX displays.
 * @packageDocumentation
 */

/** @internal Indices shown along an axis of length n: all, or the first/last `edge` with -1 marking the gap. */
export function shownIndices(n: number, truncate: boolean, edge: number): number[] {
  if (!truncate || n <= 2 * edge + 1) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < edge; i++) out.push(i);
  out.push(-1);
  for (let i = n - edge; i < n; i++) out.push(i);
  return out;
}

/** @internal True when every value is an integer small enough to print exactly. */
export function allIntegers(values: Iterable<number>): boolean {
  for (const v of values) {
    if (Number.isFinite(v) && (!Number.isInteger(v) || Math.abs(v) >= 1e15)) return false;
  }
  return true;
}

/**
 * @internal A formatter shared by all entries of one tensor, so that columns align:
 * integers without decimals; otherwise fixed notation with at most `precision`
 * decimals (trailing zeros trimmed consistently), or scientific notation when the
 * magnitudes call for it (|x| ≥ 1e6 or a nonzero |x| < 1e-4).
 */
export function makeTextFormatter(values: readonly number[], precision: number): (v: number) => string {
  const special = (v: number): string | undefined =>
    Number.isNaN(v) ? "NaN" : v === Infinity ? "Inf" : v === -Infinity ? "-Inf" : undefined;
  if (allIntegers(values)) return (v) => special(v) ?? (Object.is(v, -0) ? "0" : String(v));
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a > 0 && a < minAbs) minAbs = a;
  }
  if (maxAbs >= 1e6 || minAbs < 1e-4) {
    return (v) => special(v) ?? v.toExponential(precision);
  }
  let decimals = 1;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const target = Number(v.toFixed(precision));
    let d = decimals;
    while (d < precision && Number(v.toFixed(d)) !== target) d++;
    decimals = Math.max(decimals, d);
  }
  return (v) => {
    const s = special(v);
    if (s !== undefined) return s;
    const f = v.toFixed(decimals);
    return /^-0\.?0*$/.test(f) ? f.slice(1) : f;
  };
}

/**
 * @internal A LaTeX number: integers exactly, others with `precision` significant
 * digits, large/small ones as `m \times 10^{e}`.
 */
export function latexNumber(v: number, precision: number): string {
  if (Number.isNaN(v)) return "\\text{NaN}";
  if (v === Infinity) return "\\infty";
  if (v === -Infinity) return "-\\infty";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return Object.is(v, -0) ? "0" : String(v);
  const r = Number(v.toPrecision(precision));
  const a = Math.abs(r);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) {
    const [m, e] = r.toExponential(precision - 1).split("e");
    const mant = m.replace(/\.?0+$/, "");
    return `${mant} \\times 10^{${Number(e)}}`;
  }
  return String(r);
}
