/**
 * Code generation (generate): for every catalogue row and each derivative that applies, the
 * generated JavaScript and TypeScript run in process (the TypeScript after type-checking with the
 * project's compiler and strict options) and agree with the exact Jacobian from autodiff; the
 * generated check function passes the right derivative and detects a wrong one. The NumPy
 * backend has its own file (codegen-numpy.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import ts from "typescript";
import * as lib from "../../src/index";
import { CodegenError, derive, generate, SYMBOLIC_OPS, type Tensor } from "../../src/index";
import { HELPERS } from "../../src/symbolic/emit";
import { JS_RUNTIME } from "../../src/symbolic/codegen/js";
import { TS_RUNTIME } from "../../src/symbolic/codegen/ts";
import { NUMPY_RUNTIME } from "../../src/symbolic/codegen/numpy";
import { codegenCases, maxDiff, NOT_GENERATED, tolerance } from "./codegenCases";
import { assertPrintedInOrder, dropNoteAndEquation, examplesIn, expectations, runExample } from "../helpers/examples";

type JsTensor = { shape: number[]; data: Float64Array };
type Result = Record<string, number | JsTensor | Tensor>;
type Check = { ok: boolean; maxError: number; tolerance: number };

const root = path.resolve(__dirname, "../..");

test("every symbolic op has an emit rule and every backend implements every helper", () => {
  const missing = SYMBOLIC_OPS.filter((d) => (d as { emit?: unknown }).emit === undefined).map((d) => d.op);
  assert.deepEqual(missing, [], `ops without an emit rule: ${missing.join(", ")}`);
  for (const [name, runtime] of [
    ["js", JS_RUNTIME],
    ["ts", TS_RUNTIME],
    ["numpy", NUMPY_RUNTIME],
  ] as const) {
    const lacking = Object.keys(HELPERS).filter((h) => runtime[h] === undefined);
    assert.deepEqual(lacking, [], `${name} lacks helpers ${lacking.join(", ")}`);
  }
});

test("the rows that cannot be generated are listed explicitly (none)", () => {
  assert.deepEqual(NOT_GENERATED, []);
  assert.ok(codegenCases().length >= 80, `${codegenCases().length} cases`);
});

const toJs = (t: Tensor): JsTensor => ({ shape: [...t.shape], data: Float64Array.from(t.data) });
const jsArgs = (values: Readonly<Record<string, Tensor>>): Record<string, JsTensor | number> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.ndim === 0 ? (v.data[0] as number) : toJs(v)]));

function flat(v: number | JsTensor | Tensor): { shape: readonly number[]; data: ArrayLike<number> } {
  return typeof v === "number" ? { shape: [], data: [v] } : v;
}

/** Compare a generated result with the case's reference (shape and numbers). */
function compare(label: string, result: Result, c: ReturnType<typeof codegenCases>[number]): void {
  const value = flat(result.value as number | JsTensor);
  assert.deepEqual([...value.shape], [...c.value.shape], `${label}: shape of the value`);
  assert.ok(maxDiff(value.data, c.value.data) <= tolerance(c.value.data), `${label}: value`);
  const dv = result[c.what];
  assert.ok(dv !== undefined, `${label}: no ${c.what} in the result`);
  const D = flat(dv as JsTensor);
  assert.deepEqual([...D.shape], [...c.reference.shape], `${label}: shape of the ${c.what}`);
  const err = maxDiff(D.data, c.reference.data);
  assert.ok(err <= tolerance(c.reference.data), `${label}: ${c.what} differs from autodiff by ${err}`);
}

/** f with one entry of its derivative moved by 1e-3 (relative), for the check function to catch. */
function wrong<T extends Result>(f: (a: unknown) => T, what: string, copy: (d: JsTensor | Tensor) => unknown) {
  return (a: unknown): T => {
    const r = f(a);
    const d = r[what] as JsTensor | Tensor;
    const data = Float64Array.from(d.data);
    const k = data.length - 1;
    data[k] = (data[k] as number) + 1e-3 * Math.max(1, Math.abs(data[k] as number));
    return { ...r, [what]: copy({ shape: [...d.shape], data } as JsTensor) };
  };
}

test("generated JavaScript agrees with autodiff on every catalogue row, and its check catches a wrong derivative", () => {
  for (const c of codegenCases()) {
    const code = generate(c.d, { language: "js", what: c.what });
    assert.match(code.source, /^function fAndG\(args\)/m);
    assert.doesNotMatch(code.source, /^\s*(import|export)\b/m, "no import or export");
    const [fAndG, check] = new Function(`${code.source}; return [fAndG, ${code.check}];`)() as [
      (a: unknown) => Result,
      (a: unknown, o?: object) => Check,
    ];
    const args = jsArgs(c.values);
    compare(`js ${c.label}`, fAndG(args), c);
    const ok = check(args);
    assert.ok(ok.ok, `js ${c.label}: the check fails on the right ${c.what}: ${JSON.stringify(ok)}`);
    const bad = check(args, { f: wrong(fAndG, c.what, (d) => d) });
    assert.ok(!bad.ok, `js ${c.label}: the check passes a wrong ${c.what}: ${JSON.stringify(bad)}`);
  }
});

