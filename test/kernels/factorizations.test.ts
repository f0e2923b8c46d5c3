/**
 * The factorisation kernels on the gemm kernel (trsm, blocked LU and its solves from either side,
 * Cholesky, the symmetric rank-k update) against their definitions on random rectangular shapes,
 * sizes past the recursion's leaf (32) and the packed gemm's blocks, on every gemm back end; and
 * against numpy (Debian's /usr/bin/python3) on random and ill-conditioned inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { NotPositiveDefiniteError, SingularMatrixError, Tensor, cholesky, det, inv, randn, solve } from "../../src";
import {
  gemm,
  gemmUpper,
  luPanelKernel,
  setGemmBackend,
  transposed,
  triangularLeafKernel,
  withKernelMemory,
  type GemmBackend,
} from "../../src/kernels/gemm";
import { leafLoops, trsmLeft } from "../../src/kernels/trsm";
import { luFactor, luSolveInto, luSolveRightInto, panelLoops } from "../../src/kernels/lu";
import { choleskyFactor } from "../../src/kernels/cholesky";
import { throwsWith } from "../helpers/assert";

const PYTHON = "/usr/bin/python3";
const BACKENDS: GemmBackend[] = ["wasm", "simd", "js"];

function onBackend<T>(b: GemmBackend, f: () => T): T {
  setGemmBackend(b);
  try {
    return f();
  } finally {
    setGemmBackend("wasm");
  }
}

const maxAbs = (d: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]));
  return m;
};

/** Loop product of row-major m×k and k×n (independent of the gemm kernel). */
function mm(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const v = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += v * b[p * n + j];
    }
  return c;
}

/** The transpose of a row-major m×n array (loops). */
function tr(x: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = x[i * n + j];
  return t;
}

const data = (shape: number[], seed: number): Float64Array => randn(shape, { seed }).data;

/** A random triangle that is well-conditioned: off-diagonal N(0, 1)/√r, diagonal ±(1 + |N|). */
function triangle(r: number, lower: boolean, seed: number): Float64Array {
  const t = data([r, r], seed);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < r; j++) {
      if (i === j) t[i * r + i] = (t[i * r + i] < 0 ? -1 : 1) * (1 + Math.abs(t[i * r + i]));
      else if (lower ? j > i : j < i) t[i * r + j] = 0;
      else t[i * r + j] /= Math.sqrt(r);
    }
  return t;
}

test("trsm: T·X = B for lower/upper, unit/non-unit and transposed triangles, rectangular B (r 1–150, w 1–90), all back ends", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 150 }),
      fc.integer({ min: 1, max: 90 }),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom(...BACKENDS),
      fc.integer(),
      fc.boolean(),
      (r, w, lower, unit, viaTranspose, backend, seed, lent) => {
        // the triangle is stored as its transpose when viaTranspose (read through swapped strides)
        const t = triangle(r, viaTranspose ? !lower : lower, seed);
        const tt = new Float64Array(r * r); // the triangle actually solved with, row-major
        for (let i = 0; i < r; i++)
          for (let j = 0; j < r; j++) tt[i * r + j] = viaTranspose ? t[j * r + i] : t[i * r + j];
        if (unit) for (let i = 0; i < r; i++) tt[i * r + i] = 1;
        const b = data([r, w], seed + 1);
        const ld = w + 3; // X a block of a wider matrix
        const x = new Float64Array(r * ld + 2).fill(7);
        for (let i = 0; i < r; i++) x.set(b.subarray(i * w, i * w + w), 2 + i * ld);
        const view = { data: t, offset: 0, rs: r, cs: 1 };
        // X in the kernel's memory (the WebAssembly leaves) or not (the loops)
        const solveIn = (y: Float64Array): void =>
          trsmLeft({ T: viaTranspose ? transposed(view) : view, lower, unit }, r, y, 2, w, ld);
        onBackend(backend, () => {
          if (!lent) solveIn(x);
          else
            withKernelMemory(x.length, (y) => {
              y.set(x);
              solveIn(y);
              x.set(y);
            });
        });
        const sol = new Float64Array(r * w);
        for (let i = 0; i < r; i++) sol.set(x.subarray(2 + i * ld, 2 + i * ld + w), i * w);
        for (let i = 0; i < r; i++)
          for (let c = w; c < ld && 2 + i * ld + c < x.length; c++) assert.equal(x[2 + i * ld + c], 7);
        const res = mm(tt, sol, r, r, w);
        const err = maxAbs(res.map((v, i) => v - b[i]));
        assert.ok(
          err <= 1e-10 * Math.max(1, maxAbs(sol)) * r,
          `r=${r} w=${w} lower=${lower} unit=${unit}: residual ${err}`,
        );
      },
    ),
    { numRuns: 60 },
  );
});

