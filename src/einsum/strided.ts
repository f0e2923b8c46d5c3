/**
 * Strided loops over labelled tensors: permute, take diagonals, sum out axes, and the
 * naive all-indices product loop used when no contraction path is wanted.
 * @packageDocumentation
 * @internal
 */
import { allocate } from "../core/shape";

/** A tensor viewed through labels: axis a has label labels[a], size shape[a], stride strides[a]. */
export interface LabelledView {
  readonly data: Float64Array;
  readonly offset: number;
  /** Unique labels, one per axis. */
  readonly labels: readonly number[];
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

/** A contiguous row-major labelled view. */
export function contiguous(data: Float64Array, labels: readonly number[], shape: readonly number[]): LabelledView {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a];
  }
  return { data, offset: 0, labels, shape, strides };
}

/** True when the view is contiguous row-major with exactly these labels in this order. */
export function isLaidOut(v: LabelledView, labels: readonly number[]): boolean {
  if (v.offset !== 0 || v.labels.length !== labels.length) return false;
  let s = 1;
  for (let a = labels.length - 1; a >= 0; a--) {
    if (v.labels[a] !== labels[a]) return false;
    if (v.shape[a] !== 1 && v.strides[a] !== s) return false;
    s *= v.shape[a];
  }
  return true;
}

/**
 * The core loop: for every combination of the loop indices (sizes[d]),
 * `out[Σ i_d outStrides[d]] += Π_op ops[op][offsets[op] + Σ i_d opStrides[op][d]]`.
 */
export function loopSum(
  sizes: readonly number[],
  outStrides: readonly number[],
  ops: readonly Float64Array[],
  offsets: readonly number[],
  opStrides: readonly (readonly number[])[],
  out: Float64Array,
): void {
  const nd = sizes.length;
  const nops = ops.length;
  for (const d of sizes) if (d === 0) return;
  if (nd === 0) {
    let p = 1;
    for (let o = 0; o < nops; o++) p *= ops[o][offsets[o]];
    out[0] += p;
    return;
  }
  const last = nd - 1;
  const n = sizes[last];
  const os = outStrides[last];
  const idx = new Array<number>(nd).fill(0);
  const base = offsets.slice();
  let outBase = 0;
  const inner = opStrides.map((s) => s[last]);
  if (nops === 1) {
    const d0 = ops[0];
    const s0 = inner[0];
    for (;;) {
      let a = base[0];
      let o = outBase;
      for (let t = 0; t < n; t++, a += s0, o += os) out[o] += d0[a];
      if (!advance()) return;
    }
  } else if (nops === 2) {
    const d0 = ops[0];
    const d1 = ops[1];
    const s0 = inner[0];
    const s1 = inner[1];
    for (;;) {
      let a = base[0];
      let b = base[1];
      if (os === 0) {
        let acc = 0;
        for (let t = 0; t < n; t++, a += s0, b += s1) acc += d0[a] * d1[b];
        out[outBase] += acc;
      } else {
        let o = outBase;
        for (let t = 0; t < n; t++, a += s0, b += s1, o += os) out[o] += d0[a] * d1[b];
      }
      if (!advance()) return;
    }
  } else {
    // Operands that do not move along the innermost axis contribute a constant factor.
    const vary: number[] = [];
    const fixed: number[] = [];
    for (let k = 0; k < nops; k++) (inner[k] !== 0 ? vary : fixed).push(k);
    const nv = vary.length;
    const v0 = ops[vary[0]];
    const v1 = ops[vary[1]];
    const s0 = inner[vary[0]];
    const s1 = inner[vary[1]];
    const pos = new Array<number>(nv);
    for (;;) {
      let c = 1;
      for (const k of fixed) c *= ops[k][base[k]];
      let o = outBase;
      if (nv === 1) {
        let a = base[vary[0]];
        for (let t = 0; t < n; t++, a += s0, o += os) out[o] += c * v0[a];
      } else if (nv === 2) {
        let a = base[vary[0]];
        let b = base[vary[1]];
        for (let t = 0; t < n; t++, a += s0, b += s1, o += os) out[o] += c * v0[a] * v1[b];
      } else {
        for (let q = 0; q < nv; q++) pos[q] = base[vary[q]];
        for (let t = 0; t < n; t++, o += os) {
          let p = c;
          for (let q = 0; q < nv; q++) {
            p *= ops[vary[q]][pos[q]];
            pos[q] += inner[vary[q]];
          }
          out[o] += p;
        }
      }
      if (!advance()) return;
    }
  }

  /** Odometer over all axes but the last; false when done. */
  function advance(): boolean {
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      outBase += outStrides[d];
      for (let k = 0; k < nops; k++) base[k] += opStrides[k][d];
      if (idx[d] < sizes[d]) return true;
      const back = idx[d];
      idx[d] = 0;
      outBase -= back * outStrides[d];
      for (let k = 0; k < nops; k++) base[k] -= back * opStrides[k][d];
    }
    return false;
  }
}

/**
 * A new contiguous tensor with axes `labels` (a subset of the view's, any order):
 * the view permuted, with every other axis summed out.
 */
export function reduceTo(v: LabelledView, labels: readonly number[], where: string): LabelledView {
  const outShape = labels.map((l) => v.shape[v.labels.indexOf(l)]);
  const out = allocate(outShape, where);
  const outView = contiguous(out, labels, outShape);
  // Loop order: kept axes in output order, then the summed axes (in view order).
  const loopLabels = [...labels, ...v.labels.filter((l) => !labels.includes(l))];
  const sizes = loopLabels.map((l) => v.shape[v.labels.indexOf(l)]);
  const inStrides = loopLabels.map((l) => v.strides[v.labels.indexOf(l)]);
  const outStrides = loopLabels.map((_, d) => (d < labels.length ? outView.strides[d] : 0));
  loopSum(sizes, outStrides, [v.data], [v.offset], [inStrides], out);
  return outView;
}
