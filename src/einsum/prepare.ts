/**
 * What einsum and einsumPath share: options, cached spec resolution, operand views and
 * cached contraction plans.
 * @packageDocumentation
 * @internal
 */
import { EinsumSpecError } from "../core/errors";
import type { Shape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { explicitSpec, parseSpec, resolveSpec, type ResolvedSpec } from "./parse";
import {
  givenPath,
  greedyPath,
  optimalPath,
  OPTIMAL_EXPLICIT_MAX_OPERANDS,
  OPTIMAL_MAX_OPERANDS,
  type PlannedStep,
} from "./path";
import type { LabelledView } from "./strided";
import type { EinsumOptions } from "./options";

export type { EinsumOptions } from "./options";

export type Optimize = NonNullable<EinsumOptions["optimize"]>;

export function splitOptions<T>(args: readonly unknown[]): { items: T[]; options: EinsumOptions } {
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

/** The labelled view of operand t: repeated labels become a diagonal, broadcast size-1 '...' axes are dropped. */
export function operandView(
  data: Float64Array,
  shape: Shape,
  labels: readonly number[],
  r: ResolvedSpec,
): LabelledView {
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

export function prepare(spec: string, shapes: readonly Shape[], what: string): { r: ResolvedSpec; explicit: string } {
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

export interface Plan {
  readonly steps: readonly PlannedStep[];
  readonly strategy: "greedy" | "optimal" | "given" | "single";
}

/** Plans by (strategy, operand labels, output, sizes): repeated einsums skip the search. */
const planCache = new Map<string, Plan>();
const PLAN_CACHE_SIZE = 256;

export function plan(
  r: ResolvedSpec,
  views: readonly LabelledView[],
  optimize: Optimize,
  fail: (m: string) => Error,
): Plan {
  const labelSets = views.map((v) => v.labels);
  if (views.length === 1) return { steps: [], strategy: "single" };
  if (Array.isArray(optimize)) {
    return { steps: givenPath(labelSets, r.output, r.sizes, optimize, fail), strategy: "given" };
  }
  if (optimize === "optimal" && views.length > OPTIMAL_EXPLICIT_MAX_OPERANDS) {
    throw fail(
      `optimize "optimal" searches every contraction order (factorial in the operand count) and is limited to ` +
        `${OPTIMAL_EXPLICIT_MAX_OPERANDS} operands, got ${views.length}; use "greedy" (or "auto") or give a path`,
    );
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

export function checkOptimize(optimize: unknown): Optimize {
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
