/**
 * A small dense inverse (Gauss–Jordan with partial pivoting) used by the
 * derivative rules of det, logdet and solve, so the engine does not depend on
 * the evaluation order of other modules.
 * @packageDocumentation
 * @internal
 */
import { DifferentiationError } from "../core/errors";

/** The inverse of the n×n row-major matrix `a`; throws naming `op` when it is singular. */
export function inverseOf(a: Float64Array, n: number, op: string): Float64Array {
  const w = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  // The same singularity threshold as linalg's LU: n·ε·‖A‖_F.
  let fro = 0;
  for (let i = 0; i < a.length; i++) fro += a[i] * a[i];
  const threshold = n * 2 ** -52 * Math.sqrt(fro);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(w[r * n + col]) > Math.abs(w[piv * n + col])) piv = r;
    const pv = w[piv * n + col];
    if (!(Math.abs(pv) > threshold)) {
      throw new DifferentiationError(
        `${op}: the derivative needs the inverse of the ${n}×${n} matrix, which is singular (pivot ${pv} in column ${col})`,
      );
    }
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        let t = w[col * n + c];
        w[col * n + c] = w[piv * n + c];
        w[piv * n + c] = t;
        t = inv[col * n + c];
        inv[col * n + c] = inv[piv * n + c];
        inv[piv * n + c] = t;
      }
    }
    const ip = 1 / pv;
    for (let c = 0; c < n; c++) {
      w[col * n + c] *= ip;
      inv[col * n + c] *= ip;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = w[r * n + col];
      if (f === 0) continue;
      for (let c = 0; c < n; c++) {
        w[r * n + c] -= f * w[col * n + c];
        inv[r * n + c] -= f * inv[col * n + c];
      }
    }
  }
  return inv;
}

/** The transpose of an m×n row-major matrix. */
export function transposeData(a: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}
