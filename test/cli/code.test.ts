/**
 * `tensorcalc derive … --code ts|js|numpy [--what …]`, spawned as `node dist/cli/main.js` (npm test
 * builds dist first): the printed function runs and agrees with the library's derivative.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../helpers/cli";

const LOGISTIC = ["derive", "sum(log(1 + exp(-y .* (X*w))))", "--wrt", "w", "--shape", "X=mxn"];

test("--code js prints a loadable fAndG whose gradient is right", () => {
  const r = cli(...LOGISTIC, "--code", "js");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\/\/ fAndG: the value of f = sum\(log\(1 \+ exp\(-y \.\* \(X \* w\)\)\)\) and its gradient/);
  const fAndG = new Function(`${r.stdout}; return fAndG;`)() as (a: object) => {
    value: number;
    gradient: { shape: number[]; data: Float64Array };
  };
  const out = fAndG({
    X: { shape: [2, 1], data: Float64Array.of(1, 2) },
    w: { shape: [1], data: Float64Array.of(0) },
    y: { shape: [2], data: Float64Array.of(1, -1) },
  });
  assert.ok(Math.abs(out.value - 2 * Math.log(2)) < 1e-12);
  assert.deepEqual(out.gradient.shape, [1]);
  assert.ok(Math.abs((out.gradient.data[0] as number) - 0.5) < 1e-12); // −Xᵀ(y ∘ σ(0)) = −(0.5 − 1)
});

test("--code ts --what hessian and --code numpy print their languages; --json wraps the source", () => {
  const t = cli(...LOGISTIC, "--code", "ts", "--what", "hessian");
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^import \{ .* \} from "tensorcalc";$/m);
  assert.match(t.stdout, /export function fAndG\(args: FAndGArgs\): \{ value: number; hessian: Tensor \}/);
  assert.match(t.stdout, /export function checkHessian/);
  const p = cli(...LOGISTIC, "--code", "numpy");
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /^def fAndG\(y, X, w\):$/m);
  const j = cli(...LOGISTIC, "--code", "js", "--what", "jacobian", "--json");
  const parsed = JSON.parse(j.stdout) as {
    language: string;
    what: string;
    entry: string;
    check: string;
    source: string;
  };
  assert.deepEqual(
    [parsed.language, parsed.what, parsed.entry, parsed.check],
    ["js", "jacobian", "fAndG", "checkJacobian"],
  );
  assert.match(parsed.source, /^function fAndG\(args\)/m);
});

test("--code numpy runs under Debian's python3", () => {
  const r = cli("derive", "norm2(A*x - b)^2", "--wrt", "x", "--shape", "A=mxn", "--code", "numpy", "--what", "hessian");
  assert.equal(r.code, 0, r.stderr);
  const dir = mkdtempSync(join(tmpdir(), "tensorcalc-cli-"));
  try {
    const file = join(dir, "f.py");
    writeFileSync(
      file,
      `${r.stdout}\nA = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]])\nr = fAndG(A=A, x=np.array([1.0, -1.0]), b=np.ones(3))\nprint(np.allclose(r["hessian"], 2 * A.T @ A), checkHessian(A=A, x=np.array([1.0, -1.0]), b=np.ones(3))["ok"])\n`,
    );
    const py = spawnSync("/usr/bin/python3", [file], { encoding: "utf8" });
    assert.equal(py.status, 0, py.stderr);
    assert.equal(py.stdout.trim(), "True True");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--code errors say what was wrong", () => {
  const bad = cli(...LOGISTIC, "--code", "rust");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--code must be one of ts, js, numpy, got "rust"/);
  const what = cli(...LOGISTIC, "--code", "js", "--what", "laplacian");
  assert.match(what.stderr, /--what must be one of gradient, jacobian, hessian/);
  const alone = cli(...LOGISTIC, "--what", "hessian");
  assert.match(alone.stderr, /--what goes with --code/);
  const vector = cli("derive", "A*x", "--wrt", "x", "--code", "js", "--what", "gradient");
  assert.equal(vector.code, 2);
  assert.match(vector.stderr, /not scalar-valued .*generate the jacobian/);
  assert.match(cli("--help").stdout, /--code <language>/);
});
