/**
 * `d.at(values)` of tensor expressions evaluated as one planned einsum network
 * (symbolic/einsumNetwork.ts over einsum/network.ts): on random rectangular sizes (every axis size
 * different) the gradient, jvp, vjp and Hessian–vector product agree with autodiff of an
 * independent numeric formula; the attention gradient's two index terms share partial
 * contractions, and the CP residual is distributed (the full tensor [[A, B, C]] is never formed).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  derive,
  einsum,
  grad,
  hadamard,
  jvp,
  randn,
  scale,
  softmax,
  sub,
  sum,
  tensor,
  vjp,
  type Tensor,
} from "../../src";
import { planTree } from "../../src/symbolic/einsumNetwork";
import { evaluatePadded } from "../../src/symbolic/evaluate";

const MHA =
  'sum(einsum("bhst,btkh->bskh", softmax(einsum("bsd,dkh,bte,ekh->bhst", X, W_q, X, W_k) / c, 4), ' +
  'einsum("btd,dkh->btkh", X, W_v)) .* G)';
const CP = 'sum((T - einsum("ir,jr,kr->ijk", A, B, C)) .^ 2)';

function close(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual(a.shape, b.shape, what);
  const scaleOf = Math.max(1, ...Array.from(b.data, Math.abs));
  for (let i = 0; i < a.size; i++)
    assert.ok(Math.abs(a.data[i] - b.data[i]) <= 1e-10 * scaleOf, `${what}[${i}]: ${a.data[i]} vs ${b.data[i]}`);
}

/** Five different sizes for b, s, d, k, h (or i, j, k, r). */
const sizes5 = fc.uniqueArray(fc.integer({ min: 2, max: 6 }), { minLength: 5, maxLength: 5 });

test("attention gradient by W_q through the network equals autodiff of Q = XW_q, K = XW_k, softmax(QKᵀ/c)V", () => {
  const shapes = { X: ["b", "s", "d"], W_q: ["d", "k", "h"], W_k: ["d", "k", "h"], W_v: ["d", "k", "h"] };
  const d = derive(MHA, "W_q", { ...shapes, G: ["b", "s", "k", "h"], c: [] });
  fc.assert(
    fc.property(sizes5, fc.integer({ min: 1, max: 1000 }), ([b, s, m, k, h], seed) => {
      const X = randn([b, s, m], { seed });
      const [Wq, Wk, Wv] = [1, 2, 3].map((n) => randn([m, k, h], { seed: seed + n }));
      const G = randn([b, s, k, h], { seed: seed + 4 });
      const c = Math.sqrt(k);
      const loss = (wq: Tensor): Tensor => {
        const Q = einsum("bsd,dkh->bskh", X, wq);
        const K = einsum("btd,dkh->btkh", X, Wk);
        const V = einsum("btd,dkh->btkh", X, Wv);
        const A = softmax(scale(einsum("bskh,btkh->bhst", Q, K), 1 / c), 3);
        return sum(hadamard(einsum("bhst,btkh->bskh", A, V), G));
      };
      const values = { X, W_q: Wq, W_k: Wk, W_v: Wv, G, c: tensor(c) };
      close(d.at(values).gradient(), grad(loss, Wq), "gradient");
    }),
    { numRuns: 15 },
  );
});

test("the attention gradient's two index terms are planned together: shared partial contractions cost less", () => {
  const shapes = { X: ["b", "s", "d"], W_q: ["d", "k", "h"], W_k: ["d", "k", "h"], W_v: ["d", "k", "h"] };
  const d = derive(MHA, "W_q", { ...shapes, G: ["b", "s", "k", "h"], c: [] });
  const [b, s, m, k, h] = [3, 7, 5, 4, 2];
  const values = {
    X: randn([b, s, m], { seed: 1 }),
    W_q: randn([m, k, h], { seed: 2 }),
    W_k: randn([m, k, h], { seed: 3 }),
    W_v: randn([m, k, h], { seed: 4 }),
    G: randn([b, s, k, h], { seed: 5 }),
    c: tensor(2),
  };
  const rhs = d.form("tensor")?.rhs;
  assert.ok(rhs !== undefined);
  const at = d.sizes(values);
  const value = (x: Parameters<typeof evaluatePadded>[0]): Tensor => evaluatePadded(x, values, at, d.info);
  const p = planTree(rhs, (x) => value(x).size === 1, value);
  assert.ok(p !== undefined);
  assert.equal(p.net.terms.length, 2);
  assert.ok(p.plan.flops < p.plan.separateFlops, `${p.plan.flops} < ${p.plan.separateFlops}`);
});

test("CP loss by A: gradient, jvp, vjp and Hessian–vector product through the network equal autodiff", () => {
  const shapes = { T: ["i", "j", "k"], A: ["i", "r"], B: ["j", "r"], C: ["k", "r"] };
  const d = derive(CP, "A", shapes);
  fc.assert(
    fc.property(sizes5, fc.integer({ min: 1, max: 1000 }), ([i, j, k, r], seed) => {
      const T = randn([i, j, k], { seed });
      const [A, B, C] = [
        [i, r],
        [j, r],
        [k, r],
      ].map((sh, n) => randn(sh, { seed: seed + 1 + n }));
      const D = randn([i, r], { seed: seed + 9 });
      const f = (a: Tensor): Tensor =>
        sum(hadamard(sub(T, einsum("ir,jr,kr->ijk", a, B, C)), sub(T, einsum("ir,jr,kr->ijk", a, B, C))));
      const op = d.at({ T, A, B, C });
      close(op.gradient(), grad(f, A), "gradient");
      close(op.apply(D), jvp(f, A, D).tangent, "jvp");
      close(op.applyT(tensor(1.5)), scale(vjp(f, A, tensor(1.5)).cotangent, 1), "vjp");
      close(op.hessianVector(D), jvp((a) => grad(f, a), A, D).tangent, "Hessian–vector product");
    }),
    { numRuns: 15 },
  );
});

test("the CP gradient's residual T − [[A, B, C]] is distributed: no term contracts a tensor of A's, B's and C's axes", () => {
  const shapes = { T: ["i", "j", "k"], A: ["i", "r"], B: ["j", "r"], C: ["k", "r"] };
  const d = derive(CP, "A", shapes);
  const values = {
    T: randn([3, 4, 5], { seed: 1 }),
    A: randn([3, 2], { seed: 2 }),
    B: randn([4, 2], { seed: 3 }),
    C: randn([5, 2], { seed: 4 }),
  };
  const rhs = d.form("tensor")?.rhs;
  assert.ok(rhs !== undefined);
  const at = d.sizes(values);
  const value = (x: Parameters<typeof evaluatePadded>[0]): Tensor => evaluatePadded(x, values, at, d.info);
  const p = planTree(rhs, (x) => value(x).size === 1, value);
  assert.ok(p !== undefined);
  // the leaves are the symbols themselves (the residual is not a leaf) and every node is small
  assert.ok(
    p.net.leaves.every((l) => l.args.length === 0),
    "leaves are symbols",
  );
  assert.equal(p.net.terms.length, 2);
});
