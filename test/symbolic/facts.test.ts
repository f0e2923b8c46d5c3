/**
 * Stated facts about the data: one-hot labels (𝟏ᵀy = 1 and y ∘ y = y), and a fact that reaches a
 * constant Hadamard product (y ∘ y of ±1 labels is 𝟏), over random rectangular sizes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { derive, matmul, randn, softmax, sub, transpose, verify } from "../../src";
import { factValue } from "../../src/symbolic/facts";
import { runCli } from "../../src/cli/run";
import { closeTo } from "../helpers/assert";

test("one-hot values: entries 0 or 1 with exactly one 1 in each row (or in the vector)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), fc.nat(1000), (m, n, seed) => {
      const Y = factValue("onehot", [m, n], seed);
      assert.deepEqual(Y.shape, [m, n]);
      assert.ok(Y.data.every((x) => x === 0 || x === 1));
      for (let i = 0; i < m; i++)
        assert.equal(
          Y.data.slice(i * n, i * n + n).reduce((a, b) => a + b),
          1,
        );
      const y = factValue("onehot", [n], seed);
      assert.deepEqual(y.shape, [n]);
      assert.equal(
        y.data.reduce((a, b) => a + b),
        1,
      );
    }),
    { numRuns: 40, seed: 7 },
  );
});

test("one-hot targets: the cross-entropy's gradient is the book's softmax(x) − y, and Xᵀ(softmax(XW) − Y) for rows", () => {
  const v = derive("-sum(y .* log(softmax(x)))", "x", {}, { assume: { y: "onehot" } });
  assert.equal(v.form("gradient")?.text, "softmax(x) − y");
  assert.deepEqual(v.notes, ["assumed: y is one-hot, so 𝟏ᵀy = 1 and y ∘ y = y"]);
  assert.ok(verify(v).ok);
  const general = derive("-sum(y .* log(softmax(x)))", "x", {});
  assert.notEqual(general.form("gradient")?.text, "softmax(x) − y");
  const rows = derive(
    "-sum(Y .* log(softmax(X * W, 2)))",
    "W",
    { X: ["m", "d"], W: ["d", "c"], Y: ["m", "c"] },
    { assume: { Y: "onehot" } },
  );
  assert.equal(rows.form("gradient")?.text, "−Xᵀ(Y − softmax(XW, 2))");
  assert.ok(verify(rows).ok);
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 6 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 2, max: 7 }),
      fc.nat(99),
      (m, d, c, seed) => {
        const X = randn([m, d], { seed });
        const W = randn([d, c], { seed: seed + 1 });
        const Y = factValue("onehot", [m, c], seed + 2);
        closeTo(rows.at({ X, W, Y }).gradient(), matmul(transpose(X), sub(softmax(matmul(X, W), 1), Y)));
      },
    ),
    { numRuns: 25, seed: 11 },
  );
});

test("a fact reaches a constant Hadamard product: y ∘ y = y for one-hot y, 𝟏 for signs", () => {
  const onehot = derive("sum(y .* y .* x)", "x", {}, { assume: { y: "onehot" } });
  assert.equal(onehot.form("gradient")?.text, "y");
  assert.ok(verify(onehot).ok);
  const signs = derive("sum(y .* y .* x)", "x", {}, { assume: { y: "sign" } });
  assert.equal(signs.form("gradient")?.text, "𝟏");
  assert.ok(verify(signs).ok);
  // without a fact the square stays
  assert.equal(derive("sum(y .* y .* x)", "x", {}).form("gradient")?.text, "y^∘2");
});

test("the CLI takes --assume y=onehot and lists the fact in its help", () => {
  const r = runCli([
    "derive",
    "-sum(y .* log(softmax(x)))",
    "--wrt",
    "x",
    "--assume",
    "y=onehot",
    "--form",
    "gradient",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /softmax\(x\) − y/);
  assert.match(r.stdout, /one-hot/);
  const help = runCli(["--help"]);
  assert.match(help.stdout, /onehot: entries 0 or 1/);
});
