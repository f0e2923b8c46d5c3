/**
 * Products with factors that are best never formed (an inverse): a chain of matrix products in
 * which a factor's op has an `implicitProduct` rule is evaluated outward from one factor, each
 * such factor applied to the running product by its rule (for X⁻¹: triangular solves with one LU
 * of X, kept for the next call on the same X) instead of being evaluated. −X⁻¹ dX X⁻¹ then costs
 * one LU and two solves (about 4.7n³ flops at n×n) where forming X⁻¹ and two products cost 6n³.
 * Generic: the ops are told apart only by their rules (a transposed factor through
 * (Fᵀ)M = (MᵀF)ᵀ and M Fᵀ = (F Mᵀ)ᵀ).
 * @packageDocumentation
 * @internal
 */
import type { Tensor } from "../core/tensor";
import { transpose } from "../ops/shape/transpose";
import type { Expr } from "./expr";
import type { SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import { isTransposition } from "./traits";

/** What the chain evaluator needs from its caller (the tree evaluator's memoised recursion). */
export interface ChainScope {
  /** The (padded, cached when fixed) value of a node. */
  readonly value: (e: Expr) => Tensor;
  /** Whether a node depends on the direction symbols. */
  readonly isVarying: (e: Expr) => boolean;
  /** The product of two values, as the `mul` op evaluates it (scalars included). */
  readonly times: (A: Tensor, B: Tensor) => Tensor;
  /** The product node of a run of factors. */
  readonly chain: (fs: readonly Expr[]) => Expr;
  /** The (padded) shape of a node's value, known without evaluating it again once it was. */
  readonly shape: (e: Expr) => readonly number[];
}

type Implicit = NonNullable<SymOpDef["implicitProduct"]>;

/** A factor with an implicit product rule: `e` itself, or the transpose of such a node. */
interface ImplicitFactor {
  rule: Implicit;
  node: Expr;
  transposed: boolean;
}

function implicitFactor(e: Expr, isVarying: (e: Expr) => boolean): ImplicitFactor | undefined {
  if (isVarying(e)) return undefined;
  const transposed = isTransposition(e);
  const node = isTransposition(e) ? (e.args[0] as Expr) : e;
  const rule = (opDef(node.op) as SymOpDef).implicitProduct;
  return rule === undefined ? undefined : { rule, node, transposed };
}

/** F·M, or undefined when M is not a matrix with as many rows as F (a scalar factor, say). */
function applyLeft(f: ImplicitFactor, M: Tensor, args: readonly Tensor[]): Tensor | undefined {
  const n = args[0].shape[0];
  if (M.ndim !== 2 || M.shape[0] !== n || n === 1) return undefined;
  return f.transposed ? transpose(f.rule.right(transpose(M), args)) : f.rule.left(args, M);
}

/** M·F, or undefined when M is not a matrix with as many columns as F. */
function applyRight(f: ImplicitFactor, M: Tensor, args: readonly Tensor[]): Tensor | undefined {
  const n = args[0].shape[0];
  if (M.ndim !== 2 || M.shape[1] !== n || n === 1) return undefined;
  return f.transposed ? transpose(f.rule.left(args, transpose(M))) : f.rule.right(M, args);
}

/**
 * The value of the product chain `fs` (left to right) with its implicit factors applied by their
 * rules, or undefined when there is nothing to gain (no implicit factor, no other factor to apply
 * it to, or a step whose shapes are not those of a matrix product): the caller then evaluates the
 * chain as usual. With direction factors, each maximal run of fixed factors longer than one is one
 * value (cached by the caller: X⁻¹A is computed once per operator) and the chain is evaluated
 * outward from the first direction factor; without, outward from the first factor that is not
 * implicit.
 */
export function implicitChain(fs: readonly Expr[], s: ChainScope): Tensor | undefined {
  if (fs.length < 2) return undefined;
  const marks = fs.map((f) => implicitFactor(f, s.isVarying));
  if (marks.every((m) => m === undefined)) return undefined;
  // every neighbour product an ordinary matrix product: a 1×1 factor between a column and a
  // matrix (𝟏ᵀX⁻¹𝟏·adj(X)) multiplies as a scalar, and regrouping across it is no product at all
  const shapes = fs.map((f, i) => {
    const m = marks[i];
    if (m === undefined) return s.shape(f);
    const n = s.shape(m.node.args[0] as Expr);
    return m.transposed ? [...n].reverse() : n;
  });
  if (shapes.some((sh) => sh.length !== 2)) return undefined;
  for (let i = 1; i < shapes.length; i++) if (shapes[i - 1][1] !== shapes[i][0]) return undefined;
  const anyVarying = fs.some(s.isVarying);
  // groups: an implicit factor alone, or a node to evaluate (a direction factor, or a run of other factors)
  const groups: (ImplicitFactor | Expr)[] = [];
  let run: Expr[] = [];
  const flush = (): void => {
    if (run.length === 1) groups.push(marks[fs.indexOf(run[0])] ?? run[0]);
    else if (run.length > 1) groups.push(s.chain(run));
    run = [];
  };
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i];
    const joins = anyVarying ? !s.isVarying(f) : marks[i] === undefined;
    if (joins) {
      run.push(f);
      continue;
    }
    flush();
    groups.push(anyVarying && marks[i] === undefined ? f : (marks[i] as ImplicitFactor));
  }
  flush();
  const isImplicit = (g: ImplicitFactor | Expr): g is ImplicitFactor => "rule" in g;
  if (!groups.some(isImplicit)) return undefined; // the implicit factors were all inside runs
  const anchor = groups.findIndex((g) => !isImplicit(g) && (!anyVarying || s.isVarying(g)));
  if (anchor < 0) return undefined;
  let acc: Tensor | undefined = s.value(groups[anchor] as Expr);
  for (let i = anchor + 1; i < groups.length && acc !== undefined; i++) {
    const g = groups[i];
    acc = isImplicit(g) ? applyRight(g, acc, g.node.args.map(s.value)) : s.times(acc, s.value(g));
  }
  for (let i = anchor - 1; i >= 0 && acc !== undefined; i--) {
    const g = groups[i];
    acc = isImplicit(g) ? applyLeft(g, acc, g.node.args.map(s.value)) : s.times(s.value(g), acc);
  }
  return acc;
}
