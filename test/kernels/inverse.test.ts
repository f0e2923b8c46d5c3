/**
 * The inverse by Gauss–Jordan elimination in WebAssembly (8 ≤ n ≤ 350) against the blocked LU
 * path (what runs on the JavaScript back end, and above 350): the same matrix to rounding, the
 * definition X·X⁻¹ = I, and the same refusal, naming the same pivot column, for singular
 * matrices. Sizes are random and odd as often as even (the kernel works on two entries at a time).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SingularMatrixError, add, dot, eye, fromFunction, inv, randn, scale, sub } from "../../src";
import { setGemmBackend } from "../../src/kernels/gemm";
import { throwsWith } from "../helpers/assert";

const maxAbs = (d: Float64Array): number => d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** inv on one back end: "wasm" (Gauss–Jordan with FMA), "simd" (without) or "js" (blocked LU). */
function invOn(backend: "wasm" | "simd" | "js", X: Parameters<typeof inv>[0]): ReturnType<typeof inv> {
  setGemmBackend(backend);
  try {
    return inv(X);
  } finally {
    setGemmBackend("wasm");
  }
}

test("Gauss–Jordan (WebAssembly) and blocked LU give the same inverse; X·X⁻¹ = I (random sizes 8–140)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 8, max: 140 }), fc.integer(), (n, seed) => {
      // a random matrix whose pivoting matters: no dominant diagonal
      const X = randn([n, n], { seed });
      const lu = invOn("js", X);
      for (const backend of ["wasm", "simd"] as const) {
        const gj = invOn(backend, X);
        const scaleOf = maxAbs(lu.data);
        const diff = maxAbs(sub(gj, lu).data);
        assert.ok(diff <= 1e-9 * scaleOf, `${backend}, n = ${n}: max |GJ − LU| = ${diff}, max |X⁻¹| = ${scaleOf}`);
        const residual = maxAbs(sub(dot(X, gj), eye(n)).data);
        assert.ok(residual <= 1e-9 * scaleOf * Math.sqrt(n), `${backend}, n = ${n}: max |X·X⁻¹ − I| = ${residual}`);
      }
    }),
    { numRuns: 40 },
  );
});

test("at the edges of the Gauss–Jordan range (7, 8, 350, 351) the inverse satisfies X·X⁻¹ = I", () => {
  for (const n of [7, 8, 350, 351]) {
    const X = add(randn([n, n], { seed: n }), scale(eye(n), Math.sqrt(n)));
    const residual = maxAbs(sub(dot(X, inv(X)), eye(n)).data);
    assert.ok(residual < 1e-12, `n = ${n}: max |X·X⁻¹ − I| = ${residual}`);
  }
});

test("a zero column c is refused by both paths, naming column c (exact zero pivot)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 8, max: 60 }), fc.nat(), fc.integer(), (n, c0, seed) => {
      const c = c0 % n;
      const A = randn([n, n], { seed });
      const S = fromFunction([n, n], (i, j) => (j === c ? 0 : A.get(i, j)));
      for (const backend of ["wasm", "js"] as const)
        throwsWith(
          () => invOn(backend, S),
          SingularMatrixError,
          new RegExp(
            `^inv: the ${n}×${n} matrix is singular: no usable pivot in column ${c} \\(0-based; largest candidate \\|pivot\\| = 0\\)$`,
          ),
        );
    }),
    { numRuns: 30 },
  );
});

test("a repeated row is refused as singular (the copy of the pivot row is eliminated exactly, as in LU)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 8, max: 60 }), fc.nat(), fc.nat(), fc.integer(), (n, a, b, seed) => {
      const i = a % n;
      const j = (i + 1 + (b % (n - 1))) % n;
      const A = randn([n, n], { seed });
      const R = fromFunction([n, n], (r, c) => A.get(r === j ? i : r, c));
      throwsWith(
        () => inv(R),
        SingularMatrixError,
        new RegExp(`^inv: the ${n}×${n} matrix is singular( to working precision)?: no usable pivot in column \\d+ `),
      );
    }),
    { numRuns: 300 },
  );
});
