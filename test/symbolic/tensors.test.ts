/**
 * Tensors of any order in the expression language: shapes with more than two axes, entrywise
 * operations and operations along an axis on them, derivatives with respect to them (shape
 * [...shape(Y), ...shape(X)], numerator layout), each checked by `verify` against autodiff on
 * random rectangular sizes (every axis a different size) and against formulas written out here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  cos,
  derive,
  einsum,
  exprEquals,
  exprToSource,
  inferShapes,
  parse,
  ParseError,
  permute,
  randn,
  scale,
  sub,
  Tensor,
  verify,
  type Tensor as T,
} from "../../src/index";
import { runCli } from "../../src/cli/run";
import { closeTo } from "../helpers/assert";

const close = closeTo;

/** A shape of `n` axes with all sizes different (2, 3, 4, … shuffled by the seed). */
const distinctShape = (n: number): fc.Arbitrary<number[]> =>
  fc
    .shuffledSubarray([2, 3, 4, 5], { minLength: n, maxLength: n })
    .filter((s) => s.length === n && new Set(s).size === n);

test("a symbol may have any number of axes; entrywise ops and ops along an axis keep their rules", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 4 }).chain((n) => fc.tuple(distinctShape(n), fc.integer({ min: 1, max: n }))),
      fc.constantFrom(
        "sin(A)",
        "A .* B - exp(A)",
        "sum(tanh(A) .* B)",
        "A ./ (1 + B .* B)",
        "softmax(A, K) .* B",
        "sum(A, K) + 2",
        "sum(logsumexp(A, K))",
        "A - mean(A, K)",
      ),
      ([shape, k], src) => {
        const expr = src.replace(/K/g, String(k));
        const d = derive(expr, "A", { A: shape, B: shape });
        assert.deepEqual(d.wrtShape, shape);
        const reduced = /^sum\(A, |^sum\(logsumexp/.test(expr);
        const y = expr.startsWith("sum(A,")
          ? shape.map((s, i) => (i === k - 1 ? 1 : s))
          : reduced || expr.startsWith("sum(")
            ? []
            : shape;
        assert.deepEqual(d.resultShape, y);
        const r = verify(d);
        assert.ok(r.ok, `${expr} ${JSON.stringify(shape)}: ${r.forms.map((f) => `${f.name} ${f.detail}`).join("; ")}`);
        assert.ok(r.forms.some((f) => f.name === "index"));
        const A = randn(shape, { seed: 3 });
        const B = randn(shape, { seed: 4 });
        assert.deepEqual(d.at({ A, B }).toDense().shape, [...y, ...shape]);
      },
    ),
    { numRuns: 12 },
  );
});

test("d sin(A)/dA for A of shape (3, 2, 4): cos(A) on the diagonal of the six-axis Jacobian (SymPy's example)", () => {
  const shape = [3, 2, 4];
  const d = derive("sin(A)", "A", { A: shape });
  assert.deepEqual(d.resultShape, shape);
  assert.equal(d.form("index")?.text, "(cos(A))_ijm δ_ik δ_jl δ_mr");
  const A = randn(shape, { seed: 7 });
  const c = cos(A);
  const n = A.size;
  const want = new Float64Array(n * n);
  for (let p = 0; p < n; p++) want[p * n + p] = c.data[p];
  close(d.form("index")!.evaluate({ A }), new Tensor(want, [...shape, ...shape]));
  close(d.at({ A }).toDense(), new Tensor(want, [...shape, ...shape]));
});

test("scalar and matrix shapes are unchanged (no shape of more than two axes is needed for them)", () => {
  const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
  assert.deepEqual(
    d.forms.map((f) => f.name),
    ["tensor", "index", "kron", "component", "differential"],
  );
  assert.equal(d.form("index")?.text, "δ_il B_kj");
});

const sizeOf = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

