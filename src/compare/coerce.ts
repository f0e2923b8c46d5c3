/**
 * Accept a Tensor or nested numbers in comparisons, and format multi-indices.
 * @packageDocumentation
 */
import { Tensor, type NestedArray } from "../core/tensor";
import { tensor } from "../create/tensor";

/** Something comparable: a tensor, or nested arrays of numbers (a number is a 0-d tensor). */
export type TensorLike = Tensor | NestedArray;

/** @internal */
export function asTensor(x: TensorLike): Tensor {
  return x instanceof Tensor ? x : tensor(x);
}

/** @internal The multi-index of flat row-major position k, as "[i, j, …]". */
export function indexOf(shape: readonly number[], k: number): string {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = k % shape[a];
    k = Math.floor(k / shape[a]);
  }
  return `[${idx.join(", ")}]`;
}
