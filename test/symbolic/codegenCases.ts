/**
 * The cases of the code-generation tests: every catalogue row and every op's examples (from the
 * registry, so that each op's emit rule and each backend's helpers run) with each derivative that applies
 * to it (gradient, Jacobian and Hessian of a scalar-valued row; the Jacobian of the others), the
 * values where it is checked (random, rectangular, from verify) and the exact reference from autodiff.
 */
import {
  catalogue,
  type CodeWhat,
  type Derivation,
  derive,
  hessian,
  jacobian,
  type Tensor,
  SYMBOLIC_OPS,
  verify,
} from "../../src/index";

export interface CodegenCase {
  readonly label: string;
  readonly id: string;
  readonly d: Derivation;
  readonly what: CodeWhat;
  readonly values: Readonly<Record<string, Tensor>>;
  /** The exact value and derivative (numerator layout) from autodiff. */
  readonly value: Tensor;
  readonly reference: Tensor;
}

/** Rows and derivatives that cannot be generated, with the reason (none). */
export const NOT_GENERATED: readonly { id: string; what: CodeWhat; reason: string }[] = [];

let cached: CodegenCase[] | undefined;

/** Every case (computed once per process). */
export function codegenCases(): CodegenCase[] {
  if (cached) return cached;
  const out: CodegenCase[] = [];
  const rows = [
    ...catalogue,
    ...SYMBOLIC_OPS.flatMap((op) => op.examples.map((x, n) => ({ ...x, id: `op-${op.op}-${n}` }))),
  ];
  for (const row of rows) {
    const d = derive(row.expr, row.wrt, row.shapes);
    const report = verify(d, { seed: 7 });
    if (report.undefinedAt !== undefined) throw new Error(`${row.id}: no values found: ${report.undefinedAt}`);
    const values = report.values;
    const f = (x: Tensor): Tensor => d.value({ ...values, [d.wrt]: x });
    const X = values[d.wrt] as Tensor;
    const value = d.value(values);
    const J = jacobian(f, X);
    const whats: CodeWhat[] = d.resultShape.length === 0 ? ["gradient", "jacobian", "hessian"] : ["jacobian"];
    for (const what of whats) {
      if (NOT_GENERATED.some((n) => n.id === row.id && n.what === what)) continue;
      out.push({
        label: `${row.id} (${row.expr}, ∂/∂${row.wrt}) ${what}`,
        id: row.id,
        d,
        what,
        values,
        value,
        reference: what === "hessian" ? hessian(f, X) : J,
      });
    }
  }
  cached = out;
  return out;
}

/** Largest |a − b| over flat data, or Infinity when the lengths differ. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Infinity : m;
}

/** The tolerance of a comparison with a reference: relative 1e-9 of its largest entry (at least 1). */
export function tolerance(ref: ArrayLike<number>): number {
  let m = 1;
  for (let i = 0; i < ref.length; i++) m = Math.max(m, Math.abs(ref[i]));
  return 1e-9 * m;
}
