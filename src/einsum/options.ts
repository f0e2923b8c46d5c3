/**
 * Options of einsum and einsumPath.
 * @packageDocumentation
 */

/** Options of `einsum` and `einsumPath`, passed as the last argument. */
export interface EinsumOptions {
  /**
   * How to order the contractions of three or more operands:
   * `"auto"` (default: `"optimal"` up to 5 operands, else `"greedy"`), `"greedy"`,
   * `"optimal"` (exhaustive search, at most 7 operands), an explicit path (pairs of positions in the current operand list,
   * the contracted pair removed and its result appended, as in `np.einsum_path`; it must contract every operand
   * into one: a path that leaves operands is refused, naming them), or
   * `false` for no path: one nested loop over every index (numpy's `optimize=False`;
   * slow, meant for checking and benchmarks).
   */
  readonly optimize?: boolean | "auto" | "greedy" | "optimal" | readonly (readonly number[])[];
}
