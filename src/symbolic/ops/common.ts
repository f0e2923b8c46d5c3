/**
 * Rules shared by several symbolic ops: the square-matrix check of tr, det, logdet and inv,
 * and the same-shape rule of entrywise operations.
 * @packageDocumentation
 */
import type { DimTerm, ShapeScope } from "../opdef";

/** A square matrix's shape (or a clash naming `what`). */
export function squareShape(s: ShapeScope, what: string, sa: readonly DimTerm[]): DimTerm[] {
  if (sa.length > 2) s.clash(what, `${what} needs a square matrix`);
  const p = s.pad(sa);
  if (!s.unify(p[0], p[1]))
    s.clash(what, `${what} needs a square matrix (${s.format([p[0]])} rows ≠ ${s.format([p[1]])} columns)`);
  return p;
}

/** Two operands of the same shape (`what` names the operation in the clash). */
export function sameShape(s: ShapeScope, what: string, sa: readonly DimTerm[], sb: readonly DimTerm[]): DimTerm[] {
  const pa = sa.length <= 2 ? s.pad(sa) : [...sa];
  const pb = sb.length <= 2 ? s.pad(sb) : [...sb];
  if (pa.length !== pb.length || (sa.length === 0) !== (sb.length === 0) || !pa.every((d, i) => s.unify(d, pb[i])))
    s.clash(what, "both operands must have the same shape");
  return sa.length >= sb.length ? [...sa] : [...sb];
}
