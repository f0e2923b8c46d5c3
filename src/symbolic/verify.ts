/**
 * `verify`: evaluate every form of a derivation on random rectangular values and compare it
 * with the library's exact (automatic-differentiation) Jacobian, gradient and Hessian.
 * @packageDocumentation
 */
import { TensorcalcError } from "../core/errors";
import { Tensor } from "../core/tensor";
import { eye } from "../create/index";
import { add, diag, hadamard, reshape, scale as scaleBy } from "../ops/index";
import { unvech, vech } from "../special/index";
import { jacobian, hessian, toVecJacobian, vjp } from "../autodiff/index";
import { maxAbsDiff } from "../compare/index";
import { derive, type Derivation, type FormName } from "./derive";
import { drawValues } from "./sampling";
import type { Values } from "./evaluate";
import { withReportDisplay, type Displayable } from "./display";
import { checkOperatorPaths, type PathCheck } from "./verifyPaths";

export type { PathCheck } from "./verifyPaths";

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** Seed of the random values (default 1). */
  seed?: number;
  /** Sizes of named dimensions (others get distinct sizes 2, 3, 4, …). */
  dims?: Record<string, number>;
  /** Values of some or all symbols (the others are random). */
  values?: Values;
  /** Relative tolerance for non-exact comparisons (default 1e-9). */
  rtol?: number;
}

/** The outcome of checking one form. */
export interface FormCheck {
  readonly name: FormName;
  readonly ok: boolean;
  /** Largest absolute difference from the reference (Infinity when the form failed to evaluate). */
  readonly maxAbsError: number;
  /** The tolerance the difference was held to (0: exact; absent when the form failed to evaluate). */
  readonly tolerance?: number;
  /** What was compared with what, and how. */
  readonly detail: string;
}

/** The result of {@link verify}. */
export interface VerifyReport extends Displayable {
  /** True when every form and every operator path matches the reference. */
  readonly ok: boolean;
  /** The sizes used for the named dimensions. */
  readonly dims: Record<string, number>;
  /** True when values were small integers and the expression polynomial, so comparisons were exact (tolerance 0). */
  readonly exact: boolean;
  readonly forms: FormCheck[];
  /**
   * Every method of `d.at(values)` (value, apply, applyT, entry, toDense, toVec; gradient,
   * hessian, hessianVector for a scalar) against the same reference; for a symmetric or
   * diagonal variable the operator is the derivative on those matrices (J∘P, as the gradient).
   */
  readonly paths: PathCheck[];
  /** The values the forms were evaluated at. */
  readonly values: Values;
  /**
   * Set when no sizes and values were found where the expression and its exact Jacobian are
   * defined (then every form is reported not verified, with this reason).
   */
  readonly undefinedAt?: string;
  /**
   * Set when the expression is defined but, at every point tried, a form's or path's formula is
   * not (a rule that needs an invertible matrix where the argument is singular everywhere, as in
   * adj(B ⊘ B)): those checks are reported not verified, with this reason, and `ok` is false.
   */
  readonly formulaUndefined?: string;
}

/**
 * Check every form of a derivation numerically: random values (distinct sizes for distinct
 * named dimensions; small integers for polynomial expressions, so that the comparison is exact),
 * the library's exact Jacobian by automatic differentiation as the reference (its vec form for
 * the kron form, the gradient and the Hessian for scalar-valued expressions).
 *
 * @example
 * ```ts
 * import { derive, verify } from "tensorcalc";
 * const r = verify(derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] }));
 * console.log(r.ok, r.exact, r.dims); // true true { p: 2, m: 3, n: 4 }
 * for (const f of r.forms) console.log(f.name, f.ok, f.maxAbsError);
 * ```
 */
