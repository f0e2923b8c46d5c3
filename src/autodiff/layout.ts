/**
 * Layouts of a Jacobian: numerator layout (tensorcalc's), the vec–Kronecker
 * matrix DF = ∂vec(Y)/∂vec(X)ᵀ, and denominator layout.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { allocate, checkShape, formatShape, sizeOf, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { permute } from "../ops/shape/permute";
import { describeValue } from "./checks";

/**
 * How a Jacobian's axes split between Y and X (for {@link toVecJacobian} and {@link toDenominatorLayout}).
 * @example
 * ```ts
 * import { grad, toVecJacobian, trace, tensor } from "tensorcalc";
 * const G = grad(trace, tensor([[1, 2], [3, 4]])); // scalar Y: all axes are X's
 * console.log(toVecJacobian(G, { ndimY: 0 }).toNested()); // [[1, 0, 0, 1]]
 * ```
 */
export interface JacobianSplit {
  /**
   * Number of leading axes of `J` that belong to Y. Default: half of `J.ndim`
   * (matrix by matrix, vector by vector, scalar by scalar). Pass 0 for the
   * Jacobian (gradient) of a scalar, or when the halves differ.
   */
  ndimY?: number;
}

function splitOf(J: unknown, opts: JacobianSplit | undefined, where: string): { yShape: Shape; xShape: Shape } {
  if (!(J instanceof Tensor)) throw new ShapeError(`${where}: expected a Jacobian tensor, got ${describeValue(J)}`);
  let ndimY = opts?.ndimY;
  if (ndimY === undefined) {
    if (J.ndim % 2 !== 0) {
      throw new ShapeError(
        `${where}: cannot tell which axes of a Jacobian of shape ${formatShape(J.shape)} belong to Y; pass { ndimY } (the number of leading axes that index Y)`,
      );
    }
    ndimY = J.ndim / 2;
  }
  if (!Number.isInteger(ndimY) || ndimY < 0 || ndimY > J.ndim) {
    throw new ShapeError(
      `${where}: ndimY must be an integer between 0 and ${J.ndim} for a Jacobian of shape ${formatShape(J.shape)}, got ${String(ndimY)}`,
    );
  }
  return { yShape: J.shape.slice(0, ndimY), xShape: J.shape.slice(ndimY) };
}

/** For each row-major flat index of `shape`, its column-major (vec) position. */
function rowToColMajor(shape: Shape): Int32Array {
  const n = sizeOf(shape);
  const map = new Int32Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  const colStrides = new Array<number>(shape.length);
  let s = 1;
  for (let a = 0; a < shape.length; a++) {
    colStrides[a] = s;
    s *= shape[a];
  }
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let a = 0; a < idx.length; a++) c += idx[a] * colStrides[a];
    map[f] = c;
    for (let a = idx.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return map;
}

/**
 * The vec–Kronecker form DF = ∂vec(Y)/∂vec(X)ᵀ of a numerator-layout Jacobian:
 * for Y m×n and X p×q, `DF[i + j·m, k + l·p] = J[i, j, k, l]` (vec stacks
 * columns), shape [m·n, p·q]. Vectors are columns and scalars 1×1, so the
 * gradient of a scalar becomes the row vec(G)ᵀ. Higher orders are vectorized
 * the same way (column-major: first index fastest).
 *
 * Beware: `reshape(J, [m·n, p·q])` is NOT DF: a row-major reshape stacks rows,
 * which gives `K_mn · DF · K_pqᵀ` (commutation matrices).
 *
 * @throws {@link ShapeError} when the split between Y's and X's axes is ambiguous (odd `J.ndim`) and `ndimY` is not given.
 * @example
 * ```ts
 * import { jacobian, toVecJacobian, randint, matmul, kron, eye, equal } from "tensorcalc";
 * const A = randint([2, 3], { seed: 1 });
 * const DF = toVecJacobian(jacobian((X) => matmul(A, X), randint([3, 4], { seed: 2 })));
 * console.log(equal(DF, kron(eye(4), A))); // true: vec(AX) = (I ⊗ A) vec(X)
 * ```
 */
