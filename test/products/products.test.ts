import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Tensor, ShapeError, matmul, dot, ddot, outer, kron, tensor } from "../../src";
import { gemm, rowMajor, transposed, KC, MC, NC } from "../../src/kernels/gemm";
import { anyTensor, assertSame, build, dim, intTensor } from "./helpers";

/** Reference product by the definition, written with Tensor.get only. */
function refMatmul(A: Tensor, B: Tensor): Tensor {
  const m = A.shape[0];
  const k = A.shape[1];
  const n = B.shape[1];
  return build([m, n], ([i, j]) => {
    let s = 0;
    for (let p = 0; p < k; p++) s += A.get(i, p) * B.get(p, j);
    return s;
  });
}

test("matmul equals the definition on random rectangular integer matrices (dims 1..6)", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(), dim(), dim()).chain(([m, k, n]) => fc.tuple(intTensor([m, k]), intTensor([k, n]))),
      ([A, B]) => assertSame(matmul(A, B), refMatmul(A, B)),
    ),
  );
});

test("matmul's blocked kernel is exact on larger shapes, including ragged edges and k > one block", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(fc.integer({ min: 4, max: 45 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 4, max: 45 }))
        .chain(([m, k, n]) => fc.tuple(intTensor([m, k], 3), intTensor([k, n], 3))),
      ([A, B]) => assertSame(matmul(A, B), refMatmul(A, B)),
    ),
    { numRuns: 30 },
  );
});

test("gemm reads transposed (strided) views and accumulates into C", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }))
        .chain(([m, k, n]) => fc.tuple(intTensor([k, m], 3), intTensor([n, k], 3), intTensor([m, n], 3))),
      ([At, Bt, C0]) => {
        const [k, m] = At.shape;
        const n = Bt.shape[0];
        const C = Float64Array.from(C0.data);
        gemm(m, k, n, transposed(rowMajor(At.data, 0, m)), transposed(rowMajor(Bt.data, 0, k)), C);
        const expected = refMatmul(At.T, Bt.T);
        for (let i = 0; i < m * n; i++) assert.equal(C[i], C0.data[i] + expected.data[i]);
      },
    ),
    { numRuns: 50 },
  );
});

test("matmul: matrix·vector and vector·matrix", () => {
  fc.assert(
    fc.property(
      fc.tuple(dim(8), dim(8)).chain(([m, k]) => fc.tuple(intTensor([m, k]), intTensor([k]), intTensor([m]))),
      ([A, x, y]) => {
        const [m, k] = A.shape;
        const Ax = matmul(A, x);
        assertSame(Ax, new Tensor(refMatmul(A, new Tensor(x.data, [k, 1])).data, [m]));
        const yA = matmul(y, A);
        assertSame(yA, new Tensor(refMatmul(new Tensor(y.data, [1, m]), A).data, [k]));
      },
    ),
  );
});

test("matmul errors name both shapes and the inner dimensions", () => {
  assert.throws(
    () => matmul(new Tensor(new Float64Array(6), [2, 3]), new Tensor(new Float64Array(8), [4, 2])),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message.includes("[2, 3]") &&
      e.message.includes("[4, 2]") &&
      /3 columns/.test(e.message) &&
      /4 rows/.test(e.message),
  );
  assert.throws(
    () => matmul(tensor([1, 2]), tensor([3, 4])),
    (e: unknown) => e instanceof ShapeError && /use dot\(u, v\)/.test(e.message),
  );
  assert.throws(
    () => matmul(new Tensor(new Float64Array(8), [2, 2, 2]), tensor([[1, 2]])),
    (e: unknown) => e instanceof ShapeError && e.message.includes("[2, 2, 2]") && /einsum/.test(e.message),
  );
});

test("dot contracts the last axis of S with the first of T, any orders", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(
          fc.array(dim(4), { minLength: 0, maxLength: 2 }),
          dim(5),
          fc.array(dim(4), { minLength: 0, maxLength: 2 }),
        )
        .chain(([a, k, b]) => fc.tuple(intTensor([...a, k]), intTensor([k, ...b]))),
      ([S, T]) => {
        const a = S.shape.slice(0, -1);
        const k = S.shape[S.ndim - 1];
        const b = T.shape.slice(1);
        const expected = build([...a, ...b], (idx) => {
          let s = 0;
          for (let i = 0; i < k; i++) s += S.get(...idx.slice(0, a.length), i) * T.get(i, ...idx.slice(a.length));
          return s;
        });
        assertSame(dot(S, T), expected);
      },
    ),
  );
});

