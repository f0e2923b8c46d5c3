/**
 * Contraction paths of einsum, without evaluating (like `np.einsum_path`).
 * @packageDocumentation
 */
import { EinsumSpecError } from "../core/errors";
import { checkShape, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";
import type { ResolvedSpec } from "./parse";
import { flopCount, type PlannedStep } from "./path";
import { checkOptimize, operandView, plan, prepare, splitOptions, type EinsumOptions } from "./prepare";

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
