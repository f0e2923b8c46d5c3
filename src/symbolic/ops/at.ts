/**
 * Notation of the component form: the entry `(Z)_kl` of a matrix expression at the index
 * letters k, l (bound to numbers when the form is evaluated entry by entry). Not parsed.
 * @packageDocumentation
 */
import { Tensor } from "../../core/tensor";
import { paren } from "../notation";
import { defineOp } from "../opdef";

export const atOp = defineOp({
  op: "at",
  arity: 1,
  emit: (s) => s.unsupported("(Z)_kl is notation of the component form (an entry at symbolic indices), not a value"),
  help: { usage: "(Z)_kl", meaning: "the entry of Z at the indices k, l (notation of the component form)" },
  syntax: [],
  traits: { scalar: true, notation: true },
  shape: () => [],
  examples: [],
  print: {
    source: (e, p) => `(${p(e.args[0])})_${e.sub.join("")}`,
    text: (e, p) => `${e.args[0].op === "sym" ? p(e.args[0]) : `(${p(e.args[0])})`}_${e.sub.join("")}`,
    latex: (e, p) => `${e.args[0].op === "sym" ? p(e.args[0]) : paren(p(e.args[0]))}_{${e.sub.join("")}}`,
  },
  simplify: { weightless: true },
  evaluate: ([a], e, scope) => {
    const [i, j] = e.sub.length === 2 ? e.sub.map(scope.index) : [scope.index(e.sub[0]), 0];
    return new Tensor(Float64Array.of(a.data[i * a.shape[1] + j]), [1, 1]);
  },
});
