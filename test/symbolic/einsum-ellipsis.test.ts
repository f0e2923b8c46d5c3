/**
 * `...` in einsum specs in the expression language, with numpy's rules: each operand's `...`
 * stands for its axes not named by a letter (aligned from the right), the output's `...` for
 * the longest of them; without `->` they come first. Shapes, derivatives (checked by `verify`
 * against autodiff on random sizes, all different), the value against the numeric einsum (its
 * own `...` handling), the derivative against the same expression with the axes named by
 * letters, generated code, and errors with a caret.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { derive, einsum, generate, inferShapes, parse, randn, verify, type Tensor } from "../../src/index";

/** Distinct sizes (2…7) for the names. */
function sizesArb(names: readonly string[]): fc.Arbitrary<Record<string, number>> {
  return fc
    .shuffledSubarray([2, 3, 4, 5, 6, 7], { minLength: names.length, maxLength: names.length })
    .map((s) => Object.fromEntries(names.map((n, i) => [n, s[i]])));
}

function maxDiff(a: Tensor, b: Tensor): number {
  assert.equal(a.size, b.size);
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

/** Cases: the spec with '...', the same with letters, the shapes, the variables. */
const CASES: { dots: string; letters: string; shapes: Record<string, string[]>; wrt: string[] }[] = [
  {
    dots: 'einsum("...ij,...jk->...ik", A, B)',
    letters: 'einsum("bij,bjk->bik", A, B)',
    shapes: { A: ["b", "m", "n"], B: ["b", "n", "p"] },
    wrt: ["A", "B"],
  },
  {
    dots: 'einsum("...ij,jk", A, B)',
    letters: 'einsum("bsij,jk->bsik", A, B)',
    shapes: { A: ["b", "s", "m", "n"], B: ["n", "p"] },
    wrt: ["A", "B"],
  },
  {
    dots: 'einsum("...ii->...i", A)',
    letters: 'einsum("bii->bi", A)',
    shapes: { A: ["b", "n", "n"] },
    wrt: ["A"],
  },
  {
    dots: 'sum(einsum("i...,i...->...", A, B) .^ 2)',
    letters: 'sum(einsum("imn,imn->mn", A, B) .^ 2)',
    shapes: { A: ["m", "n", "p"], B: ["m", "n", "p"] },
    wrt: ["A", "B"],
  },
  {
    dots: 'tanh(einsum("...d,de->...e", X, W))',
    letters: 'tanh(einsum("bsd,de->bse", X, W))',
    shapes: { X: ["b", "s", "d"], W: ["d", "e"] },
    wrt: ["W", "X"],
  },
];

for (const c of CASES) {
  for (const wrt of c.wrt) {
    test(`${c.dots} by ${wrt}: shape, value, derivative and verify on random rectangular sizes`, () => {
      const names = [...new Set(Object.values(c.shapes).flat())];
      fc.assert(
        fc.property(sizesArb(names), fc.integer({ min: 1, max: 10_000 }), (dims, seed) => {
          const d = derive(c.dots, wrt, c.shapes, { dims });
          const e = derive(c.letters, wrt, c.shapes, { dims });
          assert.deepEqual(d.resultShape, e.resultShape);
          assert.deepEqual(d.wrtShape, e.wrtShape);
          const values: Record<string, Tensor> = {};
          Object.entries(c.shapes).forEach(([n, sh], k) => {
            values[n] = randn(
              sh.map((x) => dims[x]),
              { seed: seed + k },
            );
          });
          // the value against the numeric einsum's own '...' rules (the innermost einsum of the case)
          const inner = /einsum\("([^"]+)", ([A-Z])(?:, ([A-Z]))?\)/.exec(c.dots)!;
          const ops = [inner[2], inner[3]].filter((x) => x !== undefined).map((n) => values[n]);
          const numeric = einsum(inner[1], ...ops);
          const inLetters = /einsum\("([^"]+)"/.exec(c.letters)![1];
          assert.ok(maxDiff(numeric, einsum(inLetters, ...ops)) < 1e-12);
          assert.ok(maxDiff(d.value(values), e.value(values)) < 1e-10);
          // the derivative against the same expression with letters
          const T = d.form("tensor")!.evaluate(values);
          const U = e.form("tensor")!.evaluate(values);
          assert.ok(maxDiff(T, U) < 1e-9 * largest(U.data));
          const r = verify(d, { seed });
          assert.ok(r.ok, JSON.stringify(r.forms.filter((f) => !f.ok)));
        }),
        { numRuns: 3 },
      );
    });
  }
}

