/**
 * The simplifier keeps every node's shape and value: over random well-shaped expressions with
 * rectangular symbols (zeros made on purpose, A − A, and entrywise functions of them, constants,
 * Hadamard products and powers, traces, inverses) the simplified tree has the shape of the input
 * (the number 0 stands at the top for a zero of any shape) and the same value at random values;
 * regressions of typed constants (a zero matrix is not the scalar 0, exp(0·𝟏𝟏ᵀ) is 𝟏𝟏ᵀ).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  derive,
  exprToSource,
  exprToText,
  parse,
  randn,
  simplify,
  verify,
  maxAbsDiff,
  evaluatePadded,
  inferShapes,
  reshape,
} from "../../src";
import type { Tensor } from "../../src";

type Shape = [string, string];
const DIMS = ["p", "q", "m", "n"];
const SIZES: Record<string, number> = { p: 2, q: 3, m: 4, n: 1 };

/** A random expression of the given shape from a tape of choices, and its symbols' shapes. */
function generate(tape: readonly number[]): { src: string; shapes: Record<string, string[]> } {
  let at = 0;
  const next = (n: number): number => (at < tape.length ? tape[at++] % n : 0);
  const shapes: Record<string, string[]> = {};
  const symbolOf = (s: Shape): string => {
    for (const [k, v] of Object.entries(shapes)) if (v[0] === s[0] && v[1] === s[1] && next(3) > 0) return k;
    const name = `S${Object.keys(shapes).length}`;
    shapes[name] = [s[0], s[1]];
    return name;
  };
  const gen = (s: Shape, depth: number): string => {
    if (depth <= 0 || next(5) === 0) return symbolOf(s);
    switch (next(14)) {
      case 0:
      case 1: {
        const k = DIMS[next(DIMS.length)];
        return `((${gen([s[0], k], depth - 1)}) * (${gen([k, s[1]], depth - 1)}))`;
      }
      case 2:
        return `((${gen(s, depth - 1)}) ${next(2) ? "+" : "-"} (${gen(s, depth - 1)}))`;
      case 3:
        return `(${gen([s[1], s[0]], depth - 1)})'`;
      case 4:
        return `(${1 + next(3)} * (${gen(s, depth - 1)}))`;
      case 5: {
        const k = DIMS[next(DIMS.length)];
        return `(tr(${gen([k, k], depth - 1)}) * (${gen(s, depth - 1)}))`;
      }
      case 6:
        return `((${gen(s, depth - 1)}) .* (${gen(s, depth - 1)}))`;
      case 7: {
        // a zero made on purpose
        const a = symbolOf(s);
        return `(${a} - ${a})`;
      }
      case 8:
        return `${["exp", "tanh", "sigmoid", "sin"][next(4)]}(${gen(s, Math.min(depth - 1, 1))})`;
      case 9:
        return `(${next(3)} + (${gen(s, depth - 1)}))`;
      case 10: {
        const a = gen(s, depth - 1);
        return `((${a}) .* (${a}))`;
      }
      case 11:
        return `((${gen(s, depth - 1)}) ./ (2 + exp(${gen(s, 0)})))`;
      case 12:
        return s[0] === s[1] ? `inv(${symbolOf(s)} + 3 * ${symbolOf(s)})` : symbolOf(s);
      default: {
        const a = symbolOf(s);
        return `(${a} - ${a} + (${gen(s, depth - 1)}))`;
      }
    }
  };
  const target: Shape = [DIMS[next(4)], DIMS[next(4)]];
  return { src: gen(target, 3), shapes };
}

/** Random values for the symbols (square ones near 3I... kept well conditioned). */
function valuesOf(shapes: Record<string, string[]>, seed: number): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  let s = seed;
  for (const [name, shape] of Object.entries(shapes)) {
    const v = randn(
      shape.map((d) => SIZES[d]),
      { seed: s++ },
    );
    out[name] = v;
  }
  return out;
}

const padded = (s: readonly (string | number)[]): string =>
  (s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : s).map(String).join("×");

