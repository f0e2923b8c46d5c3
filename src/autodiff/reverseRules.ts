/**
 * Reverse-mode rules (vector–Jacobian products). Each rule is written with
 * tensorcalc's public differentiable ops, so when a reverse pass runs inside
 * another differentiation (a gradient inside a Jacobian: the Hessian) the
 * outer differentiation records and differentiates the rule itself.
 * @packageDocumentation
 * @internal
 */
import { DifferentiationError, SingularMatrixError } from "../core/errors";
import { sizeOf } from "../core/shape";
import { Tensor } from "../core/tensor";
import { ones, eye, zeros } from "../create/constant";
import { transpose } from "../ops/transpose";
import { permute } from "../ops/permute";
import { reshape } from "../ops/reshape";
import { add, neg, scale, hadamard, sub } from "../ops/arith";
import { sum } from "../ops/reduce";
import { cos, pow, sin } from "../ops/elementwise";
import { matmul } from "../products/matmul";
import { outer } from "../products/outer";
import { einsum } from "../einsum/einsum";
import { inv } from "../linalg/inv";
import { det } from "../linalg/det";
import { solve } from "../linalg/solve";
import { vec, unvec } from "../special/vec";
import { delta, E } from "../special/delta";
import { parseEinsumSpec } from "./batchProducts";
import type { RuleContext } from "./forwardRules";

/** A reverse rule: the cotangents of the inputs (null = none) from the output's cotangent `C`. */
export type ReverseRule = (ctx: RuleContext, C: Tensor) => (Tensor | null)[];

/** Cotangents of the operands of a flattened product (m×k)·(k×n) with `C` (m×n). */
function productVjp(A: Tensor, B: Tensor, C: Tensor, m: number, k: number, n: number): (Tensor | null)[] {
  const A2 = reshape(A, [m, k]);
  const B2 = reshape(B, [k, n]);
  const C2 = reshape(C, [m, n]);
  return [reshape(matmul(C2, transpose(B2)), A.shape), reshape(matmul(transpose(A2), C2), B.shape)];
}

function matmulDims(A: Tensor, B: Tensor): [number, number, number] {
  const [m, k] = A.ndim === 2 ? [A.shape[0], A.shape[1]] : [1, A.shape[0]];
  return [m, k, B.ndim === 2 ? B.shape[1] : 1];
}

function contractionDims(A: Tensor, B: Tensor, axes: number): [number, number, number] {
  let k = 1;
  for (let a = A.ndim - axes; a < A.ndim; a++) k *= A.shape[a];
  return [k === 0 ? 0 : A.size / k, k, k === 0 ? 0 : B.size / k];
}

/** A constant tensor of the signs of `t`'s entries (the derivative of |x|, 0 at 0). */
function signOf(t: Tensor): Tensor {
  const d = new Float64Array(t.size);
  for (let i = 0; i < d.length; i++) d[i] = Math.sign(t.data[i]);
  return new Tensor(d, t.shape);
}

/** Cotangent of operand `which` of an einsum, as one einsum over C and the other operands. */
function einsumVjp(ctx: RuleContext, C: Tensor, which: number): Tensor {
  const spec = parseEinsumSpec(String(ctx.attrs.spec));
  const own = spec.inputs[which];
  const used = new Set<string>([...spec.inputs.join(""), ...spec.output]);
  const fresh = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].filter((c) => !used.has(c));
  const terms: string[] = [spec.output];
  const operands: Tensor[] = [C];
  spec.inputs.forEach((s, i) => {
    if (i !== which) {
      terms.push(s);
      operands.push(ctx.inputs[i]);
    }
  });
  const ownShape = ctx.inputs[which].shape;
  const seen = new Set<string>();
  let target = "";
  for (let a = 0; a < own.length; a++) {
    const ch = own[a];
    if (seen.has(ch)) {
      // A repeated index (a diagonal): the cotangent lives on the diagonal, δ between the repeats.
      const f = fresh.shift();
      if (f === undefined)
        throw new DifferentiationError(`einsum: too many indices to differentiate ${String(ctx.attrs.spec)}`);
      terms.push(ch + f);
      operands.push(delta(ownShape[a]));
      target += f;
      continue;
    }
    seen.add(ch);
    target += ch;
    if (!terms.some((t) => t.includes(ch))) {
      // An index summed over in this operand only: its cotangent is constant along it.
      terms.push(ch);
      operands.push(ones([ownShape[a]]));
    }
  }
  return einsum(`${terms.join(",")}->${target}`, ...operands);
}

/** The rows-of-the-identity matrix that deletes row `k` of an n-row matrix ((n−1)×n). */
function deleter(n: number, k: number): Tensor {
  const d = new Float64Array((n - 1) * n);
  for (let r = 0; r < n - 1; r++) d[r * n + (r < k ? r : r + 1)] = 1;
  return new Tensor(d, [n - 1, n]);
}

/**
 * The cofactor matrix of a square A (the gradient of det A, also where A is
 * singular and det(A)·A⁻ᵀ is undefined), from determinants of minors, built
 * with differentiable ops. O(n⁵): used only for singular matrices.
 */
export function cofactorMatrix(A: Tensor): Tensor {
  const n = A.shape[0];
  if (n === 1) return ones([1, 1]);
  let C = zeros([n, n]);
  for (let k = 0; k < n; k++) {
    const rows = matmul(deleter(n, k), A);
    for (let l = 0; l < n; l++) {
      const minor = det(matmul(rows, transpose(deleter(n, l))));
      C = add(C, scale(E(k, l, n, n), (k + l) % 2 === 0 ? minor : neg(minor)));
    }
  }
  return C;
}

