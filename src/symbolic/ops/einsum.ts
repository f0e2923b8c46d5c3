/**
 * `einsum("bsd,dih->bsih", X, W)`: an Einstein summation of any number of operands, of any
 * order, with numpy's spec rules (an explicit output after `->`, or else the letters that
 * appear once, in alphabetical order). The spec's syntax is read by the library's one einsum
 * parser (`einsum/parse.ts`); its sizes are unified with the operands' (symbolic) shapes here.
 * Index notation (`T[i,j,k] * x[i]`) is read as this node too (`symbolic/indexNotation.ts`).
 *
 * In index notation the node is the product of its operands with the spec's letters as indices,
 * summed over the letters not in the output: linear in each operand, so the engine's product
 * rule is its whole derivative.
 * @packageDocumentation
 */
import { EinsumSpecError, ShapeError } from "../../core/errors";
import type { Tensor } from "../../core/tensor";
import { einsum } from "../../einsum/index";
import { ELLIPSIS, explicitSpec, parseSpec, resolveSpec } from "../../einsum/parse";
import { reshape } from "../../ops/index";
import { zeros } from "../../create/index";
import { addE, type EinsumExpr, einsumE, type Expr, sym } from "../expr";
import { delta, one, product, type Term } from "../indexterms";
import { defineOp, type DimTerm, type ShapeScope } from "../opdef";
import { arg } from "../emit";
import { paren } from "../notation";
import { rule } from "./rule";

/** The labels of an einsum node: one list per operand (char codes) and the output's. */
export interface EinsumLabels {
  readonly inputs: readonly (readonly number[])[];
  readonly output: readonly number[];
}

const letter = (l: number): string => String.fromCharCode(l);

/** The spec's syntax, or why it cannot be read (with the position). */
function readSpec(spec: string): ReturnType<typeof parseSpec> | { reason: string; at: number } {
  try {
    return parseSpec(spec);
  } catch (err) {
    if (!(err instanceof EinsumSpecError)) throw err;
    return specReason(err);
  }
}

/** Why a spec cannot be read (its syntax, an output index in no input), with the position; undefined when it can. */
export function einsumSpecProblem(spec: string): { reason: string; at: number } | undefined {
  const syn = readSpec(spec);
  if ("reason" in syn) return syn;
  const seen = new Set(syn.inputs.flatMap((t) => t.labels));
  const missing = syn.output?.labels.find((l) => l !== ELLIPSIS && !seen.has(l));
  if (missing !== undefined)
    return {
      reason: `the output index '${letter(missing)}' appears in no input term`,
      at: spec.indexOf(letter(missing), spec.indexOf("->")),
    };
  return undefined;
}

function specReason(err: Error): { reason: string; at: number } {
  const first = err.message.split("\n")[0];
  const m = /\(at position (\d+) of the spec\)/.exec(first);
  return {
    reason: first.replace(/^einsum: /, "").replace(/ \(at position \d+ of the spec\)/, ""),
    at: m ? Number(m[1]) : 0,
  };
}

/**
 * The spec with its `...` written out as letters (numpy's rules: each operand's `...` stands
 * for its axes not named by a letter, aligned from the right; the output's `...` is the longest
 * of them, or, without `->`, they come first). `ranks` are the operands' numbers of axes.
 */
function spellEllipsis(
  spec: string,
  syn: ReturnType<typeof parseSpec>,
  ranks: readonly number[],
): string | { reason: string; at: number } {
  const shapes = syn.inputs.map((t, n) => {
    const letters = t.labels.filter((l) => l !== ELLIPSIS).length;
    // a term without '...' keeps its letters (a wrong number of axes is reported with the true shapes)
    const r = t.labels.includes(ELLIPSIS) ? (ranks[n] ?? letters) : letters;
    return new Array<number>(Math.max(r, 0)).fill(2);
  });
  for (const [n, t] of syn.inputs.entries()) {
    const letters = t.labels.filter((l) => l !== ELLIPSIS).length;
    if (t.labels.includes(ELLIPSIS) && ranks[n] !== undefined && ranks[n] < letters) {
      const text = spec.slice(t.start).split(/,|->/)[0].trim();
      return {
        reason: `operand ${n + 1} has ${ranks[n]} ax${ranks[n] === 1 ? "is" : "es"} but its term "${text}" names ${letters} besides '...'`,
        at: t.start + (spec.slice(t.start).length - spec.slice(t.start).trimStart().length),
      };
    }
  }
  try {
    const explicit = explicitSpec(resolveSpec(syn, shapes));
    if (explicit.includes("...")) return { reason: "too many axes for einsum's 52 letters", at: spec.indexOf("...") };
    return explicit;
  } catch (err) {
    if (err instanceof EinsumSpecError || err instanceof ShapeError) return specReason(err);
    throw err;
  }
}

