/**
 * The dependency-free kernels on padded values: the one copy of the runtime of generated
 * JavaScript (`generate(d, { language: "js" })`). A value is `{ shape, data }` in row-major
 * order, padded as in evaluation: a scalar 1×1, a vector n×1.
 *
 * Each function here is named as generated code calls it (`_gemm`, `_lu`, `_einsum`, …). The
 * generated source inlines their text with the types stripped: `paddedSource.generated.ts`
 * holds it, written by `node --import tsx scripts/runtime-source.ts` from this file, and
 * `test/runtime/padded.test.ts` checks that it is this file's text, that the functions agree
 * with the library's kernels, and that nothing is imported. The library runs the scalar
 * functions (`_sigmoid`, `_softplus`, `_sign`) in its entrywise ops.
 *
 * Rules for this file (the source generator relies on them): no imports; only top-level
 * `export function` and `export const` declarations and types; a function calls another only
 * by its `_name`.
 * @packageDocumentation
 */

/** A padded value of generated code. */
export interface Padded {
  shape: number[];
  data: Float64Array;
}

/** A new value of the shape, zeros unless data is given. */
export function _tensor(shape: number[], data?: Float64Array): Padded {
  return { shape, data: data ?? new Float64Array(shape.reduce((p, q) => p * q, 1)) };
}

/** Throws the generated function's error. */
export function _fail(message: string): never {
  throw new Error("fAndG: " + message);
}

/** An argument (a number or `{ shape, data }`) padded to a matrix. */
export function _arg(x: number | { shape: number[]; data: ArrayLike<number> }): Padded {
  const t = typeof x === "number" ? { shape: [], data: Float64Array.of(x) } : x;
  const data = t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
  const s = t.shape;
  return { shape: s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : s.slice(), data };
}

/** A number as a 1×1 value. */
export function _const(v: number): Padded {
  return { shape: [1, 1], data: Float64Array.of(v) };
}

/** The matrix product op(a)·op(b), op transposing when ta / tb. */
export function _gemm(a: Padded, b: Padded, ta: boolean, tb: boolean): Padded {
  if (ta && tb) return _gemm(_T(a), b, false, true);
  const M = ta ? a.shape[1] : a.shape[0],
    K = ta ? a.shape[0] : a.shape[1];
  const N = tb ? b.shape[0] : b.shape[1],
    K2 = tb ? b.shape[1] : b.shape[0];
  if (K !== K2) _fail("internal: a product of " + M + "×" + K + " by " + K2 + "×" + N);
  const A = a.data,
    B = b.data,
    C = new Float64Array(M * N);
  if (!ta && !tb) {
    if (N === 1) {
      for (let i = 0; i < M; i++) {
        let s = 0;
        const ai = i * K;
        for (let k = 0; k < K; k++) s += A[ai + k] * B[k];
        C[i] = s;
      }
    } else {
      for (let i = 0; i < M; i++) {
        const ci = i * N,
          ai = i * K;
        for (let k = 0; k < K; k++) {
          const v = A[ai + k],
            bk = k * N;
          for (let j = 0; j < N; j++) C[ci + j] += v * B[bk + j];
        }
      }
    }
  } else if (ta) {
    for (let k = 0; k < K; k++) {
      const ak = k * M,
        bk = k * N;
      if (N === 1) {
        const v = B[k];
        for (let i = 0; i < M; i++) C[i] += A[ak + i] * v;
      } else {
        for (let i = 0; i < M; i++) {
          const v = A[ak + i],
            ci = i * N;
          for (let j = 0; j < N; j++) C[ci + j] += v * B[bk + j];
        }
      }
    }
  } else {
    for (let i = 0; i < M; i++) {
      const ai = i * K;
      for (let j = 0; j < N; j++) {
        let s = 0;
        const bj = j * K;
        for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
        C[i * N + j] = s;
      }
    }
  }
  return { shape: [M, N], data: C };
}

