/**
 * Negation −A.
 * @packageDocumentation
 */
import { neg } from "../../ops/index";
import { type Expr, negE, withArgs } from "../expr";
import { scaled } from "../indexterms";
import { defineOp, type Printer } from "../opdef";
import { rule, X, dX } from "./rule";
import { samePadded, zeroOfLinear } from "./common";

/** −AB needs no parentheses, −(A ⊗ B) and −(A ∘ B) do. */
function operand(p: Printer, x: Expr, open: string, close: string): string {
  return p.prec(x) === 2 && x.op !== "mul" ? `${open}${p(x)}${close}` : p.wrap(x, 2);
}

export const negOp = defineOp({
  op: "neg",
  arity: 1,
  emit: (s, e) => s.call("neg", s.value(e.args[0])),
  differential: rule("negation", negE(X), negE(dX)),
  help: { usage: "-A", meaning: "negation" },
  syntax: [{ kind: "prefix", tokens: ["-", "−"] }],
  traits: { polynomial: true, elementwise: true, negation: true },
  shape: (_s, _e, [sa]) => sa,
  index: (ix, e, out) => scaled(ix.toIndex(e.args[0], out), -1),
  examples: [{ expr: "-(A * X)", wrt: "X", shapes: { A: [4, 2], X: [2, 3] } }],
  print: {
    prec: 3,
    source: (e, p) => `-${p.wrap(e.args[0], 3)}`,
    text: (e, p) => `−${operand(p, e.args[0], "(", ")")}`,
    latex: (e, p) => `-${operand(p, e.args[0], "\\left(", "\\right)")}`,
  },
  evaluate: ([a]) => neg(a),
  transpose: (e, tr) => negE(tr(e.args[0])),
  diagonalOf: (e, of) => {
    const v = of(e.args[0]);
    return v === undefined ? undefined : negE(v);
  },
  matrixShape: { ...samePadded, through: true },
  symmetry: { asOperand: true },
  terms: (e) => [[e.args[0], -1]],
  prune: zeroOfLinear,
  withoutDivision: (e, _key, of) => {
    const a = of(e.args[0]);
    return a === undefined ? undefined : withArgs(e, [a]);
  },
  simplify: {
    weightless: true,
    sum: (s, e) => s.negated(s.sum(e.args[0])),
    constant: (e, of) => {
      const c = of(e.args[0]);
      return c === undefined ? undefined : { ...c, value: -c.value };
    },
  },
});
