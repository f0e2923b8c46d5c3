/**
 * softmax(x) = exp(x) / Σ exp(x) of a vector (d softmax = (diag(s) − s sᵀ) dx), and
 * logsumexp(x) = log Σ exp(x), a scalar (d logsumexp = softmax(x)ᵀ dx); both numerically
 * stable (shifted by the maximum).
 * @packageDocumentation
 */
import { logsumexp, reshape, softmax } from "../../ops/index";
import { divE, exprKey, unary, fn, subE, hadE, mulE, sym, t } from "../expr";
import { delta, leaf, one, product } from "../indexterms";
import { callPrint } from "../notation";
import { defineOp, type DimTerm, type ShapeScope } from "../opdef";
import { rule, X, dX } from "./rule";

function vectorOnly(s: ShapeScope, what: string, sa: readonly DimTerm[]): DimTerm {
  if (sa.length !== 1)
    s.clash(
      what,
      `${what} takes a vector (softmax over its entries); along one axis of a matrix write ${what}(X, 2) (each row) or ${what}(X, 1) (each column)`,
    );
  return sa[0];
}

export const softmaxOp = defineOp({
  op: "softmax",
  arity: 1,
  emit: (s, e) => s.call("softmax", s.value(e.args[0])),
  differential: rule(
    "softmax",
    fn("softmax", X),
    subE(hadE(fn("softmax", X), dX), mulE(fn("softmax", X), t(fn("softmax", X)), dX)),
  ),
  help: { usage: "softmax(x)", meaning: "exp(x) / sum(exp(x)) of a vector (stable)" },
  syntax: [{ kind: "call", names: ["softmax"] }],
  traits: {},
  shape: (s, _e, [sa]) => [vectorOnly(s, "softmax", sa)],
  diff: (ix, e, [a, b]) => {
    const u = e.args[0];
    const [n] = ix.padded(u);
    const c = ix.fresh(n);
    const d = ix.fresh(1);
    // s_a du_a − s_a Σ_c s_c du_c
    return [
      ...product([one([leaf(e, [a, b])])], ix.diff(u, [a, b])),
      ...product([one([leaf(e, [a, b]), leaf(e, [c, d])], -1)], ix.diff(u, [c, d])),
    ];
  },
  examples: [{ expr: "y' * log(softmax(W * x))", wrt: "W", shapes: { y: [3], W: [3, 2], x: [2] } }],
  print: callPrint("softmax", "\\operatorname{softmax}"),
  evaluate: ([a]) => reshape(softmax(reshape(a, [a.shape[0]])), [a.shape[0], 1]),
  simplify: {
    // exp(x) / sum(exp(x)) = softmax(x) for a vector x
    asNode: (p, isVector, note) => {
      const [f] = p.chain;
      if (p.chain.length !== 1 || f.op !== "exp" || !isVector(f)) return undefined;
      const n = p.scalars.findIndex(
        (q) =>
          q.exp === -1 && q.base.op === "sum" && q.base.args.length === 1 && exprKey(q.base.args[0]) === exprKey(f),
      );
      if (n < 0) return undefined;
      const x = sym("x");
      note({ lhs: divE(fn("exp", x), fn("sum", fn("exp", x))), rhs: fn("softmax", x) });
      return { ...p, scalars: p.scalars.filter((_, k) => k !== n), chain: [fn("softmax", f.args[0])] };
    },
  },
});

export const logsumexpOp = defineOp({
  op: "logsumexp",
  arity: 1,
  emit: (s, e) => s.call("logsumexp", s.value(e.args[0])),
  differential: rule("log-sum-exp", fn("logsumexp", X), mulE(t(fn("softmax", X)), dX)),
  help: { usage: "logsumexp(x)", meaning: "log(sum(exp(x))) of a vector (stable)" },
  syntax: [{ kind: "call", names: ["logsumexp"] }],
  traits: { scalar: true },
  shape: (s, _e, [sa]) => {
    vectorOnly(s, "logsumexp", sa);
    return [];
  },
  diff: (ix, e, [a, b]) => {
    const u = e.args[0];
    const [n] = ix.padded(u);
    const c = ix.fresh(n);
    const d = ix.fresh(1);
    return product([one([delta(a, b), leaf(unary("softmax", u), [c, d])])], ix.diff(u, [c, d]));
  },
  examples: [{ expr: "logsumexp(W * x) - y' * W * x", wrt: "x", shapes: { y: [3], W: [3, 2], x: [2] } }],
  print: callPrint("logsumexp", "\\operatorname{logsumexp}"),
  evaluate: ([a]) => reshape(logsumexp(reshape(a, [a.shape[0]])), [1, 1]),
  transpose: (e) => e,
});
