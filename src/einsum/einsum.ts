/**
 * Einstein summation over any number of tensors, with automatic contraction paths.
 * @packageDocumentation
 */
import { EinsumSpecError, ShapeError } from "../core/errors";
import { allocate, checkShape, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { explicitSpec, parseSpec, resolveSpec, type ResolvedSpec } from "./parse";
import { contractPair } from "./pairwise";
import { flopCount, givenPath, greedyPath, optimalPath, OPTIMAL_MAX_OPERANDS, type PlannedStep } from "./path";
import { contiguous, loopSum, reduceTo, type LabelledView } from "./strided";

/** Options of {@link einsum} and {@link einsumPath}, passed as the last argument. */
export interface EinsumOptions {
  /**
   * How to order the contractions of three or more operands:
   * `"auto"` (default: `"optimal"` up to 5 operands, else `"greedy"`), `"greedy"`,
   * `"optimal"`, an explicit path (pairs of positions in the current operand list,
   * the contracted pair removed and its result appended, as in `np.einsum_path`), or
   * `false` for no path: one nested loop over every index (numpy's `optimize=False`;
   * slow, meant for checking and benchmarks).
   */
  readonly optimize?: boolean | "auto" | "greedy" | "optimal" | readonly (readonly number[])[];
}

/** One pairwise contraction of a planned path. */
export interface EinsumPathStep {
  /** Positions of the two operands in the list current at this step. */
  readonly operands: readonly [number, number];
  /** The contraction as a two-operand spec, e.g. `"ijkl,pi->jklp"`. */
  readonly spec: string;
  /** Shape of the intermediate result. */
  readonly shape: readonly number[];
  /** Estimated FLOPs of this step (numpy's count). */
  readonly flops: number;
  /** The spec still to evaluate after this step. */
  readonly remaining: string;
}

/** A contraction path with its cost estimates (like numpy's `einsum_path`). */
export interface EinsumPathInfo {
  /** The pairs contracted in order, as `np.einsum_path` returns them (without the leading "einsum_path"). */
  readonly path: readonly (readonly [number, number])[];
  readonly steps: readonly EinsumPathStep[];
  /** The explicit spec. */
  readonly spec: string;
  /** FLOPs of one nested loop over every index. */
  readonly naiveFlops: number;
  /** Sum of the steps' FLOPs. */
  readonly optimizedFlops: number;
  /** naiveFlops / optimizedFlops. */
  readonly speedup: number;
  /** Entries of the largest intermediate result. */
  readonly largestIntermediate: number;
  /** The strategy that produced the path. */
  readonly strategy: "greedy" | "optimal" | "given" | "single";
  /** A report in the style of `np.einsum_path`. */
  toString(): string;
}

type Optimize = NonNullable<EinsumOptions["optimize"]>;

function splitOptions<T>(args: readonly unknown[]): { items: T[]; options: EinsumOptions } {
  const last = args[args.length - 1];
  if (
    args.length > 0 &&
    typeof last === "object" &&
    last !== null &&
    !Array.isArray(last) &&
    !(last instanceof Tensor)
  ) {
    for (const key of Object.keys(last)) {
      if (key !== "optimize") {
        throw new EinsumSpecError(`einsum: unknown option ${JSON.stringify(key)} (the only option is "optimize")`);
      }
    }
    return { items: args.slice(0, -1) as T[], options: last as EinsumOptions };
  }
  return { items: args as T[], options: {} };
}

/** Label → letter for display: letters as themselves, '...' axes as unused letters (or '.'). */
function namer(r: ResolvedSpec): (l: number) => string {
  const used = new Set<number>();
  for (const labels of r.inputs) for (const l of labels) if (l >= 0) used.add(l);
  const free: number[] = [];
  for (let c = 97; c <= 122; c++) if (!used.has(c)) free.push(c);
  for (let c = 65; c <= 90; c++) if (!used.has(c)) free.push(c);
  return (l) =>
    l >= 0
      ? String.fromCharCode(l)
      : r.ellipsisRank + l < free.length
        ? String.fromCharCode(free[r.ellipsisRank + l])
        : ".";
}

/** The labelled view of operand t: repeated labels become a diagonal, broadcast size-1 '...' axes are dropped. */
function operandView(data: Float64Array, shape: Shape, labels: readonly number[], r: ResolvedSpec): LabelledView {
  const unique: number[] = [];
  const ushape: number[] = [];
  const ustrides: number[] = [];
  let s = 1;
  const strides = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a];
  }
  labels.forEach((l, a) => {
    if (l < 0 && shape[a] === 1 && (r.sizes.get(l) ?? 1) !== 1) return; // broadcast axis
    const at = unique.indexOf(l);
    if (at >= 0) ustrides[at] += strides[a];
    else {
      unique.push(l);
      ushape.push(shape[a]);
      ustrides.push(strides[a]);
    }
  });
  return { data, offset: 0, labels: unique, shape: ushape, strides: ustrides };
}

