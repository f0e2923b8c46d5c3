/**
 * Einstein summation over any number of tensors, with automatic contraction paths.
 * @packageDocumentation
 */
import { DifferentiationError, EinsumSpecError, ShapeError } from "../core/errors";
import { allocate } from "../core/shape";
import { Tensor } from "../core/tensor";
import { ones } from "../create/constant";
import { combine, type Batch } from "../trace/batch";
import { record, type OpDef, type RuleContext } from "../ops/def";
import { gauss } from "../ops/cases";
import { delta } from "../special/delta";
import type { ResolvedSpec } from "./parse";
import { einsumTangent } from "./tangent";
import { contractPair } from "./pairwise";
import { checkOptimize, operandView, plan, prepare, splitOptions, type EinsumOptions } from "./prepare";
import { contiguous, loopSum, reduceTo, type LabelledView } from "./strided";

export type { EinsumOptions } from "./prepare";

/** The attrs einsum records: the resolved spec and its explicit form. @internal */
export interface EinsumAttrs {
  readonly spec: ResolvedSpec;
  readonly explicit: string;
}

/** The resolved spec, unless it broadcasts size-1 axes (then the derivative is refused, naming the spec). */
function differentiable(ctx: RuleContext<EinsumAttrs>): ResolvedSpec {
  if (ctx.attrs.spec.broadcasts) {
    throw new DifferentiationError(
      `einsum: no derivative rule for a spec that broadcasts size-1 axes with "..." (${ctx.attrs.explicit}); give the operands matching shapes or spell out the indices`,
    );
  }
  return ctx.attrs.spec;
}

const LETTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c) => c.charCodeAt(0));

/** Cotangent of operand `which` of an einsum, as one einsum over C and the other operands. */
function einsumVjp(ctx: RuleContext<EinsumAttrs>, C: Tensor, which: number): Tensor {
  const r = differentiable(ctx);
  // Letters: a label ≥ 0 is a letter's char code; `...` axes (labels < 0) and new indices take unused letters.
  const used = new Set<number>([...r.inputs.flat(), ...r.output]);
  const pool = LETTERS.filter((c) => !used.has(c));
  const fresh = (): number => {
    const c = pool.shift();
    if (c === undefined)
      throw new DifferentiationError(`einsum: too many indices to differentiate ${ctx.attrs.explicit}`);
    return c;
  };
  const named = new Map<number, number>();
  const letter = (l: number): number => {
    if (l >= 0) return l;
    let c = named.get(l);
    if (c === undefined) named.set(l, (c = fresh()));
    return c;
  };
  const inputs = r.inputs.map((labels) => labels.map(letter));
  const terms: number[][] = [r.output.map(letter)];
  const operands: Tensor[] = [C];
  inputs.forEach((labels, i) => {
    if (i !== which) {
      terms.push(labels);
      operands.push(ctx.inputs[i]);
    }
  });
  const own = inputs[which];
  const ownShape = ctx.inputs[which].shape;
  const seen = new Set<number>();
  const target: number[] = [];
  for (let a = 0; a < own.length; a++) {
    const ch = own[a];
    if (seen.has(ch)) {
      // A repeated index (a diagonal): the cotangent lives on the diagonal, δ between the repeats.
      const f = fresh();
      terms.push([ch, f]);
      operands.push(delta(ownShape[a]));
      target.push(f);
      continue;
    }
    seen.add(ch);
    target.push(ch);
    if (!terms.some((t) => t.includes(ch))) {
      // An index summed over in this operand only: its cotangent is constant along it.
      terms.push([ch]);
      operands.push(ones([ownShape[a]]));
    }
  }
  const text = (labels: readonly number[]): string => String.fromCharCode(...labels);
  return einsum(`${terms.map(text).join(",")}->${text(target)}`, ...operands);
}

/** @internal */
export const einsumDef: OpDef<EinsumAttrs> = {
  name: "einsum",
  jvp: (ctx, ts) => {
    const spec = differentiable(ctx);
    const values = ctx.inputs.map((t) => t.data);
    const shapes = ctx.inputs.map((t) => t.shape);
    let acc: Batch | null = null;
    ts.forEach((t, i) => {
      if (t !== null) acc = combine(acc, einsumTangent(spec, values, shapes, ctx.output.shape, i, t));
    });
    return acc;
  },
  vjp: (ctx, C) => ctx.inputs.map((_, i) => einsumVjp(ctx, C, i)),
  cases: [
    {
      label: "ij,jk->ik",
      x: (d) => gauss([d.a, d.b], d.seed),
      f: (d) => (x) => einsum("ij,jk->ik", x, gauss([d.b, d.c], d.seed + 1)),
    },
    {
      label: "ijk,jl->lki",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: (d) => (x) => einsum("ijk,jl->lki", x, gauss([d.b, d.d], d.seed + 1)),
    },
    { label: "ii->", x: (d) => gauss([d.a, d.a], d.seed), f: () => (x) => einsum("ii->", x) },
    { label: "ii->i", x: (d) => gauss([d.a, d.a], d.seed), f: () => (x) => einsum("ii->i", x) },
    { label: "ij,ij->i (X twice)", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => einsum("ij,ij->i", x, x) },
    { label: "ij->", x: (d) => gauss([d.a, d.b], d.seed), f: () => (x) => einsum("ij->", x) },
    {
      label: "ij,jk,kl->il",
      x: (d) => gauss([d.b, d.c], d.seed),
      f: (d) => (x) => einsum("ij,jk,kl->il", gauss([d.a, d.b], d.seed + 1), x, gauss([d.c, d.d], d.seed + 2)),
    },
    {
      label: "...j,...j->... (no broadcasting)",
      x: (d) => gauss([d.a, d.b, d.c], d.seed),
      f: (d) => (x) => einsum("...j,...j->...", x, gauss([d.a, d.b, d.c], d.seed + 1)),
    },
  ],
};

