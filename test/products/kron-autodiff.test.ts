/**
 * kron with vector operands (a vector is a column) through autodiff: kron is linear in
 * each operand, so the exact Jacobian applied to a direction dX must equal kron with dX
 * in that place, and vjp must be its transpose — exact with integer values.
 */
import { test } from "node:test";
import fc from "fast-check";
import { Tensor, jacobian, kron, matmul, reshape, vjp } from "../../src";
import { assertSame, dim, intTensor } from "./helpers";

const flat = (t: Tensor): Tensor => reshape(t, [t.size]);

test("jacobian and vjp of kron are exact for vector and matrix operands (either side)", () => {
  const operand = fc.oneof(
    dim(4).chain((m) => intTensor([m], 3)),
    fc.tuple(dim(4), dim(4)).chain(([m, n]) => intTensor([m, n], 3)),
  );
  fc.assert(
    fc.property(operand, operand, fc.integer({ min: 0, max: 1 }), fc.nat(), (A, B, which, seed) => {
      const X = which === 0 ? A : B;
      const f = (x: Tensor): Tensor => (which === 0 ? kron(x, B) : kron(A, x));
      const Y = f(X);
      const dX = new Tensor(
        Float64Array.from(X.data, (_, i) => ((seed + 7 * i) % 5) - 2),
        X.shape,
      );
      const J = jacobian(f, X);
      const Jm = reshape(J, [Y.size, X.size]);
      assertSame(reshape(matmul(Jm, flat(dX)), Y.shape), f(dX), "J·dX = kron(…dX…)");
      const C = new Tensor(
        Float64Array.from(Y.data, (_, i) => ((seed + 3 * i) % 7) - 3),
        Y.shape,
      );
      assertSame(vjp(f, X, C).cotangent, reshape(matmul(flat(C), Jm), X.shape), "vjp = Cᵀ J");
    }),
    { numRuns: 60 },
  );
});