/**
 * The labels of a spec (numpy's rules: without `->` the output is the letters that appear once,
 * in alphabetical order, after the `...` axes); undefined with the reason when the spec cannot be
 * used in an expression. A spec with `...` needs the operands' numbers of axes (`ranks`): its
 * `...` is written out as letters the spec does not use.
 */
export function einsumLabels(spec: string, ranks?: readonly number[]): EinsumLabels | { reason: string; at: number } {
  const syn = readSpec(spec);
  if ("reason" in syn) return syn;
  const all = [...syn.inputs, ...(syn.output ? [syn.output] : [])];
  const dots = all.find((t) => t.labels.includes(ELLIPSIS));
  if (dots !== undefined) {
    if (ranks === undefined)
      return { reason: "'...' needs the operands' numbers of axes", at: spec.indexOf("...", dots.start) };
    const spelled = spellEllipsis(spec, syn, ranks);
    if (typeof spelled !== "string") return spelled;
    return einsumLabels(spelled);
  }
  const inputs = syn.inputs.map((t) => t.labels);
  let output: number[];
  if (syn.output !== undefined) output = [...syn.output.labels];
  else {
    const counts = new Map<number, number>();
    for (const ls of inputs) for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...counts]
      .filter(([, c]) => c === 1)
      .map(([l]) => l)
      .sort((a, b) => a - b);
  }
  const seen = new Set(inputs.flat());
  const missing = output.find((l) => !seen.has(l));
  if (missing !== undefined)
    return {
      reason: `the output index '${letter(missing)}' appears in no input term`,
      at: spec.indexOf(letter(missing), spec.indexOf("->")),
    };
  return { inputs, output };
}

/** True when the spec has `...` (its letters then depend on the operands' numbers of axes). */
export function hasEllipsis(spec: string): boolean {
  return spec.includes("...");
}

/** The explicit spec of the labels (`ij,jk->ik`). */
export function explicitSpecOf(l: EinsumLabels): string {
  const term = (ls: readonly number[]): string => ls.map(letter).join("");
  return `${l.inputs.map(term).join(",")}->${term(l.output)}`;
}

/** The labels of a node, or a clash at the node (a spec built in code that does not parse). */
function labelsAt(s: ShapeScope, e: EinsumExpr, ranks: readonly number[]): EinsumLabels {
  const r = einsumLabels(e.spec, ranks);
  if ("reason" in r) s.clash(`einsum("${e.spec}", …)`, r.reason, specSpan(e, r.at, 1));
  return r;
}

/** The source span of characters of the spec (when the node was parsed from `einsum("…", …)`). */
function specSpan(e: EinsumExpr, at: number, length: number): readonly [number, number] | undefined {
  return e.specStart === undefined ? undefined : [e.specStart + at, length];
}

/** The value of an operand with its true number of axes (values are padded to matrices). */
function unpadded(t: Tensor, rank: number): Tensor {
  if (rank >= 2 || t.ndim === rank) return t;
  return reshape(t, rank === 0 ? [] : [t.size]);
}

/** The output's sizes from the operands that have their axes (undefined if some size is not there). */
function outputSizes(l: EinsumLabels, args: readonly Tensor[]): number[] | undefined {
  const sizes = new Map<number, number>();
  l.inputs.forEach((labels, t) => {
    const v = unpadded(args[t], labels.length);
    const zero = v.size === 1 && v.data[0] === 0 && labels.length > 0;
    if (!zero && v.ndim === labels.length) labels.forEach((lab, axis) => sizes.set(lab, v.shape[axis]));
  });
  const out = l.output.map((lab) => sizes.get(lab));
  return out.every((d) => d !== undefined) ? (out as number[]) : undefined;
}

