/**
 * The double contraction `T : H`: Σ_kl T[…, k, l] H[k, l, …] (the last two axes of the left
 * with the first two of the right, in order).
 * @packageDocumentation
 */
import { ddot } from "../../products/index";
import { reshape } from "../../ops/index";
import { delta, one, product } from "../indexterms";
import { ddotE, addE } from "../expr";
import { defineOp } from "../opdef";
import { rule, X, Y, dX, dY, withVariants } from "./rule";
import { zeroOfProduct } from "./common";

export const ddotOp = defineOp({
  op: "ddot",
  arity: 2,
  emit: (s, e) => s.call("ddot", s.value(e.args[0]), s.value(e.args[1])),
  differential: withVariants(rule("product rule (double contraction)", ddotE(X, Y), addE(ddotE(dX, Y), ddotE(X, dY))), {
    constantFactor: "constant factor (double contraction)",
  }),
  help: { usage: "T : H", meaning: "double contraction Σ_kl T[..,k,l] H[k,l,..]" },
  syntax: [{ kind: "infix", tokens: [":"], level: "product" }],
  traits: { polynomial: true, tensorValued: true },
  shape: (s, _e, [sa0, sb0]) => {
    const sa = sa0.length <= 2 ? s.pad(sa0) : sa0;
    const sb = sb0.length <= 2 ? s.pad(sb0) : sb0;
    if (!s.unify(sa[sa.length - 2], sb[0]) || !s.unify(sa[sa.length - 1], sb[1]))
      s.clash("the double contraction ':'", "the last two axes of the left must match the first two axes of the right");
    return [...sa.slice(0, -2), ...sb.slice(2)];
  },
  index: (ix, e, out) => {
    const [a, b] = e.args;
    const pa = ix.padded(a);
    const s1 = ix.fresh(pa[pa.length - 2]);
    const s2 = ix.fresh(pa[pa.length - 1]);
    const la = pa.length - 2;
    const scalarResult = ix.shapeOf(e).length === 0;
    // b's own axes after the two contracted ones (a padded size-1 axis of the result is left free)
    const rest = scalarResult ? [] : out.slice(la, la + ix.padded(b).length - 2);
    const terms = product(
      ix.toIndex(a, [...(scalarResult ? [] : out.slice(0, la)), s1, s2]),
      ix.toIndex(b, [s1, s2, ...rest]),
    );
    return scalarResult ? product(terms, [one([delta(out[0], out[1])])]) : terms;
  },
  examples: [{ expr: "alpha(2, 3) : X", wrt: "X", shapes: { X: [2, 3] } }],
  print: {
    prec: 2,
    source: (e, p) => `${p.wrap(e.args[0], 2)} : ${p.wrap(e.args[1], 3)}`,
    text: (e, p) => `${p.wrap(e.args[0], 2)}:${p.wrap(e.args[1], 3)}`,
    latex: (e, p) => `${p.wrap(e.args[0], 2)} : ${p.wrap(e.args[1], 3)}`,
  },
  prune: zeroOfProduct,
  simplify: { weightless: true },
  evaluate: ([a, b]) => {
    const r = ddot(a, b);
    return r.ndim === 0 ? reshape(r, [1, 1]) : r;
  },
});
