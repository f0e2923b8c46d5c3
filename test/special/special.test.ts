import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  vec,
  unvec,
  commutation,
  E,
  delta,
  alpha,
  beta,
  eye,
  randint,
  fromFunction,
  transpose,
  tensor,
  Tensor,
  ShapeError,
  IndexError,
  AllocationError,
} from "../../src";
import { throwsWith } from "../helpers/assert";

const dim = fc.integer({ min: 1, max: 6 });

/** Plain loop matrix–vector / matrix–matrix products (independent of the library's products). */
function matvec(M: Tensor, v: Tensor): number[] {
  const [r, c] = M.shape;
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += M.get(i, k) * v.get(k);
    out.push(s);
  }
  return out;
}
function matmat(A: Tensor, B: Tensor): number[][] {
  const [r, c] = A.shape;
  const q = B.shape[1];
  return Array.from({ length: r }, (_, i) =>
    Array.from({ length: q }, (_, j) => {
      let s = 0;
      for (let k = 0; k < c; k++) s += A.get(i, k) * B.get(k, j);
      return s;
    }),
  );
}
/** (S:T) over the last two axes of a 4th-order S and a matrix T. */
function ddot4(S: Tensor, T: Tensor): number[][] {
  const [a, b, c, d] = S.shape;
  return Array.from({ length: a }, (_, i) =>
    Array.from({ length: b }, (_, j) => {
      let s = 0;
      for (let k = 0; k < c; k++) for (let l = 0; l < d; l++) s += S.get(i, j, k, l) * T.get(k, l);
      return s;
    }),
  );
}
/** (F:S) over the first two axes of a 4th-order S. */
function ddotLeft(F: Tensor, S: Tensor): number[][] {
  const [a, b, c, d] = S.shape;
  return Array.from({ length: c }, (_, k) =>
    Array.from({ length: d }, (_, l) => {
      let s = 0;
      for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) s += F.get(i, j) * S.get(i, j, k, l);
      return s;
    }),
  );
}

test("vec stacks columns and unvec inverts it on random rectangular matrices", () => {
  fc.assert(
    fc.property(dim, dim, fc.integer(), (m, n, seed) => {
      const A = randint([m, n], { seed });
      const v = vec(A);
      assert.deepEqual(v.shape, [m * n]);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assert.equal(v.get(i + j * m), A.get(i, j));
      assert.deepEqual(unvec(v, m, n).toNested(), A.toNested());
      assert.deepEqual(vec(unvec(v, m, n)).toNested(), v.toNested());
    }),
  );
  assert.deepEqual(
    vec(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toNested(),
    [1, 4, 2, 5, 3, 6],
  );
});

test("K_mn vec(A) = vec(Aᵀ) on random m×n matrices", () => {
  fc.assert(
    fc.property(dim, dim, fc.integer(), (m, n, seed) => {
      const A = randint([m, n], { seed });
      assert.deepEqual(matvec(commutation(m, n), vec(A)), Array.from(vec(transpose(A)).data));
    }),
  );
});

test("K_mn is a permutation matrix with Kᵀ = K⁻¹ = K_nm (exact)", () => {
  fc.assert(
    fc.property(dim, dim, (m, n) => {
      const K = commutation(m, n);
      assert.ok(K.data.every((x) => x === 0 || x === 1));
      for (let r = 0; r < m * n; r++) {
        let rowSum = 0;
        for (let c = 0; c < m * n; c++) rowSum += K.get(r, c);
        assert.equal(rowSum, 1);
      }
      assert.deepEqual(transpose(K).toNested(), commutation(n, m).toNested());
      assert.deepEqual(matmat(K, transpose(K)), eye(m * n).toNested());
      assert.deepEqual(matmat(commutation(n, m), K), eye(m * n).toNested());
    }),
  );
});

test("α_ijkl = δ_ik δ_jl and β_ijkl = δ_il δ_jk, built from delta", () => {
  fc.assert(
    fc.property(dim, dim, (m, n) => {
      const dm = delta(m);
      const dn = delta(n);
      const a = alpha(m, n);
      assert.deepEqual(a.shape, [m, n, m, n]);
      assert.deepEqual(
        a.toNested(),
        fromFunction([m, n, m, n], (i, j, k, l) => dm.get(i, k) * dn.get(j, l)).toNested(),
      );
      const b = beta(m, n);
      assert.deepEqual(b.shape, [m, n, n, m]);
      assert.deepEqual(
        b.toNested(),
        fromFunction([m, n, n, m], (i, j, k, l) => dm.get(i, l) * dn.get(j, k)).toNested(),
      );
    }),
  );
});

test("α:H = H:α = H, β:F = Fᵀ (F n×m) and F:β = Fᵀ (F m×n)", () => {
  fc.assert(
    fc.property(dim, dim, fc.integer(), (m, n, seed) => {
      const H = randint([m, n], { seed });
      assert.deepEqual(ddot4(alpha(m, n), H), H.toNested());
      assert.deepEqual(ddotLeft(H, alpha(m, n)), H.toNested());
      const Fnm = randint([n, m], { seed: seed + 1 });
      assert.deepEqual(ddot4(beta(m, n), Fnm), transpose(Fnm).toNested());
      assert.deepEqual(ddotLeft(H, beta(m, n)), transpose(H).toNested());
    }),
  );
});

test("E(i, j) has a single 1 at (i, j); delta(n) is the identity", () => {
  fc.assert(
    fc.property(dim, dim, fc.nat(), fc.nat(), (m, n, a, b) => {
      const i = a % m;
      const j = b % n;
      const e = E(i, j, m, n);
      assert.deepEqual(e.shape, [m, n]);
      for (let p = 0; p < m; p++) for (let q = 0; q < n; q++) assert.equal(e.get(p, q), p === i && q === j ? 1 : 0);
    }),
  );
  assert.deepEqual(delta(3).toNested(), eye(3).toNested());
});

test("special tensors validate their arguments", () => {
  throwsWith(() => E(2, 0, 2, 3), IndexError, /E: row index i = 2 is out of range for a 2×3 matrix \(valid: 0\.\.1\)/);
  throwsWith(
    () => E(0, -1, 2, 3),
    IndexError,
    /E: column index j = -1 is out of range for a 2×3 matrix \(valid: 0\.\.2\)/,
  );
  throwsWith(() => E(0.5, 0, 2, 3), IndexError, /row index i = 0.5/);
  throwsWith(() => alpha(2, -1), IndexError, /alpha: n must be a non-negative integer, got -1/);
  throwsWith(() => beta(1.5, 2), IndexError, /beta: m must be a non-negative integer, got 1.5/);
  throwsWith(() => commutation(2, NaN), IndexError, /commutation: n must be a non-negative integer, got NaN/);
  throwsWith(() => delta(-3), IndexError, /delta: n must be a non-negative integer/);
  throwsWith(() => vec(tensor([1, 2, 3])), ShapeError, /vec: expected a matrix \(2 axes\), got shape \[3\]/);
  throwsWith(
    () => unvec(tensor([1, 2, 3]), 2, 2),
    ShapeError,
    /unvec: expected a vector of length m·n = 2·2 = 4, got shape \[3\]/,
  );
  throwsWith(() => unvec(tensor([[1, 2]]), 1, 2), ShapeError, /got shape \[1, 2\]/);
  throwsWith(
    () => alpha(200, 200),
    AllocationError,
    /alpha: a tensor of shape \[200, 200, 200, 200\] would have 1,600,000,000 elements/,
  );
  throwsWith(() => commutation(4096, 4096), AllocationError, /commutation: a tensor of shape \[16777216, 16777216\]/);
});