/** The contraction of the last k axes of a with the first k of b. */
export function _contract(a: Padded, b: Padded, k: number): Padded {
  const front = a.shape.slice(0, a.shape.length - k),
    back = b.shape.slice(k);
  const inner = a.shape.slice(a.shape.length - k);
  if (inner.join() !== b.shape.slice(0, k).join())
    _fail("internal: contraction of [" + a.shape + "] with [" + b.shape + "]");
  const size = (s: number[]): number => s.reduce((p, q) => p * q, 1);
  const c = _gemm(
    { shape: [size(front), size(inner)], data: a.data },
    { shape: [size(inner), size(back)], data: b.data },
    false,
    false,
  );
  return { shape: [...front, ...back], data: c.data };
}

/** The product of `mul`: a scalar multiple, a matrix product or a single contraction. */
export function _mul(a: Padded, b: Padded, ta: boolean, tb: boolean): Padded {
  const sa = ta ? [a.shape[1], a.shape[0]] : a.shape,
    sb = tb ? [b.shape[1], b.shape[0]] : b.shape;
  const one = (s: number[]): boolean => s.length === 2 && s[0] === 1 && s[1] === 1;
  if (one(sa) && !(sb.length === 2 && sb[0] === 1)) return _scale(tb ? _T(b) : b, a.data[0]);
  if (one(sb) && !(sa.length === 2 && sa[1] === 1)) return _scale(ta ? _T(a) : a, b.data[0]);
  if (sa.length === 2 && sb.length === 2) return _gemm(a, b, ta, tb);
  return _contract(ta ? _T(a) : a, tb ? _T(b) : b, 1);
}

/**
 * f entry by entry of two values of one shape, or of a 1×1 value and any value, or of two values
 * of one order where one has size 1 along an axis (copied along it, as numpy broadcasts).
 */
export function _zip(a: Padded, b: Padded, f: (x: number, y: number) => number): Padded {
  const x = a.data,
    y = b.data;
  if (x.length === 1 && y.length !== 1) {
    const out = new Float64Array(y.length),
      s = x[0];
    for (let i = 0; i < y.length; i++) out[i] = f(s, y[i]);
    return { shape: b.shape, data: out };
  }
  if (y.length === 1 && x.length !== 1) {
    const out = new Float64Array(x.length),
      s = y[0];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i], s);
    return { shape: a.shape, data: out };
  }
  if (a.shape.join() !== b.shape.join()) {
    const rank = a.shape.length;
    const spreads = rank === b.shape.length && a.shape.every((d, i) => d === b.shape[i] || d === 1 || b.shape[i] === 1);
    if (!spreads) _fail("internal: entrywise operands [" + a.shape + "] and [" + b.shape + "]");
    const shape = a.shape.map((d, i) => Math.max(d, b.shape[i]));
    const size = shape.reduce((p, q) => p * q, 1);
    const out = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      let rest = k,
        ia = 0,
        ib = 0,
        sa = 1,
        sb = 1;
      for (let d = rank - 1; d >= 0; d--) {
        const i = rest % shape[d];
        rest = (rest - i) / shape[d];
        if (a.shape[d] !== 1) ia += i * sa;
        if (b.shape[d] !== 1) ib += i * sb;
        sa *= a.shape[d];
        sb *= b.shape[d];
      }
      out[k] = f(x[ia], y[ib]);
    }
    return { shape, data: out };
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], y[i]);
  return { shape: a.shape, data: out };
}

export const _add = (a: Padded, b: Padded): Padded => _zip(a, b, (x, y) => x + y);
export const _sub = (a: Padded, b: Padded): Padded => _zip(a, b, (x, y) => x - y);
export const _had = (a: Padded, b: Padded): Padded => _zip(a, b, (x, y) => x * y);
export const _div = (a: Padded, b: Padded): Padded => _zip(a, b, (x, y) => x / y);

/** f of every entry. */
export function _each(a: Padded, f: (x: number) => number): Padded {
  const x = a.data,
    out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return { shape: a.shape, data: out };
}

export const _neg = (a: Padded): Padded => _each(a, (x) => -x);

/** a times c and the sizes. */
export function _scale(a: Padded, c: number, ...sizes: number[]): Padded {
  const s = sizes.reduce((p, q) => p * q, c);
  return _each(a, (x) => x * s);
}

