/**
 * Contraction-path planning for einsum with three or more operands (the strategies of
 * opt_einsum / `np.einsum_path`): `greedy` repeatedly contracts the pair whose result
 * is smallest relative to its inputs; `optimal` searches every pairwise order for the
 * fewest FLOPs.
 * @packageDocumentation
 * @internal
 */
import { pairResultLabels, swapPair } from "./pairwise";

/** How einsum chooses the order of pairwise contractions. */
export type PathStrategy = "greedy" | "optimal";

/** One planned pairwise contraction (positions refer to the current operand list). */
export interface PlannedStep {
  readonly pair: readonly [number, number];
  readonly inputs: readonly [readonly number[], readonly number[]];
  readonly result: readonly number[];
  /** Labels still present in other operands or the output after this step. */
  readonly remaining: readonly (readonly number[])[];
  readonly flops: number;
  readonly size: number;
}

/** Operands up to which `"auto"` plans optimally (exhaustive search); greedy beyond. */
export const OPTIMAL_MAX_OPERANDS = 5;

/**
 * Operands up to which an explicit `optimize: "optimal"` is accepted: the exhaustive search
 * grows factorially (measured here: about 1 s at 8 operands of a chain, 50 s at 9 of a star), so more is refused
 * rather than left to hang.
 */
export const OPTIMAL_EXPLICIT_MAX_OPERANDS = 7;

function sizeOf(labels: Iterable<number>, sizes: ReadonlyMap<number, number>): number {
  let s = 1;
  for (const l of labels) s *= sizes.get(l) ?? 1;
  return s;
}

/** numpy's FLOP estimate: size of the index space × (terms − 1, at least 1, + 1 if something is summed). */
export function flopCount(
  allLabels: ReadonlySet<number>,
  inner: boolean,
  terms: number,
  sizes: ReadonlyMap<number, number>,
): number {
  return sizeOf(allLabels, sizes) * (Math.max(1, terms - 1) + (inner ? 1 : 0));
}

function step(
  ops: readonly (readonly number[])[],
  i: number,
  j: number,
  output: readonly number[],
  sizes: ReadonlyMap<number, number>,
): PlannedStep {
  const keep = new Set(output);
  ops.forEach((o, t) => {
    if (t !== i && t !== j) for (const l of o) keep.add(l);
  });
  const swap = swapPair(sizeOf(ops[i], sizes), sizeOf(ops[j], sizes));
  const x = swap ? ops[j] : ops[i];
  const y = swap ? ops[i] : ops[j];
  const result = pairResultLabels(x, y, keep);
  const union = new Set([...ops[i], ...ops[j]]);
  const flops = flopCount(union, union.size > result.length, 2, sizes);
  const remaining = [...ops.filter((_, t) => t !== i && t !== j), result];
  return { pair: [i, j], inputs: [x, y], result, remaining, flops, size: sizeOf(result, sizes) };
}

/** Greedy: contract the pair minimising size(result) − size(inputs), then FLOPs; pairs sharing an index first. */
export function greedyPath(
  operands: readonly (readonly number[])[],
  output: readonly number[],
  sizes: ReadonlyMap<number, number>,
): PlannedStep[] {
  let ops = operands.slice();
  const steps: PlannedStep[] = [];
  while (ops.length > 1) {
    let best: PlannedStep | undefined;
    let bestCost = Infinity;
    for (const sharedOnly of [true, false]) {
      for (let i = 0; i < ops.length; i++) {
        for (let j = i + 1; j < ops.length; j++) {
          if (sharedOnly && !ops[i].some((l) => ops[j].includes(l))) continue;
          const s = step(ops, i, j, output, sizes);
          const cost = s.size - sizeOf(ops[i], sizes) - sizeOf(ops[j], sizes);
          if (best === undefined || cost < bestCost || (cost === bestCost && s.flops < best.flops)) {
            best = s;
            bestCost = cost;
          }
        }
      }
      if (best !== undefined) break;
    }
    if (best === undefined) break;
    steps.push(best);
    ops = best.remaining.slice();
  }
  return steps;
}

/** Optimal: depth-first search over every pairwise order, pruned by the best total so far. */
export function optimalPath(
  operands: readonly (readonly number[])[],
  output: readonly number[],
  sizes: ReadonlyMap<number, number>,
): PlannedStep[] {
  let best = greedyPath(operands, output, sizes);
  let bestFlops = best.reduce((a, s) => a + s.flops, 0);
  const chosen: PlannedStep[] = [];
  const search = (ops: readonly (readonly number[])[], flops: number): void => {
    if (ops.length === 1) {
      if (flops < bestFlops) {
        bestFlops = flops;
        best = chosen.slice();
      }
      return;
    }
    for (let i = 0; i < ops.length; i++) {
      for (let j = i + 1; j < ops.length; j++) {
        const s = step(ops, i, j, output, sizes);
        if (flops + s.flops >= bestFlops) continue;
        chosen.push(s);
        search(s.remaining, flops + s.flops);
        chosen.pop();
      }
    }
  };
  search(operands, 0);
  return best;
}

/**
 * Replay a user-given path (pairs of positions in the current operand list), checking it. The path must
 * contract every operand into one, as numpy's `einsum(..., optimize=path)` requires: one that leaves two or
 * more operands is refused, naming them, rather than completed silently.
 */
export function givenPath(
  operands: readonly (readonly number[])[],
  output: readonly number[],
  sizes: ReadonlyMap<number, number>,
  path: readonly (readonly number[])[],
  fail: (reason: string) => Error,
): PlannedStep[] {
  let ops = operands.slice();
  // What each current operand is, for the message of an incomplete path.
  let names = operands.map((o, i) => `operand ${i} (${termText(o)})`);
  const steps: PlannedStep[] = [];
  path.forEach((pair, t) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw fail(`path entry ${t} must be a pair of operand positions [i, j], got ${JSON.stringify(pair)}`);
    }
    const [a, b] = pair as number[];
    for (const p of [a, b]) {
      if (!Number.isInteger(p) || p < 0 || p >= ops.length) {
        throw fail(
          `path entry ${t} ${JSON.stringify(pair)} refers to operand ${p}, but only positions 0..${ops.length - 1} exist at that step`,
        );
      }
    }
    if (a === b) throw fail(`path entry ${t} ${JSON.stringify(pair)} contracts an operand with itself`);
    const [i, j] = [Math.min(a, b), Math.max(a, b)];
    const s = step(ops, i, j, output, sizes);
    steps.push(s);
    ops = s.remaining.slice();
    names = [...names.filter((_, k) => k !== i && k !== j), `the result of path entry ${t} (${termText(s.result)})`];
  });
  if (ops.length > 1) {
    const list = names.length === 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
    const more = ops.length - 1;
    throw fail(
      `the path ${JSON.stringify(path)} leaves ${ops.length} operands uncontracted: ${list}; a path must contract ` +
        `every operand into one (as in numpy): add ${more} more pair${more === 1 ? "" : "s"} such as [0, 1], or ` +
        `leave out optimize to let einsum plan the path`,
    );
  }
  return steps;
}

/** The letters of a term (an axis of "..." shown as ·), for messages. */
function termText(labels: readonly number[]): string {
  return labels.length === 0 ? "a scalar" : labels.map((l) => (l >= 0 ? String.fromCharCode(l) : "·")).join("");
}
