/**
 * Derivative operators whose forms multiply by an inverse (−X⁻¹ dX X⁻¹, −X⁻ᵀ W X⁻ᵀ, X⁻¹A, …)
 * apply it by triangular solves with one LU (symbolic/implicitChain.ts) instead of forming it:
 * checked against autodiff (jvp and vjp of the same function written with the numeric ops) on
 * random rectangular shapes; the kept factorisation is not reused once X changes in place; a
 * singular X is still refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  SingularMatrixError,
  Tensor,
  add,
  derive,
  eye,
  inv,
  jvp,
  matmul,
  randn,
  scale,
  trace,
  transpose,
  vjp,
  zeros,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const maxAbs = (d: Float64Array): number => d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function close(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual(a.shape, b.shape, what);
  const d = maxAbs(a.data.map((v, i) => v - b.data[i]));
  assert.ok(d <= 1e-9 * Math.max(1, maxAbs(b.data)), `${what}: max difference ${d}`);
}

interface Case {
  expr: string;
  shapes: Record<string, string[]>;
  f: (X: Tensor, v: Record<string, Tensor>) => Tensor;
}

const cases: Case[] = [
  { expr: "inv(X)", shapes: { X: ["n", "n"] }, f: (X) => inv(X) },
  { expr: "inv(X) * A", shapes: { X: ["n", "n"], A: ["n", "k"] }, f: (X, v) => matmul(inv(X), v.A) },
  { expr: "B * inv(X)", shapes: { X: ["n", "n"], B: ["k", "n"] }, f: (X, v) => matmul(v.B, inv(X)) },
  {
    expr: "tr(inv(X) * A * A')",
    shapes: { X: ["n", "n"], A: ["n", "k"] },
    f: (X, v) => trace(matmul(matmul(inv(X), v.A), transpose(v.A))),
  },
  {
    expr: "B * inv(X') * A",
    shapes: { X: ["n", "n"], A: ["n", "k"], B: ["k", "n"] },
    f: (X, v) => matmul(matmul(v.B, inv(transpose(X))), v.A),
  },
];

test("operators with inverses in their forms agree with autodiff (jvp and vjp) on random shapes", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...cases),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 7 }),
      fc.integer(),
      (c, n, k, seed) => {
        const X = add(randn([n, n], { seed }), scale(eye(n), 2 * Math.sqrt(n)));
        const v: Record<string, Tensor> = {
          X,
          A: randn([n, k], { seed: seed + 1 }),
          B: randn([k, n], { seed: seed + 2 }),
        };
        const d = derive(c.expr, "X", c.shapes);
        const op = d.at(v);
        const f = (x: Tensor): Tensor => c.f(x, v);
        const V = randn([n, n], { seed: seed + 3 });
        const ref = jvp(f, X, V);
        close(op.apply(V), ref.tangent, `${c.expr}: apply (n = ${n}, k = ${k})`);
        const W = randn([...ref.tangent.shape], { seed: seed + 4 });
        close(op.applyT(W), vjp(f, X, W).cotangent, `${c.expr}: applyT`);
        // a second evaluation at the same values (the kept factorisation) gives the same numbers
        close(d.at(v).apply(V), ref.tangent, `${c.expr}: apply again`);
      },
    ),
    { numRuns: 40 },
  );
});

test("the kept LU is not reused after X changes in place; a singular X is still refused", () => {
  const n = 50;
  const d = derive("inv(X)", "X", { X: ["n", "n"] });
  const X = add(randn([n, n], { seed: 1 }), scale(eye(n), 10));
  const V = randn([n, n], { seed: 2 });
  d.at({ X }).apply(V);
  X.data[7] += 3; // the same storage, other entries
  const f = (x: Tensor): Tensor => inv(x);
  close(d.at({ X }).apply(V), jvp(f, X, V).tangent, "after an in-place change");
  throwsWith(() => d.at({ X: zeros([n, n]) }).apply(V), SingularMatrixError, /singular/);
});