export function toVecJacobian(J: Tensor, opts?: JacobianSplit): Tensor {
  const { yShape, xShape } = splitOf(J, opts, "toVecJacobian");
  const ny = sizeOf(yShape);
  const nx = sizeOf(xShape);
  const out = allocate([ny, nx], "toVecJacobian");
  const my = rowToColMajor(yShape);
  const mx = rowToColMajor(xShape);
  const src = J.data;
  for (let ry = 0; ry < ny; ry++) {
    const base = my[ry] * nx;
    const jb = ry * nx;
    for (let rx = 0; rx < nx; rx++) out[base + mx[rx]] = src[jb + rx];
  }
  return new Tensor(out, [ny, nx]);
}

/**
 * The numerator-layout Jacobian of shape `[...shapeY, ...shapeX]` from its
 * vec–Kronecker form DF (shape [size(Y), size(X)]); inverse of {@link toVecJacobian}.
 *
 * @throws {@link ShapeError} when DF is not a matrix of shape [size(Y), size(X)].
 * @example
 * ```ts
 * import { fromVecJacobian, kron, eye, alpha, equal } from "tensorcalc";
 * // DF = I (vec(X) ↦ vec(X)) is the seed's α in numerator layout
 * console.log(equal(fromVecJacobian(eye(6), [2, 3], [2, 3]), alpha(2, 3))); // true
 * ```
 */
export function fromVecJacobian(DF: Tensor, shapeY: Shape, shapeX: Shape): Tensor {
  const where = "fromVecJacobian";
  if (!(DF instanceof Tensor))
    throw new ShapeError(`${where}: expected DF as a matrix Tensor, got ${describeValue(DF)}`);
  const ys = checkShape(shapeY, `${where} (shapeY)`);
  const xs = checkShape(shapeX, `${where} (shapeX)`);
  const ny = sizeOf(ys);
  const nx = sizeOf(xs);
  if (DF.ndim !== 2 || DF.shape[0] !== ny || DF.shape[1] !== nx) {
    throw new ShapeError(
      `${where}: for Y of shape ${formatShape(ys)} and X of shape ${formatShape(xs)}, DF must have shape [${ny}, ${nx}], got ${formatShape(DF.shape)}`,
    );
  }
  const shape = [...ys, ...xs];
  const out = allocate(shape, where);
  const my = rowToColMajor(ys);
  const mx = rowToColMajor(xs);
  for (let ry = 0; ry < ny; ry++) {
    const base = my[ry] * nx;
    const jb = ry * nx;
    for (let rx = 0; rx < nx; rx++) out[jb + rx] = DF.data[base + mx[rx]];
  }
  return new Tensor(out, shape);
}

/**
 * Denominator layout: the same derivatives with X's axes first, so
 * `∂Y[i,j]/∂X[k,l]` is stored at `[k, l, i, j]` (shape `[...X, ...Y]`). For a
 * scalar Y both layouts coincide (the gradient has X's shape). Differentiable
 * (it is a `permute`).
 *
 * @throws {@link ShapeError} when the split between Y's and X's axes is ambiguous (odd `J.ndim`) and `ndimY` is not given.
 * @example
 * ```ts
 * import { jacobian, toDenominatorLayout, randint, transpose } from "tensorcalc";
 * const J = jacobian((X) => transpose(X), randint([2, 3], { seed: 1 })); // [3, 2, 2, 3]
 * console.log(toDenominatorLayout(J).shape); // [2, 3, 3, 2]
 * ```
 */
export function toDenominatorLayout(J: Tensor, opts?: JacobianSplit): Tensor {
  const { yShape, xShape } = splitOf(J, opts, "toDenominatorLayout");
  const ny = yShape.length;
  const axes = [...xShape.map((_, a) => ny + a), ...yShape.map((_, a) => a)];
  return permute(J, axes);
}
