/**
 * Powers: entrywise `X .^ p` and the scalar power `s ^ p` (p any real number or a scalar
 * expression; `A ^ k` for a whole k in 1..16 stays the matrix power A·A·…·A):
 * d(Uᵖ) = p U^(p−1) ∘ dU + Uᵖ ∘ log(U) dp.
 * @packageDocumentation
 */
import type { Tensor } from "../../core/tensor";
import { power, reshape } from "../../ops/index";
import {
  addE,
  type BinaryExpr,
  type Expr,
  hadE,
  mulE,
  num,
  powE,
  subE,
  unary,
  binary,
  sym,
  withArgs,
  isNum,
} from "../expr";
import { leaf, one, product, type Term } from "../indexterms";
import { fmtNum } from "../notation";
import { defineOp, type IndexScope, type Printer, type Prod, type SimplifyScope } from "../opdef";
import { rule, X, dX } from "./rule";

/** p U^(p−1), with the exponent folded when p is a number (U^1 = U, U^0 = 1). */
function slope(u: Expr, p: Expr): Expr {
  if (p.op === "num") {
    if (p.value === 1) return num(1);
    const lower = p.value - 1 === 1 ? u : powE(u, num(p.value - 1));
    return mulE(num(p.value), lower);
  }
  return mulE(p, powE(u, subE(p, num(1))));
}

/** The exponent as written: a number plain, anything else in parentheses unless it is an atom. */
function exponent(p: Printer, e: Expr): string {
  return e.op === "num" ? (e.value < 0 ? `(${fmtNum(e.value)})` : fmtNum(e.value)) : p.wrap(e, 5);
}

/** An entrywise exponent as the reciprocal's is written: ^∘2, ^(∘−2), ^∘(p + 1). */
function entrywiseExponent(p: Printer, e: Expr): string {
  if (e.op === "num") return e.value < 0 ? `^(∘−${fmtNum(-e.value)})` : `^∘${fmtNum(e.value)}`;
  return `^∘${p.wrap(e, 5)}`;
}

/** The shared rules of the entrywise power and of the scalar power. */
function powerRules<O extends "pow" | "spow">(op: O) {
  return {
    diff: (ix: IndexScope, e: BinaryExpr<O>, idx: readonly string[]): Term[] => {
      const [u, p] = e.args;
      const out: Term[] = [];
      if (ix.varies(u)) {
        const s = slope(u, p);
        out.push(
          ...(s.op === "num" && s.value === 1 ? ix.diff(u, idx) : product([one([leaf(s, idx)])], ix.diff(u, idx))),
        );
      }
      if (ix.varies(p))
        out.push(...product([one([leaf(hadE(e, unary("log", u)), idx)])], ix.diff(p, [ix.fresh(1), ix.fresh(1)])));
      return out;
    },
    evaluate: ([a, q]: readonly Tensor[]): Tensor => power(a, q.size === 1 ? reshape(q, []) : q),
    op,
    // U^1 = U
    prune: (e: BinaryExpr<O>): Expr | undefined => {
      const p = e.args[1];
      return p.op === "num" && p.value === 1 ? e.args[0] : undefined;
    },
    simplify: {
      weightless: true,
      sumNeedsShape: true,
      asPower: (e: BinaryExpr<O>) => {
        const [b, p] = e.args;
        return p.op === "num" ? { base: b, exp: p.value } : undefined;
      },
      // a scalar to a number: the product's powers raised (a negative base only to whole powers)
      sum: (s: SimplifyScope, e: BinaryExpr<O>): Prod[] => {
        const folded = s.fold(e);
        if (folded !== undefined) return s.sum(folded);
        const [a, p] = e.args;
        if (p.op === "num" && s.isScalarShaped(a)) {
          const pa = s.prod(a);
          if (Number.isInteger(p.value) || pa.coef > 0) return [s.raised(pa, p.value)];
        }
        return [s.atom(s.local(withArgs(e, [s.simp(a), s.simp(p)])))];
      },
    },
  };
}

/** The exponent of a power rule (a metavariable, constant in the rule). */
const P = sym("p");
/** Its differential. */
const dP = sym("dp");

