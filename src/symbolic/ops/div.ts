/**
 * Entrywise division `a ./ b` (also `a / b`; a scalar on either side is broadcast, as in
 * `X / s` and `1 ./ x`): d(a ./ b) = da ./ b − (a ./ (b ∘ b)) ∘ db.
 * @packageDocumentation
 */
import { divide } from "../../ops/index";
import { binary, divE, type Expr, exprKey, hadE, mulE, num, subE, withArgs } from "../expr";
import { leaf, one, product, type Term } from "../indexterms";
import { defineOp, type Printer } from "../opdef";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { broadcastPadded, broadcastValues, onesOn, operandIndex, sameShape, zeroOfLinear } from "./common";

/** Where a slash prints: `/` before a scalar, `elementwise` (⊘) otherwise. */
function slash(p: Printer, b: Expr, elementwise: string): string {
  return p.scalar(b) ? " / " : elementwise;
}

export const divOp = defineOp({
  op: "div",
  arity: 2,
  emit: (s, e) => s.call("div", s.value(e.args[0]), s.value(e.args[1])),
  differential: withVariants(rule("quotient rule", divE(X, Y), subE(divE(dX, Y), hadE(divE(X, hadE(Y, Y)), dY))), {
    scalar: rule("quotient rule", divE(X, Y), divE(subE(mulE(dX, Y), mulE(X, dY)), binary("spow", Y, num(2)))),
  }),
  help: { usage: "x ./ y, X / s", meaning: "entrywise division (a scalar on either side is broadcast)" },
  syntax: [{ kind: "infix", tokens: ["./", "/"], level: "product" }],
  traits: { elementwise: true, domain: ["nonzero"] },
  scalarPowers: (e, of) => [...of(e.args[0]), ...of(e.args[1]).map((p) => ({ ...p, exp: -p.exp }))],
  shape: (s, _e, [sa, sb]) => sameShape(s, "the division", sa, sb),
  diff: (ix, e, idx): Term[] => {
    const [a, b] = e.args;
    // an operand broadcast (a scalar, or size 1 along an axis) is indexed with indices of size 1
    const ia = operandIndex(ix, e, a, idx);
    const ib = operandIndex(ix, e, b, idx);
    const out: Term[] = [];
    if (ix.varies(a)) {
      // da ./ b: times ones on the indices neither factor carries
      const bare = idx.filter((i) => !ia.idx.includes(i) && !ib.idx.includes(i));
      const inv = one([leaf(divE(num(1), b), ib.idx), ...onesOn(ix, bare)]);
      out.push(...product([inv], ix.diff(a, ia.idx)));
    }
    if (ix.varies(b)) {
      const quotient = one([leaf(divE(a, hadE(b, b)), idx)], -1);
      out.push(...product([quotient], ix.diff(b, ib.idx)));
    }
    return out;
  },
  examples: [
    { expr: "sum(x ./ y)", wrt: "y", shapes: { x: [3], y: [3] } },
    { expr: "X / tr(X)", wrt: "X", shapes: { X: [3, 3] } },
    { expr: "1 ./ (A * x)", wrt: "x", shapes: { A: [3, 2], x: [2] } },
  ],
  print: {
    prec: 2,
    source: (e, p) => `${p.wrap(e.args[0], 2)} ./ ${p.wrap(e.args[1], 3)}`,
    text: (e, p) => `${p.wrap(e.args[0], 2)}${slash(p, e.args[1], " ⊘ ")}${p.wrap(e.args[1], 3)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 2)}${slash(p, e.args[1], " \\oslash ")}${p.wrap(e.args[1], 3)}`,
  },
  evaluate: (args) => divide(...broadcastValues(args)),
  matrixShape: broadcastPadded,
  // 0 ./ b = 0
  prune: zeroOfLinear,
  divisor: (e) => e.args[1],
  withoutDivision: (e, key) => (exprKey(e.args[1]) === key ? e.args[0] : undefined),
  simplify: {
    weightless: true,
    sumNeedsShape: true,
    sum: (s, e) => {
      const folded = s.fold(e);
      if (folded !== undefined) return s.sum(folded);
      const [a, b] = e.args;
      if (s.isScalarShaped(b)) return [s.times(s.prod(a), s.inverted(s.prod(b)))];
      const [x, y] = [s.simp(a), s.simp(b)];
      // X ⊘ X = 𝟏𝟏ᵀ of X's shape (where it is defined: the division's domain is X ≠ 0)
      if (exprKey(x) === exprKey(y)) return s.sum(s.ones(e));
      return [s.atom(withArgs(e, [x, y]))];
    },
    // a fraction p/q of numbers
    ratio: (e) => {
      const [a, b] = e.args;
      return a.op === "num" && b.op === "num" ? a.value / b.value : undefined;
    },
  },
});
