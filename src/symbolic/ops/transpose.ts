/**
 * The transpose Aᵀ (`A'`, `Aᵀ`, `A^T`); for a vector x, xᵀ is a row (1×n).
 * In index notation (Aᵀ)_ij = A_ji.
 * @packageDocumentation
 */
import { transposed } from "../../kernels/gemm";
import { transpose } from "../../ops/index";
import { latexSup } from "../notation";
import { sym, t, withArgs } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";
import { zeroOfLinear } from "./common";

export const transposeOp = defineOp({
  op: "T",
  arity: 1,
  emit: (s, e) => s.call("T", s.value(e.args[0])),
  differential: rule("transpose", t(X), t(dX)),
  help: { usage: "A', Aᵀ, A^T", meaning: "transpose" },
  syntax: [{ kind: "postfix", tokens: ["'", "ᵀ"] }],
  traits: { polynomial: true, transposition: true },
  shape: (s, _e, [sa]) => {
    if (sa.length > 2) s.clash("transpose", "only scalars, vectors and matrices can be transposed");
    if (sa.length === 0) return [];
    if (sa.length === 1) return [s.one, sa[0]];
    return [sa[1], sa[0]];
  },
  index: (ix, e, out) => ix.toIndex(e.args[0], [out[1], out[0]]),
  examples: [{ expr: "A' * X", wrt: "X", shapes: { A: [4, 2], X: [4, 3] } }],
  print: {
    prec: 4,
    source: (e, p) => `${p.wrap(e.args[0], 5)}'`,
    text: (e, p) => {
      const a = e.args[0];
      return a.op === "inv" ? `${p.wrap(a.args[0], 5)}⁻ᵀ` : `${p.wrap(a, 5)}ᵀ`;
    },
    latex: (e, p) => {
      const a = e.args[0];
      return a.op === "inv" ? latexSup(p, a.args[0], "-T") : latexSup(p, a, "T");
    },
  },
  evaluate: ([a]) => transpose(a),
  transpose: (e) => e.args[0],
  // Aᵀ read through A's storage with the strides swapped
  view: (e, of) => {
    const f = of(e.args[0]);
    return f === undefined ? undefined : { view: transposed(f.view), rows: f.cols, cols: f.rows };
  },
  matrixShape: { of: (_e, [a]) => [a[1], a[0]], through: true },
  symmetry: { asOperand: true },
  prune: zeroOfLinear,
  tidy: (e, s) => s.transpose(s.tidy(e.args[0])),
  withoutDivision: (e, _key, of) => {
    const a = of(e.args[0]);
    return a === undefined ? undefined : withArgs(e, [a]);
  },
  simplify: {
    sumNeedsShape: true,
    // the transpose pushed to the leaves (dropped from a symmetric matrix), then read as a sum
    sum: (s, e) => {
      const inner = s.simp(e.args[0]);
      const r = s.transposed(inner);
      if (r.op === "T") return [s.atom(r)];
      const S = sym("S");
      s.note(inner.args.length > 0 ? "move transposes inward" : { lhs: t(S), rhs: S, where: "S symmetric" });
      return s.sum(r);
    },
    // (𝟏)ᵀ of a given shape is a typed constant
    constant: (e) => {
      const a = e.args[0];
      return a.op === "ones" && a.dims !== undefined ? { value: 1, ones: e } : undefined;
    },
    // adj(M)ᵀ / det(M) = M⁻ᵀ
    quotient: (e, of) => {
      const q = of(e.args[0]);
      return q === undefined ? undefined : { divisor: q.divisor, result: t(q.result) };
    },
  },
});
