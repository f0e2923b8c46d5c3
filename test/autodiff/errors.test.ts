/** Every error a user can hit while differentiating, with its message. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  jacobian,
  grad,
  hessian,
  jvp,
  vjp,
  numericJacobian,
  toVecJacobian,
  fromVecJacobian,
  toDenominatorLayout,
  tensor,
  ones,
  sqrt,
  log,
  inv,
  solve,
  matmul,
  sum,
  einsum,
  scale,
  setAllocationLimit,
  getAllocationLimit,
  DifferentiationError,
  AllocationError,
  ShapeError,
  IndexError,
  SingularMatrixError,
  Tensor,
} from "../../src";
import { record } from "../../src/trace/record";
import type { OpDef } from "../../src/trace/def";
import { throwsWith } from "./helpers";

/** An op whose definition has no rules (only the compiler prevents it; the engine names it at run time). */
const frobnicateDef = { name: "frobnicate", cases: [] } as unknown as OpDef;
const frobnicate = (t: Tensor): Tensor => record(frobnicateDef, [t], new Tensor(Float64Array.from(t.data), t.shape));

test("f returning something other than a Tensor is named", () => {
  const X = ones([2, 2]);
  throwsWith(
    () => jacobian((() => 3) as never, X),
    DifferentiationError,
    /jacobian: f must return a Tensor, but it returned a number \(3\)/,
  );
  throwsWith(() => jacobian((() => [1, 2]) as never, X), DifferentiationError, /returned an array of 2 item/);
  throwsWith(
    () => grad((() => undefined) as never, X),
    DifferentiationError,
    /grad: f must return a Tensor, but it returned undefined/,
  );
  throwsWith(() => vjp((() => ({ a: 1 })) as never, X, X), DifferentiationError, /vjp: .*returned a plain object/);
  throwsWith(() => jvp((() => "Y") as never, X, X), DifferentiationError, /jvp: .*returned a string \("Y"\)/);
  throwsWith(() => numericJacobian((() => null) as never, X), DifferentiationError, /numericJacobian: .*returned null/);
});

test("bad arguments are named", () => {
  throwsWith(
    () => jacobian((x) => x, [[1, 2]] as never),
    DifferentiationError,
    /jacobian: argument 0 in the list of inputs must be a Tensor, got an array of 2 item/,
  );
  throwsWith(
    () => jacobian((x) => x, 5 as never),
    DifferentiationError,
    /jacobian: the input X must be a Tensor, got a number \(5\)/,
  );
  throwsWith(
    () => jacobian("f" as never, ones([1])),
    DifferentiationError,
    /jacobian: expected a function of tensors, got a string/,
  );
  throwsWith(
    () => grad((x) => x, ones([2])),
    DifferentiationError,
    /grad: f must return a scalar .* shape \[2\]; use jacobian/,
  );
  throwsWith(() => hessian((x) => x, ones([2])), DifferentiationError, /hessian: f must return a scalar/);
  throwsWith(
    () => jvp((x) => x, ones([2, 3]), ones([3, 2])),
    ShapeError,
    /jvp: the direction V must have the shape of X, \[2, 3\], got \[3, 2\]/,
  );
  throwsWith(
    () => vjp((x) => sum(x), ones([2, 3]), ones([2, 3])),
    ShapeError,
    /vjp: the cotangent C must have the shape of f\(X\), \[\], got \[2, 3\]/,
  );
  throwsWith(
    () => numericJacobian((x) => x, ones([2]), { step: -1 }),
    IndexError,
    /step must be a positive finite number, got -1/,
  );
});

test("an op without a derivative rule is named, in forward and reverse mode", () => {
  const X = ones([2, 3]);
  throwsWith(
    () => jacobian(frobnicate, X),
    DifferentiationError,
    /jacobian: no derivative rule for the op "frobnicate"/,
  );
  throwsWith(
    () => grad((x) => sum(frobnicate(x)), X),
    DifferentiationError,
    /grad: no derivative rule for the op "frobnicate"/,
  );
  throwsWith(
    () => jacobian((x) => sum(frobnicate(x)), X),
    DifferentiationError,
    /no derivative rule for the op "frobnicate"/,
  );
});

test("a non-finite value of f is named with its index", () => {
  const X = tensor([
    [1, 0],
    [2, 3],
  ]);
  throwsWith(
    () => jacobian(log, X),
    DifferentiationError,
    /jacobian: f\(X\) has a non-finite value -Infinity at index \[0, 1\] of its result \(shape \[2, 2\]\)/,
  );
  throwsWith(
    () => grad((x) => sum(log(x)), X),
    DifferentiationError,
    /grad: f\(X\) has a non-finite value -Infinity at index \[\]/,
  );
  throwsWith(
    () => numericJacobian(log, X),
    DifferentiationError,
    /numericJacobian: f\(X\) has a non-finite value -Infinity at index \[0, 1\]/,
  );
});