test("einsum in the expression language: n-ary, numpy's implicit output, printed back as written", () => {
  for (const src of ['einsum("bsd,dih->bsih", X, W)', 'einsum("ir,jr,kr->ijk", A, B, C)', 'einsum("ij,jk", A, B)'])
    assert.equal(exprToSource(parse(src)), src);
  // without '->' the output is the letters that appear once, in alphabetical order (numpy's rule)
  assert.deepEqual(inferShapes(parse('einsum("kj,ji", A, B)'), { A: [2, 3], B: [3, 4] }).shape, [4, 2]);
  assert.deepEqual(
    inferShapes(parse('einsum("bsd,dih->bsih", X, W)'), { X: ["b", "s", "d"], W: ["d", "i", "h"] }).shape,
    ["b", "s", "i", "h"],
  );
});

test("index notation is read as the einsum node: repeated indices summed, free ones in order or after ->", () => {
  const same = (a: string, b: string): void => assert.ok(exprEquals(parse(a), parse(b)), `${a} vs ${b}`);
  same("T[i,j,k] * x[i]", 'einsum("ijk,i->jk", T, x)');
  same("T[i,j,k] x[i] -> [k,j]", 'einsum("ijk,i->kj", T, x)');
  same("A[i,j] * X[j,k] * B[k,l]", 'einsum("ij,jk,kl->il", A, X, B)');
  same("2 * T[i,j,k] * x[i]", 'einsum(",ijk,i->jk", 2, T, x)');
  // an index that appears three times is ambiguous without an explicit output
  assert.throws(
    () => parse("T[i,j,k] * x[i] * y[i]"),
    (e: unknown) => {
      const m = (e as Error).message;
      return (
        e instanceof ParseError &&
        /index i appears 3 times/.test(m) &&
        /\n  T\[i,j,k\] \* x\[i\] \* y\[i\]\n {22}\^/.test(m)
      );
    },
  );
  assert.throws(() => parse("T[i,j] .* x[i]"), /'\.\*' in index notation/);
  assert.throws(() => parse("T[i,j] * x[i] -> [q]"), /output index q appears in no factor/);
  const d = derive("T[i,j,k] * x[i]", "x", { T: [3, 4, 5], x: [3] });
  assert.deepEqual(d.resultShape, [4, 5]);
  assert.ok(verify(d).ok);
});

test("einsum errors name the shapes and the size that does not fit, with a caret under the index", () => {
  const err = (src: string, shapes: Record<string, number[]>): string => {
    try {
      inferShapes(parse(src), shapes);
    } catch (e) {
      return (e as Error).message;
    }
    return "";
  };
  const m = err('einsum("bsd,dih->bsih", X, W)', { X: [2, 3, 4], W: [5, 6, 7] });
  assert.match(m, /index 'd' has size 4 in operand 1 \(axis 3 of \[2, 3, 4\]\) but size 5 in operand 2/);
  assert.match(m, /\n  einsum\("bsd,dih->bsih", X, W\)\n {14}\^$/);
  assert.match(
    err('einsum("bsd,de->bse", X, W)', { X: [2, 3], W: [3, 4] }),
    /operand 1 has shape \[2, 3\] \(2 axes\) but its term "bsd" has 3 indices/,
  );
  assert.throws(
    () => parse('einsum("bs?,de->bse", X, W)'),
    (e: unknown) => e instanceof ParseError && /invalid character/.test((e as Error).message),
  );
  assert.throws(() => parse('einsum("ij->k", X)'), /output index 'k' appears in no input term/);
});

test("property: einsum derivatives on random rectangular shapes (all axis sizes different) verify in every form", () => {
  fc.assert(
    fc.property(
      fc.shuffledSubarray([2, 3, 4, 5, 6], { minLength: 5, maxLength: 5 }),
      fc.constantFrom(
        ['einsum("bsd,de->bse", X, W)', "W"],
        ['einsum("bsd,de->bse", X, W)', "X"],
        ['sum(einsum("bsd,de->bse", X, W) .* G)', "W"],
        ['sum(tanh(einsum("bsd,de->bse", X, W)))', "W"],
      ),
      ([b, s, dd, e, _], [src, wrt]) => {
        const shapes = { X: [b, s, dd], W: [dd, e], G: [b, s, e] };
        const d = derive(src, wrt, shapes);
        const r = verify(d);
        assert.ok(
          r.ok,
          `${src} ∂/∂${wrt} ${JSON.stringify(shapes)}: ${r.forms.map((f) => `${f.name} ${f.detail}`).join("; ")}`,
        );
        assert.ok(r.forms.some((f) => f.name === "tensor") || d.resultShape.length === 0);
        void _;
      },
    ),
    { numRuns: 8 },
  );
});

