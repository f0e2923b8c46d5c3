/**
 * The Kronecker product U ⊗ V (`kron(U, V)`): for U m×n and V p×q the mp×nq matrix with
 * (U ⊗ V)[(r1 r2), (c1 c2)] = U[r1, c1] V[r2, c2] (composite indices, row-major merge; a
 * vector operand is a column).
 * @packageDocumentation
 */
import { kron } from "../../products/index";
import { leaf, one, product, split } from "../indexterms";
import { kronE, addE } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { zeroOfProduct } from "./common";

export const kronOp = defineOp({
  op: "kron",
  arity: 2,
  emit: (s, e) => s.call("kron", s.value(e.args[0]), s.value(e.args[1])),
  differential: withVariants(rule("product rule (Kronecker)", kronE(X, Y), addE(kronE(dX, Y), kronE(X, dY))), {
    constantFactor: "constant factor (Kronecker)",
  }),
  help: { usage: "kron(A, B), A ⊗ B", meaning: "Kronecker product" },
  syntax: [
    { kind: "call", names: ["kron"] },
    { kind: "infix", tokens: ["⊗"], level: "product" },
  ],
  traits: { polynomial: true },
  shape: (s, _e, [sa, sb]) => {
    if (sa.length > 2 || sb.length > 2) s.clash("kron", "kron takes scalars, vectors or matrices");
    const pa = s.pad(sa);
    const pb = s.pad(sb);
    const rows = s.times(pa[0], pb[0]);
    if (sa.length <= 1 && sb.length <= 1) return sa.length + sb.length === 0 ? [] : [rows];
    return [rows, s.times(pa[1], pb[1])];
  },
  diff: (ix, e, [a, b]) => {
    const [U, V] = e.args;
    const [m1, n1] = ix.padded(U);
    const [m2, n2] = ix.padded(V);
    const r1 = ix.fresh(m1);
    const r2 = ix.fresh(m2);
    const c1 = ix.fresh(n1);
    const c2 = ix.fresh(n2);
    const parts = [one([split(a, r1, r2), split(b, c1, c2)])];
    const u = ix.toIndex(U, [r1, c1]);
    const v = ix.toIndex(V, [r2, c2]);
    return product(parts, [...product(ix.diffTerms(u), v), ...product(u, ix.diffTerms(v))]);
  },
  unsplit: (e, [r, c], splitOf) => {
    const sr = splitOf(r);
    const sc = splitOf(c);
    if (sr === undefined || sc === undefined || sr === sc) return undefined;
    return { factors: [leaf(e.args[0], [sr.a, sc.a]), leaf(e.args[1], [sr.b, sc.b])], consumed: [sr, sc] };
  },
  examples: [{ expr: "kron(X, A)", wrt: "X", shapes: { X: [2, 3], A: [2, 1] } }],
  print: {
    prec: 2,
    source: (e, p) => `kron(${p(e.args[0])}, ${p(e.args[1])})`,
    text: (e, p) => `${p.wrap(e.args[0], 2)} ⊗ ${p.wrap(e.args[1], 3)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 2)} \\otimes ${p.wrap(e.args[1], 3)}`,
  },
  prune: zeroOfProduct,
  evaluate: ([a, b]) => kron(a, b),
});
