/**
 * Planning of a whole einsum network: a sum of einsum terms over the same operands (the index
 * terms of a derivative, each one contraction) planned together, so that a partial contraction
 * that two terms share (the same operands joined by the same indices, with the same indices left
 * open) is computed once. Each term's order of pairwise contractions is searched by dynamic
 * programming over the subsets of its operands (the exact optimum of numpy's FLOP count for up to
 * {@link DP_MAX_OPERANDS} operands; greedy beyond), with the intermediates chosen for the other
 * terms counted as free; the terms are planned twice round so that each sees the others' choice.
 *
 * Pure: shapes in, a plan of pairwise steps out (see {@link evaluateNetwork} in `networkEval.ts`
 * for the numbers).
 * @packageDocumentation
 * @internal
 */
import { greedyPath } from "./path";

/** One operand of a term: a tensor (by its index in the network's tensor list) and a label per axis. */
export interface NetOperand {
  readonly tensor: number;
  /** One label per axis (a repeated label takes the diagonal). */
  readonly labels: readonly number[];
}

/** One term: `coef · einsum(operands → output)`. Every output label appears in some operand. */
export interface NetTerm {
  readonly coef: number;
  readonly operands: readonly NetOperand[];
  readonly output: readonly number[];
}

/**
 * A node of a plan: a tensor read with its axes on the node's labels (`leaf`; labels beyond the
 * result's are summed, a repeated one is a diagonal), or the contraction of two earlier nodes
 * (`pair`: a child's result label `j` is this node's label `map[j]`). A node's result has the
 * labels `0 … rank − 1`; labels from `rank` up are summed in it.
 */
export type PlanNode =
  | { readonly kind: "leaf"; readonly tensor: number; readonly axes: readonly number[]; readonly rank: number }
  | {
      readonly kind: "pair";
      readonly children: readonly [
        { readonly node: number; readonly map: readonly number[] },
        { readonly node: number; readonly map: readonly number[] },
      ];
      readonly rank: number;
    };

/** A planned network: nodes in an order that evaluates children first, and each term's root. */
export interface NetworkPlan {
  /**
   * Tensors made first, each by its own plan (a sum factored out of two terms:
   * `c₁ Z₁ R + c₂ Z₂ R = (c₁ Z₁ + c₂ Z₂) R`); their numbers follow the given tensors'.
   */
  readonly inner: readonly { readonly tensor: number; readonly plan: NetworkPlan; readonly shape: readonly number[] }[];
  readonly nodes: readonly PlanNode[];
  /** Per term: its coefficient, its root node and, per output axis, the root's label on it. */
  readonly terms: readonly { readonly coef: number; readonly node: number; readonly output: readonly number[] }[];
  /** numpy's FLOP count of the plan (each shared node counted once). */
  readonly flops: number;
  /** The same count with every term planned alone (nothing shared). */
  readonly separateFlops: number;
}

/** Operands up to which a term's order is found by dynamic programming over subsets (3ⁿ splits). */
export const DP_MAX_OPERANDS = 11;

/** Orderings of operands of one tensor tried for a canonical key (beyond: the first only). */
const MAX_ORDERINGS = 720;

interface Sub {
  readonly key: string;
  /** The open labels as bits of the term's label numbering (0 when the term has over 30 labels). */
  readonly bits: number;
  /** The subset's open labels (term labels), in the order of the node's result labels. */
  readonly open: readonly number[];
  readonly size: number;
  /** The canonical number of each of the subset's labels. */
  readonly names: ReadonlyMap<number, number>;
}

const permutationsOf = new Map<number, number[][]>();

/** Every order of 0 … n − 1 (kept). */
function permutations(n: number): number[][] {
  let r = permutationsOf.get(n);
  if (r !== undefined) return r;
  if (n <= 1) r = [[...Array(n).keys()]];
  else {
    r = [];
    for (const p of permutations(n - 1))
      for (let at = 0; at <= p.length; at++) r.push([...p.slice(0, at), n - 1, ...p.slice(at)]);
  }
  permutationsOf.set(n, r);
  return r;
}