test("a batched layer einsum(bsd,de->bse): its gradient is einsum(bsd,bse->de) of X and the cotangent", () => {
  const shapes = { X: [2, 3, 4], W: [4, 5], G: [2, 3, 5] };
  const d = derive('sum(einsum("bsd,de->bse", X, W) .* G)', "W", shapes);
  const X = randn(shapes.X, { seed: 1 });
  const W = randn(shapes.W, { seed: 2 });
  const G = randn(shapes.G, { seed: 3 });
  const want = einsum("bsd,bse->de", X, G);
  close(d.form("gradient")!.evaluate({ X, W, G }), want);
  close(d.at({ X, W, G }).gradient(), want);
  const r = verify(d);
  assert.ok(r.ok);
  // the Jacobian of the layer itself applied to a cotangent (vjp) is the same contraction
  const layer = derive('einsum("bsd,de->bse", X, W)', "W", shapes);
  close(layer.at({ X, W }).applyT(G), want);
  close(layer.at({ X, W }).apply(W), einsum("bsd,de->bse", X, W));
});

test("d.at(values) contracts with einsum, never forming the dense Jacobian (too large to allocate here)", () => {
  const shapes = { X: [20, 30, 40], W: [40, 50] };
  const d = derive('einsum("bsd,de->bse", X, W)', "W", shapes);
  const X = randn(shapes.X, { seed: 1 });
  const W = randn(shapes.W, { seed: 2 });
  const op = d.at({ X, W });
  assert.equal(sizeOf([...op.yShape, ...op.xShape]), 20 * 30 * 50 * 40 * 50);
  const V = randn(shapes.W, { seed: 4 });
  close(op.apply(V), einsum("bsd,de->bse", X, V), 1e-9);
  const G = randn([20, 30, 50], { seed: 5 });
  close(op.applyT(G), einsum("bsd,bse->de", X, G), 1e-9);
});

test("multi-head attention logits einsum(bsd,dih->bsih, X, Wq) with respect to Wq", () => {
  const shapes = { X: [2, 3, 4], W_q: [4, 5, 6] };
  const d = derive('einsum("bsd,dih->bsih", X, W_q)', "W_q", shapes);
  assert.deepEqual(d.resultShape, [2, 3, 5, 6]);
  assert.deepEqual(d.wrtShape, [4, 5, 6]);
  assert.equal(d.form("index")?.text, "X_ijk δ_ml δ_nr");
  assert.ok(verify(d).ok);
  const X = randn(shapes.X, { seed: 1 });
  const Wq = randn(shapes.W_q, { seed: 2 });
  const G = randn([2, 3, 5, 6], { seed: 3 });
  close(d.at({ X, W_q: Wq }).applyT(G), einsum("bsd,bsih->dih", X, G));
});

