/**
 * The forward rule of einsum on tangent batches: the entries of one operand's
 * tangents mapped through the product with the other (constant) operands, so
 * sparse tangents stay cheap.
 * @packageDocumentation
 * @internal
 */
import { sizeOf, stridesOf, type Shape } from "../core/shape";
import { forEachEntry, nnzOf, SparseBuilder, type Batch } from "../trace/batch";

/** An explicit spec as labels: one label per axis of each operand, and the output's labels. */
export interface LabelledSpec {
  readonly inputs: readonly (readonly number[])[];
  readonly output: readonly number[];
}

/**
 * Tangent of einsum(spec, ...operands) when operand `which` moves along the
 * batch `b` (the other operands are constants).
 */
export function einsumTangent(
  spec: LabelledSpec,
  values: readonly Float64Array[],
  shapes: readonly Shape[],
  outShape: Shape,
  which: number,
  b: Batch,
): Batch {
  const dims = new Map<number, number>();
  spec.inputs.forEach((s, i) => {
    for (let a = 0; a < s.length; a++) dims.set(s[a], shapes[i][a]);
  });
  const own = spec.inputs[which];
  const ownLetters = [...new Set(own)];
  const free = [...dims.keys()].filter((ch) => !own.includes(ch));
  const freeDims = free.map((ch) => dims.get(ch) as number);
  const nFree = sizeOf(freeDims);
  const letterStride = (s: readonly number[], strides: readonly number[], ch: number): number => {
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