/** a .^ p for a 1×1 p. */
export function _pow(a: Padded, p: Padded): Padded {
  if (p.data.length !== 1) _fail("internal: the exponent must be a scalar");
  const q = p.data[0];
  return _each(a, (x) => Math.pow(x, q));
}

/** The logistic function without overflow (the library's `sigmoid` runs it). */
export const _sigmoid = (x: number): number => {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
};

/** log(1 + eˣ) without overflow or loss (the library's `softplus` runs it). */
export const _softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** The sign, NaN for NaN (the library's `sign` runs it). */
export const _sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN);

/** 1 where positive, 0 elsewhere, NaN for NaN. */
export const _step = (x: number): number => (x > 0 ? 1 : x <= 0 ? 0 : NaN);

/** max(x, 0), NaN for NaN. */
export const _relu = (x: number): number => (x > 0 ? x : x <= 0 ? 0 : NaN);

/** The transpose of a matrix. */
export function _T(a: Padded): Padded {
  const [m, n] = a.shape,
    x = a.data,
    out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x[i * n + j];
  return { shape: [n, m], data: out };
}

/** The trace (1×1). */
export function _tr(a: Padded): Padded {
  const n = a.shape[0];
  let s = 0;
  for (let i = 0; i < n; i++) s += a.data[i * n + i];
  return _const(s);
}

/** The LU factorisation with partial pivoting: unit L below the diagonal, U on and above it. */
export function _lu(a: Padded): { n: number; lu: Float64Array; piv: Int32Array; sign: number } {
  const n = a.shape[0],
    lu = Float64Array.from(a.data),
    piv = new Int32Array(n);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) p = i;
    piv[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
    }
    const d = lu[k * n + k];
    if (d === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= d);
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { n, lu, piv, sign };
}

/** The determinant (1×1). */
export function _det(a: Padded): Padded {
  const { n, lu, sign } = _lu(a);
  let d = sign;
  for (let i = 0; i < n; i++) d *= lu[i * n + i];
  return _const(d);
}

/** log |det| (1×1). */
export function _logdet(a: Padded): Padded {
  const { n, lu } = _lu(a);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.abs(lu[i * n + i]));
  return _const(s);
}

/** The inverse, column by column from the LU factors. */
export function _inv(a: Padded): Padded {
  const { n, lu, piv } = _lu(a);
  for (let i = 0; i < n; i++) if (lu[i * n + i] === 0) _fail("a matrix to invert is singular");
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = new Float64Array(n);
    x[c] = 1;
    for (let k = 0; k < n; k++) {
      const t = x[k];
      x[k] = x[piv[k]];
      x[piv[k]] = t;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= lu[i * n + j] * x[j];
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) x[i] -= lu[i * n + j] * x[j];
      x[i] /= lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out[i * n + c] = x[i];
  }
  return { shape: [n, n], data: out };
}

/**
 * The adjugate (transposed cofactor matrix, adj(A)·A = det(A)·I): det(A)·A⁻¹ where A is
 * invertible, else from the determinants of the minors (the gradient of det at a singular A).
 */
export function _adj(a: Padded): Padded {
  const n = a.shape[0];
  const { lu } = _lu(a);
  let singular = false;
  for (let i = 0; i < n; i++) if (lu[i * n + i] === 0) singular = true;
  if (!singular) {
    const d = _det(a).data[0];
    return _each(_inv(a), (x) => d * x);
  }
  const out = new Float64Array(n * n);
  if (n === 1) return { shape: [1, 1], data: Float64Array.of(1) };
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      // adj(A)[j, i] = (−1)^(i+j) det(A without row i and column j)
      const minor = new Float64Array((n - 1) * (n - 1));
      let w = 0;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (r !== i && c !== j) minor[w++] = a.data[r * n + c];
      out[j * n + i] = ((i + j) % 2 === 0 ? 1 : -1) * _det({ shape: [n - 1, n - 1], data: minor }).data[0];
    }
  return { shape: [n, n], data: out };
}

/** The columns stacked (mn×1). */
export function _vec(a: Padded): Padded {
  const [m, n] = a.shape,
    out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a.data[i * n + j];
  return { shape: [m * n, 1], data: out };
}