const entrywise = powerRules("pow");

export const powOp = defineOp({
  op: "pow",
  arity: 2,
  emit: (s, e) => s.call("pow", s.value(e.args[0]), s.value(e.args[1])),
  differential: rule(
    "power rule (entrywise)",
    powE(X, P),
    addE(hadE(mulE(P, powE(X, subE(P, num(1)))), dX), mulE(hadE(powE(X, P), unary("log", X)), dP)),
    undefined,
    ["X", "p"],
  ),
  help: { usage: "X .^ p", meaning: "entrywise power (p a number or a scalar expression)" },
  syntax: [{ kind: "power", tokens: [".^"] }],
  traits: { elementwise: true, domain: ["positive"] },
  scalarPowers: (e, of) => {
    const q = e.args[1];
    return isNum(q) && Number.isInteger(q.value)
      ? of(e.args[0]).map((p) => ({ ...p, exp: p.exp * q.value }))
      : undefined;
  },
  shape: (s, _e, [sa, sp]) => {
    if (sp.length !== 0)
      s.clash("the power", "the exponent must be a scalar (X .^ p raises every entry to the power p)");
    return sa;
  },
  diff: entrywise.diff,
  examples: [
    { expr: "sum(X .^ 3)", wrt: "X", shapes: { X: [2, 3] } },
    { expr: "sum(x .^ a)", wrt: "a", shapes: { x: [3], a: [] } },
  ],
  print: {
    prec: 4,
    source: (e, p) => `${p.wrap(e.args[0], 5)} .^ ${exponent(p, e.args[1])}`,
    text: (e, p) => `${p.wrap(e.args[0], 5)}${entrywiseExponent(p, e.args[1])}`,
    latex: (e, p) => `{${p.wrap(e.args[0], 5)}}^{\\circ ${p(e.args[1])}}`,
  },
  evaluate: entrywise.evaluate,
  prune: entrywise.prune,
  simplify: entrywise.simplify,
});

const scalarPower = powerRules("spow");

export const spowOp = defineOp({
  op: "spow",
  arity: 2,
  emit: (s, e) => s.call("pow", s.value(e.args[0]), s.value(e.args[1])),
  differential: rule(
    "power rule",
    binary("spow", X, P),
    addE(mulE(P, binary("spow", X, subE(P, num(1))), dX), mulE(binary("spow", X, P), unary("log", X), dP)),
    undefined,
    ["X", "p"],
  ),
  help: {
    usage: "s ^ p",
    meaning: "a scalar to a power p (any real number or a scalar expression; A^k for whole k is a matrix power)",
  },
  syntax: [],
  traits: { scalar: true, domain: ["positive"] },
  scalarPowers: (e, of) => {
    const q = e.args[1];
    return isNum(q) && Number.isInteger(q.value)
      ? of(e.args[0]).map((p) => ({ ...p, exp: p.exp * q.value }))
      : undefined;
  },
  shape: (s, _e, [sa, sp]) => {
    if (sa.length !== 0)
      s.clash(
        "the power",
        "only a scalar can be raised to a power that is not a whole number 1..16 (use .^ for entrywise powers)",
      );
    if (sp.length !== 0) s.clash("the power", "the exponent must be a scalar");
    return [];
  },
  diff: scalarPower.diff,
  examples: [
    { expr: "(x' * x) ^ 0.5", wrt: "x", shapes: { x: [3] } },
    { expr: "tr(X) ^ s", wrt: "s", shapes: { X: [2, 2], s: [] } },
  ],
  print: {
    prec: 4,
    source: (e, p) => `${p.wrap(e.args[0], 5)} ^ ${exponent(p, e.args[1])}`,
    text: (e, p) => `${p.wrap(e.args[0], 5)}^${exponent(p, e.args[1])}`,
    latex: (e, p) => `{${p.wrap(e.args[0], 5)}}^{${p(e.args[1])}}`,
  },
  evaluate: scalarPower.evaluate,
  prune: scalarPower.prune,
  simplify: scalarPower.simplify,
  transpose: (e) => e,
});
