/**
 * log|det A| of a square matrix: d log|det U| = tr(U⁻¹ dU).
 * @packageDocumentation
 */
import { logdet } from "../../linalg/index";
import { reshape } from "../../ops/index";
import { delta } from "../indexterms";
import { fn, trE, mulE, invE } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";
import { squareShape, transposeInside } from "./common";
import { jacobi } from "./det";

export const logdetOp = defineOp({
  op: "logdet",
  arity: 1,
  emit: (s, e) => s.call("logdet", s.value(e.args[0])),
  differential: rule("Jacobi's formula (log-determinant)", fn("logdet", X), trE(mulE(invE(X), dX))),
  help: { usage: "logdet(A)", meaning: "log|det A|" },
  syntax: [{ kind: "call", names: ["logdet"] }],
  traits: { scalar: true, domain: ["positive", "invertible"] },
  shape: (s, _e, [sa]) => {
    squareShape(s, "logdet", sa);
    return [];
  },
  diff: (ix, e, [a, b]) => jacobi(ix, e.args[0], delta(a, b)),
  examples: [{ expr: "logdet(X' * X)", wrt: "X", shapes: { X: [4, 3] } }],
  print: {
    source: (e, p) => `logdet(${p(e.args[0])})`,
    text: (e, p) => (e.args[0].op === "sym" ? `log|det ${p(e.args[0])}|` : `log|det(${p(e.args[0])})|`),
    latex: (e, p) => `\\log\\left|\\det ${p.wrap(e.args[0], 5)}\\right|`,
  },
  evaluate: ([a]) => reshape(logdet(a), [1, 1]),
  transpose: (e) => e,
  simplify: { rewrites: [transposeInside] },
});
