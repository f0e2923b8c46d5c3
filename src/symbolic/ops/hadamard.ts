/**
 * The Hadamard (entrywise) product A ∘ B (`A .* B`) of two operands of the same shape.
 * In index notation (A ∘ B)_ij = A_ij B_ij: expanded only when it depends on the variable
 * (otherwise it stays one factor).
 * @packageDocumentation
 */
import { hadamard } from "../../ops/index";
import { type BinaryExpr, type Expr, exprKey, hadE, addE, mulE, num, onesE, powE, sym, unary } from "../expr";
import { leaf, one, product } from "../indexterms";
import { defineOp, type Prod, type SimplifyScope } from "../opdef";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { broadcastPadded, broadcastIndex, broadcastValues, sameShape, zeroOfProduct } from "./common";

/** An entrywise factor as a power of its base: X.^k is (X, k), X^(∘−1) is (X, −1), any other X is (X, 1). */
export interface EntrywisePower {
  readonly base: Expr;
  readonly key: string;
  readonly exp: number;
}

function asEntrywisePower(x: Expr): EntrywisePower {
  if (x.op === "recip") return { base: x.args[0], key: exprKey(x.args[0]), exp: -1 };
  const [b, k] = x.args as [Expr, Expr];
  if (x.op === "pow" && k.op === "num") return { base: b, key: exprKey(b), exp: k.value };
  return { base: x, key: exprKey(x), exp: 1 };
}

/**
 * The factors of a Hadamard product (a single factor for any other node) as powers of their
 * bases, equal bases merged in order of first appearance: y ∘ σ^(∘−1) ∘ σ ∘ σ is y¹ σ¹.
 */
export function entrywisePowers(e: Expr): EntrywisePower[] {
  const out: EntrywisePower[] = [];
  const walk = (x: Expr): void => {
    if (x.op === "had") return x.args.forEach(walk);
    const p = asEntrywisePower(x);
    const n = out.findIndex((q) => q.key === p.key);
    if (n < 0) out.push(p);
    else out[n] = { ...out[n], exp: out[n].exp + p.exp };
  };
  walk(e);
  return out;
}

/** The Hadamard product of entrywise powers (power 0 dropped); undefined when none is left. */
export function hadamardOfPowers(ps: readonly EntrywisePower[]): Expr | undefined {
  const fs = ps
    .filter((p) => p.exp !== 0)
    .map((p) => (p.exp === 1 ? p.base : p.exp === -1 ? unary("recip", p.base) : powE(p.base, num(p.exp))));
  return fs.length === 0 ? undefined : fs.reduce((a, b) => hadE(a, b));
}

/**
 * A Hadamard product with equal factors merged into powers (a ∘ a = a^∘2) and reciprocals
 * cancelled (y ∘ σ^(∘−1) ∘ σ = y); the same node when no two factors share a base, undefined
 * when everything cancels.
 */
function mergedPowers(s: SimplifyScope, e: Expr): Expr | undefined {
  let n = 0;
  const count = (x: Expr): void => (x.op === "had" ? x.args.forEach(count) : void n++);
  count(e);
  const ps = entrywisePowers(e);
  if (ps.length === n) return e;
  const a = sym("a");
  s.note(
    ps.some((p) => p.exp === 0)
      ? { lhs: hadE(unary("recip", X), X), rhs: onesE(1) }
      : { lhs: hadE(a, a), rhs: powE(a, num(2)) },
  );
  return hadamardOfPowers(ps);
}