test("without '->' the '...' axes come first, then the letters that appear once, sorted", () => {
  const info = inferShapes(parse('einsum("...ij,jk", A, B)'), { A: ["b", "s", "m", "n"], B: ["n", "p"] });
  assert.deepEqual(info.shape, ["b", "s", "m", "p"]);
  const right = inferShapes(parse('einsum("i...,j...", A, B)'), { A: ["m", "q"], B: ["n", "r", "q"] });
  // aligned from the right: A's '...' is [q], B's [r, q]; the output is ...ij = r, q, m, n
  assert.deepEqual(right.shape, ["r", "q", "m", "n"]);
});

test("the index route and generated NumPy code of an einsum with '...'", () => {
  const d = derive('einsum("...ij,...jk->...ik", A, B)', "B", { A: ["b", "m", "n"], B: ["b", "n", "p"] });
  const s = d.steps("index");
  assert.ok(s.ok);
  assert.equal(s.steps[0].afterText, "A_ijp B_ipm");
  const py = generate(d, { language: "numpy" });
  const calls = py.source.split("\n").filter((l) => l.includes('_einsum("'));
  assert.ok(calls.length > 0);
  for (const l of calls) assert.match(l, /_einsum\("[a-zA-Z,]+->[a-zA-Z]*"/);
});

/** The column of the caret in an error message, relative to the start of the echoed source. */
function caretColumn(message: string): number {
  const lines = message.split("\n");
  const c = lines.findIndex((l) => /^\s*\^/.test(l));
  assert.ok(c > 0, message);
  const src = lines[c - 1];
  const start = src.length - src.trimStart().length;
  return lines[c].indexOf("^") - start;
}

test("bad specs with '...' get a clear error with a caret under the fault", () => {
  const cases: { expr: string; shapes: Record<string, string[]>; message: RegExp; at: string }[] = [
    {
      expr: 'einsum("...ij,...jk->ik", A, B)',
      shapes: { A: ["b", "m", "n"], B: ["b", "n", "p"] },
      message: /stands for 1 axis but the output has no '\.\.\.'/,
      at: "ik",
    },
    {
      expr: 'einsum("...ijk,jk", A, B)',
      shapes: { A: ["m", "n"], B: ["n", "p"] },
      message: /operand 1 has 2 axes but its term "\.\.\.ijk" names 3 besides '\.\.\.'/,
      at: "...ijk",
    },
    {
      expr: 'einsum("...ij,...jk->...ik", A, B)',
      shapes: { A: ["b", "m", "n"], B: ["c", "n", "p"] },
      message: /the '\.\.\.' axes of operand 1 \(shape \[b, m, n\]\) and operand 2 \(shape \[c, n, p\]\) differ/,
      at: "...jk",
    },
    { expr: 'einsum("..ij", A)', shapes: { A: ["b", "m"] }, message: /must be part of an ellipsis/, at: "..ij" },
    { expr: 'einsum("...i...", A)', shapes: { A: ["b", "m"] }, message: /a second '\.\.\.' in one term/, at: '..."' },
  ];
  for (const c of cases) {
    let message = "";
    try {
      inferShapes(parse(c.expr), c.shapes);
    } catch (e) {
      message = (e as Error).message;
    }
    assert.match(message, c.message, c.expr);
    const want = c.at === '..."' ? c.expr.lastIndexOf('..."') : c.expr.indexOf(c.at, c.expr.indexOf('"') + 1);
    assert.equal(caretColumn(message), want, `${c.expr}: ${message}`);
  }
});

/** max(1, largest |entry|), by a loop (spreading a large array into Math.max overflows the stack). */
function largest(data: Float64Array): number {
  let m = 1;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}
