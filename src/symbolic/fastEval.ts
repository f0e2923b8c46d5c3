/**
 * Evaluation of derivative trees at scale, for {@link DerivativeOperator}: the same values as
 * {@link evaluatePadded}, but
 *
 * - a subtree that does not depend on the direction (dX, or the cotangent) is computed once per
 *   operator and kept (X⁻¹ in −X⁻¹ dX X⁻¹, the sigmoid in a logistic Hessian);
 * - a node whose op has a fast evaluation ({@link SymOpDef.fastEval}: fused sums, products read
 *   through strides, diagonal matrices never formed, symmetric products; see `ops/fast.ts`) is
 *   evaluated by it;
 * - an inverse in a product is applied by triangular solves with one LU, kept for the next call on
 *   the same values, never formed (symbolic/implicitChain.ts: −X⁻¹ dX X⁻¹ in about 4.7n³ flops, not 6n³).
 *
 * This module knows no op by name: it dispatches to the definitions.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import type { MatView } from "../kernels/gemm";
import { type Expr, type ExprOf, exprKey, isNum, isSym } from "./expr";
import type { Values } from "./evaluate";
import { evalScope } from "./evaluate";
import type { FastScope, MatFactor, SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import type { ShapeInfo } from "./shapes";
import { implicitChain, type ChainScope } from "./implicitChain";
import { evaluateTree, planTree, type PlannedTree } from "./einsumNetwork";

/** Planned einsum networks by tree node and sizes (trees are kept with their derivation). */
const networks = new WeakMap<Expr, Map<string, PlannedTree | null>>();

/** An evaluator of trees for fixed values of the symbols; `varying` names the direction symbols. */
export interface TreeEvaluator {
  /** The padded value of `e` with the direction symbols set to `dir`. */
  (e: Expr, dir?: Values): Tensor;
}

const defOf = (e: Expr): SymOpDef => opDef(e.op) as SymOpDef;

/** A product node of two factors (for the chain scope's products). */
const chainOf = (fs: readonly Expr[]): Expr =>
  fs.reduce((a, b) => ({ op: "mul", args: [a, b], start: -1, end: -1 }) as Expr);

/** The vector v of a node that is a diagonal matrix diag(v), by the ops' rules (`diag(a) − diag(b)` is diag(a − b)). */
function diagVector(node: Expr): Expr | undefined {
  return defOf(node).diagonalOf?.(node as never, diagVector);
}

/** A matrix value (not 1×1) as a row-major view. */
function matrixView(M: Tensor): MatFactor | undefined {
  if (M.ndim !== 2 || M.size === 1) return undefined;
  const [r, c] = M.shape;
  const view: MatView = { data: M.data, offset: 0, rs: c, cs: 1 };
  return { view, rows: r, cols: c };
}

/**
 * An evaluator for fixed `values`: direction symbols (named in `varying`) are given per call.
 * Subtrees without a direction symbol are cached by their key.
 */
export function treeEvaluator(
  values: Values,
  sizes: Readonly<Record<string, number>>,
  info: ShapeInfo | undefined,
  varying: readonly string[],
): TreeEvaluator {
  const cache = new Map<string, Tensor>();
  const memos = new Map<string, WeakMap<Expr, unknown>>();
  const depends = new WeakMap<Expr, boolean>();
  const isVarying = (e: Expr): boolean => {
    let r = depends.get(e);
    if (r === undefined) {
      r = (isSym(e) && varying.includes(e.name)) || e.args.some(isVarying);
      depends.set(e, r);
    }
    return r;
  };
  let dir: Values = {};
  const scope = evalScope((name) => (varying.includes(name) ? dir[name] : values[name]), sizes, info);
  const rec = (x: Expr): Tensor => {
    const fixed = !isVarying(x);
    const key = fixed ? exprKey(x) : "";
    if (fixed) {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
    }
    const v = node(x);
    if (fixed) cache.set(key, v);
    return v;
  };
  // a node's shape does not depend on the direction: a varying node is evaluated once for it
  const shapes = new WeakMap<Expr, readonly number[]>();
  const shapeOf = (e: Expr): readonly number[] => {
    let sh = shapes.get(e);
    if (sh === undefined) shapes.set(e, (sh = rec(e).shape));
    return sh;
  };
  const mulDef = opDef("mul") as SymOpDef;
  const times = (A: Tensor, B: Tensor): Tensor =>
    mulDef.evaluate([A, B], { op: "mul", args: [], start: -1, end: -1 } as never, scope);
  const chainScope: ChainScope = { value: rec, isVarying, times, chain: chainOf, shape: shapeOf };
  /** A factor of a product as a matrix view (a transpose without copying, by its op's rule). */
  const factorOf = (e: Expr): MatFactor | undefined => {
    if (diagVector(e) !== undefined) return undefined;
    const view = defOf(e).view;
    return view === undefined ? matrixView(rec(e)) : view(e as never, (x) => matrixView(rec(x)));
  };
  const fast: FastScope = {
    value: rec,
    varies: isVarying,
    shape: shapeOf,
    // a number, a scalar op, or a value of one entry (the first call's value tells for every call)
    oneByOne: (e) => defOf(e).traits.scalar === true || shapeOf(e).every((n) => n === 1),
    // a number, or a fixed factor already known to be 1×1 (nothing is evaluated to find out)
    knownScalar: (e) => isNum(e) || (!isVarying(e) && cache.get(exprKey(e))?.size === 1),
    memo: <T>(tag: string, e: Expr, make: () => T): T => {
      let m = memos.get(tag);
      if (m === undefined) memos.set(tag, (m = new WeakMap()));
      if (m.has(e)) return m.get(e) as T;
      const v = make();
      m.set(e, v);
      return v;
    },
    diagonalOf: diagVector,
    diagonal: (e) => {
      const v = diagVector(e);
      if (v === undefined) return undefined;
      const t = rec(v);
      return t.ndim === 2 && t.shape[1] === 1 && t.shape[0] > 1 ? t.data : undefined;
    },
    factor: factorOf,
    implicitChain: (fs) => implicitChain(fs, chainScope),
    times,
  };
  const sizesKey = JSON.stringify(sizes);
  /** The planned einsum network at x (a sum of einsums, an einsum of einsums), planned once for these sizes. */
  const networkAt = (x: Expr): PlannedTree | undefined => {
    let bySizes = networks.get(x);
    if (bySizes === undefined) networks.set(x, (bySizes = new Map()));
    let p = bySizes.get(sizesKey);
    if (p === undefined) {
      p = planTree(x, fast.oneByOne, rec) ?? null;
      if (bySizes.size > 8) bySizes.clear();
      bySizes.set(sizesKey, p);
    }
    return p ?? undefined;
  };
  const node = (x: Expr): Tensor => {
    const net = networkAt(x);
    if (net !== undefined) return evaluateTree(net, rec);
    const def = defOf(x);
    const quick = def.fastEval?.(x as never, fast);
    if (quick !== undefined) return quick;
    const args = x.args.map(rec);
    return def.evaluate(args, x as ExprOf<typeof x.op>, scope);
  };
  return (e, d = {}) => {
    dir = d;
    return rec(e);
  };
}
