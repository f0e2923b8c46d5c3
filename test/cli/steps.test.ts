/** `tensorcalc derive … --steps [--route …]`: text, --latex and --json. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run";

const seed = ["derive", "A' * B", "--wrt", "A", "--shape", "A=pxm", "--shape", "B=pxn"];

test("--steps prints the seed's lines through the tensor route, each with its rule and a check mark", () => {
  const r = runCli([...seed, "--steps"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Steps \(tensor route\)/);
  assert.match(r.stdout, /write the products with α: HFG = HαGᵀ:F/);
  assert.match(r.stdout, /= αBᵀ:Aᵀ {4}✓/);
  assert.match(r.stdout, /= αBᵀ:β:A {4}✓/);
  assert.match(r.stdout, /⟹ ∂Y\/∂A = αBᵀ:β {4}✓/);
  assert.match(r.stdout, /other routes: --route kron/);
});

test("--steps --route kron: constant factor, transpose, vec, identification", () => {
  const r = runCli([...seed, "--steps", "--route", "kron"]);
  assert.equal(r.code, 0, r.stderr);
  for (const rule of ["constant factor", "transpose", "vec of a product", "identification theorem"])
    assert.match(r.stdout, new RegExp(rule));
  assert.match(r.stdout, /∂vec\(Y\)\/∂vec\(A\)ᵀ = \(Bᵀ ⊗ I\)K_pm/);
});

test("--steps --json prints { steps: [{ rule, before, after, latex, ok }] }", () => {
  const r = runCli(["derive", "A' * B", "--wrt", "B", "--steps", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { route: string; steps: Record<string, unknown>[] };
  assert.equal(j.route, "tensor");
  assert.deepEqual(
    j.steps.map((s) => [s.before, s.after, s.ok]),
    [
      ["AᵀB", "Aᵀα:B", true],
      ["Aᵀα:B", "Aᵀα", true],
    ],
  );
  for (const s of j.steps) for (const k of ["rule", "before", "after", "latex", "ok"]) assert.ok(k in s, k);
});

test("--steps --latex prints one LaTeX line per step", () => {
  const r = runCli(["derive", "tr(A * X * B)", "--wrt", "X", "--steps", "--latex"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /% 1\. linearity of the trace \(checked\)/);
  assert.match(r.stdout, /\\nabla_\{X\} Y = A\^\{T\} B\^\{T\}/);
});

test("--route names a route that does not apply: exit 2 and the reason", () => {
  const r = runCli([...seed, "--route", "gradient"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /gradient route does not apply: the expression is not scalar-valued/);
  const bad = runCli([...seed, "--route", "vec"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--route must be one of tensor, kron, gradient, got "vec"/);
});
