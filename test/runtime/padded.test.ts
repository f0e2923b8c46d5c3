/**
 * The one copy of the generated JavaScript's runtime (src/runtime/padded.ts): the text that
 * generated code inlines is this module's source with the types stripped (regenerated here and
 * compared), the module imports nothing, the inlined text computes exactly what the module
 * computes, and the kernels agree with the library's own (gemm, LU det/logdet/inverse, einsum,
 * softmax, logsumexp, Kronecker, sigmoid, softplus, sign) on random rectangular shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import * as P from "../../src/runtime/padded";
import { PADDED_JS } from "../../src/runtime/paddedSource";
import { PADDED_SOURCE, paddedSources } from "../../scripts/runtime-source";
import { specifiersOf } from "../architecture/graph";
import { JS_RUNTIME } from "../../src/symbolic/codegen/js";
import * as lib from "../../src/index";
import type { Tensor } from "../../src/index";

const source = readFileSync(PADDED_SOURCE, "utf8");

test("the inlined text is padded.ts with the types stripped (run scripts/runtime-source.ts after an edit)", () => {
  assert.deepEqual({ ...PADDED_JS }, paddedSources(source));
  assert.deepEqual(specifiersOf(source), [], "padded.ts imports nothing");
  const exported = Object.keys(P).filter((k) => k.startsWith("_"));
  assert.deepEqual(Object.keys(PADDED_JS).sort(), exported.sort(), "every function of padded.ts is inlined");
  for (const [name, code] of Object.entries(PADDED_JS)) {
    assert.equal(JS_RUNTIME[name.slice(1)]?.code, code, `the js backend's ${name} is padded.ts's`);
  }
});

/** The inlined text, loaded as generated code loads it. */
const inlined = new Function(
  `${Object.values(PADDED_JS).join("\n")}\nreturn { ${Object.keys(PADDED_JS).join(", ")} };`,
)() as typeof P;

const toPadded = (t: Tensor): P.Padded => ({ shape: [...t.shape], data: Float64Array.from(t.data) });
const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string): void => {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const tol = 1e-9 * Math.max(1, Math.abs(b[i] as number));
    assert.ok(Math.abs((a[i] as number) - (b[i] as number)) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
};

test("gemm (all four transpositions), einsum and kron agree with the library on rectangular shapes", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (m, k, n, ta, tb, seed) => {
        const rnd = mulberry(seed);
        const A = lib.tensor(grid(ta ? k : m, ta ? m : k, rnd));
        const B = lib.tensor(grid(tb ? n : k, tb ? k : n, rnd));
        const want = lib.matmul(ta ? lib.transpose(A) : A, tb ? lib.transpose(B) : B);
        for (const impl of [P, inlined]) {
          const got = impl._gemm(toPadded(A), toPadded(B), ta, tb);
          assert.deepEqual(got.shape, [m, n]);
          close(got.data, want.data, "gemm");
        }
        const C = lib.tensor(grid(n, m, rnd));
        const e = lib.einsum("ij,jk,kl->il", ta ? lib.transpose(A) : A, tb ? lib.transpose(B) : B, C);
        const opA = ta ? lib.transpose(A) : A;
        const opB = tb ? lib.transpose(B) : B;
        close(P._einsum("ij,jk,kl->il", toPadded(opA), toPadded(opB), toPadded(C)).data, e.data, "einsum");
        close(P._kron(toPadded(A), toPadded(C)).data, lib.kron(A, C).data, "kron");
      },
    ),
    { numRuns: 60 },
  );
});

test("LU: det, logdet and the inverse agree with the library; softmax, logsumexp and the scalars too", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
      const rnd = mulberry(seed);
      // diagonally dominant: well conditioned
      const A = lib.tensor(grid(n, n, rnd).map((row, i) => row.map((v, j) => (i === j ? v + 2 * n : v))));
      const a = toPadded(A);
      for (const impl of [P, inlined]) {
        close(impl._det(a).data, [lib.det(A).item()], "det");
        close(impl._logdet(a).data, [lib.logdet(A).item()], "logdet");
        close(impl._inv(a).data, lib.inv(A).data, "inv");
      }
      const x = lib.tensor(grid(n, 1, rnd).map((r) => (r[0] as number) * 30));
      const v = lib.reshape(x, [n]);
      close(P._softmax(toPadded(x)).data, lib.softmax(v).data, "softmax");
      close(P._logsumexp(toPadded(x)).data, [lib.logsumexp(v).item()], "logsumexp");
      const s = toPadded(x);
      assert.deepEqual([...P._each(s, P._sigmoid).data], [...lib.sigmoid(x).data], "sigmoid, exactly");
      assert.deepEqual([...P._each(s, P._softplus).data], [...lib.softplus(x).data], "softplus, exactly");
      assert.deepEqual([...inlined._each(s, inlined._sign).data], [...lib.sign(x).data], "sign, exactly");
    }),
    { numRuns: 60 },
  );
});

test("the argument checks say what was wrong", () => {
  assert.throws(
    () => P._shapeOf("A", 3, 2, "[m, n]"),
    /fAndG: argument A is a number, but it must have shape \[m, n\]/,
  );
  assert.throws(
    () => inlined._shapeOf("A", { shape: [2, 3], data: new Float64Array(5) }, 2, "[m, n]"),
    /argument A has shape \[2, 3\] \(6 entries\) but 5 entries of data/,
  );
  assert.throws(
    () => P._dim("x", [4], 0, 3, "n", "A.shape[1]"),
    /its axis 0 must have size n = 3 \(n is set by A.shape\[1\]\)/,
  );
  assert.throws(() => inlined._inv({ shape: [2, 2], data: Float64Array.of(1, 2, 2, 4) }), /singular/);
});

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function grid(m: number, n: number, rnd: () => number): number[][] {
  return Array.from({ length: m }, () => Array.from({ length: n }, () => 4 * rnd()));
}

test("_einsumAll refuses an operand whose rank is not its term's (it looped forever: verify hung)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (m, n) => {
      const a = P._tensor([m, n]);
      assert.throws(
        () => P._einsumAll("abc,ab->c", [a, a]),
        /operand 0 has shape \[\d+,\d+\] but its term abc has 3 indices/,
      );
      assert.throws(() => P._einsumAll("ab,a->b", [a, a]), /operand 1/);
      // the right ranks still contract
      assert.deepEqual(P._einsumAll("ab,ab->", [a, a]).shape, []);
    }),
    { numRuns: 20 },
  );
});