/** Names of the metavariables of the differential rule, one per operand. */
const METAVARIABLES = ["X", "Y", "Z", "U", "V", "W", "P", "Q"];

export const einsumOp = defineOp({
  op: "einsum",
  // any number of operands; 2 is the arity of its first example (the tests iterate arities)
  arity: 2,
  emit: (s, e) => {
    const shapes = e.args.map((a) => s.shapeOf(a));
    const out = s.shapeOf(e);
    if (out === undefined || shapes.some((x) => x === undefined))
      return s.unsupported("the shapes of einsum's operands are unknown");
    const l = einsumLabels(
      e.spec,
      shapes.map((x) => (x as readonly unknown[]).length),
    );
    if ("reason" in l) return s.unsupported(l.reason);
    const ops = e.args.map((a, t) =>
      s.call("reshape", s.value(a), arg.shape(shapes[t] as readonly (string | number)[])),
    );
    const r = s.call("einsum", arg.str(explicitSpecOf(l)), ...ops);
    return out.length >= 2 ? r : s.call("reshape", r, arg.shape(out.length === 0 ? [1, 1] : [out[0], 1]));
  },
  differential: (e) => {
    const names = e.args.map((_, k) => METAVARIABLES[k] ?? `X${k}`);
    const ops = names.map((n) => sym(n));
    const withOps = (xs: Expr[]): Expr => einsumE(e.spec, xs[0], ...xs.slice(1));
    const terms = names.map((n, k) => withOps(ops.map((o, q) => (q === k ? sym(`d${n}`) : o))));
    const result = terms.slice(1).reduce((acc: Expr, t) => addE(acc, t), terms[0]);
    return rule("product rule (einsum)", withOps(ops), result, undefined, names);
  },
  help: {
    usage: 'einsum("bsd,dih->bsih", X, W)',
    meaning: "Einstein summation of any number of tensors (numpy's spec rules); also T[i,j,k] * x[i]",
  },
  syntax: [{ kind: "spec", names: ["einsum"] }],
  traits: { polynomial: true },
  shape: (s, e, args) => {
    const l = labelsAt(
      s,
      e,
      args.map((a) => a.length),
    );
    const what = `einsum("${e.spec}", …)`;
    if (l.inputs.length !== args.length)
      s.clash(
        what,
        `the spec has ${l.inputs.length} input term${l.inputs.length === 1 ? "" : "s"} but ${args.length} operand${args.length === 1 ? " is" : "s are"} given`,
      );
    const sizes = new Map<number, { d: DimTerm; operand: number; axis: number }>();
    const terms = e.spec.split("->")[0].split(",");
    let at = 0;
    l.inputs.forEach((labels, t) => {
      const sh = args[t];
      const start = at + (terms[t].length - terms[t].trimStart().length);
      at += terms[t].length + 1;
      if (labels.length !== sh.length)
        s.clash(
          what,
          `operand ${t + 1} has shape ${s.format(sh)} (${sh.length} ax${sh.length === 1 ? "is" : "es"}) but its term "${labels.map(letter).join("")}" has ${labels.length} ind${labels.length === 1 ? "ex" : "ices"}`,
          specSpan(e, start, Math.max(1, terms[t].trim().length)),
        );
      labels.forEach((lab, axis) => {
        const prev = sizes.get(lab);
        if (prev === undefined) sizes.set(lab, { d: sh[axis], operand: t, axis });
        else if (!s.unify(prev.d, sh[axis]) && !e.spec.includes(letter(lab))) {
          // a letter the spec does not have: an axis of a '...'
          const dots = e.spec.indexOf("...", start);
          s.clash(
            what,
            `the '...' axes of operand ${prev.operand + 1} (shape ${s.format(args[prev.operand])}) and operand ${t + 1} (shape ${s.format(sh)}) differ: size ${s.format([prev.d]).slice(1, -1)} against ${s.format([sh[axis]]).slice(1, -1)} (in an expression the '...' axes must have equal sizes: numpy's broadcasting of size-1 axes is not done)`,
            specSpan(e, dots >= 0 ? dots : start, 3),
          );
        } else if (!s.unify(prev.d, sh[axis]))
          s.clash(
            what,
            `index '${letter(lab)}' has size ${s.format([prev.d]).slice(1, -1)} in operand ${prev.operand + 1} (axis ${prev.axis + 1} of ${s.format(args[prev.operand])}) but size ${s.format([sh[axis]]).slice(1, -1)} in operand ${t + 1} (axis ${axis + 1} of ${s.format(sh)})`,
            specSpan(e, start + axis, 1),
          );
      });
    });
    return l.output.map((lab) => (sizes.get(lab) as { d: DimTerm }).d);
  },
  index: (ix, e, out): Term[] => {
    const l = einsumLabels(
      e.spec,
      e.args.map((a) => ix.shapeOf(a).length),
    ) as EinsumLabels;
    const names = new Map<number, string>();
    l.output.forEach((lab, i) => names.set(lab, out[i]));
    const nameOf = (lab: number, t: number, axis: number): string => {
      let n = names.get(lab);
      if (n === undefined) {
        n = ix.fresh(ix.shapeOf(e.args[t])[axis], letter(lab));
        names.set(lab, n);
      }
      return n;
    };
    // a scalar result ties its two padded (size-1) indices, as sum(X) does
    let terms: Term[] = [one(l.output.length === 0 ? [delta(out[0], out[1])] : [])];
    e.args.forEach((a, t) => {
      const idx = l.inputs[t].map((lab, axis) => nameOf(lab, t, axis));
      while (idx.length < 2) idx.push(ix.fresh(1));
      terms = product(terms, ix.toIndex(a, idx));
    });
    return terms;
  },
  examples: [
    { expr: 'einsum("ij,jk->ik", A, X)', wrt: "X", shapes: { A: [2, 3], X: [3, 4] } },
    { expr: 'einsum("bsd,de->bse", X, W)', wrt: "W", shapes: { X: [2, 3, 4], W: [4, 5] } },
    { expr: 'sum(einsum("ir,jr,kr->ijk", A, B, C))', wrt: "A", shapes: { A: [2, 3], B: [4, 3], C: [5, 3] } },
  ],
  print: {
    source: (e, p) => `einsum("${e.spec}", ${e.args.map((a) => p(a)).join(", ")})`,
    text: (e, p) => `einsum("${e.spec}", ${e.args.map((a) => p(a)).join(", ")})`,
    latex: (e, p) => {
      const [ins, out] = e.spec.replace(/\s/g, "").split("->");
      const spec = out === undefined ? `\\texttt{${ins}}` : `\\texttt{${ins}} \\to \\texttt{${out}}`;
      return `\\operatorname{einsum}${paren(`${spec}, ${e.args.map((a) => p(a)).join(", ")}`)}`;
    },
  },
  contraction: (e) => {
    const l = einsumLabels(e.spec);
    return "reason" in l ? undefined : l;
  },
  evaluate: (args, e, scope) => {
    const ranks = hasEllipsis(e.spec) ? e.args.map((a, t) => scope.nodeShape(a)?.length ?? args[t].ndim) : undefined;
    const l = einsumLabels(e.spec, ranks);
    if ("reason" in l) throw new EinsumSpecError(`einsum("${e.spec}", …): ${l.reason}`);
    // the number 0 put in for an operand (the differential of a constant, in the steps): the product is 0
    const zero = args.some((a, t) => a.size === 1 && a.data[0] === 0 && l.inputs[t].length > 0);
    // (sizes the other operands do not give: the number 0, which broadcasts in the sum of the rule)
    const shape = zero ? (scope.nodeShape(e) ?? outputSizes(l, args) ?? []) : undefined;
    if (shape !== undefined) return zeros(shape.length === 0 ? [1, 1] : shape.length === 1 ? [shape[0], 1] : shape);
    const r = einsum(explicitSpecOf(l), ...args.map((a, t) => unpadded(a, l.inputs[t].length)));
    return l.output.length >= 2 ? r : reshape(r, l.output.length === 0 ? [1, 1] : [r.size, 1]);
  },
});
