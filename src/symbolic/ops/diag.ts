/**
 * diag: a vector x (n) to the n×n diagonal matrix, diag(x)_ij = x_i δ_ij; a square matrix X
 * (n×n) to the vector of its diagonal, diag(X)_i = X_ii. Linear, so its index rule is all
 * the engine needs to differentiate it.
 * @packageDocumentation
 */
import { diag, reshape } from "../../ops/index";
import { delta, one, product } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp } from "../opdef";

export const diagOp = defineOp({
  op: "diag",
  arity: 1,
  help: "diag(x), diag(X)   vector → diagonal matrix; square matrix → its diagonal",
  syntax: [{ kind: "call", names: ["diag"] }],
  traits: { polynomial: true },
  shape: (s, _e, [sa]) => {
    if (sa.length === 1) return [sa[0], sa[0]];
    if (sa.length !== 2)
      s.clash("diag", "diag takes a vector (→ a diagonal matrix) or a square matrix (→ its diagonal)");
    if (!s.unify(sa[0], sa[1]))
      s.clash(
        "diag",
        `diag of a matrix needs a square matrix (${s.format([sa[0]])} rows ≠ ${s.format([sa[1]])} columns); diag of a vector gives a diagonal matrix`,
      );
    return [sa[0]];
  },
  index: (ix, e, out) => {
    const x = e.args[0];
    if (ix.shapeOf(x).length === 1) {
      // diag(x)_ij = x_i δ_ij (x padded n×1: its column index has size 1)
      return product(ix.toIndex(x, [out[0], ix.fresh(1)]), [one([delta(out[0], out[1])])]);
    }
    // diag(X)_i = Σ_s X_is δ_is (the result is padded n×1: out[1] has size 1)
    const s = ix.fresh(ix.padded(x)[1]);
    return product(ix.toIndex(x, [out[0], s]), [one([delta(out[0], s)])]);
  },
  print: callPrint("diag", "\\operatorname{diag}"),
  evaluate: ([a]) => {
    // padded operands: a vector is n×1 (→ the n×n diagonal matrix), a square matrix n×n (→ its diagonal, n×1)
    const n = a.shape[0];
    return a.shape[1] === 1 ? diag(reshape(a, [n])) : reshape(diag(a), [n, 1]);
  },
});
