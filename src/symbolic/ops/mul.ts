/**
 * The product `A * B` (also `AB`, `x'Ax`, `2A` by juxtaposition): a scalar multiple when
 * either side is a scalar, a matrix product for matrices and vectors, a single contraction
 * (last axis of the left with the first of the right) for higher orders.
 * In index notation (AB)_ij = A_is B_sj.
 * @packageDocumentation
 */
import { paddedProduct } from "../../products/index";
import { type Expr, productE, mulE, addE, num } from "../expr";
import { product } from "../indexterms";
import { isDifferential } from "../notation";
import { defineOp, type Printer } from "../opdef";
import { arg, type EmitArg, type EmitRef, type EmitScope } from "../emit";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { productFast } from "./fast";
import { isZero } from "./common";

/** The left spine of a product: ((a b) c) → [a, b, c]; right operands stay whole. */
export function flatLeft(x: Expr): Expr[] {
  return x.op === "mul" ? [...flatLeft(x.args[0]), x.args[1]] : [x];
}

/**
 * Juxtaposed factors are set apart by a space where the factor at the join is a differential
 * (`A dX B`), a subscripted symbol (`X E_kl Y`) or an entry `(Z)_kl`.
 */
function spacedAt(e: Expr, side: 0 | 1): boolean {
  if (e.op === "sym") return isDifferential(e.name) || e.name.includes("_");
  if (e.op === "at") return true;
  if (e.op === "T") return spacedAt(e.args[0], side);
  if (e.op === "mul") return spacedAt(e.args[side], side);
  return false;
}

/** True when the printed factor starts with a minus sign (−A, −2). */
const negativeLead = (x: Expr): boolean => x.op === "neg" || (x.op === "num" && x.value < 0);

/**
 * Other products inside a product are parenthesized: (A ∘ B)C, (A ⊗ B)C; so is a negated factor
 * after the first (xᵀ(−A)x, not xᵀ−Ax, which reads as a subtraction).
 */
function operand(p: Printer, x: Expr, min: number, open: string, close: string): string {
  if ((p.prec(x) === 2 && x.op !== "mul") || (min === 3 && negativeLead(x))) return `${open}${p(x)}${close}`;
  return p.wrap(x, min);
}

/** True when the factor at the join is a differential (dX, dXᵀ). */
function differentialAt(e: Expr, side: 0 | 1): boolean {
  if (e.op === "sym") return isDifferential(e.name);
  if (e.op === "T") return differentialAt(e.args[0], side);
  if (e.op === "mul") return differentialAt(e.args[side], side);
  return false;
}

/** A factor of a product as code: a transposed matrix is passed untransposed with a flag (no copy). */
function operandOf(s: EmitScope, x: Expr): [EmitRef, EmitArg] {
  const inner = x.op === "T" ? x.args[0] : undefined;
  if (inner !== undefined && (s.shapeOf(inner)?.length ?? 3) <= 2) return [s.value(inner), arg.bool(true)];
  return [s.value(x), arg.bool(false)];
}

const isWordy = (s: string): boolean => /^[A-Za-z0-9_]/.test(s);

