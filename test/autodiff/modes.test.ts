/**
 * jvp, vjp, grad and hessian agree with the Jacobian on every registered op's
 * cases; derivatives of derivatives work. (Forward = reverse = finite differences
 * per op: registry.test.ts.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  jacobian,
  grad,
  hessian,
  jvp,
  vjp,
  randn,
  sum,
  hadamard,
  sin,
  exp,
  inv,
  matmul,
  transpose,
  logdet,
  tanh,
  reshape,
  dot,
  permute,
  add,
  scale,
  eye,
  assertClose,
  type Tensor,
} from "../../src";
import { allCases, assertWithinEstimate, caseDims, seed } from "./helpers";

test("jvp = J·V and vjp = Cᵀ·J, without forming J", () => {
  fc.assert(
    fc.property(caseDims, (d) => {
      for (const c of allCases()) {
        const x = c.x(d);
        const f = c.f(d);
        const J = jacobian(f, x);
        const y = f(x);
        const V = randn(x.shape, { seed: d.seed + 11 });
        const C = randn(y.shape, { seed: d.seed + 12 });
        const Jm = reshape(J, [y.size, x.size]);
        const JV = reshape(matmul(Jm, reshape(V, [x.size])), y.shape);
        const CJ = reshape(matmul(reshape(C, [y.size]), Jm), x.shape);
        const tol = { rtol: 1e-10, atol: 1e-10 };
        const jv = jvp(f, x, V);
        assertClose(jv.tangent, JV, `${c.label}: jvp`, tol);
        assertClose(jv.value, y, `${c.label}: jvp value`, tol);
        const vj = vjp(f, x, C);
        assertClose(vj.cotangent, CJ, `${c.label}: vjp`, tol);
      }
    }),
    { numRuns: 5 },
  );
});

test("jacobian with several inputs equals the one-input Jacobians", () => {
  const A = randn([3, 2], { seed: 1 });
  const B = randn([3, 4], { seed: 2 });
  const f = (a: Tensor, b: Tensor): Tensor => tanh(matmul(transpose(a), b));
  const [JA, JB] = jacobian(f, [A, B]);
  assertClose(
    JA,
    jacobian((a) => f(a, B), A),
    "JA",
  );
  assertClose(
    JB,
    jacobian((b) => f(A, b), B),
    "JB",
  );
  // reverse mode with several inputs (Y smaller than X)
  const g = (a: Tensor, b: Tensor): Tensor => sum(hadamard(a, b));
  const [GA, GB] = jacobian(g, [B, B]);
  assertClose(GA, B, "∂/∂a Σ a⊙b = b");
  assertClose(GB, B, "∂/∂b Σ a⊙b = a");
});

test("hessian = finite differences of grad, and is symmetric", () => {
  const fs: [string, (x: Tensor) => Tensor][] = [
    ["Σ exp(X⁻¹)", (x) => sum(exp(inv(x)))],
    ["ln|det X|", (x) => logdet(x)],
    ["Σ sin(XᵀX)", (x) => sum(sin(matmul(transpose(x), x)))],
    ["Σ tanh(X)⊙X", (x) => sum(hadamard(tanh(x), x))],
  ];
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), seed, (n, s) => {
      for (const [label, f] of fs) {
        const Xt = add(scale(randn([n, n], { seed: s }), 0.3), scale(eye(n), 2));
        const H = hessian(f, Xt);
        assert.deepEqual(H.shape, [n, n, n, n]);
        assertWithinEstimate(H, (z) => grad(f, z), Xt, `${label}: Hessian`);
        assertClose(H, permute(H, [2, 3, 0, 1]), `${label}: symmetric`, { rtol: 1e-10, atol: 1e-10 });
      }
    }),
    { numRuns: 8 },
  );
});

test("derivatives of derivatives: jacobian of jacobian / jvp / vjp, third order", () => {
  const X = randn([2, 3], { seed: 5 });
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["jacobian(z ↦ sin(z⊙x))", (x) => jacobian((z: Tensor) => sin(hadamard(z, x)), x)],
    ["jvp(z ↦ sin(z⊙z), x, x)", (x) => jvp((z: Tensor) => sin(hadamard(z, z)), x, x).tangent],
    ["vjp(z ↦ exp(z)⊙z, x, x)", (x) => vjp((z: Tensor) => hadamard(exp(z), z), x, x).cotangent],
    ["grad(z ↦ Σ exp(z)·Σ z)", (x) => grad((z: Tensor) => dot(reshape(exp(z), [6]), reshape(z, [6])), x)],
  ];
  for (const [label, f] of cases) assertWithinEstimate(jacobian(f, X), f, X, label);
  // third derivative of Σ exp(x): δ_ijk e^{x_i}
  const x = randn([3], { seed: 9 });
  const T = jacobian((v: Tensor) => hessian((z: Tensor) => sum(exp(z)), v), x);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++) assert.equal(T.get(i, j, k), i === j && j === k ? Math.exp(x.data[i]) : 0);
});
