/**
 * The vec–Kronecker form of derivatives of tensors (forms/tensorKron.ts): vec of a tensor stacks
 * the first axis fastest, so vec(X ×₁ A ×₂ B ×₃ C) = (C ⊗ B ⊗ A) vec(X). Checked on random
 * rectangular sizes (all different) against the dense Jacobian by autodiff, reordered to vec
 * layout, and against the Kronecker product of the numeric matrices built here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  add,
  derive,
  eye,
  jacobian,
  kron,
  randn,
  scale,
  toVecJacobian,
  transpose,
  verify,
  type Tensor,
} from "../../src/index";

function maxDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual([...a.shape], [...b.shape]);
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

const distinct = (k: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray([2, 3, 4, 5, 6, 7], { minLength: k, maxLength: k });

interface Case {
  readonly expr: string;
  readonly shapes: Record<string, string[]>;
  readonly text: string;
  /** The Kronecker product of the numeric matrices (an independent formula), from the values and sizes. */
  readonly formula: (v: Record<string, Tensor>, n: Record<string, number>) => Tensor;
}

const CASES: Case[] = [
  {
    expr: 'einsum("ijk,ai,bj,ck->abc", T, A, B, C)',
    shapes: { T: ["i", "j", "k"], A: ["a", "i"], B: ["b", "j"], C: ["c", "k"] },
    text: "C ⊗ B ⊗ A",
    formula: (v) => kron(kron(v.C, v.B), v.A),
  },
  {
    expr: 'einsum("ijk,aj->iak", T, A)',
    shapes: { T: ["i", "j", "k"], A: ["a", "j"] },
    text: "I ⊗ A ⊗ I",
    formula: (v, n) => kron(kron(eye(n.k), v.A), eye(n.i)),
  },
  {
    expr: 'einsum("ijk,ka->ija", T, A)',
    shapes: { T: ["i", "j", "k"], A: ["k", "a"] },
    text: "Aᵀ ⊗ I ⊗ I",
    formula: (v, n) => kron(kron(transpose(v.A), eye(n.j)), eye(n.i)),
  },
  {
    expr: 'T - 2 * einsum("ijkl,aj->iakl", T, A)',
    shapes: { T: ["i", "j", "k", "l"], A: ["j", "j"] },
    text: "I ⊗ I ⊗ I ⊗ I − 2(I ⊗ I ⊗ A ⊗ I)",
    formula: (v, n) => {
      const I = kron(kron(kron(eye(n.l), eye(n.k)), eye(n.j)), eye(n.i));
      const M = kron(kron(kron(eye(n.l), eye(n.k)), v.A), eye(n.i));
      return add(I, scale(M, -2));
    },
  },
];

for (const c of CASES) {
  test(`vec–Kronecker form of ${c.expr} by T: ${c.text}, against autodiff and the numeric Kronecker product`, () => {
    const names = [...new Set(Object.values(c.shapes).flat())];
    fc.assert(
      fc.property(distinct(names.length), fc.integer({ min: 1, max: 10_000 }), (sizes, seed) => {
        const n = Object.fromEntries(names.map((x, i) => [x, sizes[i]]));
        const d = derive(c.expr, "T", c.shapes, { dims: n });
        const k = d.form("kron");
        assert.ok(k !== undefined, JSON.stringify(d.notApplicable));
        assert.match(k.title, /first axis fastest/);
        const values: Record<string, Tensor> = {};
        Object.entries(c.shapes).forEach(([name, sh], q) => {
          values[name] = randn(
            sh.map((x) => n[x]),
            { seed: seed + q },
          );
        });
        const DF = k.evaluate(values);
        const J = jacobian((T: Tensor) => d.value({ ...values, T }), values.T);
        const dense = toVecJacobian(J, { ndimY: d.resultShape.length });
        assert.ok(maxDiff(DF, dense) < 1e-9, "against the dense Jacobian");
        assert.ok(maxDiff(DF, c.formula(values, n)) < 1e-9, "against the Kronecker product of the matrices");
        assert.ok(verify(d, { seed }).forms.find((f) => f.name === "kron")?.ok);
      }),
      { numRuns: 3 },
    );
    const d = derive(c.expr, "T", c.shapes);
    assert.equal(d.form("kron")?.text, c.text);
  });
}

test("where no unfolding makes it a Kronecker product the form says why", () => {
  const e = derive("sin(T)", "T", { T: ["i", "j", "k"] });
  assert.equal(e.form("kron"), undefined);
  const why = e.notApplicable.find((x) => x.name === "kron")?.reason ?? "";
  assert.match(why, /no mode-n unfolding makes ∂Y\/∂T a Kronecker product: axis 1 of Y and axis 1 of T/);
  const p = derive("permute(T, [1, 3, 2])", "T", { T: ["i", "j", "k"] });
  assert.match(
    p.notApplicable.find((x) => x.name === "kron")?.reason ?? "",
    /axis 2 of Y and axis 2 of T are not tied/,
  );
  const w = derive('einsum("bsd,de->bse", X, W)', "W", { X: ["b", "s", "d"], W: ["d", "e"] });
  assert.match(w.notApplicable.find((x) => x.name === "kron")?.reason ?? "", /same number of axes \(here 3 and 2\)/);
});