/** n×1 → the diagonal matrix; n×n → its diagonal n×1. */
export function _diag(a: Padded): Padded {
  const n = a.shape[0];
  if (a.shape[1] === 1) {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = a.data[i];
    return { shape: [n, n], data: out };
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a.data[i * n + i];
  return { shape: [n, 1], data: out };
}

/** The sum of the entries (1×1). */
export function _sum(a: Padded): Padded {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i];
  return _const(s);
}

/** The sum of |entries| (1×1). */
export function _norm1(a: Padded): Padded {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i]);
  return _const(s);
}

/** The Euclidean (Frobenius) norm, scaled against overflow (1×1). */
export function _norm2(a: Padded): Padded {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]));
  if (m === 0 || !Number.isFinite(m)) return _const(m);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] / m) ** 2;
  return _const(m * Math.sqrt(s));
}

/** The softmax of a vector, shifted by its largest entry. */
export function _softmax(a: Padded): Padded {
  const x = a.data,
    out = new Float64Array(x.length);
  let m = -Infinity,
    s = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  for (let i = 0; i < x.length; i++) s += out[i] = Math.exp(x[i] - m);
  for (let i = 0; i < x.length; i++) out[i] /= s;
  return { shape: a.shape, data: out };
}

/** The slices of a shape along an axis: `outer` slices of `n` entries at stride `inner`. */
export function _fibers(shape: number[], axis: number): { outer: number; n: number; inner: number } {
  let outer = 1,
    inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return { outer, n: shape[axis], inner };
}

/** f of each slice along the axis (its entries at base, base + stride, …), reduced to one number. */
export function _reduceAlong(
  a: Padded,
  axis: number,
  f: (x: Float64Array, base: number, stride: number, n: number) => number,
): Padded {
  const { outer, n, inner } = _fibers(a.shape, axis);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) out[o * inner + i] = f(a.data, o * n * inner + i, inner, n);
  return { shape: a.shape.map((d, k) => (k === axis ? 1 : d)), data: out };
}

/** The sums (or the means) along the axis, kept with size 1. */
export function _sumAlong(a: Padded, axis: number, mean: boolean): Padded {
  return _reduceAlong(a, axis, (x, base, stride, n) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += x[base + k * stride];
    return mean ? s / n : s;
  });
}

/**
 * log Σ exp of one slice (entries x[base + k·stride], k < n), shifted by its largest entry: no overflow,
 * −Infinity for an empty slice, NaN for one with a NaN. The library's softmax and logsumexp run it too.
 */
export function _lseOf(x: Float64Array, base: number, stride: number, n: number): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = x[base + k * stride];
    if (v > m || Number.isNaN(v)) m = v;
  }
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(x[base + k * stride] - m);
  return m + Math.log(s);
}

/** log Σ exp along the axis, kept with size 1. */
export function _logsumexpAlong(a: Padded, axis: number): Padded {
  return _reduceAlong(a, axis, _lseOf);
}

/** The Euclidean norms along the axis, kept with size 1. */
export function _norm2Along(a: Padded, axis: number): Padded {
  return _reduceAlong(a, axis, (x, base, stride, n) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += x[base + k * stride] ** 2;
    return Math.sqrt(s);
  });
}

/** The softmax of each slice along the axis. */
export function _softmaxAlong(a: Padded, axis: number): Padded {
  const { outer, n, inner } = _fibers(a.shape, axis);
  const out = new Float64Array(a.data.length);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i,
        l = _lseOf(a.data, base, inner, n);
      for (let k = 0; k < n; k++) out[base + k * inner] = Math.exp(a.data[base + k * inner] - l);
    }
  return { shape: a.shape, data: out };
}

/** log Σ exp of the entries, shifted by the largest (1×1). */
export function _logsumexp(a: Padded): Padded {
  const x = a.data;
  let m = -Infinity,
    s = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return _const(m + Math.log(s));
}

