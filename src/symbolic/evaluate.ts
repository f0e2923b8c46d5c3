/**
 * Numeric evaluation of matrix expressions with the library's (differentiable) tensor ops.
 * Scalars, vectors and matrices are computed as matrices (1×1, n×1, m×n) and reshaped to
 * their true shape at the end.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { eye } from "../create/index";
import {
  add,
  hadamard,
  neg,
  scale,
  sub,
  cos,
  exp,
  log,
  pow,
  sin,
  sqrt,
  tanh,
  trace,
  reshape,
  transpose,
} from "../ops/index";
import { det, logdet, inv } from "../linalg/index";
import { ddot, dot, kron, matmul } from "../products/index";
import { alpha, beta, commutation, E as entry, vec } from "../special/index";
import type { Dim, Expr } from "./expr";
import { exprToSource } from "./print";
import { dimValue, type ShapeInfo } from "./shapes";

/** Values of the symbols (true shapes: `[]` scalars, `[n]` vectors, `[m, n]` matrices). */
export type Values = Readonly<Record<string, Tensor>>;

/** Pad a tensor of at most two axes to a matrix: [] → [1, 1], [n] → [n, 1]. */
export function padTensor(x: Tensor): Tensor {
  if (x.ndim === 0) return reshape(x, [1, 1]);
  if (x.ndim === 1) return reshape(x, [x.shape[0], 1]);
  return x;
}

/**
 * Evaluate `e` on padded values. `sizes` gives the named dimensions; `info` (optional) the shape
 * of the nodes, needed for `I`, `alpha`, `beta` and `E` written without sizes.
 * The result is padded too: a scalar is 1×1, a vector n×1 (see {@link evaluateAs}).
 * @example
 * ```ts
 * import { evaluatePadded, parse, tensor } from "tensorcalc";
 * const v = evaluatePadded(parse("A' * x"), { A: tensor([[1, 2], [3, 4]]), x: tensor([1, 1]) }, {});
 * console.log(v.shape, v.toNested()); // [2, 1] [[4], [6]]
 * ```
 */
export function evaluatePadded(
  e: Expr,
  values: Values,
  sizes: Readonly<Record<string, number>>,
  info?: ShapeInfo,
): Tensor {
  const dim = (d: Dim): number => dimValue(d, sizes);
  const nodeShape = (n: Expr): number[] | undefined => {
    if (info === undefined) return undefined;
    try {
      return info.shapeOf(n).map(dim);
    } catch {
      return undefined;
    }
  };
  const rec = (x: Expr): Tensor => {
    const [a, b] = x.args;
    switch (x.op) {
      case "sym": {
        const v = values[x.name ?? ""];
        if (v === undefined) throw new ShapeError(`no value given for the symbol ${x.name ?? "?"}`);
        return padTensor(v);
      }
      case "num":
        return new Tensor(Float64Array.of(x.value ?? 0), [1, 1]);
      case "T":
        return transpose(rec(a));
      case "neg":
        return neg(rec(a));
      case "add":
        return add(rec(a), rec(b));
      case "sub":
        return sub(rec(a), rec(b));
      case "had":
        return hadamard(rec(a), rec(b));
      case "mul": {
        const A = rec(a);
        const B = rec(b);
        if (A.ndim === 2 && A.shape[0] === 1 && A.shape[1] === 1 && !(B.ndim === 2 && B.shape[0] === 1))
          return scale(B, reshape(A, []));
        if (B.ndim === 2 && B.shape[0] === 1 && B.shape[1] === 1 && !(A.ndim === 2 && A.shape[1] === 1))
          return scale(A, reshape(B, []));
        if (A.ndim === 2 && B.ndim === 2) return matmul(A, B);
        return dot(A, B);
      }
      case "ddot": {
        const r = ddot(rec(a), rec(b));
        return r.ndim === 0 ? reshape(r, [1, 1]) : r;
      }
      case "kron":
        return kron(rec(a), rec(b));
      case "tr":
        return reshape(trace(rec(a)), [1, 1]);
      case "det":
        return reshape(det(rec(a)), [1, 1]);
      case "logdet":
        return reshape(logdet(rec(a)), [1, 1]);
      case "inv":
        return inv(rec(a));
      case "exp":
        return exp(rec(a));
      case "log":
        return log(rec(a));
      case "sin":
        return sin(rec(a));
      case "cos":
        return cos(rec(a));
      case "tanh":
        return tanh(rec(a));
      case "sqrt":
        return sqrt(rec(a));
      case "recip":
        return pow(rec(a), -1);
      case "vec": {
        const v = vec(rec(a));
        return reshape(v, [v.shape[0], 1]);
      }
      case "I": {
        const n = x.dims ? dim(x.dims[0]) : nodeShape(x)?.[0];
        if (n === undefined) throw new ShapeError(`the size of I in ${exprToSource(x)} is unknown; write I(n)`);
        return eye(n);
      }
      case "alpha":
      case "beta": {
        const s = nodeShape(x);
        const [m, n] = x.dims ? x.dims.map(dim) : s !== undefined ? [s[0], s[1]] : [undefined, undefined];
        if (m === undefined || n === undefined)
          throw new ShapeError(`the size of ${x.op} is unknown; write ${x.op}(m, n)`);
        return x.op === "alpha" ? alpha(m, n) : beta(m, n);
      }
      case "K": {
        const [m, n] = (x.dims ?? [1, 1]).map(dim);
        return commutation(m, n);
      }
      case "E": {
        const s = nodeShape(x);
        if (s === undefined) throw new ShapeError(`the size of ${exprToSource(x)} is unknown`);
        const [i, j] = x.entry ?? [0, 0];
        return entry(i, j, s[0], s[1]);
      }
    }
  };
  return rec(e);
}

/**
 * Evaluate `e` and reshape the (padded) result to `shape`.
 * @throws {@link ShapeError} when the result does not have `shape`'s number of entries.
 * @example
 * ```ts
 * import { evaluateAs, parse, tensor } from "tensorcalc";
 * const v = evaluateAs(parse("A' * x"), { A: tensor([[1, 2], [3, 4]]), x: tensor([1, 1]) }, {}, [2]);
 * console.log(v.toNested()); // [4, 6]
 * ```
 */
export function evaluateAs(
  e: Expr,
  values: Values,
  sizes: Readonly<Record<string, number>>,
  shape: readonly number[],
  info?: ShapeInfo,
): Tensor {
  const r = evaluatePadded(e, values, sizes, info);
  if (r.size !== shape.reduce((p, q) => p * q, 1)) {
    throw new ShapeError(
      `${exprToSource(e)} evaluated to shape ${formatShape(r.shape)}, expected ${formatShape(shape)}`,
    );
  }
  return reshape(r, shape);
}