export function verify(d: Derivation, opts: VerifyOptions = {}): VerifyReport {
  // Sizes and values are drawn again (other sizes, other seeds, smaller values) until the
  // expression and its exact Jacobian are defined there: a tall X makes XᵀX invertible where a
  // wide one does not, log needs positive arguments, exp(x⁸) needs a moderate x, and so on.
  const fixed = opts.values !== undefined || opts.dims !== undefined;
  const attempts = fixed ? 1 : ATTEMPTS;
  const names = d.info.dimNames;
  let reason = "";
  let dims: Record<string, number> = {};
  for (let a = 0; a < attempts; a++) {
    dims = {};
    const sizes = names.map((_, n) => 2 + n + Math.floor(a / 2));
    if (a % 2 === 1) sizes.reverse();
    names.forEach((name, n) => (dims[name] = opts.dims?.[name] ?? sizes[n]));
    const undetermined = names.some((n) => !dimensionOfSymbol(d, n));
    const dd = undetermined ? derive(d.expr, d.wrt, d.givenShapes, { ...d.options, dims }) : d;
    // the later tries also draw smaller values (halved every two tries)
    const point = drawValues(dd, opts, dims, (opts.seed ?? 1) + 1000 * a, 0.5 ** Math.floor(a / 2));
    const ref = exactReference(dd, point.values);
    if (typeof ref === "string") {
      reason = ref;
      continue;
    }
    const report = compareForms(dd, opts, dims, point, ref.J, ref.H);
    // a form that is not finite where the reference is (x/‖x‖ at x = 0, where relu(x) is 0: a
    // point where the formula is not defined though autodiff gives a subgradient): other values
    // and a difference just over a rounding tolerance (under 1000 times it): an ill-conditioned
    // point (1 − f(x)² of a saturating f at a large argument, times large factors), tried again
    // at smaller values; a wrong formula is wrong at the other points too
    const undefinedForm = [...report.forms, ...report.paths].find((c) => notDefined(c) || (!c.ok && marginal(c)));
    if (undefinedForm === undefined) return report;
    reason = `${undefinedForm.name} is not defined at these values: ${undefinedForm.detail}`;
    if (a === attempts - 1) {
      const still = [...report.forms, ...report.paths].find(notDefined);
      if (still === undefined) return report;
      return withReportDisplay<VerifyReport>({
        ...report,
        formulaUndefined: `${still.name} is not defined at any of the ${attempts} points tried: ${still.detail}`,
      });
    }
  }
  const detail = `could not find values where the expression is defined (${attempts} ${attempts === 1 ? "try" : "tries"} of sizes and values${attempts > 2 ? ", down to a quarter of the spread" : ""}): ${reason}`;
  return withReportDisplay({
    ok: false,
    dims,
    exact: false,
    forms: d.forms.map((f) => ({ name: f.name, ok: false, maxAbsError: Infinity, detail })),
    paths: [],
    values: {},
    undefinedAt: reason,
  });
}

/** A check just over a rounding tolerance (under 1000 times it): an ill-conditioned point. */
const marginal = (c: FormCheck | PathCheck): boolean =>
  c.tolerance !== undefined && c.tolerance > 0 && c.maxAbsError <= 1000 * c.tolerance;

/** A check whose formula could not be evaluated or was not finite at the point. */
const notDefined = (c: FormCheck | PathCheck): boolean =>
  !c.ok && (Number.isNaN(c.maxAbsError) || /not finite|singular/.test(c.detail));

/** How many sizes and values {@link verify} tries before it says the expression is nowhere defined. */
const ATTEMPTS = 6;

/** True when some symbol's shape has the dimension `name` (then values determine its size). */
function dimensionOfSymbol(d: Derivation, name: string): boolean {
  return Object.values(d.shapes).some((s) => s.some((x) => typeof x === "string" && x.split("*").includes(name)));
}

/** Largest reference entry for which integer-valued comparisons are made exactly (2^40: room for intermediates). */
const EXACT_LIMIT = 2 ** 40;

/**
 * The exact Jacobian at the values (and the Hessian of a scalar), or why the expression is not
 * defined (or not twice differentiable) there.
 */
function exactReference(d: Derivation, values: Record<string, Tensor>): { J: Tensor; H?: Tensor } | string {
  try {
    const y = d.value(values);
    for (let i = 0; i < y.size; i++) {
      const v = y.data[i];
      if (Number.isNaN(v)) return `its value is NaN at entry ${i} (log or sqrt of a negative number, 0/0, …)`;
      if (!Number.isFinite(v))
        return `its value is ${v} at entry ${i} (an overflow, such as exp of a large number, or a division by zero)`;
    }
    const f = (x: Tensor): Tensor => d.value({ ...values, [d.wrt]: x });
    const J = jacobian(f, values[d.wrt]);
    // reverse mode too (the operators fall back to it): sqrt(step(x)) is 0·∞ there at step's 0
    vjp(f, values[d.wrt], new Tensor(new Float64Array(y.size).fill(1), [...y.shape]));
    return y.size === 1 && d.resultShape.length === 0 ? { J, H: hessian(f, values[d.wrt]) } : { J };
  } catch (e) {
    if (e instanceof TensorcalcError) return e.message.split("\n")[0];
    throw e;
  }
}

