import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, inferShapes, ShapeError, sym, mulE, identity, vecE } from "../../src";

function shapeError(src: string, shapes: Record<string, (number | string)[]>): ShapeError {
  try {
    inferShapes(parse(src), shapes);
  } catch (e) {
    assert.ok(e instanceof ShapeError, `expected ShapeError for ${src}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected a shape error for ${src}`);
}

test("symbolic shapes of the seed", () => {
  const info = inferShapes(parse("A' * B"), { A: ["p", "m"], B: ["p", "n"] });
  assert.deepEqual(info.shape, ["m", "n"]);
  assert.deepEqual(info.shapes, { A: ["p", "m"], B: ["p", "n"] });
});

test("unknown dimensions become fresh symbols and unify", () => {
  const info = inferShapes(parse("A * B * C"), {});
  assert.equal(info.shapes.A.length, 2);
  assert.equal(info.shapes.A[1], info.shapes.B[0]);
  assert.equal(info.shapes.B[1], info.shapes.C[0]);
  assert.deepEqual(info.shape, [info.shapes.A[0], info.shapes.C[1]]);
  assert.notEqual(info.shapes.A[0], info.shapes.A[1]);
});

test("lowercase symbols are column vectors; xᵀAx is a scalar, x xᵀ a matrix", () => {
  const q = inferShapes(parse("x'Ax"));
  assert.deepEqual(q.shape, []);
  assert.equal(q.shapes.x.length, 1);
  assert.deepEqual(q.shapes.A, [q.shapes.x[0], q.shapes.x[0]]);
  const o = inferShapes(parse("x * x'"));
  assert.deepEqual(o.shape, [o.shapes.x[0], o.shapes.x[0]]);
  assert.deepEqual(inferShapes(parse("A * x"), { A: [2, 3] }).shape, [2]);
  assert.deepEqual(inferShapes(parse("x'"), { x: [3] }).shape, [1, 3]);
});

test("scalars multiply anything; traces, determinants need square matrices", () => {
  assert.deepEqual(inferShapes(parse("s * A"), { s: [], A: [2, 3] }).shape, [2, 3]);
  assert.deepEqual(inferShapes(parse("2 * A' * B"), { A: [4, 2], B: [4, 3] }).shape, [2, 3]);
  const info = inferShapes(parse("tr(X) + det(X) + logdet(X)"));
  assert.deepEqual(info.shape, []);
  assert.equal(info.shapes.X[0], info.shapes.X[1]);
});

test("the seed's tensors: α, β, single and double contraction", () => {
  const info = inferShapes(parse("alpha * B' : beta"), { B: ["p", "n"] });
  assert.equal(info.shape.length, 4);
  assert.deepEqual([info.shape[1], info.shape[2]], ["n", "p"]);
  assert.equal(info.shape[0], info.shape[3]);
  assert.deepEqual(inferShapes(parse("alpha(m, n) : G"), { G: ["m", "n"] }).shape, ["m", "n"]);
  assert.deepEqual(inferShapes(parse("A : B"), { A: [2, 3], B: [2, 3] }).shape, []);
});

test("Kronecker products, vec and K have product dimensions", () => {
  assert.deepEqual(inferShapes(parse("kron(A, B)"), { A: ["m", "n"], B: ["p", "q"] }).shape, ["m*p", "n*q"]);
  assert.deepEqual(inferShapes(parse("vec(A)"), { A: [2, 3] }).shape, [6]);
  assert.deepEqual(inferShapes(parse("K(m, n) * vec(A)"), { A: ["m", "n"] }).shape, ["m*n"]);
  // I's size is found by cancelling the common factor p of p*d and p*m
  assert.deepEqual(inferShapes(parse("kron(B', I) * K(p, m)"), { B: ["p", "n"] }).shape, ["n*m", "p*m"]);
});

test("clashes name the operation, both shapes and show a caret under the sub-expression", () => {
  const e = shapeError("C + A * B", { A: [2, 3], B: [4, 5] });
  assert.match(e.message, /shape mismatch in the product: A has shape \[2, 3\] and B has shape \[4, 5\]/);
  assert.match(e.message, /columns of the left = rows of the right \(\[3\] ≠ \[4\]\)/);
  assert.ok(e.message.endsWith("\n  C + A * B\n      ^^^^^"), e.message);

  const s = shapeError("A + B'", { A: ["m", "n"], B: ["m", "n"] });
  assert.match(s.message, /shape mismatch in the sum: A has shape \[m, n\] and B' has shape \[n, m\]/);
  assert.ok(s.message.endsWith("\n  A + B'\n  ^^^^^^"), s.message);

  assert.match(
    shapeError("tr(A)", { A: ["m", "n"] }).message,
    /tr needs a square matrix \(\[m\] rows ≠ \[n\] columns\)/,
  );
  assert.match(shapeError("inv(A)", { A: [2, 3] }).message, /inv needs a square matrix/);
  assert.match(
    shapeError("A .* B", { A: [2, 3], B: [3, 2] }).message,
    /Hadamard product: A has shape \[2, 3\] and B has shape \[3, 2\]/,
  );
  assert.match(shapeError("A : B", { A: [2, 3], B: [3, 2] }).message, /double contraction/);
});

test("user dimension names are distinct: m never unifies with n", () => {
  assert.match(shapeError("A * B", { A: ["m", "n"], B: ["m", "n"] }).message, /\[n\] ≠ \[m\]/);
  assert.match(shapeError("A * B", { A: ["m", "n"], B: [3, 3] }).message, /\[n\] ≠ \[3\]/);
});

test("expressions built in code report the sub-expression instead of a caret", () => {
  assert.throws(
    () => inferShapes(mulE(sym("A"), sym("B")), { A: [2, 3], B: [2, 3] }),
    (e: unknown) => e instanceof ShapeError && /\n  in A \* B$/.test(e.message),
  );
});

test("bad shape declarations are refused in the user's terms", () => {
  assert.throws(() => inferShapes(parse("A"), { A: [2, 0] }), /dimension 0 must be a positive whole number/);
  // a symbol may have any number of axes (tensors): its shape is kept as given
  assert.deepEqual(inferShapes(parse("A"), { A: [1, 2, 3] }).shape, [1, 2, 3]);
  assert.throws(() => inferShapes(parse("A"), { A: ["m n"] as string[] }), /must be a number or a name/);
});

test("a size written as a product in a tree (I(n*m) from the kron steps) is the product, in any order", () => {
  // the kron route writes vec(dY) = I(n*m) vec(dX); vec(dX) of an m×n dX has m*n rows
  const e = mulE(identity("n*m"), vecE(sym("X")));
  const shape = inferShapes(e, { X: ["m", "n"] }).shapeOf(e);
  assert.deepEqual(
    shape.map((d) => String(d).split("*").sort().join("*")),
    ["m*n"],
  );
  assert.match(
    (() => {
      try {
        inferShapes(mulE(identity("n*p"), vecE(sym("X"))), { X: ["m", "n"] });
        return "";
      } catch (err) {
        return (err as Error).message;
      }
    })(),
    /\[n\*p, n\*p\] and vec\(X\) has shape \[m\*n\]/,
  );
});
