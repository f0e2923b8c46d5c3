/**
 * vec(A): the columns of A stacked into one vector (mn for A m×n). In index notation
 * vec(U)[(j i)] = U[i, j]: the column index is the slow part of the composite index.
 * @packageDocumentation
 */
import { reshape } from "../../ops/index";
import { vec } from "../../special/index";
import { leaf, one, product, split } from "../indexterms";
import { callPrint, paren } from "../notation";
import { vecE } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";
import { zeroOfLinear } from "./common";

export const vecOp = defineOp({
  op: "vec",
  arity: 1,
  emit: (s, e) => s.call("vec", s.value(e.args[0])),
  differential: rule("linearity of vec", vecE(X), vecE(dX)),
  help: { usage: "vec(A)", meaning: "the columns of A stacked" },
  syntax: [{ kind: "call", names: ["vec"] }],
  traits: { polynomial: true },
  shape: (s, _e, [sa]) => {
    if (sa.length > 2) s.clash("vec", "vec takes a matrix");
    const p = s.pad(sa);
    return [s.times(p[0], p[1])];
  },
  diff: (ix, e, [w]) => {
    const [m, n] = ix.padded(e.args[0]);
    const i = ix.fresh(m);
    const j = ix.fresh(n);
    return product([one([split(w, j, i)])], ix.diff(e.args[0], [i, j]));
  },
  unsplit: (e, [w], splitOf) => {
    const sp = splitOf(w);
    return sp === undefined ? undefined : { factors: [leaf(e.args[0], [sp.b, sp.a])], consumed: [sp] };
  },
  examples: [{ expr: "vec(A * X)", wrt: "X", shapes: { A: [4, 2], X: [2, 3] } }],
  print: { ...callPrint("vec", "\\operatorname{vec}"), latex: (e, p) => `\\operatorname{vec}${paren(p(e.args[0]))}` },
  prune: zeroOfLinear,
  evaluate: ([a]) => {
    const v = vec(a);
    return reshape(v, [v.shape[0], 1]);
  },
});
