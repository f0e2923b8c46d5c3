/**
 * `permute(T, [3, 1, 2])`: the axes of a tensor reordered (axes counted from 1 in the expression
 * language, as `sum(X, k)` counts them; from 0 in the node, as numpy's `transpose` does): axis i
 * of the result is axis perm[i] of the operand. For a matrix, `permute(A, [2, 1])` is Aᵀ.
 * In index notation permute(T, π)[i₁…i_N] = T[j] with j_{π(n)} = i_n; its derivative is the
 * N-axis identity α with the output axes permuted by π.
 * @packageDocumentation
 */
import { permute } from "../../ops/index";
import { permuteE, type PermuteExpr } from "../expr";
import { arg } from "../emit";
import { paren } from "../notation";
import { defineOp } from "../opdef";
import { rule, X, dX } from "./rule";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** The permutation as written, counted from 1: `[3, 1, 2]`. */
const written = (e: PermuteExpr): string => `[${e.perm.map((a) => a + 1).join(", ")}]`;

export const permuteOp = defineOp({
  op: "permute",
  arity: 1,
  emit: (s, e) => {
    const v = s.value(e.args[0]);
    const n = Math.max(2, e.perm.length);
    const perm = e.perm.length < 2 ? [0, 1] : e.perm;
    const spec = `${LETTERS.slice(0, n)}->${perm.map((a) => LETTERS[a]).join("")}`;
    return e.perm.length < 2 ? v : s.call("einsum", arg.str(spec), v);
  },
  differential: (e) => rule("permutation of axes", permuteE(X, e.perm), permuteE(dX, e.perm)),
  help: { usage: "permute(T, [3, 1, 2])", meaning: "the axes reordered: axis i of the result is axis perm[i] of T" },
  syntax: [{ kind: "axes", names: ["permute"] }],
  traits: { polynomial: true },
  shape: (s, e, [sa]) => {
    const n = sa.length;
    const sorted = [...e.perm].sort((a, b) => a - b);
    if (e.perm.length !== n || sorted.some((a, i) => a !== i))
      s.clash(
        `permute(…, ${written(e)})`,
        `${written(e)} is not a permutation of the operand's ${n} ax${n === 1 ? "is" : "es"} (write each of ${Array.from({ length: n }, (_, i) => i + 1).join(", ")} once)`,
      );
    return e.perm.map((a) => sa[a]);
  },
  index: (ix, e, out) => {
    if (e.perm.length < 2) return ix.toIndex(e.args[0], out);
    const idx: string[] = new Array<string>(e.perm.length);
    e.perm.forEach((a, i) => (idx[a] = out[i]));
    return ix.toIndex(e.args[0], idx);
  },
  examples: [
    { expr: "permute(T, [3, 1, 2])", wrt: "T", shapes: { T: [2, 3, 4] } },
    { expr: "sum(permute(T, [2, 3, 1]) .* B)", wrt: "T", shapes: { T: [2, 3, 4], B: [3, 4, 2] } },
    { expr: "permute(A, [2, 1]) * B", wrt: "A", shapes: { A: [2, 3], B: [2, 4] } },
  ],
  print: {
    source: (e, p) => `permute(${p(e.args[0])}, ${written(e)})`,
    text: (e, p) => `permute(${p(e.args[0])}, ${written(e)})`,
    latex: (e, p) => `\\operatorname{permute}${paren(`${p(e.args[0])}, ${written(e)}`)}`,
  },
  evaluate: ([a], e) => (e.perm.length < 2 ? a : permute(a, e.perm)),
  transpose: (e) => (e.perm.length === 2 && e.perm[0] === 1 ? e.args[0] : undefined),
});
