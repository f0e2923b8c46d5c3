/**
 * `derivation.at(values)`: the derivative as a linear operator, checked against the dense
 * Jacobian and Hessian of automatic differentiation on small rectangular sizes — on named
 * problems (the benchmark's) and on every catalogue identity and registry example.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DifferentiationError,
  IndexError,
  ShapeError,
  SYMBOLIC_OPS,
  add,
  catalogue,
  derive,
  eye,
  scale,
  matmul,
  transpose,
  hessian,
  jacobian,
  randn,
  setAllocationLimit,
  toVecJacobian,
  verify,
  type Derivation,
  type Shapes,
  type SymOpDef,
  type Tensor,
} from "../../src";

const TOL = 1e-9;

function close(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape ${JSON.stringify(a.shape)} vs ${JSON.stringify(b.shape)}`);
  let scale = 1;
  for (const v of b.data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.size; i++)
    assert.ok(
      Math.abs(a.data[i] - b.data[i]) <= TOL * scale,
      `${what}: entry ${i} is ${a.data[i]}, expected ${b.data[i]}`,
    );
}

/** Σ J[y…, x…] V[x…] and Σ W[y…] J[y…, x…] from the dense Jacobian. */
function contract(J: Tensor, V: Tensor, side: "x" | "y"): Float64Array {
  const n = V.size;
  const other = J.size / n;
  const out = new Float64Array(other);
  for (let o = 0; o < other; o++)
    for (let i = 0; i < n; i++)
      out[o] += side === "x" ? J.data[o * n + i] * V.data[i] : J.data[i * other + o] * V.data[i];
  return out;
}

/** Every operation of the operator against autodiff's dense Jacobian (and Hessian). */
function checkOperator(d: Derivation, values: Record<string, Tensor>, label: string): void {
  const X = values[d.wrt];
  const f = (x: Tensor): Tensor => d.value({ ...values, [d.wrt]: x });
  const J = jacobian(f, X);
  const op = d.at(values);
  const yShape = [...op.yShape];
  assert.deepEqual([...yShape, ...X.shape], J.shape, `${label}: operator shapes`);
  close(op.value(), f(X), `${label}: value`);
  close(op.toDense(), J, `${label}: toDense`);
  close(op.toVec(), toVecJacobian(J, { ndimY: yShape.length }), `${label}: toVec`);
  const V = randn([...X.shape], { seed: 7 });
  const W = randn(yShape, { seed: 8 });
  const jv = op.apply(V);
  assert.deepEqual(jv.shape, yShape);
  const jref = contract(J, V, "x");
  for (let i = 0; i < jref.length; i++)
    assert.ok(
      Math.abs(jv.data[i] - jref[i]) <= TOL * (1 + Math.abs(jref[i])),
      `${label}: apply entry ${i} is ${jv.data[i]}, expected ${jref[i]}`,
    );
  const wj = op.applyT(W);
  assert.deepEqual(wj.shape, X.shape);
  const ref = contract(J, W, "y");
  for (let i = 0; i < ref.length; i++)
    assert.ok(Math.abs(wj.data[i] - ref[i]) <= TOL * (1 + Math.abs(ref[i])), `${label}: applyT entry ${i}`);
  // one entry, the last one (all indices at their largest)
  const last = [...yShape, ...X.shape].map((s) => s - 1);
  assert.ok(
    Math.abs(op.entry(...last) - J.data[J.size - 1]) <= TOL * (1 + Math.abs(J.data[J.size - 1])),
    `${label}: entry`,
  );
  if (yShape.length === 0) {
    close(op.gradient(), J, `${label}: gradient`);
    const H = hessian((x) => d.value({ ...values, [d.wrt]: x }), X);
    close(op.hessian(), H, `${label}: hessian`);
    const hv = op.hessianVector(V);
    const href = contract(H, V, "x");
    for (let i = 0; i < href.length; i++)
      assert.ok(Math.abs(hv.data[i] - href[i]) <= TOL * (1 + Math.abs(href[i])), `${label}: hessianVector entry ${i}`);
  } else {
    assert.throws(() => op.gradient(), DifferentiationError);
    assert.throws(() => op.hessian(), DifferentiationError);
  }
}

