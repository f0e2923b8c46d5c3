/**
 * The whole-network einsum planner (src/einsum/network.ts) and its evaluator: on random networks
 * of rectangular tensors (every size different, integer entries so that every sum is exact) the
 * planned result equals a naive loop over every index of every term; a term and a relabelled copy
 * of it share all their work.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { planNetwork, type NetTerm } from "../../src/einsum/network";
import { evaluateNetwork } from "../../src/einsum/networkEval";

/** Sizes of the dimension classes: all different. */
const CLASS_SIZES = [2, 3, 4, 5];

interface Case {
  shapes: number[][];
  classes: number[][];
  data: Float64Array[];
  terms: NetTerm[];
  outClasses: number[];
}

/** −0 as 0 (a coefficient times an exact 0): the comparisons are of values, exact otherwise. */
const noNegZero = (x: number): number => (x === 0 ? 0 : x);

const sizeOf = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);

/** A random network: 1–4 tensors of 0–3 axes, 1–3 terms of 1–5 operands each, one output shape. */
const arbCase: fc.Arbitrary<Case> = fc
  .record({
    classes: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }), {
      minLength: 1,
      maxLength: 4,
    }),
    outClasses: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }),
    seed: fc.integer({ min: 1, max: 1e9 }),
    nTerms: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ classes, outClasses, seed, nTerms }) => {
    let r = seed;
    const rand = (n: number): number => {
      r = (r * 1103515245 + 12345) % 2147483648;
      return Math.floor((r / 2147483648) * n);
    };
    const shapes = classes.map((cs) => cs.map((c) => CLASS_SIZES[c]));
    const data = shapes.map((s) => Float64Array.from({ length: sizeOf(s) }, () => rand(7) - 3));
    const terms: NetTerm[] = [];
    for (let k = 0; k < nTerms; k++) {
      const n = 1 + rand(5);
      // labels: class c, slot j → 10c + j (two slots per class, so indices get shared and repeated)
      const operands = Array.from({ length: n }, () => {
        const tensor = rand(shapes.length);
        return { tensor, labels: classes[tensor].map((c) => 10 * c + rand(2)) };
      });
      // the output: one label per output class, from the labels used (a class with none gets a
      // new operand, a vector of tensor 0 is not guaranteed: so use a fresh label on a new operand)
      const used = new Set(operands.flatMap((o) => o.labels));
      const output: number[] = [];
      for (const c of outClasses) {
        const options = [...used].filter((l) => Math.floor(l / 10) === c && !output.includes(l));
        output.push(options.length > 0 ? options[rand(options.length)] : -1);
      }
      if (output.includes(-1)) {
        // no label of that class: give the term a vector operand for it when a tensor is one
        const v = classes.findIndex((cs) => cs.length === 1);
        output.forEach((l, a) => {
          if (l === -1) {
            const c = outClasses[a];
            const lab = 10 * c + 5 + a;
            output[a] = lab;
            const t = classes.findIndex((cs) => cs.length === 1 && cs[0] === c);
            operands.push({ tensor: t >= 0 ? t : v, labels: [lab] });
          }
        });
      }
      terms.push({ coef: rand(5) - 2, operands, output });
    }
    return { shapes, classes, data, terms, outClasses };
  })
  // every operand's labels fit its tensor's classes (a vector stand-in of another class does not)
  .filter(({ terms, classes }) =>
    terms.every((t) =>
      t.operands.every(
        (o) =>
          o.tensor >= 0 &&
          o.labels.length === classes[o.tensor].length &&
          o.labels.every((l, a) => Math.floor(l / 10) === classes[o.tensor][a]),
      ),
    ),
  );

