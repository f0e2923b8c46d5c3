/**
 * Random tensors: randn (normal), rand (uniform), randint (small integers).
 * All take an optional integer `seed`; with the same seed they return the same
 * numbers on every machine (see the generator notes in `prng.ts`: xoshiro128**
 * seeded by SplitMix32, Box–Muller for normals). Without a seed the numbers differ per call.
 * @packageDocumentation
 */
import { IndexError } from "../core/errors";
import { allocate, checkShape, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { checkFiniteNumber } from "./constant";
import { makePrng } from "./prng";

/** Options of {@link randn}. */
export interface RandnOptions {
  /** Integer seed; the same seed gives the same numbers everywhere. */
  seed?: number;
}

/** Options of {@link rand}. */
export interface RandOptions {
  /** Integer seed; the same seed gives the same numbers everywhere. */
  seed?: number;
  /** Lower bound (inclusive), default 0. */
  min?: number;
  /** Upper bound (exclusive), default 1. */
  max?: number;
}

/** Options of {@link randint}. */
export interface RandintOptions {
  /** Integer seed; the same seed gives the same numbers everywhere. */
  seed?: number;
  /** Smallest value (inclusive), default -5. */
  min?: number;
  /** Largest value (inclusive), default 5. */
  max?: number;
}

/**
 * A tensor of independent standard normal samples (mean 0, variance 1).
 * @example
 * ```ts
 * import { randn } from "tensorcalc";
 * const A = randn([2, 3], { seed: 42 });
 * console.log(A.shape, randn([2, 3], { seed: 42 }).data[0] === A.data[0]); // [2, 3] true
 * ```
 */
export function randn(shape: Shape, options: RandnOptions = {}): Tensor {
  const s = checkShape(shape, "randn");
  const data = allocate(s, "randn");
  const g = makePrng(options.seed, "randn");
  for (let i = 0; i < data.length; i++) data[i] = g.nextNormal();
  return new Tensor(data, s);
}

/**
 * A tensor of independent uniform samples in [min, max) (default [0, 1)).
 * @example
 * ```ts
 * import { rand } from "tensorcalc";
 * const U = rand([3], { seed: 1, min: -1, max: 1 });
 * console.log(U.data.every((x) => x >= -1 && x < 1)); // true
 * ```
 */
export function rand(shape: Shape, options: RandOptions = {}): Tensor {
  const s = checkShape(shape, "rand");
  const min = checkFiniteNumber(options.min ?? 0, "rand", "min");
  const max = checkFiniteNumber(options.max ?? 1, "rand", "max");
  if (!(min < max)) throw new IndexError(`rand: min (${min}) must be less than max (${max})`);
  const data = allocate(s, "rand");
  const g = makePrng(options.seed, "rand");
  const w = max - min;
  for (let i = 0; i < data.length; i++) {
    const x = min + w * g.nextDouble();
    data[i] = x < max ? x : min; // guard against rounding up to max
  }
  return new Tensor(data, s);
}

/**
 * A tensor of independent uniform integers in [min, max] (inclusive; default -5..5),
 * stored as Float64. Small integers make sums and products exact, so identities
 * can be checked with exact equality.
 * @example
 * ```ts
 * import { randint } from "tensorcalc";
 * const A = randint([2, 2], { seed: 7, min: 0, max: 9 });
 * console.log(A.data.every((x) => Number.isInteger(x) && x >= 0 && x <= 9)); // true
 * ```
 */
export function randint(shape: Shape, options: RandintOptions = {}): Tensor {
  const s = checkShape(shape, "randint");
  const min = options.min ?? -5;
  const max = options.max ?? 5;
  for (const [name, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (typeof v !== "number" || !Number.isSafeInteger(v)) {
      throw new IndexError(`randint: ${name} must be an integer, got ${String(v)}`);
    }
  }
  if (min > max) throw new IndexError(`randint: min (${min}) must not exceed max (${max})`);
  const range = max - min + 1;
  if (range > 4294967296) throw new IndexError(`randint: the range ${min}..${max} has more than 2^32 values`);
  const data = allocate(s, "randint");
  const g = makePrng(options.seed, "randint");
  for (let i = 0; i < data.length; i++) data[i] = min + g.nextBelow(range);
  return new Tensor(data, s);
}