export const mulOp = defineOp({
  op: "mul",
  arity: 2,
  emit: (s, e) => {
    // a number times anything is a scaling, whatever the other side's shape
    const [x, y] = e.args;
    if (x.op === "num") return s.call("scale", s.value(y), arg.num(x.value));
    if (y.op === "num") return s.call("scale", s.value(x), arg.num(y.value));
    const [[a, ta], [b, tb]] = e.args.map((z) => operandOf(s, z));
    return s.call("mul", a, b, ta, tb);
  },
  differential: withVariants(rule("product rule", mulE(X, Y), addE(mulE(dX, Y), mulE(X, dY))), {
    constantFactor: "constant factor",
  }),
  help: { usage: "A * B, AB, 2A", meaning: "product (scalar multiple, matrix product, or single contraction)" },
  syntax: [{ kind: "infix", tokens: ["*", "·"], level: "product" }],
  traits: { polynomial: true, product: true, matrixProduct: true },
  shape: (s, _e, [sa, sb]) => {
    if (sa.length === 0) return sb;
    if (sb.length === 0) return sa;
    if (sa.length <= 2 && sb.length <= 2) {
      const pa = s.pad(sa);
      const pb = s.pad(sb);
      if (!s.unify(pa[1], pb[0]))
        s.clash(
          "the product",
          `a product needs columns of the left = rows of the right (${s.format([pa[1]])} ≠ ${s.format([pb[0]])})`,
        );
      if (sb.length === 1) return sa.length === 2 && s.isOne(pa[0]) ? [] : [pa[0]];
      return [pa[0], pb[1]];
    }
    const ta = sa.length <= 2 ? s.pad(sa) : sa;
    const tb = sb.length <= 2 ? s.pad(sb) : sb;
    if (!s.unify(ta[ta.length - 1], tb[0]))
      s.clash("the single contraction", "the last axis of the left must match the first axis of the right");
    return [...ta.slice(0, -1), ...tb.slice(1)];
  },
  index: (ix, e, out) => {
    const [a, b] = e.args;
    const sa = ix.shapeOf(a);
    const sb = ix.shapeOf(b);
    if (sa.length === 0 || sb.length === 0) {
      const [scalar, other] = sa.length === 0 ? [a, b] : [b, a];
      return product(ix.toIndex(scalar, [ix.fresh(1), ix.fresh(1)]), ix.toIndex(other, out));
    }
    const pa = ix.padded(a);
    const s = ix.fresh(pa[pa.length - 1]);
    const la = pa.length - 1;
    return product(ix.toIndex(a, [...out.slice(0, la), s]), ix.toIndex(b, [s, ...out.slice(la)]));
  },
  examples: [
    { expr: "A * X * B", wrt: "X", shapes: { A: [4, 2], X: [2, 3], B: [3, 5] } },
    { expr: "x' * A * x", wrt: "x", shapes: { A: [3, 3], x: [3] } },
    { expr: "s * X", wrt: "s", shapes: { s: [], X: [2, 3] } },
  ],
  print: {
    prec: 2,
    source: (e, p) => `${p.wrap(e.args[0], 2)} * ${p.wrap(e.args[1], 3)}`,
    text: (e, p) => {
      const [a, b] = e.args;
      const l = operand(p, a, 2, "(", ")");
      const r = operand(p, b, 3, "(", ")");
      if (spacedAt(a, 1) || spacedAt(b, 0)) return `${l} ${r}`;
      // a function written by name after a letter is set apart: K vec(X), W tr(Zᵀ dA)
      if (/^[a-z]{2,}\(/.test(r) && !/[\d)]$/.test(l)) return `${l} ${r}`;
      // a leaf named by more than one character (X1, a dimension d1) is set apart by a dot
      const long = (x: Expr, text: string): boolean => x.args.length === 0 && /^[A-Za-z][A-Za-z0-9_]+$/.test(text);
      const multi = long(a, l) || long(b, r);
      const dot =
        (isWordy(r) && /[A-Za-z0-9_]$/.test(l) && (multi || (/\d$/.test(l) && /^\d/.test(r)))) || b.op === "num";
      return l + (dot ? "·" : "") + r;
    },
    latex: (e, p) => {
      const [a, b] = e.args;
      const l = operand(p, a, 2, "\\left(", "\\right)");
      const r = operand(p, b, 3, "\\left(", "\\right)");
      // a thin space sets a differential apart from its neighbours: A \, \mathrm{d}X \, B
      const gap = differentialAt(a, 1) || differentialAt(b, 0) ? " \\, " : " ";
      return `${l}${gap}${b.op === "num" ? "\\cdot " : ""}${r}`;
    },
  },
  evaluate: ([A, B]) => paddedProduct(A, B),
  fastEval: productFast,
  // a scalar times a tensor (of a rank its context tells) is a contraction: the scalar has no axes
  contraction: (e, rank, isScalar) => {
    if (rank === undefined) return undefined;
    const axes = [...Array(rank).keys()];
    if (isScalar(e.args[0])) return { inputs: [[], axes], output: axes };
    if (isScalar(e.args[1])) return { inputs: [axes, []], output: axes };
    return undefined;
  },
  matrixShape: {
    through: true,
    of: (_e, [a, b]) => {
      if (a[1] === b[0]) return [a[0], b[1]];
      if (a[0] === 1 && a[1] === 1) return b;
      if (b[0] === 1 && b[1] === 1) return a;
      return undefined;
    },
  },
  prune: (e) => {
    const [a, b] = e.args;
    if (isZero(a) || isZero(b)) return num(0);
    if (a.op === "num" && b.op === "num") return num(a.value * b.value);
    if (a.op === "num" && a.value === 1) return b;
    if (b.op === "num" && b.value === 1) return a;
    return undefined;
  },
  withoutDivision: (e, _key, of, isUnit) => {
    const [a, b] = e.args;
    const l = of(a);
    if (l !== undefined) return isUnit(l) ? b : mulE(l, b);
    const r = of(b);
    return r === undefined ? undefined : isUnit(r) ? a : mulE(a, r);
  },
  // re-associate the left spine (a right operand that is a product stays whole: it may be a
  // scalar multiplier such as (zᵀ dx)), drop identities, rebuild left to right
  tidy: (e, s) => {
    const spine = flatLeft(e).map(s.tidy);
    const fs = [...flatLeft(spine[0]), ...spine.slice(1)];
    const kept = fs.filter((f) => !s.isUnit(f));
    const nonId = kept.filter((f) => !s.isIdentity(f));
    const ids = kept.filter(s.isIdentity);
    // keep one identity when everything else is a scalar (2·I is not 2)
    const restShape = nonId.length === 0 || ids.length === 0 ? undefined : s.shape(productE(nonId));
    const scalarOnly = restShape !== undefined ? restShape[0] === 1 && restShape[1] === 1 : nonId.every(s.isScalarOp);
    const parts =
      nonId.length === 0
        ? kept.length > 0
          ? [kept[0]]
          : [fs[0]]
        : scalarOnly && ids.length > 0
          ? [...nonId, ids[0]]
          : nonId;
    return productE(s.cancelScalars(parts));
  },
  simplify: {
    weightless: true,
    sum: (s, e) => s.product(e.args[0], e.args[1]),
    // k · (c𝟏) is the constant kc·𝟏
    constant: (e, of, ratio) => {
      const k = ratio(e.args[0]);
      const c = of(e.args[1]);
      return k !== undefined && c?.ones !== undefined ? { value: k * c.value, ones: c.ones } : undefined;
    },
  },
  // (s·A·B)ᵀ = s·BᵀAᵀ: a 1×1 prefix of the chain (a scalar, or a product such as yᵀ𝟏) that
  // multiplies what follows as a scalar stays in front, untransposed
  transpose: (e, tr, shape) => {
    const fs = flatLeft(e);
    const oneByOne = (x: Expr): boolean => {
      const s = shape(x);
      return s !== undefined && s[0] === 1 && s[1] === 1;
    };
    const scalars: Expr[] = [];
    let start = 0;
    for (let k = 0; k < fs.length - 1; k++) {
      // the prefix fs[start..k] is 1×1 when it starts with a row and ends with a column
      const first = shape(fs[start]);
      const last = shape(fs[k]);
      if (first?.[0] === 1 && last?.[1] === 1 && shape(fs[k + 1])?.[0] !== 1) {
        scalars.push(productE(fs.slice(start, k + 1)));
        start = k + 1;
      }
    }
    const rest = fs.slice(start);
    if (rest.length === 1 && oneByOne(rest[0])) return e;
    const rev = rest.reverse().map(tr);
    const all = [...scalars, ...flatLeft(rev[0]), ...rev.slice(1)];
    return productE(all);
  },
});