/** The Kronecker product of two matrices. */
export function _kron(a: Padded, b: Padded): Padded {
  const [ma, na] = a.shape,
    [mb, nb] = b.shape,
    N = na * nb,
    out = new Float64Array(ma * mb * N);
  for (let i = 0; i < ma; i++)
    for (let j = 0; j < na; j++) {
      const v = a.data[i * na + j];
      for (let k = 0; k < mb; k++)
        for (let l = 0; l < nb; l++) out[(i * mb + k) * N + j * nb + l] = v * b.data[k * nb + l];
    }
  return { shape: [ma * mb, N], data: out };
}

export const _outer = (a: Padded, b: Padded): Padded => _contract(a, b, 0);

/** The double contraction a : b (1×1 when nothing is left). */
export function _ddot(a: Padded, b: Padded): Padded {
  const r = _contract(a, b, 2);
  return r.shape.length === 0 ? { shape: [1, 1], data: r.data } : r;
}

/** The identity n×n. */
export function _eye(n: number): Padded {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return { shape: [n, n], data: out };
}

export const _ones = (shape: number[]): Padded => {
  const t = _tensor(shape);
  t.data.fill(1);
  return t;
};

export const _zeros = (shape: number[]): Padded => _tensor(shape);

/** α of shape [m, n, m, n]: α[i, j, k, l] = δ_ik δ_jl. */
export function _alpha(m: number, n: number): Padded {
  const t = _tensor([m, n, m, n]),
    mn = m * n;
  for (let p = 0; p < mn; p++) t.data[p * mn + p] = 1;
  return t;
}

