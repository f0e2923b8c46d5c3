/**
 * A derivative in index notation written back as an expression tree of einsum contractions:
 * each term is one `einsum` of its factors (leaves at their indices, each Kronecker delta δ_ab an
 * identity I(n), so a product of deltas is the N-axis identity tensor α), times its coefficient.
 * The tensor form of a derivative with respect to a tensor is this tree with the output indices
 * of the Jacobian; the gradient is it for a scalar-valued expression; the linear operator
 * (`d.at(values)`) contracts it with a direction dX (jvp) or a cotangent W (vjp) — never forming
 * the dense Jacobian.
 * @packageDocumentation
 */
import { type Dim, type Expr, einsumE, identity, mulE, num, onesE, sizeE, sym } from "../expr";
import type { Factor, IndexSum } from "../indexterms";
import type { IndexContext } from "../ricci";
import { inferShapes } from "../shapes";
import { type DerivativeForm, type FormContext, type FormInput, partialLatex, signedSum, treeForm } from "./context";
import { evaluatePadded } from "../evaluate";
import { reshape } from "../../ops/index";
import { zeros } from "../../create/index";
import { dimValue } from "../shapes";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** An operand contracted with every term (a direction dX on the variable's indices, a cotangent W on the result's). */
export interface Contracted {
  readonly expr: Expr;
  /** Its indices, one per true axis. */
  readonly idx: readonly string[];
}

/** The indices of a padded shape that are true axes: all of them for two or more axes. */
export function trueIndices(idx: readonly string[], shape: readonly Dim[]): string[] {
  return shape.length >= 2 ? [...idx] : idx.slice(0, shape.length);
}

/** The true number of axes of a leaf's expression. */
function rankOf(ctx: IndexContext, e: Expr): number {
  try {
    return ctx.shapeOf(e).length;
  } catch {
    return inferShapes(e, ctx.info.shapes).shape.length;
  }
}

/**
 * The index sum as a tree with output indices `out` (true axes, in order), each term contracted
 * with `extra`; undefined when a term has a composite index (vec, kron: no einsum of it).
 */
export function indexSumTree(
  ctx: IndexContext,
  sum: IndexSum,
  out: readonly string[],
  extra: readonly Contracted[] = [],
): Expr | undefined {
  if (sum.terms.some((t) => t.factors.some((f) => f.kind === "split"))) return undefined;
  const keep = new Set(out);
  const parts = sum.terms.map((term) => {
    const operands: { e: Expr; idx: string[] }[] = [];
    const fs: (Factor | Contracted)[] = [...term.factors, ...extra];
    for (const f of fs) {
      if ("kind" in f && f.kind === "delta") {
        if (ctx.isOne(f.a) && ctx.isOne(f.b) && !keep.has(f.a) && !keep.has(f.b)) continue;
        operands.push({ e: identity(ctx.size(f.a)), idx: [f.a, f.b] });
      } else if ("kind" in f && f.kind === "leaf") {
        const r = f.idx.length > 2 ? f.idx.length : rankOf(ctx, f.expr);
        operands.push({ e: f.expr, idx: r >= 2 ? [...f.idx] : f.idx.slice(0, r) });
      } else if (!("kind" in f)) operands.push({ e: f.expr, idx: [...f.idx] });
    }
    // an output index no factor uses: the term is constant along it (a vector of ones)
    for (const o of out)
      if (!operands.some((x) => x.idx.includes(o))) operands.push({ e: onesE(1, [ctx.size(o)]), idx: [o] });
    const letters = new Map<string, string>();
    const letter = (i: string): string => {
      let c = letters.get(i);
      if (c === undefined) {
        c = LETTERS[letters.size] ?? `?${letters.size}`;
        letters.set(i, c);
      }
      return c;
    };
    out.forEach(letter);
    for (const x of operands) x.idx.forEach(letter);
    if (letters.size > LETTERS.length) return undefined;
    const specIn = operands.map((x) => x.idx.map(letter).join(""));
    const specOut = out.map(letter).join("");
    let body: Expr;
    if (operands.length === 0) body = num(1);
    else if (operands.length === 1 && specIn[0] === specOut) body = operands[0].e;
    else body = einsumE(`${specIn.join(",")}->${specOut}`, operands[0].e, ...operands.slice(1).map((x) => x.e));
    for (const d of term.dims) body = mulE(sizeE(d), body);
    const c = Math.abs(term.coef);
    if (c !== 1) body = mulE(num(c), body);
    return { sign: (term.coef < 0 ? -1 : 1) as 1 | -1, body };
  });
  if (parts.some((p) => p === undefined)) return undefined;
  return signedSum(parts as { sign: 1 | -1; body: Expr }[]);
}

/**
 * A derivation with tensors in it: the variable, the result or some node of the expression has
 * more than two axes (the matrix forms' kind terms do not describe it; einsum trees do).
 */
export function tensorOrder(fc: FormContext): boolean {
  if (fc.wrtShape.length > 2 || fc.resultShape.length > 2) return true;
  const info = fc.ctx.info;
  const big = (e: Expr): boolean => info.shapeOf(e).length > 2 || e.args.some(big);
  try {
    return big(fc.expr);
  } catch {
    return false;
  }
}

/** The result's and the variable's true indices in a derivation's index sum. */
function sides(fc: FormContext, sum: IndexSum): { y: string[]; a: string[] } {
  const nY = sum.out.length - fc.aPad.length;
  return {
    y: trueIndices(sum.out.slice(0, nY), fc.resultShape),
    a: trueIndices(sum.out.slice(nY), fc.wrtShape),
  };
}

/**
 * The derivative as a tree: the Jacobian (shape [...shape(Y), ...shape(X)]), or contracted with
 * the symbol `name` on the variable's axes (`jvp`: dY for a direction) or on the result's
 * (`vjp`: the cotangent's pull-back, of the variable's shape).
 */
export function derivativeTree(
  fc: FormContext,
  sum: IndexSum,
  mode: "jacobian" | "jvp" | "vjp",
  name = "",
): Expr | undefined {
  const { y, a } = sides(fc, sum);
  if (mode === "jacobian") return indexSumTree(fc.ctx, sum, [...y, ...a]);
  if (mode === "jvp") return indexSumTree(fc.ctx, sum, y, [{ expr: sym(name), idx: a }]);
  return indexSumTree(fc.ctx, sum, a, [{ expr: sym(name), idx: y }]);
}

/**
 * The tensor form of a derivative of tensors: the Jacobian as einsum contractions with identity
 * tensors (each δ an I, their product the N-axis α); a scalar's is its gradient.
 */
export function einsumTensorForm(input: FormInput): DerivativeForm | undefined {
  const { fc } = input;
  const T = derivativeTree(fc, input.sum, "jacobian");
  if (T === undefined) return undefined;
  const scalar = fc.resultShape.length === 0;
  const title = scalar
    ? `Tensor form (a scalar's derivative has the shape of ${fc.wrt})`
    : `Tensor form (einsum contractions with identity tensors; shape [...shape(Y), ...shape(${fc.wrt})])`;
  return treeForm("tensor", title, partialLatex(fc), T, (values) => {
    const sizes = fc.sizes(values);
    const shape = [...fc.resultShape, ...fc.wrtShape].map((d) => dimValue(d, sizes));
    const v = evaluatePadded(T, values, sizes, fc.ctx.info);
    return v.size === 1 && v.data[0] === 0 && shape.length > 0 ? zeros(shape) : reshape(v, shape);
  });
}
