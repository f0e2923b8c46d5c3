/**
 * One pairwise contraction of two labelled tensors, run as a batch of matrix products
 * on the fast kernel: X laid out as [batch, m, k] (or [batch, k, m]), Y as
 * [batch, k, n] (or [batch, n, k]); strided views make the transposed layouts free,
 * other layouts are copied once.
 * @packageDocumentation
 * @internal
 */
import { allocate } from "../core/shape";
import { gemm, type MatView } from "../kernels/gemm";
import { contiguous, isLaidOut, loopSum, reduceTo, type LabelledView } from "./strided";

/**
 * Whether to swap a pair so that the larger operand comes first. With the larger operand
 * as X, chains like `pi,ijkl->jklp`, `qj,jklp->klpq`, … need no copies at all, and the
 * last result comes out in output order.
 */
export function swapPair(xSize: number, ySize: number): boolean {
  return ySize > xSize;
}

/** Labels of the result of contracting labels `x` and `y` (already ordered) when `keep` must survive: [batch, m, n]. */
export function pairResultLabels(x: readonly number[], y: readonly number[], keep: ReadonlySet<number>): number[] {
  const batch = x.filter((l) => y.includes(l) && keep.has(l));
  const m = x.filter((l) => !y.includes(l) && keep.has(l));
  const n = y.filter((l) => !x.includes(l) && keep.has(l));
  return [...batch, ...m, ...n];
}

function sizeOfLabels(v: LabelledView, labels: readonly number[]): number {
  let s = 1;
  for (const l of labels) s *= v.shape[v.labels.indexOf(l)];
  return s;
}

/** How many positions of `labels` hold the label `prefer` has there. */
function agreement(labels: readonly number[], prefer: readonly number[]): number {
  let n = 0;
  for (let a = 0; a < labels.length; a++) if (labels[a] === prefer[a]) n++;
  return n;
}

/**
 * Contract x and y, summing every label not in `keep`. `prefer` (optional) is the order of the
 * result's labels a later step reads best (the layout of the operand it meets there): of the two
 * orders of the pair the one whose result agrees with it more is taken.
 */
export function contractPair(
  x0: LabelledView,
  y0: LabelledView,
  keep: ReadonlySet<number>,
  where: string,
  prefer?: readonly number[],
): LabelledView {
  let x = x0;
  let y = y0;
  let swap = swapPair(sizeOfLabels(x, x.labels), sizeOfLabels(y, y.labels));
  if (prefer !== undefined) {
    const ab = agreement(pairResultLabels(x.labels, y.labels, keep), prefer);
    const ba = agreement(pairResultLabels(y.labels, x.labels, keep), prefer);
    if (ab !== ba) swap = ba > ab;
  }
  if (swap) [x, y] = [y, x];
  // Labels only one side has and nobody needs: sum them out first.
  const xOwn = x.labels.filter((l) => y.labels.includes(l) || keep.has(l));
  if (xOwn.length < x.labels.length) x = reduceTo(x, xOwn, where);
  const yOwn = y.labels.filter((l) => x.labels.includes(l) || keep.has(l));
  if (yOwn.length < y.labels.length) y = reduceTo(y, yOwn, where);

  const batch = x.labels.filter((l) => y.labels.includes(l) && keep.has(l));
  const m = x.labels.filter((l) => !y.labels.includes(l));
  const n = y.labels.filter((l) => !x.labels.includes(l));
  // a batch of entrywise products, dot products or products with a vector: one strided loop
  // over the operands as they lie (no copies, no batch of tiny matrix products)
  if (m.length === 0 || n.length === 0) return directPair(x, y, batch, m, n, where);
  const kx = x.labels.filter((l) => y.labels.includes(l) && !keep.has(l));
  const ky = y.labels.filter((l) => x.labels.includes(l) && !keep.has(l));
  // Pick the order of the summed labels that avoids the larger copy.
  const fits = (v: LabelledView, a: readonly number[], b: readonly number[]): boolean =>
    isLaidOut(v, [...batch, ...a, ...b]) || isLaidOut(v, [...batch, ...b, ...a]);
  let k = kx;
  const copyX = (kk: number[]): number => (fits(x, m, kk) ? 0 : x.data.length);
  const copyY = (kk: number[]): number => (fits(y, kk, n) ? 0 : y.data.length);
  if (copyX(ky) + copyY(ky) < copyX(kx) + copyY(kx)) k = ky;

  let xTrans = false;
  if (isLaidOut(x, [...batch, ...m, ...k])) xTrans = false;
  else if (isLaidOut(x, [...batch, ...k, ...m])) xTrans = true;
  else x = reduceTo(x, [...batch, ...m, ...k], where);
  let yTrans = false;
  if (isLaidOut(y, [...batch, ...k, ...n])) yTrans = false;
  else if (isLaidOut(y, [...batch, ...n, ...k])) yTrans = true;
  else y = reduceTo(y, [...batch, ...k, ...n], where);

  const B = sizeOfLabels(x, batch);
  const M = sizeOfLabels(x, m);
  const K = sizeOfLabels(x, k);
  const N = sizeOfLabels(y, n);
  const labels = [...batch, ...m, ...n];
  const shape = labels.map((l) => (x.labels.includes(l) ? x.shape[x.labels.indexOf(l)] : y.shape[y.labels.indexOf(l)]));
  const out = allocate(shape, where);
  const xd = x.data;
  const yd = y.data;
  if (M === 1 && N === 1 && K === 1) {
    for (let b = 0; b < B; b++) out[b] = xd[b] * yd[b];
  } else {
    for (let b = 0; b < B; b++) {
      const xv: MatView = xTrans
        ? { data: xd, offset: b * M * K, rs: 1, cs: M }
        : { data: xd, offset: b * M * K, rs: K, cs: 1 };
      const yv: MatView = yTrans
        ? { data: yd, offset: b * K * N, rs: 1, cs: K }
        : { data: yd, offset: b * K * N, rs: N, cs: 1 };
      gemm(M, K, N, xv, yv, out, b * M * N);
    }
  }
  return contiguous(out, labels, shape);
}

/**
 * x·y when one side has no label of its own (entrywise products, dot products, a vector times
 * a batch): the result in x's order of its labels, by one loop over every label, the labels with
 * the smallest strides innermost.
 */
function directPair(
  x: LabelledView,
  y: LabelledView,
  batch: readonly number[],
  m: readonly number[],
  n: readonly number[],
  where: string,
): LabelledView {
  const sizeOfLabel = (l: number): number =>
    x.labels.includes(l) ? x.shape[x.labels.indexOf(l)] : y.shape[y.labels.indexOf(l)];
  // the result's labels: batch and x's own in x's order, then y's own
  const labels = [...x.labels.filter((l) => batch.includes(l) || m.includes(l)), ...n];
  const shape = labels.map(sizeOfLabel);
  const out = allocate(shape, where);
  const res = contiguous(out, labels, shape);
  const all = [...labels, ...x.labels.filter((l) => !labels.includes(l))];
  const strideIn = (v: LabelledView, l: number): number => {
    const a = v.labels.indexOf(l);
    return a < 0 ? 0 : v.strides[a];
  };
  const weight = (l: number): number => strideIn(x, l) + strideIn(y, l) + strideIn(res, l);
  all.sort((a, b) => weight(b) - weight(a));
  loopSum(
    all.map(sizeOfLabel),
    all.map((l) => strideIn(res, l)),
    [x.data, y.data],
    [x.offset, y.offset],
    [all.map((l) => strideIn(x, l)), all.map((l) => strideIn(y, l))],
    out,
  );
  return res;
}
