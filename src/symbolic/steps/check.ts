/**
 * The numeric checks of the steps: each side of a step is evaluated at random rectangular
 * values of the symbols and, for differentials, in a random direction dX (a pending d(E) is
 * the directional derivative of E, by forward-mode automatic differentiation); an
 * identification is checked against the exact Jacobian (its vec form, the gradient) by autodiff.
 * @packageDocumentation
 */
import { TensorcalcError } from "../../core/errors";
import { Tensor } from "../../core/tensor";
import { randint, randn } from "../../create/index";
import { jacobian, jvp, toVecJacobian } from "../../autodiff/index";
import { add, scale, transpose } from "../../ops/index";
import { type Expr, sym, withArgs } from "../expr";
import { evaluatePadded, padTensor } from "../evaluate";
import { drawValues, isPolynomial } from "../sampling";
import { dimValue, inferShapes } from "../shapes";
import type { Draft } from "./rewrite";
import type { StepsSource } from "./routes";
import type { StepCheck } from "./types";

/** Largest |entry| (a loop: spreading a large array into Math.max overflows the stack). */
function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

/** A point of the checks: sizes, values of the symbols and a direction dX. */
export interface Point {
  readonly dims: Record<string, number>;
  readonly values: Record<string, Tensor>;
  readonly direction: Tensor;
  readonly sizes: Record<string, number>;
  readonly seed: number;
  readonly exact: boolean;
}

/** How many sizes and values are tried before the checks say the expression is nowhere defined. */
const ATTEMPTS = 6;

/** A point where the expression is defined (finite), like `verify` draws it, or why there is none. */
export function drawPoint(src: StepsSource, seed = 1): Point | string {
  const fc = src.input.fc;
  const names = fc.ctx.info.dimNames;
  let reason = "";
  for (let a = 0; a < ATTEMPTS; a++) {
    const dims: Record<string, number> = {};
    const sizes0 = names.map((_, n) => 2 + n + Math.floor(a / 2));
    if (a % 2 === 1) sizes0.reverse();
    names.forEach((name, n) => (dims[name] = src.options.dims?.[name] ?? sizes0[n]));
    const s = seed + 1000 * a;
    const { values, exact } = drawValues(src, {}, dims, s);
    try {
      const y = src.value(values);
      if (!y.data.every(Number.isFinite)) {
        reason = "the expression is not finite there";
        continue;
      }
      const sizes = fc.sizes(values);
      const shape = fc.wrtShape.map((d) => dimValue(d, sizes));
      let direction = isPolynomial(src.expr)
        ? randint(shape, { seed: s + 500, min: -3, max: 3 })
        : randn(shape, { seed: s + 500 });
      if ((src.options.symmetric ?? []).includes(src.wrt) && shape.length === 2)
        direction = scale(add(direction, transpose(direction)), 0.5);
      return { dims, values, direction, sizes, seed: s, exact };
    } catch (e) {
      if (e instanceof TensorcalcError) {
        reason = e.message.split("\n")[0];
        continue;
      }
      throw e;
    }
  }
  return `could not find values where the expression is defined: ${reason}`;
}

/** The value of a side of a step: pending differentials d(E) as directional derivatives of E along dX. */
export function evaluateSide(
  src: StepsSource,
  e: Expr,
  p: Point,
  direction = p.direction,
  known: ReadonlyMap<Expr, Tensor> = new Map(),
): Tensor {
  const fc = src.input.fc;
  // the sizes of unsized constants (I in a composite form's tree) come from the tree's own shapes
  let info = fc.ctx.info;
  try {
    info = inferShapes(e, { ...fc.ctx.info.shapes, [`d${src.wrt}`]: [...fc.wrtShape] });
  } catch {
    info = fc.ctx.info;
  }
  const outer = fc.ctx.info;
  const extra: Record<string, Tensor> = {};
  let n = 0;
  const bind = (x: Expr): Expr => {
    const k = known.get(x);
    if (k !== undefined) {
      const name = `__d${n++}`;
      extra[name] = k;
      return sym(name);
    }
    if (x.op === "dif") {
      const E = x.args[0];
      const name = `__d${n++}`;
      const f = (v: Tensor): Tensor => evaluatePadded(E, { ...p.values, [src.wrt]: v }, p.sizes, outer);
      extra[name] = jvp(f, p.values[src.wrt], direction).tangent;
      return sym(name);
    }
    if (x.args.length === 0) return x;
    return withArgs(x, x.args.map(bind));
  };
  const bound = bind(e);
  return evaluatePadded(bound, { ...p.values, [`d${src.wrt}`]: direction, ...extra }, p.sizes, info);
}

