/**
 * Rules shared by several symbolic ops: the square-matrix check of tr, det, logdet and inv,
 * and the same-shape rule of entrywise operations.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { reshape } from "../../ops/index";
import { spreadAlong } from "../../ops/reduce/axes";
import { type Expr, num, onesE, withArgs } from "../expr";
import { type Factor, leaf, one, product, type Term } from "../indexterms";
import type { DimTerm, IndexScope, Padded, Rewrite, ShapeScope } from "../opdef";

/**
 * An operand of an entrywise operation in index notation: a scalar broadcast over the
 * result is indexed with indices of size 1 and times ones on `out` (constant along them); so is
 * an operand with size 1 along an axis where the result is larger (`X − logsumexp(X, 2)`).
 */
export function broadcastIndex(ix: IndexScope, node: Expr, operand: Expr, out: readonly string[]): Term[] {
  const { idx, spread } = operandIndex(ix, node, operand, out);
  const terms = ix.toIndex(operand, idx);
  return spread.length === 0 ? terms : product(terms, [one(onesOn(ix, spread))]);
}

/**
 * How an operand of an entrywise node indexed by `out` is indexed: `idx`, with indices of size 1
 * where the operand is broadcast (all of them for a scalar), and `spread`, the indices of `out`
 * it is constant along.
 */
export function operandIndex(
  ix: IndexScope,
  node: Expr,
  operand: Expr,
  out: readonly string[],
): { idx: string[]; spread: string[] } {
  // s broadcast over the node's entries is s·𝟏_a·𝟏_b: the ones keep the indices, so that a sum or
  // trace over them counts every entry (d sum(B + c)/dc = mn, d tr(B + c)/dc = n)
  if (ix.shapeOf(operand).length === 0 && ix.shapeOf(node).length !== 0)
    return { idx: [ix.fresh(1), ix.fresh(1)], spread: [...out] };
  const po = ix.padded(operand);
  const pn = ix.padded(node);
  const spread = po.map((d, i) => po.length === pn.length && d === 1 && pn[i] !== 1);
  return { idx: out.map((o, i) => (spread[i] ? ix.fresh(1) : o)), spread: out.filter((_, i) => spread[i]) };
}

/**
 * Factors 𝟏_a for the indices of `idx` (size-1 ones skipped): a term constant along them keeps
 * them, so that a sum or trace over them counts every entry.
 */
export function onesOn(ix: IndexScope, idx: readonly string[]): Factor[] {
  return idx.filter((i) => !ix.isOne(i)).map((i) => leaf(onesE(1, [ix.size(i)]), [i, ix.fresh(1)]));
}

/**
 * The values of a broadcasting entrywise op's operands: a 1×1 operand beside a larger one becomes
 * 0-d; an operand of size 1 along an axis where the other is larger is copied along it.
 */
export function broadcastValues([a, b]: readonly Tensor[]): [Tensor, Tensor] {
  const one = (t: Tensor): boolean => t.size === 1;
  if (one(a) && !one(b)) return [reshape(a, []), b];
  if (one(b) && !one(a)) return [a, reshape(b, [])];
  if (a.ndim !== b.ndim || a.shape.every((d, i) => d === b.shape[i])) return [a, b];
  const target = a.shape.map((d, i) => (d === 1 ? b.shape[i] : d));
  return [spreadTo(a, target), spreadTo(b, target)];
}

/** `t` copied along its axes of size 1 where `target` is larger (differentiable: outer and permute). */
function spreadTo(t: Tensor, target: readonly number[]): Tensor {
  const axes = t.shape.flatMap((d, i) => (d === 1 && target[i] !== 1 ? [i] : []));
  if (axes.length === 0) return t;
  return spreadAlong(
    reshape(
      t,
      t.shape.filter((_, i) => !axes.includes(i)),
    ),
    axes,
    target,
  );
}

