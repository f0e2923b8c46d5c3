/**
 * One small differentiable function per recorded op (and per operand
 * position), on random rectangular shapes, with the input kept inside the
 * op's domain. Shared by the mode-agreement and finite-difference tests.
 */
import {
  add,
  sub,
  neg,
  scale,
  hadamard,
  sum,
  trace,
  exp,
  log,
  pow,
  sqrt,
  abs,
  sin,
  cos,
  tanh,
  transpose,
  permute,
  reshape,
  vec,
  unvec,
  matmul,
  dot,
  ddot,
  outer,
  kron,
  einsum,
  inv,
  det,
  logdet,
  solve,
  eye,
  randn,
  rand,
  type Tensor,
} from "../../src";

/** Dimensions drawn by the tests (each 1..4). */
export interface Dims {
  a: number;
  b: number;
  c: number;
  d: number;
  seed: number;
}

export interface OpCase {
  /** The op exercised (its name as recorded). */
  op: string;
  label: string;
  /** The input at which to differentiate. */
  x: (d: Dims) => Tensor;
  /** The function (may close over constants drawn from the same dims). */
  f: (d: Dims) => (x: Tensor) => Tensor;
}

const g = (shape: number[], s: number): Tensor => randn(shape, { seed: s });
const pos = (shape: number[], s: number): Tensor => rand(shape, { seed: s, min: 0.5, max: 2 });
/** A well-conditioned square matrix. */
const wc = (n: number, s: number): Tensor => add(scale(randn([n, n], { seed: s }), 0.3), eye(n));

