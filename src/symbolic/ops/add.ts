/**
 * The sum A + B of two operands of the same shape.
 * @packageDocumentation
 */
import { add } from "../../ops/index";
import { addE, num } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, Y, dX, dY } from "./rule";
import { plusTransposeFast, sumFast } from "./fast";
import { broadcastPadded, broadcastIndex, broadcastValues, sameShape, isZero, diagonalOfBoth } from "./common";

export const addOp = defineOp({
  op: "add",
  arity: 2,
  emit: (s, e) => s.call("add", s.value(e.args[0]), s.value(e.args[1])),
  differential: rule("sum rule", addE(X, Y), addE(dX, dY)),
  help: { usage: "A + B", meaning: "sum (same shapes)" },
  syntax: [{ kind: "infix", tokens: ["+"], level: "sum" }],
  traits: { polynomial: true, elementwise: true },
  shape: (s, _e, [sa, sb]) => sameShape(s, "the sum", sa, sb),
  index: (ix, e, out) => [...broadcastIndex(ix, e, e.args[0], out), ...broadcastIndex(ix, e, e.args[1], out)],
  examples: [{ expr: "A * X + X", wrt: "X", shapes: { A: [2, 2], X: [2, 3] } }],
  print: {
    prec: 1,
    source: (e, p) => `${p.wrap(e.args[0], 1)} + ${p.wrap(e.args[1], 2)}`,
    text: (e, p) => `${p.wrap(e.args[0], 1)} + ${p.wrap(e.args[1], 2)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 1)} + ${p.wrap(e.args[1], 2)}`,
  },
  evaluate: (args) => add(...broadcastValues(args)),
  transpose: (e, tr) => addE(tr(e.args[0]), tr(e.args[1])),
  fastEval: (e, s) => sumFast(e, s) ?? plusTransposeFast(e, s),
  // diag(a) + diag(b) = diag(a + b)
  diagonalOf: diagonalOfBoth(addE),
  matrixShape: { ...broadcastPadded, through: true },
  terms: (e) => [
    [e.args[0], 1],
    [e.args[1], 1],
  ],
  prune: (e) => {
    const [a, b] = e.args;
    if (isZero(a)) return b;
    if (isZero(b)) return a;
    return a.op === "num" && b.op === "num" ? num(a.value + b.value) : undefined;
  },
  simplify: { weightless: true, sum: (s, e) => [...s.addend(e, e.args[0]), ...s.addend(e, e.args[1])] },
});