const named: [string, string, Shapes, Record<string, number[]>][] = [
  ["x' * A * x", "x", { x: ["n"], A: ["n", "n"] }, { x: [5], A: [5, 5] }],
  ["sum(log(1 + exp(-y .* (X*w))))", "w", { X: ["m", "n"], w: ["n"], y: ["m"] }, { X: [7, 4], w: [4], y: [7] }],
  ["norm2(T - U*V')^2", "U", { T: ["m", "n"], U: ["m", "r"], V: ["n", "r"] }, { T: [5, 4], U: [5, 3], V: [4, 3] }],
  ["A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }, { A: [4, 3], B: [4, 5] }],
  ["inv(X)", "X", { X: ["n", "n"] }, { X: [4, 4] }],
  ["X * A * X'", "X", { X: ["m", "n"], A: ["n", "n"] }, { X: [3, 4], A: [4, 4] }],
  ["tr(X' * X)", "X", { X: ["m", "n"] }, { X: [4, 3] }],
  ["A * x", "x", { A: ["m", "n"], x: ["n"] }, { A: [3, 5], x: [5] }],
];

for (const [expr, wrt, shapes, numeric] of named) {
  test(`at(values) of ${expr} by ${wrt} agrees with autodiff (apply, applyT, entry, toDense, toVec, gradient, hessian)`, () => {
    const d = derive(expr, wrt, shapes);
    const values: Record<string, Tensor> = {};
    let seed = 1;
    for (const [name, s] of Object.entries(numeric)) values[name] = randn(s, { seed: seed++ });
    if (expr === "inv(X)") values.X = add(randn([4, 4], { seed: 3 }), scale(eye(4), 4));
    checkOperator(d, values, expr);
  });
}

test("every catalogue identity and registry example: at(values) agrees with autodiff at verify's values", () => {
  const cases: { expr: string; wrt: string; shapes: Shapes }[] = [
    ...catalogue,
    ...(SYMBOLIC_OPS as readonly SymOpDef[]).flatMap((d) => d.examples ?? []),
  ];
  let checked = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const d = derive(c.expr, c.wrt, c.shapes);
    const r = verify(d);
    if (!r.ok || Object.keys(r.values).length === 0) continue;
    if (
      d.info.dimNames.some((n) => !Object.values(d.shapes).some((s) => s.some((x) => String(x).split("*").includes(n))))
    )
      continue;
    try {
      checkOperator(d, { ...r.values }, `${c.expr} by ${c.wrt}`);
    } catch (e) {
      failures.push(`${c.expr} by ${c.wrt}: ${(e as Error).message.split("\n")[0]}`);
    }
    checked++;
  }
  assert.deepEqual(failures, []);
  assert.ok(checked > 40, `only ${checked} cases checked`);
});

test("the operator's errors say what was wrong in the user's terms", () => {
  const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
  const op = d.at({ A: randn([4, 2], { seed: 1 }), B: randn([4, 3], { seed: 2 }) });
  assert.throws(
    () => op.apply(randn([2, 4], { seed: 3 })),
    (e: Error) => e instanceof ShapeError && /\[4, 2\]/.test(e.message),
  );
  assert.throws(
    () => op.applyT(randn([3, 2], { seed: 3 })),
    (e: Error) => e instanceof ShapeError && /\[2, 3\]/.test(e.message),
  );
  assert.throws(
    () => op.entry(0, 0, 0),
    (e: Error) => e instanceof IndexError && /needs 4 indices/.test(e.message),
  );
  assert.throws(
    () => op.entry(0, 3, 0, 0),
    (e: Error) => e instanceof IndexError && /outside 0\.\.2/.test(e.message),
  );
  assert.throws(
    () => op.hessian(),
    (e: Error) => e instanceof DifferentiationError && /scalar-valued/.test(e.message),
  );
});

test("the fast paths (fused Xᵀdiag(a)X − Xᵀdiag(b)X as one symmetric product, P + Pᵀ, regrouped chains) agree with autodiff past one block", () => {
  const d = derive("sum(log(1 + exp(-y .* (X*w))))", "w", { X: ["m", "n"], w: ["n"], y: ["m"] });
  const values = {
    X: randn([211, 130], { seed: 1 }),
    y: randn([211], { seed: 2 }),
    w: scale(randn([130], { seed: 3 }), 0.1),
  };
  const H = hessian((w) => d.value({ ...values, w }), values.w);
  close(d.at(values).hessian(), H, "logistic Hessian, n = 130");
  const q = derive("x' * A * x", "x", { x: ["n"], A: ["n", "n"] });
  const qv = { x: randn([150], { seed: 4 }), A: randn([150, 150], { seed: 5 }) };
  close(q.at(qv).hessian(), add(qv.A, transpose(qv.A)), "A + Aᵀ");
  // many samples: the m×m diagonal of Xᵀ(diag(a) − diag(b))X is never formed (the limit refuses m² = 9·10⁶ entries)
  const tall = {
    X: randn([3000, 5], { seed: 10 }),
    y: randn([3000], { seed: 11 }),
    w: scale(randn([5], { seed: 12 }), 0.3),
  };
  const Htall = hessian((w) => d.value({ ...tall, w }), tall.w);
  const limit = setAllocationLimit(1_000_000);
  try {
    close(d.at(tall).hessian(), Htall, "logistic Hessian, m = 3000 under an allocation limit of 10⁶ entries");
  } finally {
    setAllocationLimit(limit);
  }
  const mf = derive("norm2(T - U*V')^2", "U", { T: ["m", "n"], U: ["m", "r"], V: ["n", "r"] });
  const mv = { T: randn([40, 30], { seed: 6 }), U: randn([40, 5], { seed: 7 }), V: randn([30, 5], { seed: 8 }) };
  const D = randn([40, 5], { seed: 9 });
  // H·D = 2 D VᵀV
  close(mf.at(mv).hessianVector(D), scale(matmul(D, matmul(transpose(mv.V), mv.V)), 2), "MF Hessian–vector product");
});
