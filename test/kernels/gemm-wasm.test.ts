/**
 * The WebAssembly SIMD gemm kernels (relaxed-SIMD FMA and plain SIMD128): the FMA one is the
 * default back end in Node, each agrees with the JavaScript kernel to 1e-12 relative on random rectangular shapes (ragged edges, k beyond one block,
 * transposed and strided operands, an offset into C), and the committed module is what the
 * source in scripts/wasm/ assembles to.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import {
  gemm,
  gemmBackend,
  gemmUpper,
  setGemmBackend,
  withKernelMemory,
  KC,
  MC,
  type MatView,
} from "../../src/kernels/gemm";
import { dot, randn } from "../../src";
import { buildGemmModule, OUTPUT } from "../../scripts/wasm/build";

/** A deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** An r×c operand as a view: row-major, transposed storage, or strided inside a larger array with an offset. */
function operand(r: number, c: number, layout: "row" | "col" | "strided", rand: () => number): MatView {
  if (layout === "row") return { data: Float64Array.from({ length: r * c }, rand), offset: 0, rs: c, cs: 1 };
  if (layout === "col") return { data: Float64Array.from({ length: r * c }, rand), offset: 0, rs: 1, cs: r };
  const off = 3;
  return { data: Float64Array.from({ length: off + r * (2 * c + 1) }, rand), offset: off, rs: 2 * c + 1, cs: 2 };
}

function run(
  backend: "wasm" | "simd" | "js",
  m: number,
  k: number,
  n: number,
  A: MatView,
  B: MatView,
  C0: Float64Array,
  alpha = 1,
  ldc = n,
): Float64Array {
  setGemmBackend(backend);
  const C = C0.slice();
  gemm(m, k, n, A, B, C, 5, alpha, ldc);
  return C;
}

/** C0 + alpha·A·B by the definition, C a block at offset 5 with row stride ldc. */
function reference(
  m: number,
  k: number,
  n: number,
  A: MatView,
  B: MatView,
  C0: Float64Array,
  alpha: number,
  ldc: number,
): Float64Array {
  const C = C0.slice();
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A.data[A.offset + i * A.rs + p * A.cs] * B.data[B.offset + p * B.rs + j * B.cs];
      C[5 + i * ldc + j] += alpha * s;
    }
  return C;
}

/** Node ≥ 22 compiles relaxed SIMD; Node 20 does with the V8 flag, which the kernel sets through process.getBuiltinModule (Node ≥ 20.16). */
const relaxedSimdHere =
  Number(process.versions.node.split(".")[0]) >= 22 ||
  typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === "function";

test("the WebAssembly kernel with the fused multiply-add is the default back end in Node; each back end can be chosen", () => {
  assert.equal(gemmBackend(), relaxedSimdHere ? "wasm" : "simd");
  try {
    assert.equal(setGemmBackend("simd"), "simd");
    assert.equal(setGemmBackend("js"), "js");
  } finally {
    setGemmBackend("wasm");
  }
  assert.equal(gemmBackend(), relaxedSimdHere ? "wasm" : "simd");
});

for (const kernel of ["wasm", "simd"] as const)
  test(`WebAssembly (${kernel === "wasm" ? "FMA" : "SIMD128"}) and JavaScript gemm agree to 1e-12 relative on random rectangular shapes and layouts`, () => {
    const rand = rng(14);
    const sizes = [5, 7, 13, 31, 64, 97, 130, KC + 3, MC + 5];
    const layouts = ["row", "col", "strided"] as const;
    let cases = 0;
    try {
      for (let t = 0; t < 40; t++) {
        const pick = (): number => sizes[Math.floor((rand() + 0.5) * sizes.length)];
        const [m, k, n] = t === 0 ? [MC + 5, KC + 3, 301] : [pick(), pick(), pick()];
        const A = operand(m, k, layouts[t % 3], rand);
        const B = operand(k, n, layouts[Math.floor(t / 3) % 3], rand);
        // every other case subtracts a multiple into a block of a wider C (alpha, ldc)
        const alpha = t % 2 === 0 ? 1 : -1.5;
        const ldc = t % 2 === 0 ? n : n + 3;
        const C0 = Float64Array.from({ length: 5 + m * ldc + 2 }, rand);
        const w = run(kernel, m, k, n, A, B, C0, alpha, ldc);
        const j = run("js", m, k, n, A, B, C0, alpha, ldc);
        if (t < 8) {
          const want = reference(m, k, n, A, B, C0, alpha, ldc);
          for (let i = 0; i < want.length; i++)
            assert.ok(
              Math.abs(j[i] - want[i]) <= 1e-12 * (1 + Math.abs(want[i])),
              `js ${m}×${k}·${k}×${n} entry ${i}: ${j[i]}, by definition ${want[i]}`,
            );
        }
        let scale = 0;
        let err = 0;
        for (let i = 0; i < j.length; i++) {
          scale = Math.max(scale, Math.abs(j[i]));
          err = Math.max(err, Math.abs(w[i] - j[i]));
        }
        assert.ok(err <= 1e-12 * scale, `${m}×${k}·${k}×${n}: max difference ${err} against max |C| ${scale}`);
        assert.equal(w[0], C0[0], "gemm wrote before its offset into C");
        assert.equal(w[w.length - 1], C0[C0.length - 1], "gemm wrote past the end of its block of C");
        cases++;
      }
    } finally {
      setGemmBackend("wasm");
    }
    assert.equal(cases, 40);
  });

