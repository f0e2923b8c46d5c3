/**
 * Input drawers for the ops' test cases ({@link OpCase}): random rectangular
 * tensors inside an op's domain, reproducible from a seed.
 * @packageDocumentation
 * @internal
 */
import { Tensor } from "../core/tensor";
import { rand, randn } from "../create/random";

/** Standard normal entries. */
export const gauss = (shape: number[], seed: number): Tensor => randn(shape, { seed });

/** Entries in [0.5, 2] (inside the domain of log, sqrt, x^p). */
export const positive = (shape: number[], seed: number): Tensor => rand(shape, { seed, min: 0.5, max: 2 });

/** A well-conditioned square matrix: I + 0.3·N(0, 1) entries. */
export function wellConditioned(n: number, seed: number): Tensor {
  const t = randn([n, n], { seed });
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] *= 0.3;
  for (let i = 0; i < n; i++) d[i * n + i] += 1;
  return t;
}

/** Entries of either sign with |x| in [0.5, 2] (away from the kink of abs, relu, sign and norm1 at 0). */
export function awayFromZero(shape: number[], seed: number): Tensor {
  const t = rand(shape, { seed, min: 0.5, max: 2 });
  const s = rand(shape, { seed: seed + 1 });
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (s.data[i] < 0.5) d[i] = -d[i];
  return t;
}

/** Uniform entries in [min, max) (e.g. inside (−π/2, π/2) for tan). */
export const between = (shape: number[], seed: number, min: number, max: number): Tensor =>
  rand(shape, { seed, min, max });