/** A square matrix's shape (or a clash naming `what`). */
export function squareShape(s: ShapeScope, what: string, sa: readonly DimTerm[]): DimTerm[] {
  if (sa.length > 2) s.clash(what, `${what} needs a square matrix`);
  const p = s.pad(sa);
  if (!s.unify(p[0], p[1]))
    s.clash(what, `${what} needs a square matrix (${s.format([p[0]])} rows ≠ ${s.format([p[1]])} columns)`);
  return p;
}

/**
 * Two operands of the same shape, or a scalar and anything (numpy's broadcasting of a scalar),
 * or two matrices (or tensors of one order) where one has size 1 along an axis and the other a
 * known size there (`X − sum(X, 2)`: an m×1 column beside m×n, copied along each row);
 * `what` names the operation in the clash.
 */
export function sameShape(s: ShapeScope, what: string, sa: readonly DimTerm[], sb: readonly DimTerm[]): DimTerm[] {
  if (sa.length === 0) return [...sb];
  if (sb.length === 0) return [...sa];
  const pa = sa.length <= 2 ? s.pad(sa) : [...sa];
  const pb = sb.length <= 2 ? s.pad(sb) : [...sb];
  const clash = (): never => s.clash(what, "both operands must have the same shape");
  if (pa.length !== pb.length) clash();
  // broadcasting needs both operands of the same order ≥ 2 (a vector is not spread into a matrix)
  const spreads = sa.length >= 2 && sa.length === sb.length;
  const spreadable = (one: DimTerm, other: DimTerm): boolean => s.isOne(one) && !s.isOne(other) && !s.isUnknown(other);
  const out = pa.map((d, i) => {
    if (spreads && spreadable(d, pb[i])) return pb[i];
    if (spreads && spreadable(pb[i], d)) return d;
    return s.unify(d, pb[i]) ? d : clash();
  });
  return spreads ? out : sa.length >= sb.length ? [...sa] : [...sb];
}

/** f(Xᵀ) = f(X) for an op that does not see the transpose (tr, det, logdet). */
export const transposeInside: Rewrite<Expr> = (e, s) => {
  const a = e.args[0];
  return a !== undefined && a.op === "T" ? s.simp(withArgs(e, [a.args[0]])) : undefined;
};

const unitPadded = (s: Padded): boolean => s[0] === 1 && s[1] === 1;

/** The padded shape of an entrywise binary op (+, −, ∘, ⊘): the operands' shape, a 1×1 one broadcast. */
export const broadcastPadded = {
  of: (_e: unknown, [a, b]: readonly Padded[]): Padded | undefined => {
    if (a[0] === b[0] && a[1] === b[1]) return a;
    if (unitPadded(a)) return b;
    if (unitPadded(b)) return a;
    return undefined;
  },
};

/** The padded shape of an op that keeps its operand's (−X, X⁻¹, adj(X)). */
export const samePadded = { of: (_e: unknown, [a]: readonly Padded[]): Padded => a };

/** The number 0. */
export const isZero = (e: Expr | undefined): boolean => e !== undefined && e.op === "num" && e.value === 0;

/** A linear op of a zero (its first operand) is zero: d-steps' pruning of tr(0), vec(0), 0ᵀ, −0. */
export const zeroOfLinear = (e: Expr): Expr | undefined => (isZero(e.args[0]) ? num(0) : undefined);

/** A product with a zero factor is zero. */
export const zeroOfProduct = (e: Expr): Expr | undefined =>
  isZero(e.args[0]) || isZero(e.args[1]) ? num(0) : undefined;

/**
 * The diagonal of a sum or difference of two diagonal matrices: diag(a) ± diag(b) = diag(a ± b),
 * by `combine` (undefined when an operand is not diagonal).
 */
export function diagonalOfBoth(
  combine: (a: Expr, b: Expr) => Expr,
): (e: Expr, of: (x: Expr) => Expr | undefined) => Expr | undefined {
  return (e, of) => {
    const [x, y] = e.args;
    const a = x === undefined ? undefined : of(x);
    const b = a === undefined || y === undefined ? undefined : of(y);
    return a === undefined || b === undefined ? undefined : combine(a, b);
  };
}
