/**
 * diag: a vector x (n) to the n×n diagonal matrix, diag(x)_ij = x_i δ_ij; a square matrix X
 * (n×n) to the vector of its diagonal, diag(X)_i = X_ii. Linear, so its index rule is all
 * the engine needs to differentiate it.
 * @packageDocumentation
 */
import { diag, reshape } from "../../ops/index";
import { diagE } from "../expr";
import { delta, type Factor, indicesOf, leaf, one, product, type Term } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp, type IndexScope } from "../opdef";
import { rule, X, dX } from "./rule";
import { zeroOfLinear } from "./common";

export const diagOp = defineOp({
  op: "diag",
  arity: 1,
  emit: (s, e) => s.call("diag", s.value(e.args[0])),
  differential: rule("linearity of diag", diagE(X), diagE(dX)),
  help: { usage: "diag(x), diag(X)", meaning: "vector → diagonal matrix; square matrix → its diagonal" },
  syntax: [{ kind: "call", names: ["diag"] }],
  traits: { polynomial: true, linear: true },
  shape: (s, _e, [sa]) => {
    if (sa.length === 1) return [sa[0], sa[0]];
    // an n×1 matrix (a kept axis: the sums of each row) is a column like a vector
    if (sa.length === 2 && s.isOne(sa[1]) && !s.isOne(sa[0]) && !s.isUnknown(sa[0])) return [sa[0], sa[0]];
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
    const p = ix.padded(x);
    if (ix.shapeOf(x).length === 1 || (p[1] === 1 && p[0] !== 1)) {
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
  // the diagonal matrix of a vector is symmetric
  transpose: (e, _tr, shape) => (shape(e.args[0])?.[1] === 1 ? e : undefined),
  // diag(v) of a column is a diagonal matrix
  symmetry: { square: (e, s) => s.shape(e.args[0])?.[1] === 1 },
  diagonalOf: (e) => e.args[0],
  prune: zeroOfLinear,
  evaluate: ([a]) => {
    // padded operands: a vector is n×1 (→ the n×n diagonal matrix), a square matrix n×n (→ its diagonal, n×1)
    const n = a.shape[0];
    return a.shape[1] === 1 ? diag(reshape(a, [n])) : reshape(diag(a), [n, 1]);
  },
});

/**
 * A repeated index is a diagonal: X_aa = diag(X)_a (used by the recogniser of matrix forms when
 * a term does not match as it is; {@link diagonalizeVectors} is the other diag rule).
 */
export function withDiagonals(
  ix: Pick<IndexScope, "fresh" | "isOne" | "size">,
  term: Term,
  free: ReadonlySet<string>,
): Term {
  // the diagonal's size-1 column index: a free one that no factor uses, else a fresh one
  const unused = [...free].filter((i) => ix.isOne(i) && !term.factors.some((f) => indicesOf(f).includes(i)));
  // (a 1×1 leaf on a repeated index of size 1 is itself: its diagonal is its only entry)
  const fs: Factor[] = term.factors.map((f) =>
    f.kind === "leaf" && f.idx.length === 2 && f.idx[0] === f.idx[1]
      ? leaf(ix.isOne(f.idx[0]) ? f.expr : diagE(f.expr), [f.idx[0], unused.shift() ?? ix.fresh(1)])
      : f,
  );
  return { ...term, factors: fs };
}

/**
 * A vector on an index that joins more than a chain can (a free index used once more, or a
 * summed index used twice more) is a diagonal matrix in the chain: A_ik x_k = (A diag(x))_ik,
 * X_pi s_p X_pk = (Xᵀ diag(s) X)_ik, x_a δ_ab = diag(x)_ab (applied after Hadamard products
 * are merged).
 */
export function diagonalizeVectors(
  ix: Pick<IndexScope, "fresh" | "isOne" | "size">,
  factors: readonly Factor[],
  free: ReadonlySet<string>,
): Factor[] {
  let fs = [...factors];
  const users = (i: string, except: number): number[] =>
    fs.flatMap((f, n) => (n !== except && indicesOf(f).includes(i) ? [n] : []));
  for (let p = 0; p < fs.length; p++) {
    const v = fs[p];
    if (v.kind !== "leaf" || v.idx.length !== 2 || !ix.isOne(v.idx[1]) || ix.isOne(v.idx[0])) continue;
    const [a, s] = v.idx;
    if (users(s, p).length > 0) continue;
    const others = users(a, p);
    if (!(free.has(a) ? others.length === 1 : others.length >= 2)) continue;
    const a2 = ix.fresh(ix.size(a));
    const q = others[0];
    const renamed = renameIndex(fs[q], a, a2);
    fs = fs.map((f, n) => (n === q ? renamed : n === p ? leaf(diagE(v.expr), [a2, a]) : f));
    p = -1;
  }
  return fs;
}

function renameIndex(f: Factor, from: string, to: string): Factor {
  const r = (i: string): string => (i === from ? to : i);
  if (f.kind === "delta") return { kind: "delta", a: r(f.a), b: r(f.b) };
  if (f.kind === "split") return { kind: "split", w: r(f.w), a: r(f.a), b: r(f.b) };
  return leaf(f.expr, f.idx.map(r));
}