test("the CP loss sum((T − [[A, B, C]]).^2) with respect to A: 2(A(CᵀC ∗ BᵀB) − T₍₁₎(C ⊙ B)), also at 60×70×80", () => {
  const loss = 'sum((T - einsum("ir,jr,kr->ijk", A, B, C)) .^ 2)';
  const small = { T: [3, 4, 5], A: [3, 2], B: [4, 2], C: [5, 2] };
  const d = derive(loss, "A", small);
  const r = verify(d);
  assert.ok(r.ok, r.forms.map((f) => `${f.name} ${f.detail}`).join("; "));
  assert.ok(["tensor", "index", "gradient", "hessian"].every((n) => d.form(n as never) !== undefined));
  // the book form with numbers: 2(A (CᵀC ∘ BᵀB) − einsum(ijk,jr,kr->ir, T, B, C))
  const book = (T: T, A: T, B: T, C: T): T => {
    const gram = einsum("jr,js,kr,ks->rs", B, B, C, C);
    return sub(scale(einsum("is,rs->ir", A, gram), 2), scale(einsum("ijk,jr,kr->ir", T, B, C), 2));
  };
  const big = { T: [60, 70, 80], A: [60, 3], B: [70, 3], C: [80, 3] };
  const D = derive(loss, "A", big);
  const v = Object.fromEntries(Object.entries(big).map(([k, s], n) => [k, randn(s, { seed: n + 1 })]));
  close(D.at(v).gradient(), book(v.T, v.A, v.B, v.C), 1e-8);
  const w = Object.fromEntries(Object.entries(small).map(([k, s], n) => [k, randn(s, { seed: n + 9 })]));
  close(d.form("gradient")!.evaluate(w), book(w.T, w.A, w.B, w.C), 1e-10);
});

test("the outer product A ⊗ X ⊗ B of tensors, with respect to X: A[a,b] B[c,d] times the identity on X's axes", () => {
  const shapes = { A: [2, 3], X: [4, 5, 2], B: [3, 4] };
  const d = derive("outer(outer(A, X), B)", "X", shapes);
  assert.deepEqual(d.resultShape, [2, 3, 4, 5, 2, 3, 4]);
  assert.ok(verify(d).ok);
  const A = randn(shapes.A, { seed: 1 });
  const X = randn(shapes.X, { seed: 2 });
  const B = randn(shapes.B, { seed: 3 });
  const nx = X.size;
  const J = new Float64Array(6 * nx * 12 * nx);
  for (let a = 0; a < 6; a++)
    for (let x = 0; x < nx; x++)
      for (let c = 0; c < 12; c++) J[((a * nx + x) * 12 + c) * nx + x] = A.data[a] * B.data[c];
  close(d.form("tensor")!.evaluate({ A, X, B }), new Tensor(J, [...d.resultShape, ...shapes.X] as number[]));
});

test("permute of a 3-axis array: the identity with its output axes permuted, exact", () => {
  fc.assert(
    fc.property(distinctShape(3), fc.constantFrom([3, 1, 2], [2, 3, 1], [1, 3, 2], [3, 2, 1]), (shape, perm) => {
      const d = derive(`permute(T, [${perm.join(", ")}])`, "T", { T: shape });
      const y = perm.map((p) => shape[p - 1]);
      assert.deepEqual(d.resultShape, y);
      const T0 = randn(shape, { seed: 1 });
      close(
        d.value({ T: T0 }),
        permute(
          T0,
          perm.map((p) => p - 1),
        ),
      );
      // J[y, x] = 1 where x is y with its axes put back
      const J = new Float64Array(T0.size * T0.size);
      const strides = [shape[1] * shape[2], shape[2], 1];
      for (let i = 0; i < y[0]; i++)
        for (let j = 0; j < y[1]; j++)
          for (let k = 0; k < y[2]; k++) {
            const yi = [i, j, k];
            const xi = [0, 0, 0];
            perm.forEach((p, n) => (xi[p - 1] = yi[n]));
            const row = (i * y[1] + j) * y[2] + k;
            J[row * T0.size + xi.reduce((s, v, n) => s + v * strides[n], 0)] = 1;
          }
      const want = new Tensor(J, [...y, ...shape]);
      for (const f of d.forms) assert.deepEqual([...f.evaluate({ T: T0 }).data], [...want.data], f.name);
      assert.ok(verify(d).ok);
    }),
    { numRuns: 6 },
  );
});

test("the CLI reads --shape X=bxsxd and prints the tensor and index forms of an einsum", () => {
  const r = runCli(["derive", 'einsum("bsd,de->bse", X, W)', "--wrt", "W", "--shape", "X=bxsxd", "--shape", "W=dxe"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /X: b×s×d, W: d×e; Y: b×s×e/);
  assert.match(r.stdout, /^index {3}X_ijk δ_ml/m);
  assert.match(r.stdout, /kron \(the result has 3 axes/);
});