test("dot errors", () => {
  assert.throws(
    () => dot(new Tensor(new Float64Array(6), [2, 3]), new Tensor(new Float64Array(8), [4, 2])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /axis 1 of S \(shape \[2, 3\], size 3\)/.test(e.message) &&
      /axis 0 of T \(shape \[4, 2\], size 4\)/.test(e.message),
  );
  assert.throws(
    () => dot(new Tensor(new Float64Array(1), []), tensor([1])),
    (e: unknown) => e instanceof ShapeError && /scale/.test(e.message),
  );
});

test("ddot sums the last two axes of S against the first two of T, in order", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(
          fc.array(dim(3), { minLength: 0, maxLength: 2 }),
          dim(4),
          dim(4),
          fc.array(dim(3), { minLength: 0, maxLength: 2 }),
        )
        .chain(([a, k, l, b]) => fc.tuple(intTensor([...a, k, l]), intTensor([k, l, ...b]))),
      ([S, T]) => {
        const a = S.shape.slice(0, -2);
        const [k, l] = T.shape;
        const b = T.shape.slice(2);
        const expected = build([...a, ...b], (idx) => {
          let s = 0;
          for (let i = 0; i < k; i++)
            for (let j = 0; j < l; j++)
              s += S.get(...idx.slice(0, a.length), i, j) * T.get(i, j, ...idx.slice(a.length));
          return s;
        });
        assertSame(ddot(S, T), expected);
      },
    ),
  );
});

test("ddot errors name both shapes and the axes", () => {
  assert.throws(
    () => ddot(new Tensor(new Float64Array(24), [2, 3, 4]), new Tensor(new Float64Array(12), [4, 3])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /axes 1, 2 of S \(shape \[2, 3, 4\], sizes 3×4\)/.test(e.message) &&
      /axes 0, 1 of T \(shape \[4, 3\], sizes 4×3\)/.test(e.message),
  );
  assert.throws(
    () => ddot(tensor([1, 2]), tensor([[1, 2]])),
    (e: unknown) => e instanceof ShapeError && /at least two axes/.test(e.message) && e.message.includes("[2]"),
  );
});

test("outer has shape [...S, ...T] and entries S[a]T[b]", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), (r, q) => {
      fc.assert(
        fc.property(anyTensor(r, 4), anyTensor(q, 4), (S, T) => {
          const expected = build([...S.shape, ...T.shape], (idx) => S.get(...idx.slice(0, r)) * T.get(...idx.slice(r)));
          assertSame(outer(S, T), expected);
        }),
        { numRuns: 10 },
      );
    }),
    { numRuns: 10 },
  );
});

test("kron: (A⊗B)[i·p + r, j·q + s] = A[i,j] B[r,s] on rectangular matrices", () => {
  fc.assert(
    fc.property(anyTensor(2), anyTensor(2), (A, B) => {
      const [m, n] = A.shape;
      const [p, q] = B.shape;
      const expected = build(
        [m * p, n * q],
        ([x, y]) => A.get(Math.floor(x / p), Math.floor(y / q)) * B.get(x % p, y % q),
      );
      assertSame(kron(A, B), expected);
    }),
  );
});

test("kron of vectors is 1-D; a vector beside a matrix is a column", () => {
  fc.assert(
    fc.property(anyTensor(1), anyTensor(1), anyTensor(2), (u, v, B) => {
      const uc = new Tensor(u.data, [u.size, 1]);
      const vc = new Tensor(v.data, [v.size, 1]);
      assertSame(kron(u, v), new Tensor(kron(uc, vc).data, [u.size * v.size]));
      assertSame(kron(u, B), kron(uc, B));
      assertSame(kron(B, v), kron(B, vc));
    }),
  );
  assert.throws(
    () => kron(new Tensor(new Float64Array(8), [2, 2, 2]), tensor([1])),
    (e: unknown) => e instanceof ShapeError && e.message.includes("[2, 2, 2]") && /outer/.test(e.message),
  );
});

test("gemm crosses every blocking boundary exactly (m > MC, k > KC, n > NC, ragged edges)", () => {
  const ints = (n: number, seed: number): Float64Array => {
    let s = seed;
    return Float64Array.from({ length: n }, () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (s % 7) - 3;
    });
  };
  for (const [m, k, n] of [
    [MC * 2 + 3, KC * 2 + 5, 9],
    [5, KC + 1, NC + 6],
    [MC + 1, 7, 4 * 3 + 1],
  ]) {
    const A = new Tensor(ints(m * k, m), [m, k]);
    const B = new Tensor(ints(k * n, n), [k, n]);
    const expected = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let p = 0; p < k; p++)
        for (let j = 0; j < n; j++) expected[i * n + j] += A.data[i * k + p] * B.data[p * n + j];
    assertSame(matmul(A, B), new Tensor(expected, [m, n]), `${m}×${k}·${k}×${n}`);
  }
});