/** A ∘ B as a sum of products: scalars and coefficients of the operands come out in front. */
function hadamardSum(s: SimplifyScope, e: BinaryExpr<"had">): Prod[] {
  const folded = s.fold(e);
  if (folded !== undefined) return s.sum(folded);
  const [a, b] = e.args;
  if (s.isScalarShaped(a) || s.isScalarShaped(b)) return [s.times(s.prod(a), s.prod(b))];
  const x = s.simp(a);
  const y = s.simp(b);
  if (s.isUnit(x)) return s.sum(y);
  if (s.isUnit(y)) return s.sum(x);
  // c𝟏 ∘ Y = cY (the typed constant has the node's shape)
  const cx = s.constant(x);
  if (cx?.ones !== undefined) return s.sum(mulE(num(cx.value), y));
  const cy = s.constant(y);
  if (cy?.ones !== undefined) return s.sum(mulE(num(cy.value), x));
  // (2A) ∘ B = 2(A ∘ B)
  const px = s.prod(x);
  const py = s.prod(y);
  const joined = hadE(s.expr({ ...px, coef: 1, scalars: [] }), s.expr({ ...py, coef: 1, scalars: [] }));
  // a ∘ a = a^∘2; X^(∘−1) ∘ X = 𝟏 of X's shape (where it is defined: the reciprocal's domain is X ≠ 0)
  const core = mergedPowers(s, joined) ?? s.ones(e);
  return [
    s.times({ coef: px.coef * py.coef, scalars: s.mergePowers(px.scalars, py.scalars), chain: [] }, s.atom(core)),
  ];
}

export const hadamardOp = defineOp({
  op: "had",
  arity: 2,
  emit: (s, e) => s.call("had", s.value(e.args[0]), s.value(e.args[1])),
  differential: withVariants(rule("product rule (Hadamard)", hadE(X, Y), addE(hadE(dX, Y), hadE(X, dY))), {
    constantFactor: "constant factor (Hadamard)",
  }),
  help: { usage: "A .* B, A ∘ B", meaning: "Hadamard (entrywise) product" },
  syntax: [{ kind: "infix", tokens: [".*", "∘", "⊙"], level: "product" }],
  traits: { polynomial: true, elementwise: true, product: true },
  // a 1×1 Hadamard product has 1×1 operands (a 1×1 matrix product need not: uᵀv)
  scalarPowers: (e, of) => [...of(e.args[0]), ...of(e.args[1])],
  shape: (s, _e, [sa, sb]) => sameShape(s, "the Hadamard product", sa, sb),
  index: (ix, e, out) =>
    ix.varies(e) || ix.hasFacts(e)
      ? product(broadcastIndex(ix, e, e.args[0], out), broadcastIndex(ix, e, e.args[1], out))
      : [one([leaf(e, out)])],
  diff: (ix, e, idx) =>
    ix.diffTerms(product(broadcastIndex(ix, e, e.args[0], idx), broadcastIndex(ix, e, e.args[1], idx))),
  examples: [{ expr: "X .* A", wrt: "X", shapes: { A: [2, 3], X: [2, 3] } }],
  print: {
    prec: 2,
    source: (e, p) => `${p.wrap(e.args[0], 2)} .* ${p.wrap(e.args[1], 3)}`,
    text: (e, p) => `${p.wrap(e.args[0], 2)} ∘ ${p.wrap(e.args[1], 3)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 2)} \\circ ${p.wrap(e.args[1], 3)}`,
  },
  evaluate: (args) => hadamard(...broadcastValues(args)),
  transpose: (e, tr) => hadE(tr(e.args[0]), tr(e.args[1])),
  matrixShape: broadcastPadded,
  commutative: true,
  prune: zeroOfProduct,
  // a scalar goes into one operand of a Hadamard product: s · (A ∘ B) = (s·A) ∘ B
  withoutDivision: (e, _key, of) => {
    const l = of(e.args[0]);
    if (l !== undefined) return hadE(l, e.args[1]);
    const r = of(e.args[1]);
    return r === undefined ? undefined : hadE(e.args[0], r);
  },
  // a 1×1 identity drops
  tidy: (e, s) => {
    const a = s.tidy(e.args[0]);
    const b = s.tidy(e.args[1]);
    if (s.isUnit(a)) return b;
    if (s.isUnit(b)) return a;
    return hadE(a, b);
  },
  simplify: { weightless: true, sumNeedsShape: true, sum: hadamardSum },
});
