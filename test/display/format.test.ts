import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { inspect } from "node:util";
import { formatTensor, randint, randn, tensor, zeros, alpha, permute, reshape, Tensor } from "../../src";

const dims = (min: number, max: number) => fc.array(fc.integer({ min: 1, max: 6 }), { minLength: min, maxLength: max });

/** The row-major slice t[idx…, :, :] as nested arrays. */
function slice(t: Tensor, lead: number[]): number[][] {
  const [p, q] = t.shape.slice(-2);
  return Array.from({ length: p }, (_, i) => Array.from({ length: q }, (_, j) => t.get(...lead, i, j)));
}

test("vectors and matrices print as parseable, aligned nested lists (integers without decimals)", () => {
  fc.assert(
    fc.property(dims(1, 2), fc.integer(), (shape, seed) => {
      const t = randint(shape, { seed, min: -50, max: 50 });
      const s = formatTensor(t);
      assert.deepEqual(JSON.parse(s), t.toNested());
      assert.ok(!s.includes("."), "integers print without decimals");
      if (shape.length === 2) {
        const lines = s.split("\n");
        assert.equal(lines.length, shape[0]);
        assert.ok(
          lines.every((l) => l.length === lines[0].length),
          "aligned columns",
        );
        // every comma sits in the same column on every line
        const commas = (l: string) => [...l].flatMap((c, k) => (c === "," ? [k] : [])).slice(0, shape[1] - 1);
        assert.ok(lines.every((l) => JSON.stringify(commas(l)) === JSON.stringify(commas(lines[0]))));
      }
    }),
  );
});

test("non-integers print with the requested precision", () => {
  fc.assert(
    fc.property(dims(1, 2), fc.integer(), fc.integer({ min: 2, max: 8 }), (shape, seed, precision) => {
      const t = randn(shape, { seed });
      const parsed = JSON.parse(formatTensor(t, { precision })) as unknown;
      const flat = [parsed].flat(2) as number[];
      flat.forEach((v, k) =>
        assert.ok(Math.abs(v - t.data[k]) <= 0.5 * 10 ** -precision + 1e-15, `${v} vs ${t.data[k]}`),
      );
    }),
  );
  assert.equal(
    formatTensor(
      tensor([
        [1, -2.5],
        [10, 4],
      ]),
    ),
    "[[ 1.0, -2.5],\n [10.0,  4.0]]",
  );
  assert.equal(formatTensor(tensor([0.5, 0.25])), "[0.50, 0.25]");
  assert.equal(formatTensor(tensor([1e-7, 2])), "[1.0000e-7, 2.0000e+0]");
  assert.equal(formatTensor(tensor(3)), "3");
  assert.equal(formatTensor(tensor(-0.125)), "-0.125");
  assert.equal(formatTensor(zeros([0, 3])), "Tensor of shape [0, 3] (empty)");
});

test("higher orders print a header and labelled matrix slices", () => {
  fc.assert(
    fc.property(dims(3, 4), fc.integer(), (shape, seed) => {
      const t = randint(shape, { seed });
      const s = formatTensor(t, { maxEntries: Infinity }); // up to 6^4 = 1296 entries: never truncated
      const [header, ...blocks] = s.split("\n\n");
      assert.equal(header, `Tensor of shape [${shape.join(", ")}]`);
      const lead = shape.slice(0, -2);
      assert.equal(
        blocks.length,
        lead.reduce((a, b) => a * b, 1),
      );
      for (const block of blocks) {
        const m = /^\[([\d, ]+), :, :\] =\n([\s\S]*)$/.exec(block);
        assert.ok(m, block);
        const idx = m[1].split(", ").map(Number);
        assert.deepEqual(JSON.parse(m[2]), slice(t, idx));
      }
    }),
  );
  assert.match(
    formatTensor(alpha(2, 3)),
    /^Tensor of shape \[2, 3, 2, 3\]\n\n\[0, 0, :, :\] =\n\[\[1, 0, 0\],\n \[0, 0, 0\]\]/,
  );
});

test("large tensors are truncated with … and show their shape", () => {
  const big = reshape(randint([40 * 50], { seed: 1 }), [40, 50]);
  const s = formatTensor(big);
  const lines = s.split("\n");
  assert.equal(lines[0], "Tensor of shape [40, 50] (2,000 entries, truncated)");
  assert.equal(lines.length, 1 + 7);
  assert.equal(lines[4], " …");
  assert.ok(lines[1].includes("…"));
  // corners are the real corners
  const first = lines[1]
    .replace(/[[\]]/g, "")
    .split(",")
    .map((x) => x.trim());
  assert.deepEqual(first.slice(0, 3).map(Number), [big.get(0, 0), big.get(0, 1), big.get(0, 2)]);
  assert.deepEqual(first.slice(4, 7).map(Number), [big.get(0, 47), big.get(0, 48), big.get(0, 49)]);
  const v = formatTensor(randint([5000], { seed: 2 }), { edgeItems: 2 });
  assert.match(v, /^Tensor of shape \[5000\] \(5,000 entries, truncated\)\n\[[ -]\d, [ -]\d, +…, [ -]\d, [ -]\d\]$/);
  const t3 = formatTensor(permute(randint([20, 20, 20], { seed: 3 }), [2, 1, 0]));
  assert.ok(t3.startsWith("Tensor of shape [20, 20, 20] (8,000 entries, truncated)"));
  assert.equal(t3.split("\n\n").length, 1 + 7); // 6 slices and a … line
  assert.ok(t3.includes("\n\n…\n\n"));
  // small tensors are never truncated
  assert.ok(!formatTensor(randint([10, 10], { seed: 4 })).includes("…"));
  assert.ok(formatTensor(randint([10, 10], { seed: 4 }), { maxEntries: 50 }).includes("…"));
});

test("Tensor.toString uses the formatter", () => {
  const t = tensor([
    [1, 2],
    [3, 4],
  ]);
  assert.equal(String(t), formatTensor(t));
});

test("console.log / util.inspect of a tensor shows its shape and aligned entries", () => {
  const A = tensor([
    [1, 2, 3],
    [4, 5, 60],
  ]);
  assert.equal(inspect(A), `Tensor of shape [2, 3]\n${formatTensor(A)}`);
  assert.equal(inspect(tensor(2.5)), "Tensor of shape []\n2.5");
  const a = alpha(2, 2);
  assert.equal(inspect(a), formatTensor(a)); // order ≥ 3 already starts with the shape
});