export const opCases: OpCase[] = [
  { op: "transpose", label: "Xᵀ", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => transpose(x) },
  {
    op: "permute",
    label: "permute [2,0,1]",
    x: (d) => g([d.a, d.b, d.c], d.seed),
    f: () => (x) => permute(x, [2, 0, 1]),
  },
  { op: "reshape", label: "reshape", x: (d) => g([d.a, d.b], d.seed), f: (d) => (x) => reshape(x, [d.b, d.a]) },
  { op: "vec", label: "vec", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => vec(x) },
  { op: "unvec", label: "unvec", x: (d) => g([d.a * d.b], d.seed), f: (d) => (x) => unvec(x, d.a, d.b) },
  { op: "add", label: "X + C", x: (d) => g([d.a, d.b], d.seed), f: (d) => (x) => add(x, g([d.a, d.b], d.seed + 1)) },
  { op: "add", label: "X + X²", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => add(x, hadamard(x, x)) },
  {
    op: "sub",
    label: "C − X⊙X",
    x: (d) => g([d.a, d.b], d.seed),
    f: (d) => (x) => sub(g([d.a, d.b], d.seed + 1), hadamard(x, x)),
  },
  { op: "neg", label: "−X", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => neg(x) },
  { op: "scale", label: "2.5·X", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => scale(x, 2.5) },
  { op: "scale", label: "sum(X)·X", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => scale(x, sum(x)) },
  {
    op: "hadamard",
    label: "X⊙C",
    x: (d) => g([d.a, d.b], d.seed),
    f: (d) => (x) => hadamard(x, g([d.a, d.b], d.seed + 1)),
  },
  { op: "sum", label: "sum", x: (d) => g([d.a, d.b, d.c], d.seed), f: () => (x) => sum(x) },
  { op: "trace", label: "tr", x: (d) => g([d.a, d.a], d.seed), f: () => (x) => trace(x) },
  { op: "exp", label: "exp", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => exp(x) },
  { op: "log", label: "log", x: (d) => pos([d.a, d.b], d.seed), f: () => (x) => log(x) },
  { op: "pow", label: "x³", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => pow(x, 3) },
  { op: "pow", label: "x^-1.5", x: (d) => pos([d.a, d.b], d.seed), f: () => (x) => pow(x, -1.5) },
  { op: "pow", label: "x^1 + x^0", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => add(pow(x, 1), pow(x, 0)) },
  { op: "sqrt", label: "sqrt", x: (d) => pos([d.a, d.b], d.seed), f: () => (x) => sqrt(x) },
  { op: "abs", label: "|x|", x: (d) => pos([d.a, d.b], d.seed), f: () => (x) => abs(neg(x)) },
  { op: "sin", label: "sin", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => sin(x) },
  { op: "cos", label: "cos", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => cos(x) },
  { op: "tanh", label: "tanh", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => tanh(x) },
  { op: "matmul", label: "XC", x: (d) => g([d.a, d.b], d.seed), f: (d) => (x) => matmul(x, g([d.b, d.c], d.seed + 1)) },
  { op: "matmul", label: "CX", x: (d) => g([d.b, d.c], d.seed), f: (d) => (x) => matmul(g([d.a, d.b], d.seed + 1), x) },
  { op: "matmul", label: "XᵀX", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => matmul(transpose(x), x) },
  { op: "matmul", label: "Xv", x: (d) => g([d.a, d.b], d.seed), f: (d) => (x) => matmul(x, g([d.b], d.seed + 1)) },
  {
    op: "matmul",
    label: "vX (v traced)",
    x: (d) => g([d.a], d.seed),
    f: (d) => (x) => matmul(x, g([d.a, d.b], d.seed + 1)),
  },
  {
    op: "dot",
    label: "S·C (S 3-d)",
    x: (d) => g([d.a, d.b, d.c], d.seed),
    f: (d) => (x) => dot(x, g([d.c, d.d], d.seed + 1)),
  },
  {
    op: "dot",
    label: "C·T (T 3-d)",
    x: (d) => g([d.b, d.c, d.d], d.seed),
    f: (d) => (x) => dot(g([d.a, d.b], d.seed + 1), x),
  },
  { op: "dot", label: "u·u", x: (d) => g([d.a], d.seed), f: () => (x) => dot(x, x) },
  {
    op: "ddot",
    label: "S:C",
    x: (d) => g([d.a, d.b, d.c], d.seed),
    f: (d) => (x) => ddot(x, g([d.b, d.c, d.d], d.seed + 1)),
  },
  {
    op: "ddot",
    label: "C:T",
    x: (d) => g([d.b, d.c], d.seed),
    f: (d) => (x) => ddot(g([d.a, d.b, d.c], d.seed + 1), x),
  },
  { op: "outer", label: "X⊗X (outer)", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => outer(x, x) },
  { op: "kron", label: "X⊗C", x: (d) => g([d.a, d.b], d.seed), f: (d) => (x) => kron(x, g([d.c, d.d], d.seed + 1)) },
  { op: "kron", label: "C⊗X", x: (d) => g([d.a, d.b], d.seed), f: (d) => (x) => kron(g([d.c, d.d], d.seed + 1), x) },
  {
    op: "kron",
    label: "x⊗C (x vector)",
    x: (d) => g([d.a], d.seed),
    f: (d) => (x) => kron(x, g([d.c, d.d], d.seed + 1)),
  },
  {
    op: "kron",
    label: "C⊗x (x vector)",
    x: (d) => g([d.a], d.seed),
    f: (d) => (x) => kron(g([d.c, d.d], d.seed + 1), x),
  },
  { op: "kron", label: "x⊗v (vectors)", x: (d) => g([d.a], d.seed), f: (d) => (x) => kron(x, g([d.b], d.seed + 1)) },
  {
    op: "einsum",
    label: "ij,jk->ik",
    x: (d) => g([d.a, d.b], d.seed),
    f: (d) => (x) => einsum("ij,jk->ik", x, g([d.b, d.c], d.seed + 1)),
  },
  {
    op: "einsum",
    label: "ijk,jl->lki",
    x: (d) => g([d.a, d.b, d.c], d.seed),
    f: (d) => (x) => einsum("ijk,jl->lki", x, g([d.b, d.d], d.seed + 1)),
  },
  { op: "einsum", label: "ii->", x: (d) => g([d.a, d.a], d.seed), f: () => (x) => einsum("ii->", x) },
  { op: "einsum", label: "ii->i", x: (d) => g([d.a, d.a], d.seed), f: () => (x) => einsum("ii->i", x) },
  {
    op: "einsum",
    label: "ij,ij->i (X twice)",
    x: (d) => g([d.a, d.b], d.seed),
    f: () => (x) => einsum("ij,ij->i", x, x),
  },
  { op: "einsum", label: "ij->", x: (d) => g([d.a, d.b], d.seed), f: () => (x) => einsum("ij->", x) },
  {
    op: "einsum",
    label: "ij,jk,kl->il",
    x: (d) => g([d.b, d.c], d.seed),
    f: (d) => (x) => einsum("ij,jk,kl->il", g([d.a, d.b], d.seed + 1), x, g([d.c, d.d], d.seed + 2)),
  },
  { op: "inv", label: "X⁻¹", x: (d) => wc(d.a, d.seed), f: () => (x) => inv(x) },
  { op: "det", label: "det", x: (d) => wc(d.a, d.seed), f: () => (x) => det(x) },
  { op: "logdet", label: "ln|det|", x: (d) => wc(d.a, d.seed), f: () => (x) => logdet(x) },
  {
    op: "solve",
    label: "solve(X, B)",
    x: (d) => wc(d.a, d.seed),
    f: (d) => (x) => solve(x, g([d.a, d.b], d.seed + 1)),
  },
  { op: "solve", label: "solve(X, b)", x: (d) => wc(d.a, d.seed), f: (d) => (x) => solve(x, g([d.a], d.seed + 1)) },
  {
    op: "solve",
    label: "solve(A, X)",
    x: (d) => g([d.a, d.b], d.seed),
    f: (d) => (x) => solve(wc(d.a, d.seed + 1), x),
  },
];