/** Resolved specs by (spec, shapes): repeated einsums skip parsing and resolution. */
const preparedCache = new Map<string, { r: ResolvedSpec; explicit: string }>();

function prepare(spec: string, shapes: readonly Shape[], what: string): { r: ResolvedSpec; explicit: string } {
  const key =
    typeof spec === "string" ? `${spec}|${what}|${shapes.map((s) => `[${s.join(",")}]`).join("")}` : undefined;
  const hit = key === undefined ? undefined : preparedCache.get(key);
  if (hit !== undefined) return hit;
  const r = resolveSpec(parseSpec(spec), shapes, what);
  const entry = { r, explicit: explicitSpec(r) };
  if (key !== undefined) {
    if (preparedCache.size >= PLAN_CACHE_SIZE) preparedCache.delete(preparedCache.keys().next().value as string);
    preparedCache.set(key, entry);
  }
  return entry;
}

interface Plan {
  readonly steps: readonly PlannedStep[];
  readonly strategy: "greedy" | "optimal" | "given" | "single";
}

/** Plans by (strategy, operand labels, output, sizes): repeated einsums skip the search. */
const planCache = new Map<string, Plan>();
const PLAN_CACHE_SIZE = 256;

function plan(r: ResolvedSpec, views: readonly LabelledView[], optimize: Optimize, fail: (m: string) => Error): Plan {
  const labelSets = views.map((v) => v.labels);
  if (views.length === 1) return { steps: [], strategy: "single" };
  if (Array.isArray(optimize)) {
    return { steps: givenPath(labelSets, r.output, r.sizes, optimize, fail), strategy: "given" };
  }
  const optimal =
    optimize === "optimal" || ((optimize === "auto" || optimize === true) && views.length <= OPTIMAL_MAX_OPERANDS);
  let key = `${optimal ? "o" : "g"}|${r.output.join(".")}|`;
  for (const v of views) key += `${v.labels.join(".")}:${v.shape.join(".")}|`;
  const cached = planCache.get(key);
  if (cached !== undefined) return cached;
  const result: Plan = optimal
    ? { steps: optimalPath(labelSets, r.output, r.sizes), strategy: "optimal" }
    : { steps: greedyPath(labelSets, r.output, r.sizes), strategy: "greedy" };
  if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value as string);
  planCache.set(key, result);
  return result;
}

function checkOptimize(optimize: unknown): Optimize {
  if (optimize === undefined) return "auto";
  if (
    typeof optimize === "boolean" ||
    optimize === "auto" ||
    optimize === "greedy" ||
    optimize === "optimal" ||
    Array.isArray(optimize)
  ) {
    return optimize as Optimize;
  }
  throw new EinsumSpecError(
    `einsum: optimize must be true, false, "auto", "greedy", "optimal" or a path like [[0, 1], [0, 1]], got ${JSON.stringify(optimize)}`,
  );
}

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
 * Differentiable: recorded as `"einsum"` with attribute `spec`, the explicit form of
 * the spec (with `...` spelled out as unused letters when no size-1 broadcasting occurs).
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
  return record("einsum", operands, new Tensor(out, outShape), { spec: explicit });
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

