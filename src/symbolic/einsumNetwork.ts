/**
 * A tree of einsum contractions and sums evaluated as one einsum network (for the evaluator of
 * derivative operators, `fastEval.ts`): the index terms of a derivative are a signed sum of
 * einsums over the same operands, whose partial contractions the planner of
 * `einsum/network.ts` shares; an einsum inside an einsum is one contraction with it; and a sum
 * inside an einsum (the residual `T − [[A, B, C]]` of a CP loss) is distributed over it when the
 * plan of the expanded terms costs less than forming the sum (then `T` meets `B` and `C` in one
 * contraction and `[[A, B, C]]` with `B` and `C` becomes `A (BᵀB ∘ CᵀC)`, never the full tensor).
 *
 * The ops say what they are (their {@link SymOpDef.contraction} and {@link SymOpDef.terms});
 * this module knows no op by name.
 * @packageDocumentation
 */
import { Tensor } from "../core/tensor";
import { planNetwork, type NetTerm, type NetworkPlan } from "../einsum/network";
import { evaluateNetwork } from "../einsum/networkEval";
import { type Expr, exprKey } from "./expr";
import type { SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";

/** The most terms a distributed sum may make (beyond: the sum is formed). */
const MAX_TERMS = 16;

const defOf = (e: Expr): SymOpDef => opDef(e.op) as SymOpDef;

/** A term with operands on the tree's leaves. */
interface Piece {
  readonly coef: number;
  readonly factors: readonly { readonly leaf: Expr; readonly labels: readonly number[] }[];
}

/** A network over the leaves of a tree. */
export interface TreeNetwork {
  readonly leaves: readonly Expr[];
  readonly ranks: readonly number[];
  readonly terms: readonly NetTerm[];
  /** Leaves that are sums (formed, not distributed). */
  readonly sums: readonly Expr[];
}

/**
 * The network of `e`, sums inside contractions distributed (`distribute`) or kept as leaves
 * (`isScalar` tells a node of one entry); undefined when `e` is no contraction of two or more
 * operands and no sum of such. Equal leaves (by their key) are one tensor.
 */
export function treeNetwork(e: Expr, isScalar: (x: Expr) => boolean, distribute: boolean): TreeNetwork | undefined {
  let next = 0;
  const fresh = (): number => next++;
  let contractions = 0;
  const sums: Expr[] = [];
  const leafOf = (x: Expr, labels: readonly number[]): Piece[] => [{ coef: 1, factors: [{ leaf: x, labels }] }];
  const expand = (x: Expr, labels: readonly number[], inside: boolean): Piece[] => {
    const def = defOf(x);
    const terms = def.terms?.(x as never);
    if (terms !== undefined && (!inside || distribute)) {
      const out: Piece[] = [];
      for (const [t, sign] of terms) {
        for (const p of expand(t, labels, inside)) out.push({ coef: sign * p.coef, factors: p.factors });
      }
      if (out.length <= MAX_TERMS) return out;
    }
    if (terms !== undefined && inside) {
      sums.push(x);
      return leafOf(x, labels);
    }
    const c = def.contraction?.(x as never, labels.length, isScalar);
    if (c === undefined || c.output.length !== labels.length) return leafOf(x, labels);
    const names = new Map<number, number>(c.output.map((l, k) => [l, labels[k]]));
    const name = (l: number): number => {
      let v = names.get(l);
      if (v === undefined) names.set(l, (v = fresh()));
      return v;
    };
    if (c.inputs.filter((ls) => ls.length > 0).length >= 2) contractions++;
    let acc: Piece[] = [{ coef: 1, factors: [] }];
    x.args.forEach((a, t) => {
      const ls = c.inputs[t].map(name);
      const ps = expand(a, ls, true);
      const prod: Piece[] = [];
      for (const p of acc)
        for (const q of ps) prod.push({ coef: p.coef * q.coef, factors: [...p.factors, ...q.factors] });
      acc = prod;
    });
    if (acc.length > MAX_TERMS) return leafOf(x, labels);
    return acc;
  };
  const rank = rankOf(e, isScalar);
  if (rank === undefined) return undefined;
  const out = [...Array(rank).keys()].map(fresh);
  const pieces = expand(e, out, false);
  if (contractions === 0) return undefined;
  const leaves: Expr[] = [];
  const ranks: number[] = [];
  const ids = new Map<string, number>();
  const idOf = (x: Expr, r: number): number => {
    const key = exprKey(x);
    let k = ids.get(key);
    if (k === undefined) {
      ids.set(key, (k = leaves.push(x) - 1));
      ranks.push(r);
    }
    return k;
  };
  const terms = pieces
    .filter((p) => p.coef !== 0)
    .map((p) => ({
      coef: p.coef,
      operands: p.factors.map((f) => ({ tensor: idOf(f.leaf, f.labels.length), labels: f.labels })),
      output: out,
    }));
  return { leaves, ranks, terms, sums };
}

/** The true rank of a sum or contraction by its terms or spec (undefined: not told by them). */
function rankOf(e: Expr, isScalar: (x: Expr) => boolean): number | undefined {
  const def = defOf(e);
  const terms = def.terms?.(e as never);
  if (terms !== undefined) {
    for (const [t] of terms) {
      const r = rankOf(t, isScalar);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  return def.contraction?.(e as never, undefined, isScalar)?.output.length;
}

/** A planned network with the shapes it was planned for. */
export interface PlannedTree {
  readonly net: TreeNetwork;
  readonly plan: NetworkPlan;
  readonly shapes: readonly (readonly number[])[];
}

/** The true shape of a padded value of true rank `rank` (undefined when it does not fit). */
function trueShape(v: Tensor, rank: number): number[] | undefined {
  if (rank >= 2) return v.ndim === rank ? [...v.shape] : undefined;
  if (rank === 1) return v.ndim <= 2 && (v.ndim < 2 || v.shape[1] === 1) ? [v.size] : undefined;
  return v.size === 1 ? [] : undefined;
}

/**
 * Plan the network of `e` at these leaf values (both ways, sums distributed or not: the cheaper);
 * undefined when `e` is not a network or a leaf's value does not fit its axes (a bare 0).
 */
export function planTree(e: Expr, isScalar: (x: Expr) => boolean, value: (x: Expr) => Tensor): PlannedTree | undefined {
  const plans: PlannedTree[] = [];
  let extra = 0;
  for (const distribute of [false, true]) {
    const net = treeNetwork(e, isScalar, distribute);
    if (net === undefined || net.terms.length === 0) continue;
    // no sum inside a contraction: distributing changes nothing
    if (distribute && plans.length === 1 && plans[0].net.sums.length === 0) break;
    const shapes: (readonly number[])[] = [];
    for (let k = 0; k < net.leaves.length; k++) {
      const sh = trueShape(value(net.leaves[k]), net.ranks[k]);
      if (sh === undefined) return undefined;
      shapes.push(sh);
    }
    // every label one size
    const sizes = new Map<number, number>();
    for (const t of net.terms)
      for (const o of t.operands)
        for (let a = 0; a < o.labels.length; a++) {
          const prev = sizes.get(o.labels[a]);
          if (prev !== undefined && prev !== shapes[o.tensor][a]) return undefined;
          sizes.set(o.labels[a], shapes[o.tensor][a]);
        }
    if (net.terms.some((t) => t.output.some((l) => !sizes.has(l)))) return undefined;
    const plan = planNetwork(shapes, net.terms);
    // a sum kept as a leaf is formed: a pass over it per term (its own contractions not counted)
    if (!distribute)
      extra = net.sums.reduce((acc, s) => {
        const k = net.leaves.indexOf(s);
        return acc + shapes[k].reduce((p, q) => p * q, 1) * (defOf(s).terms?.(s as never).length ?? 1);
      }, 0);
    plans.push({ net, plan, shapes });
  }
  if (plans.length === 0) return undefined;
  if (plans.length === 1) return plans[0];
  const [kept, distributed] = plans;
  return distributed.plan.flops <= kept.plan.flops + extra ? distributed : kept;
}

/** The padded value of a planned tree (a scalar 1×1, a vector n×1). */
export function evaluateTree(p: PlannedTree, value: (x: Expr) => Tensor): Tensor {
  const data = p.net.leaves.map((x) => value(x).data);
  const rank = p.net.terms[0].output.length;
  const sizes = new Map<number, number>();
  for (const t of p.net.terms)
    for (const o of t.operands) o.labels.forEach((l, a) => sizes.set(l, p.shapes[o.tensor][a]));
  const outShape = p.net.terms[0].output.map((l) => sizes.get(l) as number);
  const out = evaluateNetwork(p.plan, data, p.shapes, outShape);
  return new Tensor(out, rank === 0 ? [1, 1] : rank === 1 ? [outShape[0], 1] : outShape);
}