test("LU: PA = LU, A·X = B and Y·A = V for rectangular B and V (n 1–200), all back ends", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom(...BACKENDS),
      fc.integer(),
      (n, k, backend, seed) => {
        const a = data([n, n], seed);
        const f = onBackend(backend, () => luFactor(a, n));
        assert.equal(f.singularColumn, -1);
        const L = new Float64Array(n * n);
        const U = new Float64Array(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (j < i) L[i * n + j] = f.lu[i * n + j];
            else U[i * n + j] = f.lu[i * n + j];
            if (i === j) L[i * n + i] = 1;
          }
        const LU = mm(L, U, n, n, n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            const e = Math.abs(LU[i * n + j] - a[f.perm[i] * n + j]);
            assert.ok(e <= 1e-11 * n, `n=${n}: (LU − PA)[${i},${j}] = ${e}`);
          }
        const b = data([n, k], seed + 1);
        const x = onBackend(backend, () => luSolveInto(f, b, k));
        const v = data([k, n], seed + 2);
        const y = onBackend(backend, () => luSolveRightInto(f, v, k));
        const sx = Math.max(1, maxAbs(x));
        const sy = Math.max(1, maxAbs(y));
        const rx = mm(a, x, n, n, k).map((e, i) => e - b[i]);
        const ry = mm(y, a, k, n, n).map((e, i) => e - v[i]);
        assert.ok(maxAbs(rx) <= 1e-10 * n * sx, `n=${n} k=${k}: |AX − B| = ${maxAbs(rx)}`);
        assert.ok(maxAbs(ry) <= 1e-10 * n * sy, `n=${n} k=${k}: |YA − V| = ${maxAbs(ry)}`);
      },
    ),
    { numRuns: 30 },
  );
});

/** An SPD matrix W Wᵀ/n + δI with W n×(n + extra): δ small makes it ill-conditioned. */
function spd(n: number, seed: number, delta: number): Float64Array {
  const m = n + 3;
  const w = data([n, m], seed);
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let p = 0; p < m; p++) t += w[i * m + p] * w[j * m + p];
      s[i * n + j] = s[j * n + i] = t / m;
    }
  for (let i = 0; i < n; i++) s[i * n + i] += delta;
  return s;
}

test("Cholesky: UᵀU = A with U upper and a positive diagonal (n 1–200), all back ends; the symmetric part is what is factored", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.constantFrom(...BACKENDS), fc.integer(), (n, backend, seed) => {
      const a = spd(n, seed, 0.1);
      // perturb antisymmetrically: the symmetric part is unchanged
      const skew = data([n, n], seed + 3);
      const b = Float64Array.from(a);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) b[i * n + j] += 0.25 * (skew[i * n + j] - skew[j * n + i]);
      const f = onBackend(backend, () => choleskyFactor(b, n));
      assert.equal(f.failedColumn, -1);
      const u = f.u;
      for (let i = 0; i < n; i++) {
        assert.ok(u[i * n + i] > 0);
        for (let j = 0; j < i; j++) assert.equal(u[i * n + j], 0);
      }
      const ut = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ut[j * n + i] = u[i * n + j];
      const r = mm(ut, u, n, n, n).map((v, i) => v - a[i]);
      assert.ok(maxAbs(r) <= 1e-12 * n * maxAbs(a), `n=${n}: |UᵀU − A| = ${maxAbs(r)}`);
    }),
    { numRuns: 30 },
  );
});

test("Cholesky refuses what is not positive definite, naming the column; LU's singularity threshold decides a rank-deficient one", () => {
  for (const n of [1, 5, 40, 90]) {
    const a = spd(n, n, 0.1);
    const k = Math.floor(n / 2);
    a[k * n + k] = -1; // the leading (k+1)×(k+1) block is indefinite
    throwsWith(
      () => cholesky(new Tensor(a, [n, n])),
      NotPositiveDefiniteError,
      new RegExp(`${n}×${n} matrix is not positive definite: the factorisation stopped at column ${k}\\b`),
    );
    throwsWith(() => solve(new Tensor(a, [n, n]), randn([n]), { assume: "spd" }), NotPositiveDefiniteError, /^solve: /);
  }
  // XᵀX of a rank-deficient X (n columns, rank n − 1): positive semidefinite, singular to working precision
  const n = 60;
  const x = data([80, n], 5);
  for (let i = 0; i < 80; i++) x[i * n + n - 1] = x[i * n] + x[i * n + 1];
  const g = new Float64Array(n * n);
  gemm(n, 80, n, transposed({ data: x, offset: 0, rs: n, cs: 1 }), { data: x, offset: 0, rs: n, cs: 1 }, g);
  throwsWith(() => cholesky(new Tensor(g, [n, n])), NotPositiveDefiniteError, /column 59 .*threshold n·ε·‖A‖_F/);
  throwsWith(() => inv(new Tensor(g, [n, n])), SingularMatrixError, /singular/);
});