/** The project's compiler options (strict), for files outside the project. */
function strictOptions(): ts.CompilerOptions {
  const file = path.join(root, "tsconfig.json");
  const config = ts.readConfigFile(file, (p) => readFileSync(p, "utf8"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    rootDir: undefined,
    outDir: undefined,
    declaration: false,
    sourceMap: false,
  };
}

test("generated TypeScript type-checks under the project's strict options, runs and agrees with autodiff", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tensorcalc-codegen-"));
  try {
    const importFrom = path.join(root, "src", "index");
    const cases = codegenCases();
    const files = cases.map((c, n) => {
      const code = generate(c.d, { language: "ts", what: c.what, importFrom });
      const file = path.join(dir, `case${n}.ts`);
      writeFileSync(file, code.source);
      return { file, code, c };
    });
    const options = strictOptions();
    assert.equal(options.strict, true);
    const program = ts.createProgram(
      files.map((f) => f.file),
      options,
    );
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && d.file.fileName.startsWith(dir));
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    });
    assert.equal(diagnostics.length, 0, text);
    for (const { code, c } of files) {
      const js = ts.transpileModule(code.source, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const mod: { exports: Record<string, unknown> } = { exports: {} };
      new Function("require", "exports", "module", js)(
        (name: string) => {
          if (name !== importFrom) throw new Error(`unexpected import ${name}`);
          return lib;
        },
        mod.exports,
        mod,
      );
      const fAndG = mod.exports.fAndG as (a: unknown) => Result;
      const check = mod.exports[code.check] as (a: unknown, o?: object) => Check;
      compare(`ts ${c.label}`, fAndG(c.values), c);
      assert.ok(check(c.values).ok, `ts ${c.label}: the check fails on the right ${c.what}`);
      const bad = check(c.values, { f: wrong(fAndG, c.what, (d) => new lib.Tensor(d.data, d.shape)) });
      assert.ok(!bad.ok, `ts ${c.label}: the check passes a wrong ${c.what}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("common subexpressions are computed once: Xw in the logistic loss, X⁻¹ in log det", () => {
  const logistic = derive("sum(log(1 + exp(-y .* (X*w))))", "w", { X: ["m", "n"], w: ["n"], y: ["m"] });
  const src = generate(logistic, { language: "js" }).source;
  assert.equal((src.match(/= _mul\(/g) ?? []).length, 2, "X*w once, Xᵀ(…) once");
  assert.equal((src.match(/= _map\("sigmoid"|= _map\("exp"/g) ?? []).length, 2);
  assert.match(src, /_mul\(_t\d+, _t\d+, true, false\)/, "Xᵀv without a transposed copy");
  const logdet = derive("logdet(X)", "X", { X: ["n", "n"] });
  for (const what of ["gradient", "hessian"] as const) {
    const s = generate(logdet, { language: "numpy", what }).source;
    assert.equal((s.match(/= _inv\(/g) ?? []).length, 1, `${what}: X⁻¹ once`);
  }
});

test("the header says what is computed, in which layout, from which expression", () => {
  const d = derive("A * X * B", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] });
  const src = generate(d, { language: "ts" }).source;
  assert.match(src, /jacobian with respect to X/);
  assert.match(src, /numerator layout/);
  assert.match(src, /\[m, n, p, q\]/);
  assert.match(src, /"A \* X \* B"/);
});

test("shapes are checked on entry, naming the argument and both sizes", () => {
  const d = derive("A * x", "x", { A: ["m", "n"], x: ["n"] });
  const fAndG = new Function(`${generate(d, { language: "js" }).source}; return fAndG;`)() as (a: unknown) => unknown;
  const A = { shape: [2, 3], data: new Float64Array(6) };
  assert.throws(
    () => fAndG({ A, x: { shape: [4], data: new Float64Array(4) } }),
    /argument x has shape \[4\], but its axis 0 must have size n = 3 \(n is set by A\.shape\[1\]\)/,
  );
  assert.throws(() => fAndG({ A }), /argument x must be \{ shape: number\[\], data: Float64Array \}/);
  assert.throws(
    () => fAndG({ A: { shape: [6], data: new Float64Array(6) }, x: A }),
    /argument A has shape \[6\], but it must have 2 axes/,
  );
  const r = fAndG({ A, x: { shape: [3], data: Float64Array.of(1, 2, 3) } }) as { jacobian: JsTensor };
  assert.deepEqual(r.jacobian.shape, [2, 3]);
});

test("what cannot be generated says why", () => {
  const d = derive("A * x", "x", { A: ["m", "n"], x: ["n"] });
  assert.throws(
    () => generate(d, { what: "gradient" }),
    (e: unknown) => {
      assert.ok(e instanceof CodegenError);
      assert.match((e as Error).message, /not scalar-valued.*generate the jacobian/);
      return true;
    },
  );
  assert.throws(() => generate(d, { language: "rust" as "js" }), /unknown language "rust"/);
  const reserved = derive("sum(in)", "in", { in: ["n"] });
  assert.throws(() => generate(reserved, { language: "numpy" }), /symbol in is not a usable argument name/);
});

test("the @example of generate runs and prints what its comments say", () => {
  const examples = examplesIn(["symbolic/codegen"]);
  assert.ok(examples.length >= 1);
  for (const ex of examples) {
    const where = `${ex.file}:${ex.line}`;
    assertPrintedInOrder(runExample(ex.code, where), expectations(ex.code), where, dropNoteAndEquation);
  }
});
