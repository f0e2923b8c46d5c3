/**
 * diag: a vector x (n) to the n×n diagonal matrix, diag(x)_ij = x_i δ_ij; a square matrix X
 * (n×n) to the vector of its diagonal, diag(X)_i = X_ii. Linear, so its index rule is all
 * the engine needs to differentiate it.
 * @packageDocumentation
 */
import { diag, reshape } from "../../ops/index";
import { diagE } from "../expr";
import { delta, type Factor, indicesOf, type Leaf, leaf, one, product, type Term } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp, type IndexScope } from "../opdef";

export const diagOp = defineOp({
  op: "diag",
  arity: 1,
  help: { usage: "diag(x), diag(X)", meaning: "vector → diagonal matrix; square matrix → its diagonal" },
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
  examples: [
    { expr: "a' * diag(x) * b", wrt: "x", shapes: { a: [3], x: [3], b: [3] } },
    { expr: "diag(A * x)", wrt: "x", shapes: { A: [3, 2], x: [2] } },
    { expr: "diag(X)' * a", wrt: "X", shapes: { X: [3, 3], a: [3] } },
  ],
  print: callPrint("diag", "\\operatorname{diag}"),
  evaluate: ([a]) => {
    // padded operands: a vector is n×1 (→ the n×n diagonal matrix), a square matrix n×n (→ its diagonal, n×1)
    const n = a.shape[0];
    return a.shape[1] === 1 ? diag(reshape(a, [n])) : reshape(diag(a), [n, 1]);
  },
});

/**
 * Index factors rewritten with diag where that makes them matrix factors, so that the matrix
 * forms can be read off: a repeated index is a diagonal, X_aa = diag(X)_a; a vector times a
 * delta between free indices is a diagonal matrix, v_a δ_ab = diag(v)_ab. (Used by the
 * recogniser of matrix forms when a term does not match as it is.)
 */
export function withDiagonals(ix: Pick<IndexScope, "fresh" | "isOne">, term: Term, free: ReadonlySet<string>): Term {
  // the diagonal's size-1 column index: a free one that no factor uses, else a fresh one
  const unused = [...free].filter((i) => ix.isOne(i) && !term.factors.some((f) => indicesOf(f).includes(i)));
  let fs: Factor[] = term.factors.map((f) =>
    f.kind === "leaf" && f.idx.length === 2 && f.idx[0] === f.idx[1]
      ? leaf(diagE(f.expr), [f.idx[0], unused.shift() ?? ix.fresh(1)])
      : f,
  );
  const count = (i: string): number => fs.filter((f) => indicesOf(f).includes(i)).length;
  for (let p = 0; p < fs.length; p++) {
    const d = fs[p];
    if (d.kind !== "delta" || d.a === d.b || !free.has(d.a) || !free.has(d.b)) continue;
    const q = fs.findIndex(
      (f) =>
        f.kind === "leaf" &&
        f.idx.length === 2 &&
        ix.isOne(f.idx[1]) &&
        !ix.isOne(f.idx[0]) &&
        (f.idx[0] === d.a || f.idx[0] === d.b) &&
        count(f.idx[0]) === 2,
    );
    if (q < 0) continue;
    const v = fs[q] as Leaf;
    const other = v.idx[0] === d.a ? d.b : d.a;
    fs = [...fs.filter((_, n) => n !== p && n !== q), leaf(diagE(v.expr), [v.idx[0], other])];
    p = -1;
  }
  return { ...term, factors: fs };
}