test("syrk: XᵀX and XXᵀ through gemm are exactly symmetric and equal the general product bit for bit; gemmUpper subtracts into a block", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 130 }),
      fc.integer({ min: 1, max: 130 }),
      fc.constantFrom(...BACKENDS),
      fc.integer(),
      (m, n, backend, seed) => {
        const x = data([m, n], seed);
        const X = { data: x, offset: 0, rs: n, cs: 1 };
        // XᵀX (n×n): A = Xᵀ, B = X (same storage, strides swapped) takes the symmetric path
        const sym = new Float64Array(n * n);
        onBackend(backend, () => gemm(n, m, n, transposed(X), X, sym, 0, 1, n, true));
        // the same product with a copy of X as B: the general path
        const full = new Float64Array(n * n);
        onBackend(backend, () =>
          gemm(n, m, n, transposed(X), { ...X, data: Float64Array.from(x) }, full, 0, 1, n, true),
        );
        assert.deepEqual(sym, full);
        const ref = mm(tr(x, m, n), x, n, m, n);
        assert.ok(maxAbs(sym.map((v, i) => v - ref[i])) <= 1e-12 * m * Math.max(1, maxAbs(ref)));
        // XXᵀ (m×m)
        const sym2 = new Float64Array(m * m);
        onBackend(backend, () => gemm(m, n, m, X, transposed(X), sym2, 0, -2, m, true));
        const ref2 = mm(x, tr(x, m, n), m, n, m);
        assert.ok(maxAbs(sym2.map((v, i) => v + 2 * ref2[i])) <= 1e-12 * n * Math.max(1, maxAbs(ref2)));
        for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) assert.equal(sym2[i * m + j], sym2[j * m + i]);
        // C[2:, 1:] −= XᵀX on the upper triangle of an n×n block of a wider matrix (Cholesky's update)
        const ld = n + 2;
        const c = new Float64Array((n + 2) * ld).fill(1);
        onBackend(backend, () => gemmUpper(n, m, transposed(X), X, c, 2 * ld + 1, false, undefined, -1, ld));
        for (let i = 0; i < n; i++)
          for (let j = i; j < n; j++) {
            const e = Math.abs(c[(i + 2) * ld + j + 1] - (1 - ref[i * n + j]));
            assert.ok(e <= 1e-12 * m * Math.max(1, maxAbs(ref)), `(${i},${j}): ${e}`);
          }
        for (let j = 0; j < ld; j++) assert.equal(c[j], 1); // rows outside the block untouched
      },
    ),
    { numRuns: 40 },
  );
});

interface Job {
  name: string;
  a: number[];
  n: number;
  b?: number[];
  k?: number;
}