/** The reverse rule of every op name the library records. */
export const reverseRules: Readonly<Record<string, ReverseRule>> = {
  transpose: (_ctx, C) => [transpose(C)],
  permute: (ctx, C) => {
    const axes = ctx.attrs.axes as readonly number[];
    const invAxes = new Array<number>(axes.length);
    axes.forEach((a, d) => (invAxes[a] = d));
    return [permute(C, invAxes)];
  },
  reshape: (ctx, C) => [reshape(C, ctx.inputs[0].shape)],
  vec: (ctx, C) => [unvec(C, ctx.inputs[0].shape[0], ctx.inputs[0].shape[1])],
  unvec: (_ctx, C) => [vec(C)],
  add: (_ctx, C) => [C, C],
  sub: (_ctx, C) => [C, neg(C)],
  neg: (_ctx, C) => [neg(C)],
  scale: (ctx, C) => {
    const [a, s] = ctx.inputs;
    if (s === undefined) return [scale(C, ctx.attrs.s as number)];
    return [scale(C, s), sum(hadamard(C, a))];
  },
  hadamard: (ctx, C) => [hadamard(C, ctx.inputs[1]), hadamard(C, ctx.inputs[0])],
  sum: (ctx, C) => [scale(ones(ctx.inputs[0].shape), C)],
  trace: (ctx, C) => [scale(eye(ctx.inputs[0].shape[0], ctx.inputs[0].shape[1]), C)],
  exp: (ctx, C) => [hadamard(C, ctx.output)],
  log: (ctx, C) => [hadamard(C, pow(ctx.inputs[0], -1))],
  pow: (ctx, C) => {
    const p = ctx.attrs.p as number;
    if (p === 0) return [null];
    if (p === 1) return [C];
    return [hadamard(C, scale(pow(ctx.inputs[0], p - 1), p))];
  },
  sqrt: (ctx, C) => [hadamard(C, scale(pow(ctx.output, -1), 0.5))],
  abs: (ctx, C) => [hadamard(C, signOf(ctx.inputs[0]))],
  sin: (ctx, C) => [hadamard(C, cos(ctx.inputs[0]))],
  cos: (ctx, C) => [neg(hadamard(C, sin(ctx.inputs[0])))],
  tanh: (ctx, C) => [hadamard(C, sub(ones(ctx.output.shape), hadamard(ctx.output, ctx.output)))],
  matmul: (ctx, C) => {
    const [A, B] = ctx.inputs;
    return productVjp(A, B, C, ...matmulDims(A, B));
  },
  dot: (ctx, C) => {
    const [S, T] = ctx.inputs;
    return productVjp(S, T, C, ...contractionDims(S, T, 1));
  },
  ddot: (ctx, C) => {
    const [S, T] = ctx.inputs;
    return productVjp(S, T, C, ...contractionDims(S, T, 2));
  },
  outer: (ctx, C) => {
    const [S, T] = ctx.inputs;
    return productVjp(S, T, C, sizeOf(S.shape), 1, sizeOf(T.shape));
  },
  kron: (ctx, C) => {
    const [A, B] = ctx.inputs;
    // A vector operand is a column (kron's convention).
    const [m, n] = A.ndim === 2 ? A.shape : [A.shape[0], 1];
    const [p, q] = B.ndim === 2 ? B.shape : [B.shape[0], 1];
    // C[(i·p+k), (j·q+l)] → Cp[i·n+j, k·q+l]
    const Cp = reshape(permute(reshape(C, [m, p, n, q]), [0, 2, 1, 3]), [m * n, p * q]);
    const dA = reshape(matmul(Cp, reshape(B, [p * q])), A.shape);
    const dB = reshape(matmul(reshape(A, [m * n]), Cp), B.shape);
    return [dA, dB];
  },
  einsum: (ctx, C) => ctx.inputs.map((_, i) => einsumVjp(ctx, C, i)),
  inv: (ctx, C) => {
    const Yt = transpose(ctx.output);
    return [neg(matmul(matmul(Yt, C), Yt))];
  },
  det: (ctx, C) => {
    const A = ctx.inputs[0];
    try {
      return [scale(transpose(inv(A)), hadamard(C, ctx.output))];
    } catch (e) {
      if (!(e instanceof SingularMatrixError)) throw e;
      return [scale(cofactorMatrix(A), C)];
    }
  },
  logdet: (ctx, C) => [scale(transpose(inv(ctx.inputs[0])), C)],
  solve: (ctx, C) => {
    const [A] = ctx.inputs;
    const X = ctx.output;
    const dB = solve(transpose(A), C);
    const dA = X.ndim === 2 ? neg(matmul(dB, transpose(X))) : neg(outer(dB, X));
    return [dA, dB];
  },
};

/** The reverse rule for `op`, or a DifferentiationError naming it. */
export function reverseRule(op: string, where: string): ReverseRule {
  const rule = Object.prototype.hasOwnProperty.call(reverseRules, op) ? reverseRules[op] : undefined;
  if (rule === undefined) throw new DifferentiationError(`${where}: no derivative rule for the op "${op}"`);
  return rule;
}

/** Sum two cotangents (either may be missing). */
export function accumulate(a: Tensor | undefined, b: Tensor): Tensor {
  return a === undefined ? b : add(a, b);
}
