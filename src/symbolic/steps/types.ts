/**
 * The objects of a step-by-step derivation: a route, its steps (each with its rule, the
 * rule's general statement, the expression before and after as trees, their text and LaTeX,
 * and the step's numeric check).
 * @packageDocumentation
 */
import type { Displayable } from "../../display/protocol";
import type { Expr } from "../expr";

/**
 * The routes of a step-by-step derivation:
 * - `kron`: the differential, then vec with vec(AXB) = (Bᵀ ⊗ A)vec(X) and vec(Xᵀ) = K vec(X),
 *   then the identification d vec Y = M d vec X ⟹ DF = M (Magnus–Neudecker);
 * - `gradient` (scalar-valued expressions): the differential collected into tr(Gᵀ dX) with the
 *   cyclic property of the trace, then ∇f = G;
 * - `tensor`: the seed's route, Y (or dY) written as T:X (or T:dX) with α and β, then ∂Y/∂X = T;
 * - `index`: Ricci calculus, Y written in indices, ∂/∂X_kl… by the product rule,
 *   ∂X_ij/∂X_kl = δ_ik δ_jl, the chain rule of entrywise functions, δ contracted, dummy indices
 *   renamed; tensors of any order (the route of tensors; for scalars, vectors and matrices it
 *   is given when asked for by name).
 */
export type StepRoute = "kron" | "gradient" | "tensor" | "index";

/** Every route, in the order the CLI and the calculator list them. */
export const STEP_ROUTES: readonly StepRoute[] = ["tensor", "kron", "gradient", "index"];

/** One side of a line of a derivation, printed: `dY`, `vec(dY)`, `∂Y/∂A`. */
export interface Side {
  readonly text: string;
  readonly latex: string;
}

/** The numeric check of one step. */
export interface StepCheck {
  /** True when before = after at the random point (and direction) within the tolerance. */
  readonly ok: boolean;
  /** Largest absolute difference (Infinity when an evaluation failed). */
  readonly maxAbsError: number;
  /** What was compared, and how. */
  readonly detail: string;
}

/** One step: a named rule applied to the expression. */
export interface DerivationStep {
  /** The rule's name, e.g. "product rule". */
  readonly rule: string;
  /** The rule's general statement, e.g. d(XY) = dX Y + X dY. */
  readonly statement: Side;
  /** The left-hand side before the step (Y, dY, vec(dY)). */
  readonly lhs: Side;
  /** The left-hand side after the step when it changes (the identification: ∂Y/∂X). */
  readonly lhsAfter: Side;
  /** The right-hand side before the step, as a tree. */
  readonly before: Expr;
  /** The right-hand side after the step, as a tree. */
  readonly after: Expr;
  /** `before` and `after` as Unicode text (printed from the trees). */
  readonly beforeText: string;
  readonly afterText: string;
  /** The step as one LaTeX line: lhs = before = after, or lhs = before ⟹ lhs' = after. */
  readonly latex: string;
  /** The numeric check: before = after on random rectangular values (and a random direction dX). */
  readonly check: StepCheck;
}

/** The steps of one route of a derivation (see {@link StepRoute}). */
export interface DerivationSteps extends Displayable {
  readonly route: StepRoute;
  /** A human title of the route. */
  readonly title: string;
  /** The expression Y, as text and LaTeX. */
  readonly start: Side;
  readonly steps: readonly DerivationStep[];
  /** True when every step's numeric check passed. */
  readonly ok: boolean;
  /** The sizes and the seed of the point where the steps were checked. */
  readonly dims: Readonly<Record<string, number>>;
  readonly seed: number;
}
