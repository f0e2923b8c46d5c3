/**
 * Rules shared by several symbolic ops: the square-matrix check of tr, det, logdet and inv,
 * and the same-shape rule of entrywise operations.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { reshape } from "../../ops/index";
import { type Expr, onesE } from "../expr";
import { type Factor, leaf, one, product, type Term } from "../indexterms";
import type { DimTerm, IndexScope, ShapeScope } from "../opdef";

/**
 * An operand of an entrywise operation in index notation: a scalar broadcast over the
 * result is indexed with indices of size 1 and times ones on `out` (constant along them).
 */
export function broadcastIndex(ix: IndexScope, node: Expr, operand: Expr, out: readonly string[]): Term[] {
  const scalar = ix.shapeOf(operand).length === 0 && ix.shapeOf(node).length !== 0;
  if (!scalar) return ix.toIndex(operand, out);
  // s broadcast over the node's entries is s·𝟏_a·𝟏_b: the ones keep the indices, so that a sum or
  // trace over them counts every entry (d sum(B + c)/dc = mn, d tr(B + c)/dc = n)
  return product(ix.toIndex(operand, [ix.fresh(1), ix.fresh(1)]), [one(onesOn(ix, out))]);
}

/**
 * Factors 𝟏_a for the indices of `idx` (size-1 ones skipped): a term constant along them keeps
 * them, so that a sum or trace over them counts every entry.
 */
export function onesOn(ix: IndexScope, idx: readonly string[]): Factor[] {
  return idx.filter((i) => !ix.isOne(i)).map((i) => leaf(onesE(1, [ix.size(i)]), [i, ix.fresh(1)]));
}

/** The values of a broadcasting entrywise op's operands: a 1×1 operand beside a larger one becomes 0-d. */
export function broadcastValues([a, b]: readonly Tensor[]): [Tensor, Tensor] {
  const one = (t: Tensor): boolean => t.size === 1;
  if (one(a) && !one(b)) return [reshape(a, []), b];
  if (one(b) && !one(a)) return [a, reshape(b, [])];
  return [a, b];
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
 * Two operands of the same shape, or a scalar and anything (numpy's broadcasting of a scalar);
 * `what` names the operation in the clash.
 */
export function sameShape(s: ShapeScope, what: string, sa: readonly DimTerm[], sb: readonly DimTerm[]): DimTerm[] {
  if (sa.length === 0) return [...sb];
  if (sb.length === 0) return [...sa];
  const pa = sa.length <= 2 ? s.pad(sa) : [...sa];
  const pb = sb.length <= 2 ? s.pad(sb) : [...sb];
  if (pa.length !== pb.length || (sa.length === 0) !== (sb.length === 0) || !pa.every((d, i) => s.unify(d, pb[i])))
    s.clash(what, "both operands must have the same shape");
  return sa.length >= sb.length ? [...sa] : [...sb];
}
