/**
 * Tangent-batch rules for products with index structure beyond a matrix
 * product: Kronecker products and general einsum contractions. Each maps the
 * entries of one operand's tangents through the product with the other
 * (constant) operands, so sparse tangents stay cheap.
 * @packageDocumentation
 * @internal
 */
import { DifferentiationError, EinsumSpecError } from "../core/errors";
import { sizeOf, stridesOf, type Shape } from "../core/shape";
import { SparseBuilder, type Batch } from "./batch";

/** Calls `f(c, v)` for each stored entry of row r (dense rows: every nonzero). */
function forEachEntry(b: Batch, r: number, f: (c: number, v: number) => void): void {
  if (b.kind === "sparse") {
    for (let e = b.ptr[r]; e < b.ptr[r + 1]; e++) f(b.idx[e], b.val[e]);
    return;
  }
  const base = r * b.cols;
  for (let c = 0; c < b.cols; c++) {
    const v = b.data[base + c];
    if (v !== 0) f(c, v);
  }
}

function nnzOf(b: Batch): number {
  return b.kind === "sparse" ? b.idx.length : b.rows * b.cols;
}

/** Tangent of kron(A, B) (A m×n, B p×q) when A moves (`which` 0) or B moves (1). */
export function kronTangent(
  b: Batch,
  A: Float64Array,
  aShape: Shape,
  B: Float64Array,
  bShape: Shape,
  which: 0 | 1,
): Batch {
  // A vector operand is a column (kron's convention).
  const [m, n] = aShape.length === 2 ? aShape : [aShape[0], 1];
  const [p, q] = bShape.length === 2 ? bShape : [bShape[0], 1];
  const nq = n * q;
  const cols = m * p * nq;
  const sb = new SparseBuilder(b.rows, cols, Math.min(nnzOf(b) * (which === 0 ? p * q : m * n), b.rows * cols));
  for (let r = 0; r < b.rows; r++) {
    if (which === 0) {
      forEachEntry(b, r, (c, v) => {
        const i = (c / n) | 0;
        const j = c - i * n;
        for (let k = 0; k < p; k++) {
          const ob = (i * p + k) * nq + j * q;
          for (let l = 0; l < q; l++) sb.add(ob + l, v * B[k * q + l]);
        }
      });
    } else {
      forEachEntry(b, r, (c, v) => {
        const k = (c / q) | 0;
        const l = c - k * q;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) sb.add((i * p + k) * nq + j * q + l, A[i * n + j] * v);
        }
      });
    }
    sb.endRow();
  }
  return sb.finish();
}

/** A parsed explicit einsum spec such as `"ij,jk->ik"`. */
export interface EinsumSpec {
  readonly inputs: readonly string[];
  readonly output: string;
}

/** Parse a normalized explicit einsum spec (`"ij,jk->ik"`). */
export function parseEinsumSpec(spec: string): EinsumSpec {
  if (spec.includes(".")) {
    throw new DifferentiationError(
      `einsum: no derivative rule for a spec that broadcasts size-1 axes with "..." (${spec}); give the operands matching shapes or spell out the indices`,
    );
  }
  const arrow = spec.indexOf("->");
  if (arrow < 0)
    throw new EinsumSpecError(`einsum derivative: expected an explicit spec with "->", got ${JSON.stringify(spec)}`);
  const lhs = spec.slice(0, arrow).replace(/\s+/g, "");
  const output = spec.slice(arrow + 2).replace(/\s+/g, "");
  return { inputs: lhs.length === 0 ? [] : lhs.split(","), output };
}

/**
 * Tangent of einsum(spec, ...operands) when operand `which` moves along the
 * batch `b` (the other operands are constants).
 */
export function einsumTangent(
  spec: EinsumSpec,
  values: readonly Float64Array[],
  shapes: readonly Shape[],
  outShape: Shape,
  which: number,
  b: Batch,
): Batch {
  const dims = new Map<string, number>();
  spec.inputs.forEach((s, i) => {
    for (let a = 0; a < s.length; a++) dims.set(s[a], shapes[i][a]);
  });
  const own = spec.inputs[which];
  const ownLetters = [...new Set(own)];
  const free = [...dims.keys()].filter((ch) => !own.includes(ch));
  const freeDims = free.map((ch) => dims.get(ch) as number);
  const nFree = sizeOf(freeDims);
  const letterStride = (s: string, strides: readonly number[], ch: string): number => {
    let st = 0;
    for (let a = 0; a < s.length; a++) if (s[a] === ch) st += strides[a];
    return st;
  };
  const others = spec.inputs.map((_, i) => i).filter((i) => i !== which);
  const otherStrides = others.map((i) => stridesOf(shapes[i]));
  // Offsets of every other operand and of the output as linear functions of the letters.
  const freeStrideOther = others.map((j, t) => free.map((ch) => letterStride(spec.inputs[j], otherStrides[t], ch)));
  const ownStrideOther = others.map((j, t) =>
    ownLetters.map((ch) => letterStride(spec.inputs[j], otherStrides[t], ch)),
  );
  const outStrides = stridesOf(outShape);
  const freeStrideOut = free.map((ch) => letterStride(spec.output, outStrides, ch));
  const ownStrideOut = ownLetters.map((ch) => letterStride(spec.output, outStrides, ch));
  // Precompute, per combination of the free letters, the other operands' product and the output offset.
  const freeOut = new Int32Array(nFree);
  const freeOff = others.map(() => new Int32Array(nFree));
  const idx = new Array<number>(free.length).fill(0);
  for (let f = 0; f < nFree; f++) {
    let o = 0;
    for (let a = 0; a < free.length; a++) o += idx[a] * freeStrideOut[a];
    freeOut[f] = o;
    others.forEach((_, t) => {
      let off = 0;
      for (let a = 0; a < free.length; a++) off += idx[a] * freeStrideOther[t][a];
      freeOff[t][f] = off;
    });
    for (let a = free.length - 1; a >= 0; a--) {
      if (++idx[a] < freeDims[a]) break;
      idx[a] = 0;
    }
  }
  const ownShape = shapes[which];
  const ownStrides = stridesOf(ownShape);
  const cols = sizeOf(outShape);
  const sb = new SparseBuilder(b.rows, cols, Math.min(nnzOf(b) * Math.max(1, nFree), b.rows * cols));
  const letterVal = new Array<number>(ownLetters.length);
  for (let r = 0; r < b.rows; r++) {
    forEachEntry(b, r, (c, v) => {
      // Decode the operand's multi-index; a repeated letter with different values contributes nothing.
      letterVal.fill(-1);
      let rem = c;
      for (let a = 0; a < own.length; a++) {
        const x = (rem / ownStrides[a]) | 0;
        rem -= x * ownStrides[a];
        const li = ownLetters.indexOf(own[a]);
        if (letterVal[li] >= 0 && letterVal[li] !== x) return;
        letterVal[li] = x;
      }
      let outBase = 0;
      for (let a = 0; a < ownLetters.length; a++) outBase += letterVal[a] * ownStrideOut[a];
      const otherBase = others.map((_, t) => {
        let off = 0;
        for (let a = 0; a < ownLetters.length; a++) off += letterVal[a] * ownStrideOther[t][a];
        return off;
      });
      for (let f = 0; f < nFree; f++) {
        let prod = v;
        for (let t = 0; t < others.length; t++) prod *= values[others[t]][otherBase[t] + freeOff[t][f]];
        sb.add(outBase + freeOut[f], prod);
      }
    });
    sb.endRow();
  }
  return sb.finish();
}
