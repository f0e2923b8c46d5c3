import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import katex from "katex";
import { derive, tensorToLatex, randint, randn, tensor, alpha, beta, zeros, Tensor } from "../../src";

const dims = (min: number, max: number) => fc.array(fc.integer({ min: 1, max: 6 }), { minLength: min, maxLength: max });

function renders(tex: string): void {
  assert.doesNotThrow(() => katex.renderToString(tex, { throwOnError: true, displayMode: true }), tex.slice(0, 200));
  assert.ok(!tex.includes("\\eqalign"));
}

/** Entries of the first bmatrix in `tex`, as numbers. */
function bmatrixEntries(tex: string): number[][] {
  const m = /\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}/.exec(tex);
  assert.ok(m, tex);
  return m[1].split(" \\\\ ").map((row) => row.split(" & ").map(latexNumber));
}

/** A number as the renderer writes it: `-0.25` or `-5.56 \\times 10^{-5}`. */
function latexNumber(s: string): number {
  const sci = /^(-?[\d.]+) \\times 10\^\{(-?\d+)\}$/.exec(s);
  return sci ? Number(`${sci[1]}e${sci[2]}`) : Number(s);
}

test("matrices and vectors become bmatrix with exact integers", () => {
  fc.assert(
    fc.property(dims(1, 2), fc.integer(), (shape, seed) => {
      const t = randint(shape, { seed, min: -99, max: 99 });
      const tex = tensorToLatex(t);
      renders(tex);
      const expected = shape.length === 2 ? (t.toNested() as number[][]) : (t.toNested() as number[]).map((x) => [x]);
      assert.deepEqual(bmatrixEntries(tex), expected);
    }),
  );
  assert.equal(
    tensorToLatex(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    ),
    "\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}",
  );
  assert.equal(tensorToLatex(tensor([1, 2])), "\\begin{bmatrix}1 \\\\ 2\\end{bmatrix}");
  assert.equal(tensorToLatex(tensor(7)), "7");
});

test("non-integers use significant digits and \\times 10^{e} for extreme magnitudes", () => {
  assert.equal(tensorToLatex(tensor(1 / 3)), "0.3333");
  assert.equal(tensorToLatex(tensor(1 / 3), { precision: 6 }), "0.333333");
  assert.equal(tensorToLatex(tensor(-2.5e-7)), "-2.5 \\times 10^{-7}");
  assert.equal(tensorToLatex(tensor(123456789.5)), "1.235 \\times 10^{8}");
  // a tiny entry inside a matrix (randn gave one at seed -770450742)
  assert.deepEqual(
    bmatrixEntries(tensorToLatex(randn([2], { seed: -770450742 }), { precision: 8 }))
      .flat()
      .map(Number.isFinite),
    [true, true],
  );
  fc.assert(
    fc.property(dims(1, 2), fc.integer(), (shape, seed) => {
      const t = randn(shape, { seed });
      const tex = tensorToLatex(t, { precision: 8 });
      renders(tex);
      const got = bmatrixEntries(tex).flat();
      got.forEach((v, k) =>
        assert.ok(Math.abs(v - t.data[k]) <= 1e-7 * Math.max(1, Math.abs(t.data[k])), `${v} vs ${t.data[k]}`),
      );
    }),
  );
});

test("order-3 and order-4 tensors render as labelled block layouts of their slices", () => {
  fc.assert(
    fc.property(dims(3, 5), fc.integer(), (shape, seed) => {
      const t = randint(shape, { seed });
      const tex = tensorToLatex(t);
      renders(tex);
      const blocks = [...tex.matchAll(/\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}/g)];
      assert.equal(
        blocks.length,
        shape.slice(0, -2).reduce((a, b) => a * b, 1),
      );
      // blocks appear in row-major order of the leading indices
      const [p, q] = shape.slice(-2);
      blocks.forEach((b, k) => {
        const entries = b[1].split(" \\\\ ").map((row) => row.split(" & ").map(Number));
        assert.deepEqual(
          entries,
          Array.from({ length: p }, (_, i) => Array.from({ length: q }, (_, j) => t.data[k * p * q + i * q + j])),
        );
      });
    }),
  );
  const a = tensorToLatex(alpha(2, 3));
  assert.ok(a.includes("{\\scriptstyle i=0}") && a.includes("{\\scriptstyle i=1}"));
  assert.ok(a.includes("{\\scriptstyle j=0}") && a.includes("{\\scriptstyle j=2}"));
  assert.ok(a.includes("\\hline"));
  renders(tensorToLatex(beta(3, 2)));
  const plain = tensorToLatex(alpha(2, 2), { labels: false });
  assert.ok(!plain.includes("scriptstyle"));
  renders(plain);
});

test("long axes are truncated with \\cdots, \\vdots and \\ddots", () => {
  const big = randint([30, 40], { seed: 1 });
  const tex = tensorToLatex(big);
  renders(tex);
  const rows = bmatrixEntriesRaw(tex);
  assert.equal(rows.length, 7);
  assert.ok(rows[3].every((c) => c === "\\vdots" || c === "\\ddots"));
  assert.equal(rows[3][3], "\\ddots");
  assert.equal(rows[0][3], "\\cdots");
  assert.equal(Number(rows[6][6]), big.get(29, 39));
  const v = tensorToLatex(randint([100], { seed: 2 }), { maxDim: 4, edgeItems: 1 });
  assert.equal(bmatrixEntriesRaw(v).length, 3);
  renders(tensorToLatex(randint([12, 12, 2, 2], { seed: 3 })));
  renders(tensorToLatex(zeros([0, 3])));
  renders(tensorToLatex(new Tensor(new Float64Array([NaN, Infinity, -Infinity]), [3])));
});

function bmatrixEntriesRaw(tex: string): string[][] {
  const m = /\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}/.exec(tex);
  assert.ok(m);
  return m[1].split(" \\\\ ").map((row) => row.split(" & "));
}

test("Tensor.toLatex uses the renderer", () => {
  const t = randint([2, 3], { seed: 5 });
  assert.equal(t.toLatex(), tensorToLatex(t));
});

test("every form of a derivation by a subscripted symbol (W_q, of any order) renders: no double subscript", () => {
  const cases: [string, string, Record<string, (string | number)[]>, string[]][] = [
    ['einsum("bsd,dih->bsih", X, W_q)', "W_q", { X: [2, 3, 4], W_q: [4, 5, 6] }, []],
    ["tr(A_1 * X_k)", "X_k", { A_1: ["n", "m"], X_k: ["m", "n"] }, []],
    ["tr(A * S_1)", "S_1", { A: ["n", "n"], S_1: ["n", "n"] }, ["S_1"]],
  ];
  for (const [expr, wrt, shapes, symmetric] of cases) {
    const d = derive(expr, wrt, shapes, { symmetric });
    for (const f of d.forms) renders(f.latex);
    assert.ok(
      d.forms.some((f) => f.latex.includes("}_{")),
      `${expr}: a subscripted symbol is braced`,
    );
  }
});