/** Σ_terms coef · (one loop over every label of the term), row-major over the output. */
function naive(c: Case): Float64Array {
  const outShape = c.outClasses.map((k) => CLASS_SIZES[k]);
  const out = new Float64Array(sizeOf(outShape));
  for (const t of c.terms) {
    const labels = [...new Set(t.operands.flatMap((o) => o.labels))];
    const size = (l: number): number => CLASS_SIZES[Math.floor(l / 10)];
    const idx = new Map<number, number>(labels.map((l) => [l, 0]));
    const total = sizeOf(labels.map(size));
    for (let n = 0; n < total; n++) {
      let rem = n;
      for (const l of labels) {
        idx.set(l, rem % size(l));
        rem = Math.floor(rem / size(l));
      }
      let p = t.coef;
      for (const o of t.operands) {
        let off = 0;
        o.labels.forEach((l, a) => (off = off * c.shapes[o.tensor][a] + (idx.get(l) as number)));
        p *= c.data[o.tensor][off];
      }
      let at = 0;
      t.output.forEach((l, a) => (at = at * outShape[a] + (idx.get(l) as number)));
      out[at] += p;
    }
  }
  return out;
}

test("a planned network equals the naive sum of its terms' contractions (exact, integer entries)", () => {
  fc.assert(
    fc.property(arbCase, (c) => {
      const plan = planNetwork(c.shapes, c.terms);
      const outShape = c.outClasses.map((k) => CLASS_SIZES[k]);
      const got = evaluateNetwork(plan, c.data, c.shapes, outShape);
      assert.deepEqual([...got].map(noNegZero), [...naive(c)].map(noNegZero));
      assert.ok(plan.flops <= plan.separateFlops);
    }),
    { numRuns: 300 },
  );
});

test("a term and a relabelled copy of it share their work: the plan costs at most what one term costs", () => {
  fc.assert(
    fc.property(arbCase, fc.integer({ min: 100, max: 200 }), (c, shift) => {
      const t = c.terms[0];
      const copy: NetTerm = {
        coef: 3,
        // the same contraction with other label names and the operands in reverse order
        operands: [...t.operands].reverse().map((o) => ({ tensor: o.tensor, labels: o.labels.map((l) => l + shift) })),
        output: t.output.map((l) => l + shift),
      };
      const one = planNetwork(c.shapes, [t]);
      const two = planNetwork(c.shapes, [t, copy]);
      assert.ok(two.flops <= one.flops, `${two.flops} <= ${one.flops}`);
      const outShape = c.outClasses.map((k) => CLASS_SIZES[k]);
      const a = evaluateNetwork(one, c.data, c.shapes, outShape);
      const b = evaluateNetwork(two, c.data, c.shapes, outShape);
      const d = evaluateNetwork(planNetwork(c.shapes, [copy]), c.data, c.shapes, outShape);
      assert.deepEqual(
        [...b].map(noNegZero),
        [...a].map((x, i) => noNegZero(x + d[i])),
      );
    }),
    { numRuns: 200 },
  );
});

test("shared intermediates lower the cost of two terms that share a partial contraction", () => {
  // Σ_e X[a,e] Y[e,b] Z[b,c] and Σ_e X[a,e] Y[e,b] W[b,c]: XY is made once
  const shapes = [
    [6, 7],
    [7, 8],
    [8, 9],
    [8, 9],
  ];
  const terms: NetTerm[] = [
    {
      coef: 1,
      operands: [
        { tensor: 0, labels: [0, 1] },
        { tensor: 1, labels: [1, 2] },
        { tensor: 2, labels: [2, 3] },
      ],
      output: [0, 3],
    },
    {
      coef: -1,
      operands: [
        { tensor: 3, labels: [12, 13] },
        { tensor: 1, labels: [11, 12] },
        { tensor: 0, labels: [10, 11] },
      ],
      output: [10, 13],
    },
  ];
  const plan = planNetwork(shapes, terms);
  assert.ok(plan.flops < plan.separateFlops, `${plan.flops} < ${plan.separateFlops}`);
  // XY is made once (shared, or factored out: XY(Z − W))
  const pairs = (p: typeof plan): number =>
    p.nodes.filter((n) => n.kind === "pair").length + p.inner.reduce((a, i) => a + pairs(i.plan), 0);
  assert.ok(pairs(plan) <= 3, `${pairs(plan)} pairwise steps`);
});

test("planNetwork refuses an output label no operand has", () => {
  assert.throws(
    () => planNetwork([[2]], [{ coef: 1, operands: [{ tensor: 0, labels: [0] }], output: [1] }]),
    /output label 1 appears in no operand/,
  );
});