/**
 * Plan the contraction order of an einsum without evaluating it (like
 * `np.einsum_path`): give the spec and the operands' shapes (or the tensors), optionally
 * followed by {@link EinsumOptions}. Returns the path, every pairwise step with its spec,
 * intermediate shape and FLOP estimate, the naive and optimized FLOP counts (numpy's
 * counting) and the largest intermediate. `einsum` runs exactly this plan.
 *
 * @example
 * ```ts
 * import { einsumPath } from "tensorcalc";
 * const info = einsumPath("pi,qj,ijkl,rk,sl->pqrs", [10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]);
 * console.log(info.path); // [[0, 2], [0, 3], [0, 2], [0, 1]] (4 pairwise steps)
 * console.log(info.naiveFlops, info.optimizedFlops); // 500000000 800000
 * console.log(String(info));
 * ```
 */
export function einsumPath(spec: string, ...shapes: (Shape | Tensor)[]): EinsumPathInfo;
export function einsumPath(spec: string, ...args: [...(Shape | Tensor)[], EinsumOptions]): EinsumPathInfo;
export function einsumPath(spec: string, ...args: unknown[]): EinsumPathInfo {
  const { items, options } = splitOptions<Shape | Tensor>(args);
  const shapes = items.map((s, i) => (s instanceof Tensor ? s.shape : checkShape(s, `einsumPath (shape ${i})`)));
  const optimize = checkOptimize(options.optimize);
  const { r, explicit: explicitForm } = prepare(spec, shapes, "shape");
  const views = shapes.map((s, i) => operandView(new Float64Array(0), s, r.inputs[i], r));
  const name = namer(r);
  const term = (labels: readonly number[]): string => labels.map(name).join("");
  const out = term(r.output);
  const allLabels = new Set<number>();
  for (const v of views) for (const l of v.labels) allLabels.add(l);
  const inner = [...allLabels].some((l) => !r.output.includes(l));
  const naiveFlops = flopCount(allLabels, inner, views.length, r.sizes);
  const planned =
    optimize === false
      ? { steps: [] as PlannedStep[], strategy: "single" as const }
      : plan(r, views, optimize, (m) => new EinsumSpecError(`einsumPath: ${m}`));
  const steps: EinsumPathStep[] = planned.steps.map((s) => ({
    operands: [s.pair[0], s.pair[1]] as const,
    spec: `${term(s.inputs[0])},${term(s.inputs[1])}->${term(s.result)}`,
    shape: s.result.map((l) => r.sizes.get(l) ?? 1),
    flops: s.flops,
    remaining: `${s.remaining.map(term).join(",")}->${out}`,
  }));
  const optimizedFlops = steps.length === 0 ? naiveFlops : steps.reduce((a, s) => a + s.flops, 0);
  const largestIntermediate = Math.max(
    1,
    ...steps.map((s) => s.shape.reduce((a, b) => a * b, 1)),
    r.output.reduce((a, l) => a * (r.sizes.get(l) ?? 1), 1),
  );
  const explicit = `${views.map((v) => term(v.labels)).join(",")}->${out}`;
  const info: EinsumPathInfo = {
    path: steps.map((s) => s.operands),
    steps,
    spec: explicitForm,
    naiveFlops,
    optimizedFlops,
    speedup: naiveFlops / optimizedFlops,
    largestIntermediate,
    strategy: planned.strategy,
    toString: () => {
      const lines = [
        `  Complete contraction:  ${explicit}`,
        `              Strategy:  ${planned.strategy}`,
        `      Naive FLOP count:  ${naiveFlops.toExponential(3)}`,
        `  Optimized FLOP count:  ${optimizedFlops.toExponential(3)}`,
        `   Theoretical speedup:  ${(naiveFlops / optimizedFlops).toFixed(3)}`,
        `  Largest intermediate:  ${largestIntermediate.toExponential(3)} elements`,
        "-".repeat(74),
        `${"step".padEnd(6)}${"pair".padEnd(10)}${"contraction".padEnd(28)}remaining`,
        "-".repeat(74),
        ...steps.map(
          (s, t) =>
            `${String(t).padEnd(6)}${`(${s.operands.join(", ")})`.padEnd(10)}${s.spec.padEnd(28)}${s.remaining}`,
        ),
      ];
      return lines.join("\n");
    },
  };
  return info;
}
