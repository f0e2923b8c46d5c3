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
