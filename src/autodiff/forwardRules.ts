/**
 * Forward-mode rules on tangent batches: for each op, how the tangents of its
 * inputs (all directions at once) give the tangents of its output.
 * @packageDocumentation
 * @internal
 */
import { DifferentiationError } from "../core/errors";
import { sizeOf, stridesOf, type Shape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { combine, functional, gather, mulLeft, mulRight, scaleAll, scaleCols, type Batch } from "./batch";
import { einsumTangent, kronTangent, parseEinsumSpec } from "./batchProducts";
import { inverseOf, transposeData } from "./inverse";
import type { OpAttrs } from "./trace";
import { cofactorMatrix } from "./reverseRules";

/** What a rule sees: the op's operands and result (values) and its attrs. */
export interface RuleContext {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: OpAttrs;
}

/** A forward rule: the output tangents from the inputs' (null = constant input). */
export type ForwardRule = (ctx: RuleContext, tangents: readonly (Batch | null)[]) => Batch | null;

/** The index map of a transpose of an m×n matrix: src[out] = in, inv[in] = out. */
function transposeMap(m: number, n: number): { src: Int32Array; inv: Int32Array } {
  const src = new Int32Array(m * n);
  const inv = new Int32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      src[j * m + i] = i * n + j;
      inv[i * n + j] = j * m + i;
    }
  }
  return { src, inv };
}

function permuteMap(inShape: Shape, axes: readonly number[]): { src: Int32Array; inv: Int32Array } {
  const outShape = axes.map((a) => inShape[a]);
  const inStrides = stridesOf(inShape);
  const n = sizeOf(inShape);
  const src = new Int32Array(n);
  const inv = new Int32Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  const step = axes.map((a) => inStrides[a]);
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let d = 0; d < idx.length; d++) s += idx[d] * step[d];
    src[o] = s;
    inv[s] = o;
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return { src, inv };
}

function unaryScale(f: (x: number, y: number) => number): ForwardRule {
  return (ctx, [t]) => {
    if (t === null) return null;
    const x = ctx.inputs[0].data;
    const y = ctx.output.data;
    const g = new Float64Array(x.length);
    for (let i = 0; i < g.length; i++) g[i] = f(x[i], y[i]);
    return scaleCols(t, g);
  };
}

/** (m, k, n) such that the product is (m×k)·(k×n) on the flattened operands. */
type Dims = (a: Shape, b: Shape) => [number, number, number];

const matmulDims: Dims = (a, b) => {
  const [m, k] = a.length === 2 ? [a[0], a[1]] : [1, a[0]];
  const n = b.length === 2 ? b[1] : 1;
  return [m, k, n];
};
const dotDims: Dims = (a, b) => {
  const k = a[a.length - 1];
  return [sizeOf(a) / k, k, k === 0 ? 0 : sizeOf(b) / k];
};
const ddotDims: Dims = (a, b) => {
  const k = a[a.length - 1] * a[a.length - 2];
  return [k === 0 ? 0 : sizeOf(a) / k, k, k === 0 ? 0 : sizeOf(b) / k];
};
const outerDims: Dims = (a, b) => [sizeOf(a), 1, sizeOf(b)];

function productRule(dims: Dims): ForwardRule {
  return (ctx, [ta, tb]) => {
    const [A, B] = ctx.inputs;
    const [m, k, n] = dims(A.shape, B.shape);
    const left = ta === null ? null : mulRight(ta, B.data, m, k, n);
    const right = tb === null ? null : mulLeft(A.data, tb, m, k, n);
    return combine(left, right);
  };
}

