/**
 * Norms of a vector or matrix: norm1(x) = Σ|x_i| (d = sign(x) : dx) and norm2(x), the
 * Euclidean norm of a vector or the Frobenius norm of a matrix (d‖X‖ = (X / ‖X‖) : dX).
 * At 0 both have the subgradient 0 (the numeric ops' convention; verify draws values away from it).
 * @packageDocumentation
 */
import { norm1, norm2, reshape } from "../../ops/index";
import { divE, type Expr, unary, fn, hadE } from "../expr";
import { delta, leaf, one, product, type Term } from "../indexterms";
import { defineOp, type IndexScope } from "../opdef";
import { rule, X, dX } from "./rule";

/** d f(U) = G(U) : dU for a scalar f with gradient G, at the scalar indices [a, b]. */
function scalarChain(ix: IndexScope, u: Expr, [a, b]: readonly string[], grad: Expr): Term[] {
  const [m, n] = ix.padded(u);
  const c = ix.fresh(m);
  const d = ix.fresh(n);
  return product([one([delta(a, b), leaf(grad, [c, d])])], ix.diff(u, [c, d]));
}

export const norm1Op = defineOp({
  op: "norm1",
  arity: 1,
  emit: (s, e) => s.call("norm1", s.value(e.args[0])),
  differential: rule("1-norm", fn("norm1", X), fn("sum", hadE(fn("sign", X), dX))),
  help: { usage: "norm1(x)", meaning: "Σ|x_i|, the 1-norm (all entries of a matrix)" },
  syntax: [{ kind: "call", names: ["norm1"] }],
  traits: { scalar: true, domain: ["nonzero"] },
  shape: (s, _e, [sa]) => {
    if (sa.length > 2) s.clash("norm1", "norm1 takes a vector or matrix");
    return [];
  },
  diff: (ix, e, idx) => scalarChain(ix, e.args[0], idx, unary("sign", e.args[0])),
  examples: [{ expr: "norm1(A * x - b)", wrt: "x", shapes: { A: [3, 2], x: [2], b: [3] } }],
  print: {
    source: (e, p) => `norm1(${p(e.args[0])})`,
    text: (e, p) => `‖${p(e.args[0])}‖₁`,
    latex: (e, p) => `\\left\\lVert ${p(e.args[0])} \\right\\rVert_{1}`,
  },
  evaluate: ([a]) => reshape(norm1(a), [1, 1]),
  transpose: (e) => e,
});

export const norm2Op = defineOp({
  op: "norm2",
  arity: 1,
  emit: (s, e) => s.call("norm2", s.value(e.args[0])),
  differential: rule("Euclidean (Frobenius) norm", fn("norm2", X), divE(fn("sum", hadE(X, dX)), fn("norm2", X))),
  help: { usage: "norm2(x)", meaning: "the Euclidean norm of a vector, the Frobenius norm of a matrix" },
  syntax: [{ kind: "call", names: ["norm2"] }],
  traits: { scalar: true, domain: ["nonzero"] },
  shape: (s, _e, [sa]) => {
    if (sa.length > 2) s.clash("norm2", "norm2 takes a vector or matrix");
    return [];
  },
  diff: (ix, e, idx) => scalarChain(ix, e.args[0], idx, divE(e.args[0], e)),
  examples: [
    { expr: "norm2(A * x - b)", wrt: "x", shapes: { A: [3, 2], x: [2], b: [3] } },
    { expr: "norm2(T - U * V')^2", wrt: "U", shapes: { T: [3, 4], U: [3, 2], V: [4, 2] } },
  ],
  print: {
    source: (e, p) => `norm2(${p(e.args[0])})`,
    text: (e, p) => `‖${p(e.args[0])}‖`,
    latex: (e, p) => `\\left\\lVert ${p(e.args[0])} \\right\\rVert`,
  },
  evaluate: ([a]) => reshape(norm2(a), [1, 1]),
  transpose: (e) => e,
});
