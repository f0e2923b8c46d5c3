/**
 * The difference A − B of two operands of the same shape.
 * @packageDocumentation
 */
import { sub } from "../../ops/index";
import { subE, negE, num } from "../expr";
import { scaled } from "../indexterms";
import { defineOp } from "../opdef";
import { rule, X, Y, dX, dY } from "./rule";
import { sumFast } from "./fast";
import { broadcastPadded, broadcastIndex, broadcastValues, sameShape, isZero, diagonalOfBoth } from "./common";

export const subOp = defineOp({
  op: "sub",
  arity: 2,
  emit: (s, e) => s.call("sub", s.value(e.args[0]), s.value(e.args[1])),
  differential: rule("difference rule", subE(X, Y), subE(dX, dY)),
  help: { usage: "A - B", meaning: "difference (same shapes)" },
  syntax: [{ kind: "infix", tokens: ["-", "−"], level: "sum" }],
  traits: { polynomial: true, elementwise: true, difference: true },
  shape: (s, _e, [sa, sb]) => sameShape(s, "the difference", sa, sb),
  index: (ix, e, out) => [
    ...broadcastIndex(ix, e, e.args[0], out),
    ...scaled(broadcastIndex(ix, e, e.args[1], out), -1),
  ],
  examples: [{ expr: "X - A * X", wrt: "X", shapes: { A: [2, 2], X: [2, 3] } }],
  print: {
    prec: 1,
    source: (e, p) => `${p.wrap(e.args[0], 1)} - ${p.wrap(e.args[1], 2)}`,
    text: (e, p) => `${p.wrap(e.args[0], 1)} − ${p.wrap(e.args[1], 2)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 1)} - ${p.wrap(e.args[1], 2)}`,
  },
  evaluate: (args) => sub(...broadcastValues(args)),
  fastEval: sumFast,
  diagonalOf: diagonalOfBoth(subE),
  matrixShape: { ...broadcastPadded, through: true },
  terms: (e) => [
    [e.args[0], 1],
    [e.args[1], -1],
  ],
  prune: (e) => {
    const [a, b] = e.args;
    if (isZero(b)) return a;
    if (isZero(a)) return negE(b);
    return a.op === "num" && b.op === "num" ? num(a.value - b.value) : undefined;
  },
  simplify: { weightless: true, sum: (s, e) => [...s.addend(e, e.args[0]), ...s.negated(s.addend(e, e.args[1]))] },
  transpose: (e, tr) => subE(tr(e.args[0]), tr(e.args[1])),
});