/** The rule of every op name the library records. */
export const forwardRules: Readonly<Record<string, ForwardRule>> = {
  transpose: (ctx, [t]) => {
    if (t === null) return null;
    const [m, n] = ctx.inputs[0].shape;
    const { src, inv } = transposeMap(m, n);
    return gather(t, src, inv);
  },
  permute: (ctx, [t]) => {
    if (t === null) return null;
    const { src, inv } = permuteMap(ctx.inputs[0].shape, ctx.attrs.axes as readonly number[]);
    return gather(t, src, inv);
  },
  reshape: (_ctx, [t]) => t,
  vec: (ctx, [t]) => {
    if (t === null) return null;
    const [m, n] = ctx.inputs[0].shape;
    const { src, inv } = transposeMap(m, n);
    return gather(t, src, inv);
  },
  unvec: (ctx, [t]) => {
    if (t === null) return null;
    const m = ctx.attrs.m as number;
    const n = ctx.attrs.n as number;
    // unvec(v, m, n) is the transpose of the row-major n×m matrix v.
    const { src, inv } = transposeMap(n, m);
    return gather(t, src, inv);
  },
  add: (_ctx, [a, b]) => combine(a, b),
  sub: (_ctx, [a, b]) => combine(a, b, 1, -1),
  neg: (_ctx, [a]) => (a === null ? null : scaleAll(a, -1)),
  scale: (ctx, [ta, ts]) => {
    const [a, s] = ctx.inputs;
    if (s === undefined) return ta === null ? null : scaleAll(ta, ctx.attrs.s as number);
    const left = ta === null ? null : scaleAll(ta, s.data[0]);
    const right = ts === null || ts === undefined ? null : mulRight(ts, a.data, 1, 1, a.size);
    return combine(left, right);
  },
  hadamard: (ctx, [ta, tb]) => {
    const [a, b] = ctx.inputs;
    return combine(ta === null ? null : scaleCols(ta, b.data), tb === null ? null : scaleCols(tb, a.data));
  },
  sum: (_ctx, [t]) => (t === null ? null : functional(t, null)),
  trace: (ctx, [t]) => {
    if (t === null) return null;
    const [n, n2] = ctx.inputs[0].shape;
    const g = new Float64Array(n * n2);
    for (let i = 0; i < Math.min(n, n2); i++) g[i * n2 + i] = 1;
    return functional(t, g);
  },
  exp: unaryScale((_x, y) => y),
  log: unaryScale((x) => 1 / x),
  pow: (ctx, ts) => {
    const p = ctx.attrs.p as number;
    return unaryScale((x) => (p === 0 ? 0 : p === 1 ? 1 : p * Math.pow(x, p - 1)))(ctx, ts);
  },
  sqrt: unaryScale((_x, y) => 0.5 / y),
  abs: unaryScale((x) => Math.sign(x)),
  sin: unaryScale((x) => Math.cos(x)),
  cos: unaryScale((x) => -Math.sin(x)),
  tanh: unaryScale((_x, y) => 1 - y * y),
  matmul: productRule(matmulDims),
  dot: productRule(dotDims),
  ddot: productRule(ddotDims),
  outer: productRule(outerDims),
  kron: (ctx, [ta, tb]) => {
    const [A, B] = ctx.inputs;
    return combine(
      ta === null ? null : kronTangent(ta, A.data, A.shape, B.data, B.shape, 0),
      tb === null ? null : kronTangent(tb, A.data, A.shape, B.data, B.shape, 1),
    );
  },
  einsum: (ctx, ts) => {
    const spec = parseEinsumSpec(String(ctx.attrs.spec));
    const values = ctx.inputs.map((t) => t.data);
    const shapes = ctx.inputs.map((t) => t.shape);
    let acc: Batch | null = null;
    ts.forEach((t, i) => {
      if (t !== null) acc = combine(acc, einsumTangent(spec, values, shapes, ctx.output.shape, i, t));
    });
    return acc;
  },
  inv: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.inputs[0].shape[0];
    const Y = ctx.output.data;
    // d(A⁻¹) = −A⁻¹ dA A⁻¹ (the sign folded into the left factor)
    const negY = new Float64Array(Y.length);
    for (let i = 0; i < Y.length; i++) negY[i] = -Y[i];
    return mulRight(mulLeft(negY, t, n, n, n), Y, n, n, n);
  },
  det: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.inputs[0].shape[0];
    const d = ctx.output.data[0];
    // d det A = det(A) tr(A⁻¹ dA) = Σ_kl det(A) (A⁻ᵀ)_kl dA_kl
    let g: Float64Array;
    try {
      g = transposeData(inverseOf(ctx.inputs[0].data, n, "det"), n, n);
      for (let i = 0; i < g.length; i++) g[i] *= d;
    } catch (e) {
      if (!(e instanceof DifferentiationError)) throw e;
      // Singular A: the gradient is the cofactor matrix.
      g = cofactorMatrix(ctx.inputs[0]).data;
    }
    return functional(t, g);
  },
  logdet: (ctx, [t]) => {
    if (t === null) return null;
    const n = ctx.inputs[0].shape[0];
    return functional(t, transposeData(inverseOf(ctx.inputs[0].data, n, "logdet"), n, n));
  },
  solve: (ctx, [ta, tb]) => {
    const [A, B] = ctx.inputs;
    const n = A.shape[0];
    const p = B.ndim === 2 ? B.shape[1] : 1;
    const Ainv = inverseOf(A.data, n, "solve");
    const X = ctx.output.data;
    // X = A⁻¹B: dX = A⁻¹ dB − A⁻¹ dA X
    const fromB = tb === null ? null : mulLeft(Ainv, tb, n, n, p);
    const fromA = ta === null ? null : mulLeft(Ainv, mulRight(ta, X, n, n, p), n, n, p);
    return combine(fromB, fromA, 1, -1);
  },
};

/** The forward rule for `op`, or a DifferentiationError naming it. */
export function forwardRule(op: string, where: string): ForwardRule {
  const rule = Object.prototype.hasOwnProperty.call(forwardRules, op) ? forwardRules[op] : undefined;
  if (rule === undefined) {
    throw new DifferentiationError(`${where}: no derivative rule for the op "${op}"`);
  }
  return rule;
}
