/**
 * Numeric evaluation of matrix expressions with the library's (differentiable) tensor ops.
 * Scalars, vectors and matrices are computed as matrices (1×1, n×1, m×n) and reshaped to
 * their true shape at the end.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { reshape } from "../ops/index";
import type { Dim, Expr, ExprOf } from "./expr";
import type { EvalScope, SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
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
 * @internal The scope an op's evaluation rule sees: symbol values (padded to matrices) from
 * `lookup`, dimension sizes, the values of index letters and, with `info`, node shapes.
 */
export function evalScope(
  lookup: (name: string) => Tensor | undefined,
  sizes: Readonly<Record<string, number>>,
  info?: ShapeInfo,
  indices: Readonly<Record<string, number>> = {},
): EvalScope {
  const dim = (d: Dim): number => dimValue(d, sizes);
  return {
    symbol: (name) => {
      const v = lookup(name);
      if (v === undefined) throw new ShapeError(`no value given for the symbol ${name}`);
      return padTensor(v);
    },
    dim,
    index: (letter) => {
      const v = indices[letter];
      if (v === undefined) throw new ShapeError(`the index ${letter} has no value here`);
      return v;
    },
    nodeShape: (n) => {
      if (info === undefined) return undefined;
      try {
        return info.shapeOf(n).map(dim);
      } catch {
        return undefined;
      }
    },
  };
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
  indices: Readonly<Record<string, number>> = {},
): Tensor {
  const scope = evalScope((name) => values[name], sizes, info, indices);
  const rec = (x: Expr): Tensor => {
    const args = x.args.map(rec);
    return (opDef(x.op) as SymOpDef).evaluate(args, x as ExprOf<typeof x.op>, scope);
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