test("simplify keeps every expression's shape and value (random rectangular expressions, products distributed or not)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat(1000), { minLength: 60, maxLength: 60 }),
      fc.nat(1000),
      fc.boolean(),
      (tape, seed, expand) => {
        const { src, shapes } = generate(tape);
        const e = parse(src);
        const info = inferShapes(e, shapes);
        const s = simplify(e, shapes, { expand });
        const what = `${src} → ${exprToSource(s)}${expand ? " (expanded)" : ""}`;
        const isZero = s.op === "num" && s.value === 0;
        if (!isZero) assert.equal(padded(inferShapes(s, shapes).shape), padded(info.shape), `shape of ${what}`);
        const values = valuesOf(shapes, seed);
        const a = evaluatePadded(e, values, SIZES, info);
        const b = evaluatePadded(s, values, SIZES, isZero ? undefined : inferShapes(s, shapes));
        const scale = 1 + Math.max(...Array.from(a.data, Math.abs));
        if (isZero) assert.ok(Math.max(...Array.from(a.data, Math.abs)) < 1e-9 * scale, `value of ${what}`);
        else assert.ok(maxAbsDiff(a, reshape(b, a.shape)) < 1e-9 * scale, `value of ${what}`);
      },
    ),
    {
      numRuns: Number(process.env.SIMPLIFY_RUNS ?? 150),
      seed: Number(process.env.SIMPLIFY_SEED ?? 2126),
      reporter: (r) => {
        if (r.failed)
          throw new Error(
            `${String((r as { errorInstance?: unknown }).errorInstance)}\n${JSON.stringify(r.counterexample)}`,
          );
      },
    },
  );
});

test("a zero matrix keeps its shape inside an expression (X − X is 0 of X's shape, not the scalar 0)", () => {
  const shapes = { X: ["m", "n"], B: ["n", "p"] };
  assert.equal(exprToText(simplify("X - X", shapes)), "0");
  // exp of a zero matrix is the matrix of ones, not exp(0)I
  assert.equal(exprToText(simplify("exp(X - X)", shapes)), "𝟏𝟏ᵀ");
  assert.equal(exprToText(simplify("2 + exp(X - X)", shapes)), "3𝟏𝟏ᵀ");
  assert.equal(exprToText(simplify("X * tanh(B - B)", shapes)), "0");
  assert.equal(exprToText(simplify("X * exp(B - B)", shapes)), "X𝟏𝟏ᵀ");
  assert.deepEqual(inferShapes(simplify("X * exp(B - B)", shapes), shapes).shape, ["m", "p"]);
  assert.equal(exprToText(simplify("exp(x - x)", { x: ["n"] })), "𝟏");
  assert.equal(exprToText(simplify("sigmoid(0)")), "0.5");
});

test("the gradient of sum(X' ./ (2 + exp(X − X))) is (1/3)𝟏𝟏ᵀ in every form and verifies", () => {
  const d = derive("sum(X' ./ (2 + exp(X - X)))", "X", { X: ["n", "n"] });
  assert.equal(d.form("gradient")?.text, "(1 / 3)𝟏𝟏ᵀ");
  assert.equal(d.form("tensor")?.text, "(1 / 3)𝟏𝟏ᵀ");
  assert.equal(d.form("differential")?.text, "tr((1 / 3)𝟏𝟏ᵀ dX)");
  for (const f of d.forms) assert.ok(!/exp\(0\)|I\)/.test(f.text), `${f.name}: ${f.text}`);
  const r = verify(d);
  assert.ok(r.ok, JSON.stringify(r.forms.filter((f) => !f.ok)));
});

test("the kron form of X*tanh(B − B) has the right shape and verifies", () => {
  const d = derive("X*tanh(B - B)", "X", { X: ["m", "n"], B: ["n", "p"] });
  assert.equal(d.form("kron")?.text, "0");
  assert.equal(d.form("tensor")?.text, "0");
  const r = verify(d);
  assert.ok(r.ok, JSON.stringify(r.forms.filter((f) => !f.ok)));
});

