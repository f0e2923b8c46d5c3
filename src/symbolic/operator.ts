/**
 * The derivative of a derivation at given values as a linear operator: Jacobian–vector and
 * vector–Jacobian products, entries, the dense Jacobian, the vec–Kronecker matrix, and for
 * scalar-valued expressions the gradient, the Hessian and Hessian–vector products, all
 * evaluated from the symbolic forms with matrix products (never the n⁴ tensor unless asked).
 * @packageDocumentation
 */
import { DifferentiationError, IndexError, ShapeError } from "../core/errors";
import { checkAllocation, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { grad, jvp, toVecJacobian, vjp } from "../autodiff/index";
import { reshape } from "../ops/index";
import { type Expr, mulE, sym, t, trE, isSym } from "./expr";
import { evaluateAs, type Values } from "./evaluate";
import { treeEvaluator } from "./fastEval";
import { derivativeTree, tensorOrder } from "./forms/einsumTree";
import type { FormInput } from "./forms/context";
import { differentialExpr } from "./forms/differential";
import { jacobianMatrixExpr } from "./forms/tensor";
import { dimValue, type ShapeInfo } from "./shapes";

/**
 * The derivative ∂Y/∂X of a derivation at fixed values of its symbols, as a linear operator
 * (returned by `Derivation.at`). Numerator layout: the Jacobian has shape
 * `[...shape(Y), ...shape(X)]`; `vec` stacks columns.
 * @example
 * ```ts
 * import { derive, randn } from "tensorcalc";
 * const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
 * const op = d.at({ A: randn([4, 2], { seed: 1 }), B: randn([4, 3], { seed: 2 }) });
 * console.log(op.apply(randn([4, 2], { seed: 3 })).shape); // [2, 3] (dAᵀ B at dA = V)
 * console.log(op.applyT(randn([2, 3], { seed: 4 })).shape); // [4, 2] (B Wᵀ)
 * console.log(op.toDense().shape); // [2, 3, 4, 2]
 * ```
 */
export interface DerivativeOperator {
  /** The shape of Y. */
  readonly yShape: readonly number[];
  /** The shape of X (the variable). */
  readonly xShape: readonly number[];
  /** Y at the values. */
  value(): Tensor;
  /** The Jacobian–vector product J·V (shape of Y): the differential dY at dX = V. */
  apply(V: Tensor): Tensor;
  /** The vector–Jacobian product Wᵀ·J (shape of X): the gradient of ⟨W, Y⟩. */
  applyT(W: Tensor): Tensor;
  /** One entry ∂Y[i…]/∂X[k…] (indices of Y, then of X). */
  entry(...index: number[]): number;
  /** The dense Jacobian, shape `[...shape(Y), ...shape(X)]` (under the allocation limit). */
  toDense(): Tensor;
  /** DF = ∂vec(Y)/∂vec(X)ᵀ, shape `[size(Y), size(X)]`, built block-wise from the Kronecker factors. */
  toVec(): Tensor;
  /** The gradient (shape of X) of a scalar-valued Y. */
  gradient(): Tensor;
  /** The Hessian (shape `[...shape(X), ...shape(X)]`) of a scalar-valued Y. */
  hessian(): Tensor;
  /** The Hessian–vector product H·V (shape of X) of a scalar-valued Y. */
  hessianVector(V: Tensor): Tensor;
}

/** What {@link linearOperator} needs from a derivation. */
export interface OperatorSource {
  readonly core: FormInput;
  readonly expr: Expr;
  readonly info: ShapeInfo;
}

const sizeOf = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);

/** The most kind terms a Hessian–vector product is simplified and evaluated from (else autodiff). */
const MAX_HESSIAN_TERMS = 64;

/** The trees an operator evaluates, built on first use and kept with the derivation (they do not depend on values). */
interface Trees {
  dY?: Expr | null;
  pairing?: Expr | null;
  G?: Expr | null;
  hv?: FormInput | null;
  hvTree?: Expr | null;
  hessianMatrix?: Expr | null;
}
const treesOf = new WeakMap<FormInput, Trees>();

/** A name for a new symbol that the expression does not use. */
function freshName(base: string, taken: Readonly<Record<string, unknown>>): string {
  let name = base;
  for (let n = 1; name in taken; n++) name = `${base}${n}`;
  return name;
}

