/**
 * exp(x) for x ≤ 0 (the shifted entries of a softmax), written out so that a loop inlines it:
 * fdlibm's method (as in `Math.exp`: x = k ln 2 + r with |r| ≤ ln 2 / 2, a rational
 * approximation of exp(r) good to under one ulp), k by rounding with the 1.5·2⁵² trick and 2ᵏ
 * from a table, so no call, no branch on the exponent bits.
 * @packageDocumentation
 * @internal
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const ROUND = 6755399441055744;

/** 2ᵏ for k = −1074 … 0 (subnormals included). */
const POW2 = Float64Array.from({ length: 1075 }, (_, i) => 2 ** (i - 1074));

/** exp(x) for x ≤ 0 (x = −∞ gives 0; a positive x is wrong: callers shift by the maximum first). */
export function expNonPositive(x: number): number {
  if (x < -745.2) return 0;
  // |x| < 2⁻²⁸: 1 + x, as fdlibm (the rational form rounds differently there)
  if (x > -3.725290298461914e-9) return 1 + x;
  const k = x * INV_LN2 + ROUND - ROUND;
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // k ≥ −1075 here; 2^k·y for k = −1075 (y < 1 rounds to at most the smallest subnormal)
  return k < -1074 ? y * POW2[0] * 0.5 : y * POW2[k + 1074];
}
