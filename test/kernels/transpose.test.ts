/**
 * The tiled transposition kernels against their definitions, on random sizes that are and are
 * not multiples of the 16×16 tile: transposeInto (m×n, rectangular), addTransposeInto
 * (M + Mᵀ, exactly symmetric) and mirrorUpper (the upper triangle copied down, the upper
 * triangle and diagonal untouched).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { addTransposeInto, mirrorUpper, transposeInto } from "../../src/kernels/transpose";

const values = (len: number, seed: number): Float64Array =>
  Float64Array.from({ length: len }, (_, i) => Math.sin(seed + 1.7 * i) * 1e3);

test("transposeInto writes dst[j·m + i] = src[i·n + j] (random rectangular sizes)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer(), (m, n, seed) => {
      const src = values(m * n, seed);
      const dst = new Float64Array(m * n);
      transposeInto(src, m, n, dst);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assert.equal(dst[j * m + i], src[i * n + j]);
    }),
    { numRuns: 60 },
  );
});

test("addTransposeInto gives M + Mᵀ, exactly symmetric", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 70 }), fc.integer(), (n, seed) => {
      const src = values(n * n, seed);
      const dst = new Float64Array(n * n);
      addTransposeInto(src, n, dst);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          assert.equal(dst[i * n + j], dst[j * n + i], `(${i}, ${j}) and (${j}, ${i}) differ`);
          assert.ok(Math.abs(dst[i * n + j] - (src[i * n + j] + src[j * n + i])) <= 1e-12 * 2e3);
        }
    }),
    { numRuns: 60 },
  );
});

test("mirrorUpper copies the upper triangle onto the lower one and leaves the rest", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 70 }), fc.integer(), (n, seed) => {
      const a = values(n * n, seed);
      const before = a.slice();
      mirrorUpper(a, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) assert.equal(a[i * n + j], i <= j ? before[i * n + j] : before[j * n + i]);
    }),
    { numRuns: 60 },
  );
});