/** The planner of one network. */
class Planner {
  private readonly nodes: PlanNode[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly stepFlops: number[] = [];
  /** Per term: label sizes, label bits and the subsets already keyed. */
  private readonly info = new Map<
    NetTerm,
    { sizes: Map<number, number>; bit: Map<number, number>; bitSize: number[]; subs: Map<number, Sub> }
  >();
  constructor(
    private readonly shapes: readonly (readonly number[])[],
    private readonly terms: readonly NetTerm[],
  ) {}

  /** Label sizes of a term. */
  sizesOf(t: NetTerm): Map<number, number> {
    return this.termInfo(t).sizes;
  }

  private termInfo(t: NetTerm): {
    sizes: Map<number, number>;
    bit: Map<number, number>;
    bitSize: number[];
    subs: Map<number, Sub>;
  } {
    let r = this.info.get(t);
    if (r === undefined) {
      const sizes = new Map<number, number>();
      for (const o of t.operands) o.labels.forEach((l, a) => sizes.set(l, this.shapes[o.tensor][a]));
      const bit = new Map<number, number>();
      const bitSize: number[] = [];
      if (sizes.size <= 30)
        for (const [l, n] of sizes) {
          bit.set(l, bitSize.length);
          bitSize.push(n);
        }
      this.info.set(t, (r = { sizes, bit, bitSize, subs: new Map() }));
    }
    return r;
  }

  /** The subset `mask` of term `t`, keyed once. */
  subOf(t: NetTerm, mask: number): Sub {
    const info = this.termInfo(t);
    let s = info.subs.get(mask);
    if (s === undefined) info.subs.set(mask, (s = this.sub(t, mask, info.sizes)));
    return s;
  }

  /** numpy's FLOP count of joining subsets with open labels `a` and `b` into one with `rank` open labels. */
  joinFlops(t: NetTerm, a: Sub, b: Sub, rank: number): number {
    const info = this.termInfo(t);
    if (info.bitSize.length === 0 || info.bitSize.length !== info.sizes.size)
      return pairFlops(a.open, b.open, rank, info.sizes);
    let u = a.bits | b.bits;
    let size = 1;
    let count = 0;
    for (let k = 0; u !== 0; k++, u >>>= 1)
      if (u & 1) {
        size *= info.bitSize[k];
        count++;
      }
    return size * (count > rank ? 2 : 1);
  }

  /** The subset `mask` of term `t`: its canonical key (operands, joins, open labels) and open labels. */
  sub(t: NetTerm, mask: number, sizes: ReadonlyMap<number, number>, outputs = false): Sub {
    const inside: number[] = [];
    for (let i = 0; i < t.operands.length; i++) if (mask & (1 << i)) inside.push(i);
    const outside = new Set<number>(t.output);
    t.operands.forEach((o, i) => {
      if (!(mask & (1 << i))) for (const l of o.labels) outside.add(l);
    });
    // operands sorted by tensor and by how each axis is joined (an invariant of the subnetwork);
    // among operands alike in both, every order is tried and the smallest text wins
    const sig = new Map<number, string>();
    for (const i of inside) {
      const parts = t.operands[i].labels.map((l) => {
        const at: string[] = [];
        for (const j of inside)
          if (j !== i) t.operands[j].labels.forEach((m, a) => m === l && at.push(`${t.operands[j].tensor}.${a}`));
        return `${outside.has(l) ? "'" : ""}${at.sort().join(" ")}`;
      });
      sig.set(i, `${t.operands[i].tensor}:${parts.join("|")}`);
    }
    inside.sort((a, b) => {
      const d = t.operands[a].tensor - t.operands[b].tensor;
      if (d !== 0) return d;
      const x = sig.get(a) as string;
      const y = sig.get(b) as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const groups: number[][] = [];
    for (const i of inside) {
      const g = groups.at(-1);
      if (g !== undefined && sig.get(g[0]) === sig.get(i)) g.push(i);
      else groups.push([i]);
    }
    let orders: number[][] = [[]];
    for (const g of groups) {
      if (g.length === 1) {
        for (const o of orders) o.push(g[0]);
        continue;
      }
      const all = permutations(g.length);
      const ps = orders.length * all.length <= MAX_ORDERINGS ? all : [all[0]];
      orders = orders.flatMap((o) => ps.map((p) => [...o, ...p.map((k) => g[k])]));
    }
    // with `outputs`, a label of the term's output is marked by its position there
    const mark = (l: number): string =>
      outputs && t.output.includes(l) ? `o${t.output.indexOf(l)}` : outside.has(l) ? "'" : "";
    let best: { text: string; open: number[]; names: Map<number, number> } | undefined;
    for (const order of orders) {
      const names = new Map<number, number>();
      let text = "";
      for (const i of order) {
        const o = t.operands[i];
        text += `${o.tensor}(`;
        for (const l of o.labels) {
          let n = names.get(l);
          if (n === undefined) names.set(l, (n = names.size));
          text += `${n}${mark(l)},`;
        }
        text += ")";
      }
      if (best === undefined || text < best.text) {
        const open = [...names].filter(([l]) => outside.has(l)).map(([l]) => l);
        best = { text, open, names };
      }
    }
    const b = best as { text: string; open: number[]; names: Map<number, number> };
    let size = 1;
    for (const l of b.open) size *= sizes.get(l) ?? 1;
    const bit = this.termInfo(t).bit;
    let bits = 0;
    for (const l of b.open) bits |= 1 << (bit.get(l) ?? 0);
    return { key: b.text, bits: bit.size > 0 ? bits : 0, open: b.open, size, names: b.names };
  }

  /** The best split of every subset of term `t` (DP), with the keys in `free` costing nothing. */
  dp(t: NetTerm, free: ReadonlySet<string>): { cost: number; split: Int32Array; subs: Sub[] } {
    const n = t.operands.length;
    const full = (1 << n) - 1;
    const subs: Sub[] = new Array<Sub>(full + 1);
    const cost = new Float64Array(full + 1);
    const split = new Int32Array(full + 1);
    for (let mask = 1; mask <= full; mask++) {
      const s = this.subOf(t, mask);
      subs[mask] = s;
      if (free.has(s.key)) {
        cost[mask] = 0;
        split[mask] = 0;
        continue;
      }
      if ((mask & (mask - 1)) === 0) {
        // a leaf: reading it costs nothing unless some axis is summed (or a diagonal taken)
        const o = t.operands[31 - Math.clz32(mask)];
        cost[mask] = s.open.length < o.labels.length ? this.shapes[o.tensor].reduce((p, q) => p * q, 1) : 0;
        continue;
      }
      let best = Infinity;
      let bestA = 0;
      // each split {A, B} once: A holds the lowest operand of the mask
      const low = mask & -mask;
      for (let a = (mask - 1) & mask; a > 0; a = (a - 1) & mask) {
        if (!(a & low)) continue;
        const b = mask ^ a;
        const c0 = cost[a] + cost[b];
        if (c0 >= best) continue;
        const c = c0 + this.joinFlops(t, subs[a], subs[b], s.open.length);
        if (c < best) {
          best = c;
          bestA = a;
        }
      }
      cost[mask] = best;
      split[mask] = bestA;
    }
    return { cost: cost[full], split, subs };
  }

  /** The splits of a term by the greedy path (too many operands for the DP). */
  greedy(t: NetTerm): { split: Map<number, number>; subs: Map<number, Sub> } {
    const sizes = this.sizesOf(t);
    const uniq = t.operands.map((o) => [...new Set(o.labels)]);
    const steps = greedyPath(uniq, t.output, sizes);
    let masks = t.operands.map((_, i) => 1 << i);
    const split = new Map<number, number>();
    const subs = new Map<number, Sub>();
    for (const s of steps) {
      const [i, j] = s.pair;
      const m = masks[i] | masks[j];
      split.set(m, masks[i]);
      masks = [...masks.filter((_, k) => k !== i && k !== j), m];
    }
    for (const [m, a] of split) for (const x of [m, a, m ^ a]) if (!subs.has(x)) subs.set(x, this.subOf(t, x));
    for (let i = 0; i < t.operands.length; i++) subs.set(1 << i, this.subOf(t, 1 << i));
    return { split, subs };
  }

  /** The node of subset `mask` of term `t` (made, with its children, unless one with its key exists). */
  node(t: NetTerm, mask: number, split: (m: number) => number, subs: (m: number) => Sub, made: Set<string>): number {
    const s = subs(mask);
    made.add(s.key);
    const hit = this.byKey.get(s.key);
    if (hit !== undefined) return hit;
    const ns = new Map<number, number>(s.open.map((l, k) => [l, k]));
    const name = (l: number): number => {
      let v = ns.get(l);
      if (v === undefined) ns.set(l, (v = ns.size));
      return v;
    };
    let node: PlanNode;
    let flops = 0;
    if ((mask & (mask - 1)) === 0) {
      const o = t.operands[31 - Math.clz32(mask)];
      node = { kind: "leaf", tensor: o.tensor, axes: o.labels.map(name), rank: s.open.length };
      if (s.open.length < o.labels.length) flops = this.shapes[o.tensor].reduce((p, q) => p * q, 1);
    } else {
      const a = split(mask);
      const b = mask ^ a;
      const na = this.node(t, a, split, subs, made);
      const nb = this.node(t, b, split, subs, made);
      const sa = subs(a);
      const sb = subs(b);
      node = {
        kind: "pair",
        children: [
          { node: na, map: sa.open.map(name) },
          { node: nb, map: sb.open.map(name) },
        ],
        rank: s.open.length,
      };
      flops = this.joinFlops(t, sa, sb, s.open.length);
    }
    this.nodes.push(node);
    this.stepFlops.push(flops);
    this.byKey.set(s.key, this.nodes.length - 1);
    return this.nodes.length - 1;
  }

  /** Each term's choice of splits, then the plan. */
  plan(): NetworkPlan {
    const nT = this.terms.length;
    type Choice = { split: (m: number) => number; subs: (m: number) => Sub; keys: Set<string>; cost: number };
    const choose = (t: NetTerm, free: ReadonlySet<string>): Choice => {
      const keys = new Set<string>();
      if (t.operands.length > DP_MAX_OPERANDS) {
        const g = this.greedy(t);
        const subs = (m: number): Sub => g.subs.get(m) as Sub;
        const walk = (m: number): void => {
          keys.add(subs(m).key);
          const a = g.split.get(m);
          if (a !== undefined) {
            walk(a);
            walk(m ^ a);
          }
        };
        walk((1 << t.operands.length) - 1);
        return { split: (m) => g.split.get(m) ?? 0, subs, keys, cost: Infinity };
      }
      const d = this.dp(t, free);
      const walk = (m: number): void => {
        keys.add(d.subs[m].key);
        const a = d.split[m];
        if (a !== 0 && !free.has(d.subs[m].key)) {
          walk(a);
          walk(m ^ a);
        }
      };
      walk((1 << t.operands.length) - 1);
      return { split: (m) => d.split[m], subs: (m) => d.subs[m], keys, cost: d.cost };
    };
    const alone = this.terms.map((t) => choose(t, new Set()));
    let choices = alone.slice();
    // round robin: each term replanned with the others' intermediates free (twice round)
    for (let round = 0; round < 2 && nT > 1; round++) {
      for (let k = 0; k < nT; k++) {
        const free = new Set<string>();
        choices.forEach((c, q) => {
          if (q !== k) for (const key of c.keys) free.add(key);
        });
        choices = choices.map((c, q) => (q === k ? choose(this.terms[k], free) : c));
      }
    }
    const build = (cs: readonly Choice[], only?: number): NetworkPlan => {
      this.nodes.length = 0;
      this.stepFlops.length = 0;
      this.byKey.clear();
      const which = this.terms.map((_, k) => k).filter((k) => only === undefined || k === only);
      const terms = which.map((k) => {
        const t = this.terms[k];
        const full = (1 << t.operands.length) - 1;
        const splitOf = (m: number): number => {
          // a subset the term takes as free was made by another term: its split is that term's
          const s = cs[k].subs(m);
          if (this.byKey.has(s.key)) return 0;
          return cs[k].split(m) || alone[k].split(m);
        };
        const subsOf = (m: number): Sub => cs[k].subs(m) ?? alone[k].subs(m);
        const node = this.node(t, full, splitOf, subsOf, new Set());
        const root = subsOf(full).open;
        return { coef: t.coef, node, output: t.output.map((l) => root.indexOf(l)) };
      });
      return {
        inner: [],
        nodes: this.nodes.slice(),
        terms,
        flops: this.stepFlops.reduce((a, b) => a + b, 0),
        separateFlops: 0,
      };
    };
    // the shared plan, unless planning each term alone costs less
    let separateFlops = 0;
    for (let k = 0; k < nT; k++) separateFlops += build(alone, k).flops;
    const shared = build(choices);
    return shared.flops <= separateFlops ? { ...shared, separateFlops } : { ...build(alone), separateFlops };
  }
}

/** numpy's FLOP count of contracting two operands: the size of their joint index space (×2 when something is summed). */
function pairFlops(
  a: readonly number[],
  b: readonly number[],
  resultRank: number,
  sizes: ReadonlyMap<number, number>,
): number {
  const all = new Set([...a, ...b]);
  let s = 1;
  for (const l of all) s *= sizes.get(l) ?? 1;
  return s * (all.size > resultRank ? 2 : 1);
}

/** Operands of a term up to which its subsets are searched for a factor shared with another term. */
const FACTOR_MAX_OPERANDS = 10;

/**
 * Two terms `c₁ einsum(Z₁, R)` and `c₂ einsum(Z₂, R)` that contract the same R the same way (the
 * same tensors joined by the same indices, the same output positions), with Z₁ and Z₂ open on
 * corresponding indices: the network with `c₁ Z₁ + c₂ Z₂` as a new tensor (its own two-term
 * network) in one term with R. The largest such R; undefined when there is none.
 */
function factorOnce(
  shapes: readonly (readonly number[])[],
  terms: readonly NetTerm[],
): { shapes: (readonly number[])[]; terms: NetTerm[]; inner: NetTerm[]; tensor: number } | undefined {
  const pl = new Planner(shapes, terms);
  const pick = (t: NetTerm, m: number, inside: boolean): NetOperand[] =>
    t.operands.filter((_, i) => ((m >> i) & 1) === (inside ? 1 : 0));
  const tensor = shapes.length;
  const size = (o: NetOperand): number => shapes[o.tensor].reduce((a, b) => a * b, 1);
  /** The greedy path's FLOPs of a term (a quick estimate, to rank the candidates). */
  const estimate = (t: NetTerm, sh: readonly (readonly number[])[]): number => {
    const sizes = new Map<number, number>();
    for (const o of t.operands) o.labels.forEach((l, a) => sizes.set(l, sh[o.tensor][a]));
    const steps = greedyPath(
      t.operands.map((o) => [...new Set(o.labels)]),
      t.output,
      sizes,
    );
    return steps.reduce((a, x) => a + x.flops, 0);
  };
  let best: { cost: number; result: NonNullable<ReturnType<typeof factorOnce>> } | undefined;
  for (let k1 = 0; k1 < terms.length; k1++)
    for (let k2 = k1 + 1; k2 < terms.length; k2++) {
      const [t1, t2] = [terms[k1], terms[k2]];
      const [n1, n2] = [t1.operands.length, t2.operands.length];
      if (t1.output.length !== t2.output.length || n1 < 2 || n2 < 2) continue;
      if (n1 > FACTOR_MAX_OPERANDS || n2 > FACTOR_MAX_OPERANDS) continue;
      const s1 = pl.sizesOf(t1);
      const s2 = pl.sizesOf(t2);
      const largest = Math.max(
        ...[...t1.operands, ...t2.operands].map((o) => shapes[o.tensor].reduce((a, b) => a * b, 1)),
      );
      const byKey = new Map<string, number[]>();
      for (let m = 1; m < (1 << n2) - 1; m++) {
        const key = pl.sub(t2, m, s2, true).key;
        const at = byKey.get(key);
        if (at === undefined) byKey.set(key, [m]);
        else at.push(m);
      }
      for (let m1 = 1; m1 < (1 << n1) - 1; m1++) {
        const r1 = pl.sub(t1, m1, s1, true);
        for (const m2 of byKey.get(r1.key) ?? []) {
          const r2 = pl.sub(t2, m2, s2, true);
          // R₁ → R₂ label by label (equal keys: the same canonical numbers)
          const byName = new Map<number, number>([...r2.names].map(([l, n]) => [n, l]));
          const rho = (l: number): number | undefined => {
            const n = r1.names.get(l);
            return n === undefined ? undefined : byName.get(n);
          };
          // the sum's axes in the order of the largest tensor of Z₁ (read in step with it)
          const zOps = pick(t1, m1, false);
          const big = zOps.reduce((a, o) => (size(o) > size(a) ? o : a), zOps[0]);
          const at = (l: number): number => (big.labels.includes(l) ? big.labels.indexOf(l) : big.labels.length);
          const z1 = pl
            .sub(t1, ((1 << n1) - 1) ^ m1, s1)
            .open.map((l, k) => [l, k])
            .sort((a, b) => at(a[0]) - at(b[0]) || a[1] - b[1])
            .map(([l]) => l);
          const z2 = pl.sub(t2, ((1 << n2) - 1) ^ m2, s2).open;
          // each open index of Z₁ is R₁'s (mapped to R₂'s) or an output position (the same in t₂)
          const mapped = z1.map((l) => {
            const p = t1.output.indexOf(l);
            return r1.names.has(l) ? rho(l) : p >= 0 ? t2.output[p] : undefined;
          });
          if (mapped.some((l) => l === undefined) || mapped.length !== z2.length) continue;
          if (!z2.every((l) => mapped.includes(l))) continue;
          if (z1.some((l, a) => s1.get(l) !== s2.get(mapped[a] as number))) continue;
          const inner: NetTerm[] = [
            { coef: t1.coef, operands: pick(t1, m1, false), output: z1 },
            { coef: t2.coef, operands: pick(t2, m2, false), output: mapped as number[] },
          ];
          const joined: NetTerm = {
            coef: 1,
            operands: [{ tensor, labels: z1 }, ...pick(t1, m1, true)],
            output: t1.output,
          };
          const vShape = z1.map((l) => s1.get(l) as number);
          // the sum is a new tensor: no larger than the largest one the terms read
          if (vShape.reduce((a, b) => a * b, 1) > largest) continue;
          const sh = [...shapes, vShape];
          const cost = estimate(inner[0], sh) + estimate(inner[1], sh) + estimate(joined, sh);
          if (best === undefined || cost < best.cost)
            best = {
              cost,
              result: {
                shapes: sh,
                terms: [...terms.filter((_, k) => k !== k1 && k !== k2), joined],
                inner,
                tensor,
              },
            };
        }
      }
    }
  return best?.result;
}

/**
 * Plan a network: the terms `coef · einsum(operands → output)` over tensors of the given
 * shapes, their partial contractions shared where two terms have the same one, and a
 * contraction two terms end with factored out of them where that costs less.
 */
export function planNetwork(shapes: readonly (readonly number[])[], terms: readonly NetTerm[]): NetworkPlan {
  for (const t of terms) {
    if (t.operands.length === 0 || t.operands.length > 30)
      throw new RangeError(`planNetwork: a term needs 1 to 30 operands, got ${t.operands.length}`);
    const seen = new Set(t.operands.flatMap((o) => o.labels));
    for (const l of t.output)
      if (!seen.has(l)) throw new RangeError(`planNetwork: the output label ${l} appears in no operand`);
    for (const o of t.operands)
      if (o.labels.length !== shapes[o.tensor].length)
        throw new RangeError(
          `planNetwork: tensor ${o.tensor} has ${shapes[o.tensor].length} axes, its operand ${o.labels.length} labels`,
        );
  }
  const base = new Planner(shapes, terms).plan();
  const f = terms.length >= 2 ? factorOnce(shapes, terms) : undefined;
  if (f === undefined) return base;
  const inner = planNetwork(shapes, f.inner);
  const main = planNetwork(f.shapes, f.terms);
  const flops = inner.flops + main.flops;
  if (flops >= base.flops) return base;
  return {
    ...main,
    inner: [{ tensor: f.tensor, plan: inner, shape: f.shapes[f.tensor] }, ...main.inner],
    flops,
    separateFlops: base.separateFlops,
  };
}
