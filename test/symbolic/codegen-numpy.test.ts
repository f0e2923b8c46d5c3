/**
 * Code generation for NumPy: for every catalogue row and each derivative that applies, the
 * generated Python runs under Debian's /usr/bin/python3 (which has numpy; only in tests, never at
 * run time), called with keyword arguments, and agrees with the exact Jacobian from autodiff; the
 * generated check function passes the right derivative and detects a wrong one. All cases run in
 * one Python process.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { derive, generate } from "../../src/index";
import { codegenCases, maxDiff, tolerance } from "./codegenCases";

const PYTHON = "/usr/bin/python3";

const DRIVER = `
import importlib.util, json, sys
import numpy as np

def load(file):
    spec = importlib.util.spec_from_file_location("m" + str(abs(hash(file))), file)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod

def tensor(t):
    return float(t["data"][0]) if t["shape"] == [] else np.array(t["data"], dtype=float).reshape(t["shape"])

def out(v):
    a = np.asarray(v, dtype=float)
    return {"shape": list(a.shape), "data": a.ravel().tolist(), "isfloat": isinstance(v, float)}

results = []
for job in json.load(sys.stdin):
    try:
        mod = load(job["file"])
        args = {k: tensor(v) for k, v in job["args"].items()}
        r = mod.fAndG(**args)
        what = job["what"]
        check = getattr(mod, job["check"])
        def wrong(**a):
            s = mod.fAndG(**a)
            d = np.array(s[what], dtype=float)
            k = d.size - 1
            d.flat[k] += 1e-3 * max(1.0, abs(d.flat[k]))
            return {**s, what: d}
        results.append({"value": out(r["value"]), "derivative": out(r[what]),
                        "ok": bool(check(**args)["ok"]), "bad": bool(check(_f=wrong, **args)["ok"])})
    except Exception as e:
        results.append({"error": type(e).__name__ + ": " + str(e)})
json.dump(results, sys.stdout)
`;

interface PyResult {
  value?: { shape: number[]; data: number[]; isfloat: boolean };
  derivative?: { shape: number[]; data: number[] };
  ok?: boolean;
  bad?: boolean;
  error?: string;
}

function runPython(jobs: unknown[], dir: string): PyResult[] {
  const driver = path.join(dir, "driver.py");
  writeFileSync(driver, DRIVER);
  const r = spawnSync(PYTHON, [driver], { input: JSON.stringify(jobs), encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as PyResult[];
}

test("generated NumPy agrees with autodiff on every catalogue row, and its check catches a wrong derivative", () => {
  assert.ok(existsSync(PYTHON), `${PYTHON} (Debian's python3 with numpy) is needed for this test`);
  const dir = mkdtempSync(path.join(tmpdir(), "tensorcalc-numpy-"));
  try {
    const cases = codegenCases();
    const jobs = cases.map((c, n) => {
      const code = generate(c.d, { language: "numpy", what: c.what });
      assert.match(code.source, /^def fAndG\(/m);
      const file = path.join(dir, `case${n}.py`);
      writeFileSync(file, code.source);
      const args = Object.fromEntries(
        Object.entries(c.values).map(([k, v]) => [k, { shape: [...v.shape], data: [...v.data] }]),
      );
      return { file, what: c.what, check: code.check, args };
    });
    const results = runPython(jobs, dir);
    assert.equal(results.length, cases.length);
    results.forEach((r, n) => {
      const c = cases[n];
      const label = `numpy ${c.label}`;
      assert.equal(r.error, undefined, `${label}: ${r.error}`);
      const { value, derivative } = r as Required<PyResult>;
      assert.deepEqual(value.shape, [...c.value.shape], `${label}: shape of the value`);
      if (c.value.ndim === 0) assert.ok(value.isfloat, `${label}: a scalar value is a float`);
      assert.ok(maxDiff(value.data, c.value.data) <= tolerance(c.value.data), `${label}: value`);
      assert.deepEqual(derivative.shape, [...c.reference.shape], `${label}: shape of the ${c.what}`);
      const err = maxDiff(derivative.data, c.reference.data);
      assert.ok(err <= tolerance(c.reference.data), `${label}: ${c.what} differs from autodiff by ${err}`);
      assert.ok(r.ok, `${label}: the check fails on the right ${c.what}`);
      assert.ok(!r.bad, `${label}: the check passes a wrong ${c.what}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("NumPy: shapes are checked on entry, naming the argument and both sizes", () => {
  const d = derive("A * x", "x", { A: ["m", "n"], x: ["n"] });
  const src = generate(d, { language: "numpy" }).source;
  const dir = mkdtempSync(path.join(tmpdir(), "tensorcalc-numpy-"));
  try {
    const file = path.join(dir, "f.py");
    writeFileSync(
      file,
      `${src}\ntry:\n    fAndG(A=np.zeros((2, 3)), x=np.zeros(4))\nexcept ValueError as e:\n    print(e)\nprint(fAndG(A=np.ones((2, 3)), x=np.ones(3))["jacobian"].shape)\n`,
    );
    const r = spawnSync(PYTHON, [file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /argument x has shape \[4\], but its axis 0 must have size n = 3 \(n is set by A\.shape\[1\]\)/,
    );
    assert.match(r.stdout, /\(2, 3\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
