/**
 * The Hadamard (entrywise) product A ∘ B (`A .* B`) of two operands of the same shape.
 * In index notation (A ∘ B)_ij = A_ij B_ij: expanded only when it depends on the variable
 * (otherwise it stays one factor).
 * @packageDocumentation
 */
import { hadamard } from "../../ops/index";
import { hadE, addE } from "../expr";
import { leaf, one, product } from "../indexterms";
import { defineOp } from "../opdef";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { broadcastIndex, broadcastValues, sameShape } from "./common";

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
  shape: (s, _e, [sa, sb]) => sameShape(s, "the Hadamard product", sa, sb),
  index: (ix, e, out) =>
    ix.varies(e)
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
});
