/**
 * The definition of a differentiable primitive: what the autodiff engine needs
 * to know about an op, kept beside the op's kernel (one module per primitive).
 * Tape nodes carry their op's definition, so the engine never looks rules up by name.
 * @packageDocumentation
 * @internal
 */
import type { Tensor } from "../core/tensor";
import type { Batch } from "./batch";

/** What a rule sees: the op's operands and result (values) and its typed attrs. */
export interface RuleContext<A> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: A;
}

/** Dimensions drawn by the registry tests for an op's cases (each 1..4), and a PRNG seed. */
export interface CaseDims {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly seed: number;
}

/**
 * One test case of an op: how to draw an input inside the op's domain from random
 * rectangular dimensions, and a function of it (built around the op) to differentiate.
 */
export interface OpCase {
  readonly label: string;
  /** The input at which to differentiate. */
  readonly x: (d: CaseDims) => Tensor;
  /** The function (may close over constants drawn from the same dims). */
  readonly f: (d: CaseDims) => (x: Tensor) => Tensor;
}

/**
 * A differentiable primitive. `A` is the type of its non-tensor parameters (attrs).
 * Rules are methods (bivariant in `ctx`), so any `OpDef<A>` is an `OpDef<unknown>` on a tape.
 */
export interface OpDef<A = undefined> {
  /** The public name of the op (`"matmul"`, `"einsum"`, …), used in messages. */
  readonly name: string;
  /**
   * Forward rule: the tangents of the output (all directions at once, as a batch)
   * from the tangents of the inputs (null = constant input); null when none moves.
   */
  jvp(ctx: RuleContext<A>, tangents: readonly (Batch | null)[]): Batch | null;
  /**
   * Reverse rule: the cotangents of the inputs (null = none) from the output's cotangent,
   * written with the public differentiable ops so that derivatives nest (Hessians).
   */
  vjp(ctx: RuleContext<A>, cotangent: Tensor): readonly (Tensor | null)[];
  /** Test cases: the registry tests check forward = reverse = finite differences on each. */
  readonly cases: readonly OpCase[];
}