/** The largest difference of two values with the same entries in column order (a 1×1 zero stands for any zero). */
function difference(a: Tensor, b: Tensor): number {
  const x = padTensor(a);
  const y = padTensor(b);
  if (x.size === 1 && y.size !== 1) return Math.abs(x.data[0]) + maxAbs(y.data);
  if (y.size === 1 && x.size !== 1) return Math.abs(y.data[0]) + maxAbs(x.data);
  if (x.size !== y.size) return Infinity;
  let m = 0;
  for (let i = 0; i < x.size; i++) m = Math.max(m, Math.abs(x.data[i] - y.data[i]));
  return m;
}

/** The check of one step at a point. */
export function checkDraft(src: StepsSource, d: Draft, p: Point, reference: () => Tensor): StepCheck {
  try {
    let got: Tensor;
    let want: Tensor;
    let what: string;
    if (d.check.kind === "equal") {
      want = evaluateSide(src, d.before, p);
      try {
        got = evaluateSide(src, d.after, p);
      } catch {
        // a form's tree that does not evaluate by itself (an I whose size only the form knows): its numbers
        got = evaluateSide(src, d.after, p, p.direction, formValues(src, p));
      }
      what = "before and after, at random values and a random direction";
    } else {
      const form = src.form(d.check.form);
      if (form === undefined) throw new Error(`the ${d.check.form} form is missing`);
      const J = reference();
      want = d.check.form === "kron" ? toVecJacobian(J, { ndimY: src.input.fc.resultShape.length }) : J;
      got = form.evaluate(p.values);
      // the identified tree is the form's: both must agree with the exact derivative
      let tree: Tensor;
      try {
        tree = evaluateSide(src, d.after, p);
      } catch {
        tree = got;
      }
      const e1 = got.ndim > 2 || tree.ndim > 2 ? flatDifference(tree, got) : difference(tree, got);
      if (e1 > tolerance(p, want)) {
        return { ok: false, maxAbsError: e1, detail: `the identified tree differs from the ${form.name} form` };
      }
      what = `the ${form.name} form and the exact ${d.check.form === "kron" ? "vec Jacobian" : d.check.form === "gradient" ? "gradient" : "Jacobian"} (autodiff)`;
    }
    const err = got.ndim > 2 || want.ndim > 2 ? flatDifference(got, want) : difference(got, want);
    return verdict(err, tolerance(p, want), what);
  } catch (e) {
    return evaluationFailed(e);
  }
}

/** @internal A step's check from its largest difference, the tolerance and what was compared. */
export function verdict(err: number, tol: number, what: string): StepCheck {
  return {
    ok: err <= tol,
    maxAbsError: err,
    detail: `compared ${what}: max |difference| = ${err}${tol === 0 ? " (exact: integer values)" : ` (tolerance ${tol.toExponential(1)})`}`,
  };
}

/** @internal A step whose sides could not be evaluated. */
export function evaluationFailed(e: unknown): StepCheck {
  return { ok: false, maxAbsError: Infinity, detail: `evaluation failed: ${(e as Error).message.split("\n")[0]}` };
}

/** The forms' trees (kron, gradient, tensor) with their values at the point, for trees that need them. */
function formValues(src: StepsSource, p: Point): Map<Expr, Tensor> {
  const m = new Map<Expr, Tensor>();
  for (const name of ["kron", "gradient", "tensor"] as const) {
    const f = src.form(name);
    if (f?.rhs !== undefined) m.set(f.rhs, f.evaluate(p.values));
  }
  return m;
}

function flatDifference(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) return Infinity;
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

/** The tolerance of a check against `ref`: 0 for integer values (exact), else relative to its largest entry. */
export function tolerance(p: Point, ref: Tensor): number {
  const scale = Math.max(1, maxAbs(ref.data));
  return p.exact && scale < 2 ** 40 ? 0 : 1e-8 * scale;
}

/** The exact Jacobian at the point (autodiff), numerator layout. */
export function exactJacobian(src: StepsSource, p: Point): Tensor {
  return jacobian((x: Tensor): Tensor => src.value({ ...p.values, [src.wrt]: x }), p.values[src.wrt]);
}
