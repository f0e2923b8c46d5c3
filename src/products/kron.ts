/**
 * Kronecker product.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";
import { checkOperands } from "./contract";

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
  return record("kron", [A, B], new Tensor(out, shape));
}
