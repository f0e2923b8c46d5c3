/**
 * Jacobians of composite functions against torch.autograd.functional.jacobian
 * (float64), from test/fixtures/autodiff.json written by scripts/fixtures/autodiff.py.
 * FUNCTIONS here and in the script have the same names and meaning.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  jacobian,
  Tensor,
  tanh,
  matmul,
  transpose,
  inv,
  exp,
  hadamard,
  logdet,
  solve,
  kron,
  einsum,
  det,
  sin,
  sqrt,
  sum,
  pow,
  scale,
  trace,
  ddot,
  dot,
  permute,
  reshape,
  vec,
  cos,
} from "../../src";
import { relErr } from "./helpers";

type Inputs = Record<string, Tensor>;
const FUNCTIONS: Record<string, (t: Inputs) => Tensor> = {
  tanh_AtB: ({ A, B }) => tanh(matmul(transpose(A), B)),
  inv_X_A: ({ X, A }) => matmul(inv(X), A),
  exp_X_hadamard_X: ({ X }) => hadamard(exp(X), X),
  logdet_XtX: ({ X }) => logdet(matmul(transpose(X), X)),
  solve_A_B: ({ A, B }) => solve(A, B),
  kron_A_X: ({ A, X }) => kron(A, X),
  einsum_chain: ({ A, X, C }) => einsum("ij,jk,kl->il", A, X, C),
  einsum_diag: ({ X }) => einsum("ii,ij->j", X, X),
  det_sin_X: ({ X }) => det(sin(X)),
  frobenius_norm: ({ X }) => sqrt(sum(hadamard(X, X))),
  pow_XXt_trace: ({ X }) => scale(pow(matmul(X, transpose(X)), 3), trace(matmul(X, transpose(X)))),
  ddot_dot: ({ S, X, C }) => dot(ddot(S, X), C),
  permute_reshape_vec: ({ X }) => vec(cos(reshape(permute(X, [2, 0, 1]), [4, 6]))),
};

interface TJ {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  inputs: Record<string, TJ>;
  wrt: string[];
  value: TJ;
  jacobians: Record<string, TJ>;
}

const file = path.join(__dirname, "..", "fixtures", "autodiff.json");
const { cases } = JSON.parse(fs.readFileSync(file, "utf8")) as { cases: Case[] };
const toTensor = (t: TJ): Tensor => new Tensor(Float64Array.from(t.data), t.shape);

test("the fixture and this test list the same functions", () => {
  assert.deepEqual(cases.map((c) => c.name).sort(), Object.keys(FUNCTIONS).sort());
  assert.ok(cases.length >= 10);
});

for (const c of cases) {
  test(`${c.name}: value and Jacobians match torch (1e-10 relative)`, () => {
    const f = FUNCTIONS[c.name];
    assert.ok(f !== undefined, `no TS definition for ${c.name}`);
    const inputs: Inputs = {};
    for (const [k, v] of Object.entries(c.inputs)) inputs[k] = toTensor(v);
    const value = f(inputs);
    assert.ok(relErr(value, toTensor(c.value)) < 1e-10, `${c.name}: value`);
    const names = c.wrt;
    const Js = jacobian(
      (...xs: Tensor[]) => f({ ...inputs, ...Object.fromEntries(names.map((n, i) => [n, xs[i]])) }),
      names.map((n) => inputs[n]),
    );
    names.forEach((n, i) => {
      const expected = toTensor(c.jacobians[n]);
      const err = relErr(Js[i], expected);
      assert.ok(err < 1e-10, `${c.name}: ∂/∂${n} differs from torch by ${err} (relative)`);
    });
  });
}