/** β of shape [m, n, n, m]: β[i, j, k, l] = δ_il δ_jk. */
export function _beta(m: number, n: number): Padded {
  const t = _tensor([m, n, n, m]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t.data[i * n * n * m + j * n * m + j * m + i] = 1;
  return t;
}

/** The commutation matrix K(m, n), mn×mn: K vec(A) = vec(Aᵀ) for A m×n. */
export function _K(m: number, n: number): Padded {
  const N = m * n,
    t = _tensor([N, N]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t.data[(j + i * n) * N + (i + j * m)] = 1;
  return t;
}

/** The single-entry matrix with a 1 at (i, j). */
export function _E(i: number, j: number, shape: number[]): Padded {
  const t = _tensor(shape);
  t.data[i * shape[1] + j] = 1;
  return t;
}

/** R[w, a, b] = [w = a·nb + b]. */
export function _split(na: number, nb: number): Padded {
  const n = na * nb,
    t = _tensor([n, na, nb]);
  for (let w = 0; w < n; w++) t.data[w * n + w] = 1;
  return t;
}

/**
 * Einstein summation `"ij,jk->ik"`, two operands at a time: each step contracts the pair whose
 * indices span the fewest entries, keeping the indices still needed (a chain of k matrix
 * products costs k small contractions, not one loop over every index at once).
 */
export function _einsum(spec: string, ...ops: Padded[]): Padded {
  const [lhs, out] = spec.split("->");
  let ins = lhs.split(",");
  let vals = ops;
  const size: Record<string, number> = {};
  ins.forEach((s, n) => [...s].forEach((c, k) => (size[c] = vals[n].shape[k])));
  const span = (letters: string): number => [...new Set(letters)].reduce((p, c) => p * size[c], 1);
  while (ins.length > 2) {
    let best = [0, 1];
    let cost = Infinity;
    for (let a = 0; a < ins.length; a++)
      for (let b = a + 1; b < ins.length; b++) {
        const c = span(ins[a] + ins[b]);
        if (c < cost) [best, cost] = [[a, b], c];
      }
    const [a, b] = best;
    const rest = ins.filter((_, n) => n !== a && n !== b).join("") + out;
    const keep = [...new Set(ins[a] + ins[b])].filter((c) => rest.includes(c)).join("");
    const r = _einsumAll(`${ins[a]},${ins[b]}->${keep}`, [vals[a], vals[b]]);
    ins = [keep, ...ins.filter((_, n) => n !== a && n !== b)];
    vals = [r, ...vals.filter((_, n) => n !== a && n !== b)];
  }
  return _einsumAll(`${ins.join(",")}->${out}`, vals);
}

/** Einstein summation over every index at once (one loop nest). */
export function _einsumAll(spec: string, ops: Padded[]): Padded {
  const [lhs, out] = spec.split("->");
  const ins = lhs.split(",");
  const size: Record<string, number> = {};
  ins.forEach((s, n) => {
    // a term that names more or fewer axes than its operand has would never finish the loop below
    if (ops[n].shape.length !== s.length)
      _fail(
        "einsum " +
          spec +
          ": operand " +
          n +
          " has shape [" +
          ops[n].shape +
          "] but its term " +
          s +
          " has " +
          s.length +
          " indices",
      );
    [...s].forEach((c, k) => (size[c] = ops[n].shape[k]));
  });
  const letters = [...new Set([...out, ...ins.join("")])];
  const strides = (s: string, shape: number[]): number[] => {
    const st = letters.map(() => 0);
    let m = 1;
    for (let k = s.length - 1; k >= 0; k--) {
      st[letters.indexOf(s[k])] += m;
      m *= shape[k];
    }
    return st;
  };
  const st = ins.map((s, n) => strides(s, ops[n].shape));
  const r = _tensor([...out].map((c) => size[c]));
  const so = strides(out, r.shape);
  const dims = letters.map((c) => size[c]);
  if (dims.some((d) => d === 0)) return r;
  const idx = letters.map(() => 0);
  for (;;) {
    let p = 1;
    for (let n = 0; n < ops.length; n++) {
      let o = 0;
      for (let k = 0; k < idx.length; k++) o += idx[k] * st[n][k];
      p *= ops[n].data[o];
    }
    let o = 0;
    for (let k = 0; k < idx.length; k++) o += idx[k] * so[k];
    r.data[o] += p;
    let k = idx.length - 1;
    while (k >= 0 && ++idx[k] === dims[k]) idx[k--] = 0;
    if (k < 0) return r;
  }
}

/** The same entries (row-major) in another shape. */
export function _reshape(a: Padded, shape: number[]): Padded {
  if (shape.reduce((p, q) => p * q, 1) !== a.data.length)
    _fail("internal: reshape of [" + a.shape + "] to [" + shape + "]");
  return { shape: shape.slice(), data: a.data.slice() };
}

/** The shape of an argument, after checking that it is a tensor with ndim axes. */
export function _shapeOf(name: string, x: unknown, ndim: number, expected: string): number[] {
  if (typeof x === "number") {
    if (ndim !== 0) _fail("argument " + name + " is a number, but it must have shape " + expected);
    return [];
  }
  const t = x as { shape?: unknown; data?: { length?: unknown } } | null;
  if (
    t === null ||
    typeof t !== "object" ||
    !Array.isArray(t.shape) ||
    t.data === undefined ||
    typeof t.data.length !== "number"
  )
    _fail(
      "argument " +
        name +
        " must be { shape: number[], data: Float64Array }" +
        (ndim === 0 ? " or a number" : "") +
        " of shape " +
        expected +
        ", got " +
        (t === null ? "null" : typeof t),
    );
  const shape = t.shape as number[];
  if (shape.length !== ndim)
    _fail(
      "argument " +
        name +
        " has shape [" +
        shape.join(", ") +
        "], but it must have " +
        ndim +
        " axes, shape " +
        expected,
    );
  const n = shape.reduce((p, q) => p * q, 1);
  if (t.data.length !== n)
    _fail(
      "argument " +
        name +
        " has shape [" +
        shape.join(", ") +
        "] (" +
        n +
        " entries) but " +
        t.data.length +
        " entries of data",
    );
  return shape;
}

/** Checks that an argument's axis has the size the expression gives it. */
export function _dim(name: string, shape: number[], axis: number, size: number, label: string, from: string): void {
  if (shape[axis] !== size)
    _fail(
      "argument " +
        name +
        " has shape [" +
        shape.join(", ") +
        "], but its axis " +
        axis +
        " must have size " +
        label +
        (label === String(size) ? "" : " = " + size) +
        (from ? " (" + label + " is set by " + from + ")" : ""),
    );
}

export const _item = (a: Padded): number => a.data[0];
