/**
 * Row-major reshape.
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "../../core/errors";
import { formatShape, sizeOf } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkTensor } from "../../core/validate";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";

/** The attrs of `reshape`: the resolved new shape. @internal */
export interface ReshapeAttrs {
  readonly shape: readonly number[];
}

/** @internal */
export const reshapeDef: OpDef<ReshapeAttrs> = {
  name: "reshape",
  // Row-major storage is unchanged: the tangents are the same numbers.
  jvp: (_ctx, [t]) => t,
  vjp: (ctx, C) => [reshape(C, ctx.inputs[0].shape)],
  cases: [
    { label: "reshape", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => reshape(x, [d.b, d.a]) },
    { label: "reshape to 3-d", x: (d) => gauss([d.a, d.b * d.c], d.seed), f: (d) => (x) => reshape(x, [d.c, -1, d.a]) },
  ],
};

/**
 * The same entries, in row-major (C) order, with a new shape of the same size.
 * One dimension may be `-1`: it is inferred. Note: this is NOT `vec` (which is
 * column-major); `reshape(A, [-1])` lists A row by row. Differentiable.
 *
 * @throws {@link ShapeError} when the sizes differ (names both shapes and sizes).
 * @throws {@link IndexError} for an invalid dimension.
 * @example
 * ```ts
 * import { tensor, reshape } from "tensorcalc";
 * console.log(reshape(tensor([[1, 2, 3], [4, 5, 6]]), [3, -1]).toNested()); // [[1, 2], [3, 4], [5, 6]]
 * ```
 */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  checkTensor(t, "reshape");
  if (!Array.isArray(shape)) {
    throw new IndexError(`reshape: shape must be an array of non-negative integers (or one -1), got ${String(shape)}`);
  }
  let inferred = -1;
  let known = 1;
  for (let a = 0; a < shape.length; a++) {
    const d = shape[a];
    if (d === -1 && inferred < 0) {
      inferred = a;
    } else if (!Number.isSafeInteger(d) || d < 0) {
      throw new IndexError(
        `reshape: shape [${shape.join(", ")}] has an invalid dimension ${String(d)} on axis ${a} (dimensions must be non-negative integers; at most one may be -1)`,
      );
    } else {
      known *= d;
    }
  }
  const resolved = shape.slice();
  if (inferred >= 0) {
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(
        `reshape: cannot infer the -1 in [${shape.join(", ")}] for a tensor of shape ${formatShape(t.shape)} (${t.size} entries)`,
      );
    }
    resolved[inferred] = t.size / known;
  }
  if (sizeOf(resolved) !== t.size) {
    throw new ShapeError(
      `reshape: cannot reshape a tensor of shape ${formatShape(t.shape)} (${t.size} entries) into ${formatShape(resolved)} (${sizeOf(resolved)} entries)`,
    );
  }
  // Tensors are immutable, so the storage can be shared.
  return record(reshapeDef, [t], new Tensor(t.data, resolved), { shape: Object.freeze(resolved) });
}
