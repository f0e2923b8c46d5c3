/**
 * A numeric scalar constant (a multiple of the 1×1 identity in index notation).
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { delta, one } from "../indexterms";
import { fmtNum } from "../notation";
import { defineOp } from "../opdef";
import { arg } from "../emit";

export const numOp = defineOp({
  op: "num",
  arity: 0,
  emit: (s, e) => s.call("const", arg.num(e.value)),
  help: { usage: "2, 0.5, 1e-3", meaning: "a number" },
  syntax: [],
  traits: { polynomial: true, scalar: true },
  shape: () => [],
  index: (_ix, e, out) => [one([delta(out[0], out[1])], e.value)],
  examples: [{ expr: "2.5 * X", wrt: "X", shapes: { X: [2, 3] } }],
  print: {
    prec: (e) => (e.value < 0 ? 3 : 5),
    source: (e) => fmtNum(e.value),
    text: (e) => fmtNum(e.value),
    latex: (e) => fmtNum(e.value),
    latexSup: "bare",
  },
  evaluate: (_args, e) => new Tensor(Float64Array.of(e.value), [1, 1]),
  simplify: {
    sum: (_s, e) => [{ coef: e.value, scalars: [], chain: [] }],
    constant: (e) => ({ value: e.value }),
    ratio: (e) => e.value,
  },
});