/** The operator of a derivation at `values` (see {@link DerivativeOperator}). */
export function linearOperator(src: OperatorSource, values: Values): DerivativeOperator {
  const { core, expr, info } = src;
  const { fc } = core;
  const wrt = fc.wrt;
  const sizes = fc.sizes(values);
  const yShape = fc.resultShape.map((d) => dimValue(d, sizes));
  const xShape = fc.wrtShape.map((d) => dimValue(d, sizes));
  const X = values[wrt];
  if (X === undefined) throw new ShapeError(`no value given for the variable ${wrt}`);
  const scalar = yShape.length === 0;
  const dX = `d${wrt}`;
  const cot = freshName("W", info.shapes);
  const ev = treeEvaluator(values, sizes, info, [dX, cot]);
  let trees = treesOf.get(core);
  if (trees === undefined) treesOf.set(core, (trees = {}));
  const tr = trees;
  const where = `the derivative of ${isSym(fc.expr) ? wrt : "the expression"} by ${wrt}`;

  /** A padded result reshaped to `shape` (a bare 0 stands for the zero array). */
  const as = (r: Tensor, shape: readonly number[]): Tensor => {
    if (r.size === sizeOf(shape)) return reshape(r, [...shape]);
    if (r.size === 1 && r.data[0] === 0) return new Tensor(new Float64Array(sizeOf(shape)), [...shape]);
    throw new ShapeError(`${where}: a form evaluated to shape ${formatShape(r.shape)}, expected ${formatShape(shape)}`);
  };
  const check = (T: unknown, shape: readonly number[], what: string, name: string): Tensor => {
    if (!(T instanceof Tensor) || T.shape.length !== shape.length || T.shape.some((d, i) => d !== shape[i]))
      throw new ShapeError(
        `${what}: ${name} must have shape ${formatShape(shape)}, got ${T instanceof Tensor ? formatShape(T.shape) : String(T)}`,
      );
    return T;
  };
  // a symmetric (diagonal) variable: the derivative on the symmetric (diagonal) matrices, as the
  // gradient form gives it: directions are projected onto them, and so are cotangent results
  const structure = fc.symmetricWrt ? "symmetric" : fc.diagonalWrt ? "diagonal" : undefined;
  const project = (V: Tensor): Tensor => {
    if (structure === undefined) return V;
    const [r, c] = xShape;
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++)
        out[i * c + j] =
          structure === "symmetric" ? (V.data[i * c + j] + V.data[j * c + i]) / 2 : i === j ? V.data[i * c + j] : 0;
    return new Tensor(out, [r, c]);
  };
  /** Y as a function of X (differentiable: for the autodiff fallbacks). */
  const f = (x: Tensor): Tensor => evaluateAs(expr, { ...values, [wrt]: x }, sizes, yShape, info);

  // derivatives of tensors (no kind terms): einsum trees from the index form, contracted with dX or W
  const tensors = core.kinds === undefined && tensorOrder(fc);
  // the trees, built on first use
  const differential = (): Expr | null =>
    tr.dY !== undefined
      ? tr.dY
      : (tr.dY = tensors
          ? (derivativeTree(fc, core.sum, "jvp", dX) ?? null)
          : core.kinds === undefined || fc.resultShape.length > 2
            ? null
            : differentialExpr(fc, core.kinds));
  const pairingGradient = (): Expr | null => {
    if (tr.pairing !== undefined) return tr.pairing;
    // tensors: the cotangent contracted with the derivative's einsum terms on the result's axes
    if (tensors) return (tr.pairing = derivativeTree(fc, core.sum, "vjp", cot) ?? null);
    tr.pairing = null;
    const d = differential();
    if (d === null) return null;
    // ⟨W, Y⟩ = W·Y (scalar), Wᵀ Y (vector), tr(Wᵀ Y) (matrix)
    const W = sym(cot);
    const p = yShape.length === 0 ? mulE(W, expr) : yShape.length === 1 ? mulE(t(W), expr) : trE(mulE(t(W), expr));
    try {
      const inner = core.differentiate(p, { [cot]: fc.resultShape });
      if (inner.kinds !== undefined) tr.pairing = inner.gradient();
    } catch (err) {
      if (!(err instanceof ShapeError || err instanceof DifferentiationError)) throw err;
    }
    return tr.pairing;
  };
  const gradientTree = (): Expr | null =>
    tr.G !== undefined ? tr.G : (tr.G = scalar && (core.kinds !== undefined || tensors) ? core.gradient() : null);
  const hessianInput = (): FormInput | null => {
    if (tr.hv !== undefined) return tr.hv;
    tr.hv = null;
    const g = gradientTree();
    if (g === null) return null;
    try {
      const inner = core.differentiate(g);
      if (
        (inner.kinds !== undefined && inner.fc.resultShape.length <= 2) ||
        (inner.kinds === undefined && tensorOrder(inner.fc))
      )
        tr.hv = inner;
    } catch (err) {
      if (!(err instanceof ShapeError || err instanceof DifferentiationError)) throw err;
    }
    return tr.hv;
  };
  const hessianDifferential = (): Expr | null => {
    if (tr.hvTree !== undefined) return tr.hvTree;
    const h = hessianInput();
    // a Hessian of very many terms (tr(X¹⁶): 240) is applied by autodiff, not simplified first
    if (h !== null && h.kinds === undefined && tensorOrder(h.fc))
      return (tr.hvTree = derivativeTree(h.fc, h.sum, "jvp", dX) ?? null);
    const large = h !== null && (h.kinds ?? []).length > MAX_HESSIAN_TERMS;
    return (tr.hvTree = h === null || large ? null : differentialExpr(h.fc, h.kinds ?? []));
  };
  const needScalar = (what: string): void => {
    if (!scalar)
      throw new DifferentiationError(
        `${what} needs a scalar-valued expression; this one has shape ${formatShape(yShape)} (use apply, applyT or toDense)`,
      );
  };

  const op: DerivativeOperator = {
    yShape,
    xShape,
    value: () => as(ev(expr), yShape),
    apply: (V) => {
      const P = project(check(V, xShape, "apply", "the direction V (shape of " + wrt + ")"));
      const d = differential();
      if (d === null) return jvp(f, X, P).tangent;
      return as(ev(d, { [dX]: P }), yShape);
    },
    applyT: (W) => {
      check(W, yShape, "applyT", "the cotangent W (shape of the result)");
      const g = pairingGradient();
      return project(g === null ? vjp(f, X, W).cotangent : as(ev(g, { [cot]: W }), xShape));
    },
    entry: (...index) => {
      const rank = yShape.length + xShape.length;
      if (index.length !== rank)
        throw new IndexError(
          `entry needs ${rank} indices (${yShape.length} of Y, shape ${formatShape(yShape)}, then ${xShape.length} of ${wrt}, shape ${formatShape(xShape)}), got ${index.length}`,
        );
      const all = [...yShape, ...xShape];
      index.forEach((v, n) => {
        if (!Number.isInteger(v) || v < 0 || v >= all[n])
          throw new IndexError(
            `entry: index ${n} is ${v}, outside 0..${all[n] - 1} (Jacobian shape ${formatShape(all)})`,
          );
      });
      const xi = index.slice(yShape.length);
      const yi = index.slice(0, yShape.length);
      const E = new Tensor(new Float64Array(sizeOf(xShape)), [...xShape]);
      E.data[xi.reduce((p, v, n) => p * xShape[n] + v, 0)] = 1;
      return op.apply(E).data[yi.reduce((p, v, n) => p * yShape[n] + v, 0)];
    },
    toDense: () => {
      const shape = [...yShape, ...xShape];
      checkAllocation(shape, "toDense");
      const ny = sizeOf(yShape);
      const nx = sizeOf(xShape);
      const J = new Float64Array(ny * nx);
      if (nx <= ny) {
        for (let c = 0; c < nx; c++) {
          const E = new Tensor(new Float64Array(nx), [...xShape]);
          E.data[c] = 1;
          const col = op.apply(E).data;
          for (let r = 0; r < ny; r++) J[r * nx + c] = col[r];
        }
      } else {
        for (let r = 0; r < ny; r++) {
          const E = new Tensor(new Float64Array(ny), [...yShape]);
          E.data[r] = 1;
          J.set(op.applyT(E).data, r * nx);
        }
      }
      return new Tensor(J, shape);
    },
    toVec: () => toVecMatrix(),
    gradient: () => {
      needScalar("gradient");
      const g = gradientTree();
      return project(g === null ? grad(f, X) : as(ev(g), xShape));
    },
    hessianVector: (V) => {
      needScalar("hessianVector");
      const P = project(check(V, xShape, "hessianVector", "the direction V (shape of " + wrt + ")"));
      const d = hessianDifferential();
      return project(d === null ? jvp((x) => grad(f, x), X, P).tangent : as(ev(d, { [dX]: P }), xShape));
    },
    hessian: () => {
      needScalar("hessian");
      const shape = [...xShape, ...xShape];
      checkAllocation(shape, "hessian");
      const h = hessianInput();
      // a vector variable: the Hessian matrix as a tree (A + Aᵀ, Xᵀ diag(s) X), one evaluation
      if (h !== null && xShape.length <= 1 && h.kinds !== undefined && structure === undefined) {
        if (tr.hessianMatrix === undefined) tr.hessianMatrix = jacobianMatrixExpr(h.fc, h.kinds) ?? null;
        if (tr.hessianMatrix !== null) return as(ev(tr.hessianMatrix), shape);
      }
      // otherwise column by column: one Hessian–vector product per entry of X
      const nx = sizeOf(xShape);
      const out = new Float64Array(nx * nx);
      for (let c = 0; c < nx; c++) {
        const E = new Tensor(new Float64Array(nx), [...xShape]);
        E.data[c] = 1;
        const col = op.hessianVector(E).data;
        for (let r = 0; r < nx; r++) out[r * nx + c] = col[r];
      }
      return new Tensor(out, shape);
    },
  };

  /** DF from the kind terms: X dA Y → (Yᵀ ⊗ X), U dAᵀ V → (Vᵀ ⊗ U)K, W tr(Zᵀ dA) → vec(W)vec(Z)ᵀ, block by block. */
  const toVecMatrix = (): Tensor => {
    const ny = sizeOf(yShape);
    const nx = sizeOf(xShape);
    checkAllocation([ny, nx], "toVec");
    const [m, n] = fc.yPad.map((d) => dimValue(d, sizes));
    const [p, q] = fc.aPad.map((d) => dimValue(d, sizes));
    const DF = new Float64Array(ny * nx);
    if (
      structure !== undefined ||
      core.kinds === undefined ||
      fc.resultShape.length > 2 ||
      !fromKinds(DF, core.kinds, m, n, p, q)
    ) {
      // no kind terms (or a structured variable): the dense Jacobian's entries in vec order
      return toVecJacobian(op.toDense(), { ndimY: yShape.length });
    }
    return new Tensor(DF, [ny, nx]);
  };
  /** DF accumulated from the kind terms; false when a factor's shape is not the expected one. */
  const fromKinds = (
    DF: Float64Array,
    kinds: NonNullable<FormInput["kinds"]>,
    m: number,
    n: number,
    p: number,
    q: number,
  ): boolean => {
    const nx = p * q;
    const num = (e: Expr | undefined): number => (e === undefined ? 1 : ev(e).data[0]);
    const mat = (e: Expr | undefined, r: number, c: number): Float64Array | undefined => {
      if (e === undefined) return undefined;
      const v = ev(e);
      if (v.size === 1 && r * c !== 1) return new Float64Array(r * c).fill(v.data[0]);
      return v.size === r * c ? v.data : undefined;
    };
    const shaped = (T: Tensor, r: number, c: number): boolean => T.shape[0] === r && T.shape[1] === c;
    for (const kt of kinds) {
      const s = kt.coef * kt.scalars.reduce((acc, e) => acc * num(e), 1);
      const dy = mat(kt.dy, m, n);
      const da = mat(kt.da, p, q);
      const L = ev(kt.left);
      const R = ev(kt.right);
      if ((kt.dy && !dy) || (kt.da && !da)) return false;
      if (kt.kind === 1 && !(shaped(L, m, p) && shaped(R, q, n))) return false;
      if (kt.kind === 2 && !(shaped(L, m, q) && shaped(R, p, n))) return false;
      if (kt.kind === 3 && !(L.size === m * n || L.size === 1) && shaped(R, p, q)) return false;
      const at = (a: number, b: number, c: number, d: number, v: number): void => {
        const w = s * v * (dy ? dy[a * n + b] : 1) * (da ? da[c * q + d] : 1);
        DF[(a + b * m) * nx + c + d * p] += w;
      };
      const Ld = L.data;
      const Rd = R.data;
      const lc = L.shape[1];
      const rc = R.shape[1];
      if (kt.kind === 1) {
        // (L dA R)[a,b] = Σ L[a,c] dA[c,d] R[d,b]: block (b, d) of Rᵀ ⊗ L is R[d,b]·L
        for (let b = 0; b < n; b++)
          for (let d = 0; d < q; d++) {
            const r = Rd[d * rc + b];
            if (r === 0) continue;
            for (let a = 0; a < m; a++) for (let c = 0; c < p; c++) at(a, b, c, d, Ld[a * lc + c] * r);
          }
      } else if (kt.kind === 2) {
        // (L dAᵀ R)[a,b] = Σ L[a,d] dA[c,d] R[c,b]
        for (let b = 0; b < n; b++)
          for (let c = 0; c < p; c++) {
            const r = Rd[c * rc + b];
            if (r === 0) continue;
            for (let a = 0; a < m; a++) for (let d = 0; d < q; d++) at(a, b, c, d, Ld[a * lc + d] * r);
          }
      } else {
        // L tr(Rᵀ dA): vec(L) vec(R)ᵀ
        if (!shaped(R, p, q)) return false;
        const Lm = mat(kt.left, m, n) as Float64Array;
        for (let a = 0; a < m; a++)
          for (let b = 0; b < n; b++)
            for (let c = 0; c < p; c++) for (let d = 0; d < q; d++) at(a, b, c, d, Lm[a * n + b] * Rd[c * rc + d]);
      }
    }
    return true;
  };
  return op;
}