test("a chain of transposed factors is written (reversed chain)ᵀ when that saves two symbols (random rectangular chains)", () => {
  const names = ["p", "q", "m"]; // sizes 2, 3, 4: no 1×1 products among the factors
  fc.assert(
    fc.property(
      fc.array(fc.nat(2), { minLength: 3, maxLength: 6 }),
      fc.array(fc.boolean(), { minLength: 3, maxLength: 5 }),
      fc.nat(1000),
      (dims, inverted, seed) => {
        // factors F_i of shape dims[i+1] × dims[i], used transposed: F_1ᵀ F_2ᵀ … (inverses where square)
        const k = dims.length - 1;
        const shapes: Record<string, string[]> = {};
        const factors: string[] = [];
        for (let i = 0; i < k; i++) {
          const [r, c] = [names[dims[i + 1]], names[dims[i]]];
          shapes[`F${i}`] = [r, c];
          factors.push(r === c && inverted[i % inverted.length] ? `inv(F${i})'` : `F${i}'`);
        }
        const src = factors.join(" * ");
        const s = simplify(src, shapes);
        const text = exprToText(s);
        const transposes = [...text].filter((ch) => ch === "ᵀ").length;
        // k transposed factors weigh 2k + (inverses); turned, 1 + k + (inverses): turned when k ≥ 3
        assert.equal(transposes, k >= 3 ? 1 : k, `${src} → ${text}`);
        const values = valuesOf(shapes, seed);
        for (const v of Object.values(values))
          if (v.shape[0] === v.shape[1]) for (let i = 0; i < v.shape[0]; i++) v.data[i * v.shape[0] + i] += 4;
        const a = evaluatePadded(parse(src), values, SIZES, inferShapes(parse(src), shapes));
        const b = evaluatePadded(s, values, SIZES, inferShapes(s, shapes));
        assert.ok(maxAbsDiff(a, reshape(b, a.shape)) < 1e-9 * (1 + Math.max(...Array.from(a.data, Math.abs))), text);
      },
    ),
    { numRuns: 60, seed: 20261208 },
  );
  assert.equal(exprToText(simplify("A' * B'", { A: ["m", "n"], B: ["p", "m"] })), "AᵀBᵀ");
  assert.equal(exprToText(simplify("inv(X)' * A' * B' * inv(X)'", { X: ["n", "n"], A: ["p", "n"] })), "(X⁻¹BAX⁻¹)ᵀ");
});

test("a 1×1 value to an entrywise power is a scalar power: (xᵀA⁻¹x)⁻¹, not (xᵀA⁻¹x)^(∘−1), and every form verifies", () => {
  const cases: [string, string, Record<string, string[]>][] = [
    ["log(x' * inv(A) * x)", "x", { A: ["n", "n"] }],
    ["log(x' * x)", "x", {}],
    ["log(a' * X * b)", "X", { X: ["m", "n"] }],
    ["recip(x' * B * y) * sum(y)", "y", { B: ["m", "n"] }],
  ];
  for (const [src, wrt, shapes] of cases) {
    const d = derive(src, wrt, shapes);
    // (the Hessian's kron form still writes a scalar's reciprocal entrywise)
    for (const f of d.forms.filter((x) => x.name !== "hessian"))
      assert.ok(!f.text.includes("^(∘"), `${src}, form ${f.name}: ${f.text}`);
    const r = verify(d);
    assert.ok(r.ok, `${src}: ${r.forms.filter((f) => !f.ok).map((f) => `${f.name}: ${f.detail}`)}`);
  }
});

test("distributing a product keeps a broadcast scalar broadcast: 2(x − mean(x)) = 2x − 2mean(x), A(x − s) not split", () => {
  assert.equal(exprToText(simplify("2 * (x - mean(x))", { x: ["n"] }, { expand: true })), "2(x − mean(x))");
  const d = derive("sum((x - mean(x)) .^ 2)", "x", {});
  for (const route of ["kron", "gradient"] as const) {
    const st = d.steps(route);
    assert.ok(st.ok, `${route}: ${st.steps.filter((x) => !x.check.ok).map((x) => `${x.rule}: ${x.check.detail}`)}`);
  }
});