test("dot gives the same matrix on either back end (1e-12 relative), through the public API", () => {
  const A = randn([150, 77], { seed: 1 });
  const B = randn([77, 203], { seed: 2 });
  try {
    setGemmBackend("js");
    const j = dot(A, B).data;
    setGemmBackend("wasm");
    const w = dot(A, B).data;
    const scale = Math.max(...Array.from(j, Math.abs));
    for (let i = 0; i < j.length; i++) assert.ok(Math.abs(w[i] - j[i]) <= 1e-12 * scale);
  } finally {
    setGemmBackend("wasm");
  }
});

test("src/kernels/gemmWasmBytes.ts is what scripts/wasm/gemm-wat.ts assembles to (npm run wasm rebuilds it)", async () => {
  assert.equal(readFileSync(OUTPUT, "utf8"), await buildGemmModule());
});

test("gemmUpper gives the upper triangle of the full product (also with B's rows scaled, and with a zero C promised) on every back end (random square results, k beyond one block)", () => {
  const rand = rng(41);
  let cases = 0;
  try {
    for (const kernel of ["wasm", "simd", "js"] as const) {
      for (const [n, k] of [
        [5, 9],
        [37, 300],
        [MC + 7, 64],
        [2 * MC + 3, KC + 5],
        [301, 33],
      ]) {
        const A = operand(n, k, "col", rand);
        const B = operand(k, n, "strided", rand);
        setGemmBackend(kernel);
        const full = new Float64Array(n * n);
        gemm(n, k, n, A, B, full, 0);
        const up = new Float64Array(n * n + 3).fill(7);
        up.fill(0, 1, n * n + 1);
        gemmUpper(n, k, A, B, up, 1);
        // the same with the zero-C promise, and with B's rows scaled while packed (A·diag(s)·B)
        const fresh = new Float64Array(n * n);
        gemmUpper(n, k, A, B, fresh, 0, true);
        const s = Float64Array.from({ length: k }, rand);
        const scaledB = {
          data: Float64Array.from(
            { length: k * n },
            (_, t) => s[Math.floor(t / n)] * B.data[B.offset + Math.floor(t / n) * B.rs + (t % n) * B.cs],
          ),
          offset: 0,
          rs: n,
          cs: 1,
        };
        const wantScaled = new Float64Array(n * n);
        gemm(n, k, n, A, scaledB, wantScaled, 0);
        const gotScaled = new Float64Array(n * n);
        gemmUpper(n, k, A, B, gotScaled, 0, true, s);
        assert.equal(up[0], 7, "gemmUpper wrote before its offset");
        assert.equal(up[n * n + 1], 7, "gemmUpper wrote past its block");
        for (let i = 0; i < n; i++)
          for (let j = i; j < n; j++) {
            const want = full[i * n + j];
            assert.ok(
              Math.abs(up[1 + i * n + j] - want) <= 1e-12 * (1 + Math.abs(want)),
              `${kernel} ${n}×${k}: entry (${i}, ${j}) is ${up[1 + i * n + j]}, the full product has ${want}`,
            );
            assert.equal(
              fresh[i * n + j],
              up[1 + i * n + j],
              `${kernel} ${n}×${k}: cIsZero changed entry (${i}, ${j})`,
            );
            const ws = wantScaled[i * n + j];
            assert.ok(
              Math.abs(gotScaled[i * n + j] - ws) <= 1e-12 * (1 + Math.abs(ws)),
              `${kernel} ${n}×${k}: A·diag(s)·B entry (${i}, ${j}) is ${gotScaled[i * n + j]}, want ${ws}`,
            );
          }
        cases++;
      }
    }
  } finally {
    setGemmBackend("wasm");
  }
  assert.equal(cases, 15);
});

test("a C lent in the kernel's memory (withKernelMemory) is updated in place, equal bit for bit to the copying path; lent arrays nest", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 70 }),
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 1, max: 70 }),
      fc.integer({ min: 0, max: 1000 }),
      (m, k, n, seed) => {
        const A = randn([m, k], { seed }).data;
        const B = randn([k, n], { seed: seed + 1 }).data;
        const C0 = randn([m, n], { seed: seed + 2 }).data;
        const view = (d: Float64Array, cols: number): MatView => ({ data: d, offset: 0, rs: cols, cs: 1 });
        const copied = Float64Array.from(C0);
        gemm(m, k, n, view(A, k), view(B, n), copied, 0, -1);
        const inPlace = withKernelMemory(m * n + 3, (outer) =>
          withKernelMemory(m * n, (c) => {
            outer.fill(7);
            c.set(C0);
            gemm(m, k, n, view(A, k), view(B, n), c, 0, -1);
            assert.ok(
              outer.every((x) => x === 7),
              "the outer lent array is untouched",
            );
            return c.slice();
          }),
        );
        assert.deepEqual(inPlace, copied);
      },
    ),
    { numRuns: 60 },
  );
});