/** Runs numpy on the jobs (one process): inv, solve, det, cholesky of each. */
function numpy(jobs: Job[]): { inv: number[]; solve: number[]; det: number; chol: number[] | null }[] {
  const script = `
import json, sys
import numpy as np
out = []
for j in json.load(sys.stdin):
    n = j["n"]; a = np.array(j["a"]).reshape(n, n); b = np.array(j["b"]).reshape(n, j["k"])
    try:
        ch = np.linalg.cholesky((a + a.T) / 2).ravel().tolist()
    except np.linalg.LinAlgError:
        ch = None
    out.append({"inv": np.linalg.inv(a).ravel().tolist(), "solve": np.linalg.solve(a, b).ravel().tolist(),
                "det": float(np.linalg.det(a)), "chol": ch})
print(json.dumps(out))
`;
  const r = spawnSync(PYTHON, ["-c", script], { input: JSON.stringify(jobs), encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Relative difference in the max norm. */
const rel = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d / Math.max(maxAbs(y), Number.MIN_VALUE);
};

test(
  "inv, solve, det and cholesky agree with numpy on random and ill-conditioned matrices (n up to 300)",
  { skip: !existsSync(PYTHON) },
  () => {
    const jobs: (Job & { cond: number; spd: boolean })[] = [];
    let seed = 11;
    for (const n of [1, 3, 31, 33, 64, 101, 200, 300]) {
      const k = 1 + (n % 7);
      // a general random matrix, an SPD one, and an ill-conditioned SPD one (cond ~ 1e10)
      jobs.push({
        name: `randn ${n}`,
        n,
        a: Array.from(data([n, n], seed++)),
        b: Array.from(data([n, k], seed++)),
        k,
        cond: 1e4,
        spd: false,
      });
      jobs.push({
        name: `spd ${n}`,
        n,
        a: Array.from(spd(n, seed++, 0.5)),
        b: Array.from(data([n, k], seed++)),
        k,
        cond: 1e2,
        spd: true,
      });
      if (n > 3)
        jobs.push({
          name: `ill spd ${n}`,
          n,
          a: Array.from(spd(n, seed++, 1e-10)),
          b: Array.from(data([n, k], seed++)),
          k,
          cond: 1e12,
          spd: true,
        });
    }
    const ref = numpy(jobs);
    jobs.forEach((j, i) => {
      const A = new Tensor(Float64Array.from(j.a), [j.n, j.n]);
      const B = new Tensor(Float64Array.from(j.b ?? []), [j.n, j.k ?? 1]);
      const tol = 1e-15 * j.cond * j.n * 10;
      assert.ok(
        rel(inv(A).data, ref[i].inv) <= tol,
        `${j.name}: inv differs from numpy by ${rel(inv(A).data, ref[i].inv)}`,
      );
      assert.ok(rel(solve(A, B).data, ref[i].solve) <= tol, `${j.name}: solve`);
      const d = det(A).item();
      assert.ok(Math.abs(d - ref[i].det) <= tol * Math.abs(ref[i].det), `${j.name}: det ${d} vs ${ref[i].det}`);
      if (j.spd) {
        assert.ok(ref[i].chol !== null, `${j.name}: numpy refused`);
        // the factor is well-conditioned relative to A (cond(L) = √cond(A))
        assert.ok(
          rel(cholesky(A).data, ref[i].chol as number[]) <= 1e-15 * Math.sqrt(j.cond) * j.n * 10,
          `${j.name}: cholesky`,
        );
        assert.ok(rel(solve(A, B, { assume: "spd" }).data, ref[i].solve) <= tol, `${j.name}: solve spd`);
      }
    });
  },
);

test("the LU panel in WebAssembly (lup) equals the JavaScript loops bit for bit: pivot rows, multipliers, updates (random panels with ties, zero columns and repeated rows)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 90 }),
      fc.integer({ min: 1, max: 16 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.constantFrom("gauss", "integers", "zero column", "repeated rows"),
      (h, w, seed, kind) => {
        const panel = data([h, w], seed);
        if (kind === "integers") for (let i = 0; i < panel.length; i++) panel[i] = Math.round(panel[i] * 2);
        if (kind === "zero column") panel.fill(0, (seed % w) * h, (seed % w) * h + h);
        if (kind === "repeated rows")
          for (let j = 0; j < w; j++) for (let r = 1; r < h; r += 2) panel[j * h + r] = 3 * panel[j * h + r - 1];
        const want = Float64Array.from(panel);
        const wantPiv = new Int32Array(w);
        panelLoops(want, h, w, wantPiv);
        for (const b of ["wasm", "simd"] as const) {
          const [got, gotPiv, ran] = onBackend(b, () =>
            withKernelMemory(h * w + w, (mem) => {
              const work = mem.subarray(0, h * w);
              work.set(panel);
              const ipiv = new Int32Array(mem.buffer, mem.byteOffset + h * w * 8, w);
              const ok = luPanelKernel(work, h, w, ipiv);
              return [work.slice(), Int32Array.from(ipiv), ok] as const;
            }),
          );
          assert.ok(ran, `${b}: the WebAssembly panel ran`);
          assert.deepEqual(gotPiv, wantPiv, `${b}: pivot rows`);
          assert.deepEqual(got, want, `${b}: factors`);
        }
      },
    ),
    { numRuns: 150 },
  );
});

test("the triangular leaf in WebAssembly (trs1 … trs8) equals the JavaScript loops bit for bit: lower/upper, unit/non-unit, transposed views, zeros in T, odd widths", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 41 }),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 0, max: 1000 }),
      (r, w, lower, unit, viaTranspose, seed) => {
        const t = triangle(r, viaTranspose ? !lower : lower, seed);
        for (let k = seed % 3; k < r * r; k += 3) if (k % (r + 1) !== 0) t[k] = 0; // exact zeros are skipped
        const view = { data: t, offset: 0, rs: r, cs: 1 };
        const tri = { T: viaTranspose ? transposed(view) : view, lower, unit };
        const ld = w + 2;
        const b = data([r, ld], seed + 1);
        const want = Float64Array.from(b);
        leafLoops(tri, 0, r, want, 0, 0, w, ld, false);
        for (const backend of ["wasm", "simd"] as const) {
          const [got, ran] = onBackend(backend, () =>
            withKernelMemory(r * ld, (x) => {
              x.set(b);
              const ok = triangularLeafKernel(tri.T, r, x, 0, w, ld, lower, unit);
              return [x.slice(), ok] as const;
            }),
          );
          assert.ok(ran, `${backend}: the WebAssembly leaf ran`);
          assert.deepEqual(got, want, `${backend}: r=${r} w=${w} lower=${lower} unit=${unit}`);
        }
      },
    ),
    { numRuns: 200 },
  );
});