/**
 * Einstein summation: `einsum("ij,jk->ik", A, B)` is the matrix product, and in
 * general every index letter names an axis; indices absent from the output are
 * summed over, after multiplying the operands entrywise.
 *
 * - Explicit output (`"ij,jk->ik"`), or implicit (`"ij,jk"`): then the output is the
 *   indices that appear exactly once, in alphabetical order (uppercase first), as in numpy.
 * - Any number of operands. Three or more are contracted pairwise along a planned path
 *   (see {@link einsumPath}; `optimize` option), each pair as a batch of matrix products on
 *   the fast kernel, so `einsum("pi,qj,ijkl,rk,sl->pqrs", ...)` never loops over all nine indices.
 * - An index repeated within one operand takes a diagonal: `"ii->"` is the trace,
 *   `"ii->i"` the diagonal, `"iij->j"` traces a stack. An output index may not repeat.
 * - `...` stands for the leading/trailing axes not named by letters and broadcasts
 *   across operands (sizes equal or 1): `"...ij,...jk->...ik"` is a batched matrix product.
 * - Spaces are ignored; letters are `a-z` and `A-Z` (52 indices).
 *
 * Limitations: broadcasting (size 1 against size n) applies to `...` axes only; a
 * lettered index must have exactly the same size everywhere (numpy would broadcast it).
 * If the inputs use `...` for at least one axis, an explicit output must contain `...`.
 *
 * Differentiable: recorded with attributes `spec`, the resolved spec (labels per
 * axis), and `explicit`, its explicit form (with `...` spelled out as unused letters
 * when no size-1 broadcasting occurs). Size-1 broadcasting of `...` axes is not differentiable.
 *
 * @param spec the subscripts, e.g. `"ij,jk->ik"`.
 * @param operands the tensors, one per input term, optionally followed by {@link EinsumOptions}.
 * @throws {@link EinsumSpecError} for a malformed spec (the message gives the 0-based
 * position with a caret line and the reason) or a spec/operand count mismatch.
 * @throws {@link ShapeError} when an index has different sizes in different places (the
 * message names the index, both operands and both sizes) or an operand's number of axes
 * does not match its term.
 * @example
 * ```ts
 * import { tensor, einsum, eye } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(einsum("ij->ji", A).toNested()); // [[1, 4], [2, 5], [3, 6]]
 * console.log(einsum("ij,ij->", A, A).item()); // 91
 * console.log(einsum("ii", eye(3)).item()); // 3
 * console.log(einsum("ij,jk", A, A.T).toNested()); // [[14, 32], [32, 77]]
 * console.log(einsum("ij,jk,kl->il", A, A.T, A, { optimize: "greedy" }).shape); // [2, 3]
 * ```
 */
export function einsum(spec: string, ...operands: Tensor[]): Tensor;
export function einsum(spec: string, ...args: [...Tensor[], EinsumOptions]): Tensor;
export function einsum(spec: string, ...args: unknown[]): Tensor {
  const { items: operands, options } = splitOptions<Tensor>(args);
  operands.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new ShapeError(`einsum: operand ${i} is not a Tensor (got ${t === null ? "null" : typeof t})`);
    }
  });
  const optimize = checkOptimize(options.optimize);
  const { r, explicit } = prepare(
    spec,
    operands.map((t) => t.shape),
    "operand",
  );
  const where = "einsum";
  const outShape = r.output.map((l) => r.sizes.get(l) ?? 1);
  const views = operands.map((t, i) => operandView(t.data, t.shape, r.inputs[i], r));
  let out: Float64Array;
  if (optimize === false && views.length > 1) {
    out = naive(r, views, outShape);
  } else if (views.length === 1) {
    out = reduceTo(views[0], r.output, where).data;
  } else {
    const { steps } = plan(r, views, optimize, (m) => new EinsumSpecError(`einsum: ${m}`));
    const current = views.slice();
    const owned = new Set<LabelledView>();
    for (const s of steps) {
      const [i, j] = s.pair;
      const keep = new Set<number>(r.output);
      current.forEach((v, t) => {
        if (t !== i && t !== j) for (const l of v.labels) keep.add(l);
      });
      const res = contractPair(current[i], current[j], keep, where);
      current.splice(j, 1);
      current.splice(i, 1);
      current.push(res);
      owned.add(res);
    }
    const last = current[0];
    const inOrder =
      owned.has(last) && last.labels.length === r.output.length && last.labels.every((l, a) => l === r.output[a]);
    out = inOrder ? last.data : reduceTo(last, r.output, where).data;
  }
  return record(einsumDef, operands, new Tensor(out, outShape), { spec: r, explicit });
}

/** One nested loop over every index (numpy's optimize=False). */
function naive(r: ResolvedSpec, views: readonly LabelledView[], outShape: readonly number[]): Float64Array {
  const out = allocate(outShape, "einsum");
  const all: number[] = [...r.output];
  for (const v of views) for (const l of v.labels) if (!all.includes(l)) all.push(l);
  const sizes = all.map((l) => r.sizes.get(l) ?? 1);
  const outView = contiguous(out, r.output, outShape);
  const outStrides = all.map((_, d) => (d < r.output.length ? outView.strides[d] : 0));
  const opStrides = views.map((v) =>
    all.map((l) => {
      const a = v.labels.indexOf(l);
      return a < 0 ? 0 : v.strides[a];
    }),
  );
  loopSum(
    sizes,
    outStrides,
    views.map((v) => v.data),
    views.map((v) => v.offset),
    opStrides,
    out,
  );
  return out;
}