/** A first derivative (Jacobian, gradient) or a Hessian: what a rounding-noise estimate is for. */
type Kind = "first" | "hessian";

/** `f`, computed once per kind. */
function memoByKind(f: (kind: Kind) => number): (kind: Kind) => number {
  const seen = new Map<Kind, number>();
  return (kind) => {
    let n = seen.get(kind);
    if (n === undefined) seen.set(kind, (n = f(kind)));
    return n;
  };
}

function compareForms(
  d: Derivation,
  opts: VerifyOptions,
  dims: Record<string, number>,
  point: { values: Record<string, Tensor>; exact: boolean },
  reference: Tensor,
  exactHessian: Tensor | undefined,
): VerifyReport {
  const { values, exact } = point;
  const X = values[d.wrt];
  const f = (x: Tensor): Tensor => d.value({ ...values, [d.wrt]: x });
  const refScale = Math.max(1, maxAbs(reference.data));
  const rtol = opts.rtol ?? 1e-9;
  let hess: Tensor | undefined = exactHessian;
  let entries: Tensor | undefined;
  const symmetricWrt = (d.options.symmetric ?? []).includes(d.wrt) && X.ndim === 2;
  const diagonalWrt = (d.options.diagonal ?? []).includes(d.wrt) && X.ndim === 2;
  // The rounding noise of an evaluation, measured: the same form (and the reference) at values
  // perturbed by one part in 2^40, far below any tolerance for the derivative's own change but
  // enough to reshuffle every rounding. A form written as large terms that cancel (1 − f(x)² of a
  // saturating f at a large argument times large factors) is as accurate as floating point allows when it differs
  // from autodiff by no more than its own noise; a wrong form differs systematically.
  const perturbed = (k: number): Record<string, Tensor> =>
    Object.fromEntries(
      Object.entries(values).map(([n, v]) => [
        n,
        new Tensor(
          v.data.map((x, i) => x * (1 + 2 ** -40 * (((i * 7 + k * 13 + n.length) % 5) - 2))),
          [...v.shape],
        ),
      ]),
    );
  let moved: Record<string, Tensor>[] | undefined;
  let movedRefs: ReturnType<typeof exactReference>[] = [];
  const nearby = (): Record<string, Tensor>[] => {
    if (moved === undefined) {
      moved = [perturbed(1), perturbed(2)];
      movedRefs = moved.map((m) => exactReference(d, m));
    }
    return moved;
  };
  /** The largest change of `at(v)` from `got` over the nearby points. */
  const formNoise = (at: (v: Record<string, Tensor>) => Tensor, got: Tensor): number =>
    nearby().reduce((n, m) => {
      try {
        return Math.max(n, maxAbsDiff(at(m), got));
      } catch {
        return n; // a nearby point where something fails says nothing about the noise
      }
    }, 0);
  const refNoise = memoByKind((kind) => {
    nearby();
    const base = kind === "hessian" ? hess : reference;
    let n = 0;
    for (const r of movedRefs) {
      const again = typeof r === "string" ? undefined : kind === "hessian" ? r.H : r.J;
      if (again !== undefined && base !== undefined) n = Math.max(n, maxAbsDiff(again, base));
    }
    return n;
  });
  /** The noise of a first-derivative or Hessian path: its reference's and a form's of the kind. */
  const pathNoise = memoByKind((kind) => {
    const names = kind === "hessian" ? ["hessian"] : ["gradient", "tensor", "kron", "index"];
    const form = names.map((x) => d.forms.find((f) => f.name === x)).find((f) => f !== undefined);
    try {
      if (form !== undefined)
        return Math.max(
          refNoise(kind),
          formNoise((v) => form.evaluate(v), form.evaluate(values)),
        );
    } catch {
      // the form does not evaluate here: its noise is not known
    }
    return refNoise(kind);
  });
  const checks: FormCheck[] = d.forms.map((form) => {
    try {
      let ref = reference;
      let what = "the exact Jacobian (autodiff)";
      if (form.name === "kron") {
        ref = toVecJacobian(reference, { ndimY: d.resultShape.length });
        what = "vec form of the exact Jacobian";
      } else if (form.name === "gradient" && diagonalWrt) {
        // perturbed within the diagonal matrices: ∂f/∂d of f(diag(d)); the gradient is diag of it
        ref = diag(
          reshape(
            jacobian((v: Tensor): Tensor => f(diag(v)), diag(X)),
            [X.shape[0]],
          ),
        );
        what = "diag(∂f/∂d) of f(diag(d)) (autodiff, within the diagonal matrices), the gradient on them";
      } else if (form.name === "gradient" && symmetricWrt) {
        // perturbed within the symmetric matrices: with g = ∂f/∂vech(X) and E = unvech(g), the
        // symmetric G with df = ⟨G, dX⟩ for every symmetric dX has G_ii = E_ii, G_ij = E_ij / 2
        entries ??= unvech(jacobian((v: Tensor): Tensor => f(unvech(v)), vech(X)));
        ref = scaleBy(add(entries, hadamard(entries, eye(X.shape[0]))), 0.5);
        what =
          "(E + E∘I)/2 with E = unvech(∂f/∂vech(X)) of f(unvech(v)) (autodiff, within the symmetric matrices): the gradient on them";
      } else if (form.name === "entries" && d.resultShape.length > 0) {
        // ∂vec(F)/∂vech(X)ᵀ of F(unvech(v)) by autodiff, within the symmetric matrices
        const Jv = jacobian((v: Tensor): Tensor => f(unvech(v)), vech(X));
        ref = toVecJacobian(Jv, { ndimY: d.resultShape.length });
        what = "∂vec(F)/∂vech(X)ᵀ of F(unvech(v)) (autodiff)";
      } else if (form.name === "entries") {
        // ∂f/∂vech(X): f as a function of the independent entries X_ij, i ≥ j, differentiated by autodiff
        entries ??= unvech(jacobian((v: Tensor): Tensor => f(unvech(v)), vech(X)));
        ref = entries;
        what = "∂f/∂vech(X) of f(unvech(v)) (autodiff), unvech'd to a symmetric matrix";
      } else if (form.name === "gradient") what = "the exact gradient (autodiff)";
      else if (form.name === "hessian") {
        hess ??= hessian(f, X);
        ref = hess;
        what = "the exact Hessian (autodiff)";
      }
      const got = form.evaluate(values);
      const err = maxAbsDiff(got, ref);
      const scale = form.name === "hessian" ? Math.max(1, maxAbs(ref.data)) : refScale;
      // Integer arithmetic is exact only while every value stays well below 2^53.
      const exactHere = exact && scale < EXACT_LIMIT;
      let tol = exactHere ? 0 : rtol * scale * 10;
      let noisy = "";
      if (err > tol && !exactHere) {
        const kind: Kind = form.name === "hessian" ? "hessian" : "first";
        const noise = Math.max(
          refNoise(kind),
          formNoise((v) => form.evaluate(v), got),
        );
        if (10 * noise > tol) {
          tol = 10 * noise;
          noisy = `, 10× the rounding noise measured at nearby values`;
        }
      }
      const ok = err <= tol;
      return {
        name: form.name,
        ok,
        maxAbsError: err,
        tolerance: tol,
        detail: `compared with ${what} of shape [${ref.shape.join(", ")}]: max |difference| = ${err}${exactHere ? " (exact: integer values)" : ` (tolerance ${tol.toExponential(1)}${noisy})`}`,
      };
    } catch (e) {
      return {
        name: form.name,
        ok: false,
        maxAbsError: Infinity,
        detail: `evaluation failed: ${(e as Error).message}`,
      };
    }
  });
  const paths = checkOperatorPaths(
    d,
    values,
    reference,
    hess,
    (scale, name, err) => {
      if (exact && scale < EXACT_LIMIT) return 0;
      const strict = rtol * scale * 10;
      return err <= strict ? strict : Math.max(strict, 10 * pathNoise(/hessian/.test(name) ? "hessian" : "first"));
    },
    (opts.seed ?? 1) + 77,
  );
  return withReportDisplay({
    ok: checks.every((c) => c.ok) && paths.every((c) => c.ok),
    dims,
    exact,
    forms: checks,
    paths,
    values,
  });
}

/** @internal Largest |entry| (0 for no entries); a loop, since spreading a large array into Math.max overflows the stack. */
export function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}