test("a non-finite derivative names the op and where", () => {
  const X = tensor([4, 0, 9]);
  throwsWith(
    () => jacobian(sqrt, X),
    DifferentiationError,
    /jacobian: the derivative of "sqrt" \(result shape \[3\]\) is not finite \(Infinity\) at entry \[1\] along the direction X\[1\]/,
  );
  // an intermediate op is named, not the last one (forward mode: Y larger than X)
  throwsWith(
    () => jacobian((x) => scale(ones([2, 3]), sum(sqrt(x))), X),
    DifferentiationError,
    /jacobian: the derivative of "sqrt" \(result shape \[3\]\) is not finite \(Infinity\) at entry \[1\] along the direction X\[1\]/,
  );
  throwsWith(
    () => grad((x) => sum(sqrt(x)), X),
    DifferentiationError,
    /grad: the derivative of "sqrt" .* not finite \(Infinity\) at entry \[1\]/,
  );
  throwsWith(
    () =>
      jacobian(
        inv,
        tensor([
          [1, 2],
          [2, 4],
        ]),
      ),
    SingularMatrixError,
    /inv: the 2×2 matrix is singular/,
  );
  throwsWith(
    () =>
      jacobian(
        (a: Tensor) => solve(a, ones([2, 3])),
        tensor([
          [1, 2],
          [2, 4],
        ]),
      ),
    SingularMatrixError,
    /solve/,
  );
});

test("a Jacobian above the allocation limit is refused before any derivative pass, naming Y, X and the size", () => {
  const previous = setAllocationLimit(10_000);
  try {
    let calls = 0;
    const f = (x: Tensor): Tensor => {
      calls++;
      return matmul(x, ones([20, 30]));
    };
    throwsWith(
      () => jacobian(f, ones([10, 20])),
      AllocationError,
      /jacobian: the Jacobian of a result of shape \[10, 30\] with respect to an input of shape \[10, 20\] would have shape \[10, 30, 10, 20\] = 60,000 elements/,
      /above the allocation limit of 10,000/,
    );
    assert.equal(calls, 1, "only the value of f was computed");
    throwsWith(
      () => numericJacobian(f, ones([10, 20])),
      AllocationError,
      /numericJacobian: the Jacobian of a result of shape \[10, 30\]/,
    );
  } finally {
    setAllocationLimit(previous);
  }
  assert.equal(getAllocationLimit(), previous);
});

test("layout conversions name ambiguous or mismatched shapes", () => {
  throwsWith(
    () => toVecJacobian(ones([2, 3, 4])),
    ShapeError,
    /toVecJacobian: cannot tell which axes of a Jacobian of shape \[2, 3, 4\] belong to Y; pass \{ ndimY \}/,
  );
  throwsWith(() => toDenominatorLayout(ones([2, 3, 4])), ShapeError, /toDenominatorLayout: cannot tell/);
  throwsWith(() => toVecJacobian(ones([2, 2]), { ndimY: 3 }), ShapeError, /ndimY must be an integer between 0 and 2/);
  throwsWith(() => toVecJacobian([1] as never), ShapeError, /expected a Jacobian tensor, got an array/);
  throwsWith(
    () => fromVecJacobian(ones([6, 5]), [2, 3], [2, 2]),
    ShapeError,
    /fromVecJacobian: for Y of shape \[2, 3\] and X of shape \[2, 2\], DF must have shape \[6, 4\], got \[6, 5\]/,
  );
});

test("einsum specs that broadcast with ... are refused clearly (both modes)", () => {
  const x = ones([2, 3]);
  const f = (z: Tensor): Tensor => einsum("...i,...i->...", ones([1, 3]), z);
  throwsWith(
    () => jacobian(f, x),
    DifferentiationError,
    /einsum: no derivative rule for a spec that broadcasts size-1 axes with "\.\.\." \(\.\.\.i,\.\.\.i->\.\.\.\)/,
  );
  throwsWith(() => grad((z) => sum(f(z)), x), DifferentiationError, /broadcasts size-1 axes/);
  // without broadcasting, an ellipsis is spelled out and differentiable
  assert.deepEqual(jacobian((z) => einsum("...ij,jk->...ik", z, ones([3, 2])), x).shape, [2, 2, 2, 3]);
});
