/**
 * A symbol: a scalar, vector or matrix given by name. Its derivative with respect to itself
 * is ∂X_ab/∂X_kl = δ_ak δ_bl.
 * @packageDocumentation
 */
import { delta, leaf, one } from "../indexterms";
import { isDifferential, latexName } from "../notation";
import { defineOp, type Padded } from "../opdef";

const isOneByOne = (s: Padded | undefined): boolean => s !== undefined && s[0] === 1 && s[1] === 1;
import { arg } from "../emit";

export const symOp = defineOp({
  op: "sym",
  arity: 0,
  emit: (s, e) => s.call("arg", arg.name(e.name)),
  help: { usage: "A, x, X1, A_k", meaning: "a symbol: one letter, then digits or _sub (lowercase: a column vector)" },
  syntax: [],
  traits: { polynomial: true },
  shape: (s, e) => s.symbol(e.name),
  index: (_ix, e, out) => [one([leaf(e, out)])],
  diff: (ix, _e, idx) => [one(idx.map((i, n) => delta(i, ix.variableIndices[n])))],
  examples: [{ expr: "A", wrt: "A", shapes: { A: [2, 3] } }],
  print: {
    source: (e) => e.name,
    text: (e) => e.name,
    latex: (e) => latexName(e.name),
    latexSup: (e) => (isDifferential(e.name) ? "braced" : "bare"),
  },
  matrixShape: {
    of: (e, _args, symbols) => {
      const s = symbols[e.name];
      if (s === undefined || s.length > 2) return undefined;
      return s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [s[0], s[1]];
    },
  },
  // declared symmetric, or 1×1
  symmetry: { leaf: (e, s) => s.declared(e.name) || isOneByOne(s.shape(e)) },
  evaluate: (_args, e, scope) => scope.symbol(e.name),
});
