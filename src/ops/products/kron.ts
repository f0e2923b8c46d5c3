/**
 * Kronecker product.
 * @packageDocumentation
 */
import { ShapeError } from "../../core/errors";
import { allocate, formatShape, type Shape } from "../../core/shape";
import { Tensor } from "../../core/tensor";
import { checkOperands } from "../../core/validate";
import { combine, forEachEntry, nnzOf, SparseBuilder, type Batch } from "../../trace/batch";
import { record, type OpDef } from "../def";
import { gauss } from "../cases";
import { permute } from "../shape/permute";
import { reshape } from "../shape/reshape";
import { matmul } from "./matmul";

/** Tangent of kron(A, B) (A m×n, B p×q) when A moves (`which` 0) or B moves (1). */
function kronTangent(b: Batch, A: Float64Array, aShape: Shape, B: Float64Array, bShape: Shape, which: 0 | 1): Batch {
  // A vector operand is a column (kron's convention).
  const [m, n] = aShape.length === 2 ? aShape : [aShape[0], 1];
  const [p, q] = bShape.length === 2 ? bShape : [bShape[0], 1];
  const nq = n * q;
  const cols = m * p * nq;
  const sb = new SparseBuilder(b.rows, cols, Math.min(nnzOf(b) * (which === 0 ? p * q : m * n), b.rows * cols));
  for (let r = 0; r < b.rows; r++) {
    if (which === 0) {
      forEachEntry(b, r, (c, v) => {
        const i = (c / n) | 0;
        const j = c - i * n;
        for (let k = 0; k < p; k++) {
          const ob = (i * p + k) * nq + j * q;
          for (let l = 0; l < q; l++) sb.add(ob + l, v * B[k * q + l]);
        }
      });
    } else {
      forEachEntry(b, r, (c, v) => {
        const k = (c / q) | 0;
        const l = c - k * q;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) sb.add((i * p + k) * nq + j * q + l, A[i * n + j] * v);
        }
      });
    }
    sb.endRow();
  }
  return sb.finish();
}

/** @internal */
export const kronDef: OpDef = {
  name: "kron",
  jvp: (ctx, [ta, tb]) => {
    const [A, B] = ctx.inputs;
    return combine(
      ta === null ? null : kronTangent(ta, A.data, A.shape, B.data, B.shape, 0),
      tb === null ? null : kronTangent(tb, A.data, A.shape, B.data, B.shape, 1),
    );
  },
  vjp: (ctx, C) => {
    const [A, B] = ctx.inputs;
    // A vector operand is a column (kron's convention).
    const [m, n] = A.ndim === 2 ? A.shape : [A.shape[0], 1];
    const [p, q] = B.ndim === 2 ? B.shape : [B.shape[0], 1];
    // C[(i·p+k), (j·q+l)] → Cp[i·n+j, k·q+l]
    const Cp = reshape(permute(reshape(C, [m, p, n, q]), [0, 2, 1, 3]), [m * n, p * q]);
    const dA = reshape(matmul(Cp, reshape(B, [p * q])), A.shape);
    const dB = reshape(matmul(reshape(A, [m * n]), Cp), B.shape);
    return [dA, dB];
  },
  cases: [
    { label: "X⊗C", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => kron(x, gauss([d.c, d.d], d.seed + 1)) },
    { label: "C⊗X", x: (d) => gauss([d.a, d.b], d.seed), f: (d) => (x) => kron(gauss([d.c, d.d], d.seed + 1), x) },
    {
      label: "x⊗C (x vector)",
      x: (d) => gauss([d.a], d.seed),
      f: (d) => (x) => kron(x, gauss([d.c, d.d], d.seed + 1)),
    },
    {
      label: "C⊗x (x vector)",
      x: (d) => gauss([d.a], d.seed),
      f: (d) => (x) => kron(gauss([d.c, d.d], d.seed + 1), x),
    },
    { label: "x⊗v (vectors)", x: (d) => gauss([d.a], d.seed), f: (d) => (x) => kron(x, gauss([d.b], d.seed + 1)) },
  ],
};

/**
 * The Kronecker product `A ⊗ B`: for A m×n and B p×q, the mp×nq block matrix whose
 * (i, j) block is `A[i,j]·B`, i.e. `(A⊗B)[i·p + r, j·q + s] = A[i,j] B[r,s]`.
 * With column-stacking `vec`, `vec(AXB) = (Bᵀ ⊗ A) vec(X)`.
 *
 * Vectors: two vectors give the vector of length mp (numpy's `kron` of 1-D arrays,
 * which is also the Kronecker product of the two columns); a vector mixed with a
 * matrix is treated as a COLUMN (k×1), so `kron(v, B)` is a (k·p)×q matrix.
 * (numpy treats a 1-D operand as a row in that mixed case.) Differentiable.
 *
 * @throws {@link ShapeError} for operands that are not vectors or matrices.
 * @example
 * ```ts
 * import { tensor, kron, eye } from "tensorcalc";
 * const A = tensor([[1, 2]]); // 1×2
 * console.log(kron(eye(2), A).toNested()); // [[1, 2, 0, 0], [0, 0, 1, 2]]
 * console.log(kron(tensor([1, 2]), tensor([1, 10])).toNested()); // [1, 10, 2, 20]
 * ```
 */
export function kron(A: Tensor, B: Tensor): Tensor {
  checkOperands("kron", A, B);
  if (A.ndim < 1 || A.ndim > 2 || B.ndim < 1 || B.ndim > 2) {
    throw new ShapeError(
      `kron: expected vectors or matrices, got shapes ${formatShape(A.shape)} and ${formatShape(B.shape)}; ` +
        `use outer(S, T) for tensors of other orders`,
    );
  }
  const [m, n] = A.ndim === 2 ? A.shape : [A.shape[0], 1];
  const [p, q] = B.ndim === 2 ? B.shape : [B.shape[0], 1];
  const shape = A.ndim === 1 && B.ndim === 1 ? [m * p] : [m * p, n * q];
  const out = allocate(shape, "kron");
  const a = A.data;
  const b = B.data;
  const nq = n * q;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const aij = a[i * n + j];
      for (let r = 0; r < p; r++) {
        const o = (i * p + r) * nq + j * q;
        const bo = r * q;
        for (let s = 0; s < q; s++) out[o + s] = aij * b[bo + s];
      }
    }
  }
  return record(kronDef, [A, B], new Tensor(out, shape));
}
