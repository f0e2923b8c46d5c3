/**
 * Products and einsum through autodiff. Every product is linear in each operand, so
 * the exact Jacobian applied to a direction dX must equal the product with dX in that
 * place, and vjp must be its transpose — exact with integer values. Covers vectors
 * (kron: a vector is a column), 0-d results and rectangular shapes.
 */
import { test } from "node:test";
import fc from "fast-check";
import { Tensor, ddot, dot, einsum, jacobian, kron, matmul, outer, reshape, vjp } from "../../src";
import { assertSame, dim, intTensor } from "./helpers";

const flat = (t: Tensor): Tensor => reshape(t, [t.size]);

/** Check J·dX = f(dX) and vjp(C) = Cᵀ J for a function linear in X. */
function checkLinear(f: (x: Tensor) => Tensor, X: Tensor, seed: number, label: string): void {
  const Y = f(X);
  const dX = new Tensor(
    Float64Array.from(X.data, (_, i) => ((seed + 7 * i) % 5) - 2),
    X.shape,
  );
  const J = jacobian(f, X);
  const Jm = reshape(J, [Y.size, X.size]);
  assertSame(reshape(matmul(Jm, flat(dX)), Y.shape), f(dX), `${label}: J·dX`);
  const C = new Tensor(
    Float64Array.from(Y.data, (_, i) => ((seed + 3 * i) % 7) - 3),
    Y.shape,
  );
  assertSame(vjp(f, X, C).cotangent, reshape(matmul(flat(C), Jm), X.shape), `${label}: vjp`);
}

test("jacobian and vjp of kron are exact for vector and matrix operands (either side)", () => {
  const operand = fc.oneof(
    dim(4).chain((m) => intTensor([m], 3)),
    fc.tuple(dim(4), dim(4)).chain(([m, n]) => intTensor([m, n], 3)),
  );
  fc.assert(
    fc.property(operand, operand, fc.nat(), (A, B, seed) => {
      checkLinear((x) => kron(x, B), A, seed, "kron(x, B)");
      checkLinear((x) => kron(A, x), B, seed, "kron(A, x)");
    }),
    { numRuns: 40 },
  );
});

test("jacobian and vjp of matmul (incl. vectors), dot, ddot, outer and einsum are exact", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(dim(4), dim(4), dim(4), dim(3))
        .chain(([m, k, n, p]) =>
          fc.tuple(
            intTensor([m, k], 3),
            intTensor([k, n], 3),
            intTensor([k], 3),
            intTensor([p, m, k], 3),
            intTensor([m, k, n], 3),
          ),
        ),
      fc.nat(),
      ([A, B, v, S, T], seed) => {
        checkLinear((x) => matmul(x, B), A, seed, "matmul(x, B)");
        checkLinear((x) => matmul(A, x), B, seed, "matmul(A, x)");
        checkLinear((x) => matmul(A, x), v, seed, "matmul(A, v)");
        checkLinear((x) => matmul(x, B), v, seed, "matmul(v, B)");
        checkLinear((x) => dot(x, v), v, seed, "dot(x, v)");
        checkLinear((x) => dot(S, x), B, seed, "dot(S, x)");
        checkLinear((x) => ddot(S, x), T, seed, "ddot(S, x)");
        checkLinear((x) => ddot(x, T), S, seed, "ddot(x, T)");
        checkLinear((x) => ddot(A, x), A, seed, "ddot(A, x) 0-d");
        checkLinear((x) => outer(x, v), A, seed, "outer(x, v)");
        checkLinear((x) => einsum("pmk,kn->npm", S, x), B, seed, "einsum");
        checkLinear((x) => einsum("ii->i", x), matmul(A, A.T), seed, "einsum diagonal");
        checkLinear((x) => einsum("mk,kn,mkn->m", A, x, T), B, seed, "einsum 3 operands");
      },
    ),
    { numRuns: 40 },
  );
});
