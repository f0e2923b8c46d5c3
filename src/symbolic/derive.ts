/**
 * `derive`: the exact derivative of a matrix expression, in every applicable form.
 * @packageDocumentation
 */
import { DifferentiationError, ShapeError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { type Dim, type Expr, dependsOn, num, symbolsOf, withArgs } from "./expr";
import { evaluateAs, type Values } from "./evaluate";
import { kronProductForm, vecForms } from "./forms/composite";
import type { DerivativeForm, FormContext, FormInput, FormName } from "./forms/context";
import { gradientExpr } from "./forms/gradient";
import { derivativeTree, tensorOrder } from "./forms/einsumTree";
import { FORMS } from "./forms/registry";
import { isSymmetric, type KindTerm, tidyContext, toKinds } from "./kinds";
import { parse } from "./parse";
import { exprToLatex, exprToSource, exprToText } from "./print";
import { diffTerms, IndexContext, type IndexSum, padShape, simplify, toIndex } from "./ricci";
import { dimValue, inferShapes, type ShapeInfo, type Shapes } from "./shapes";
import type { SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import { withDerivationDisplay, type Displayable } from "./display";
import type { DISPLAY } from "../display/protocol";
import {
  buildSteps,
  defaultRoute,
  stepRoutes,
  type DerivationSteps,
  type StepRoute,
  type StepsSource,
} from "./steps/index";
import { STEPS_SOURCE } from "./steps/routes";
import { type DerivativeOperator, linearOperator } from "./operator";
import { checkFacts, type Fact, factNote } from "./facts";

export type { DerivativeForm, FormName } from "./forms/context";

/** A form that does not apply to a derivation, and why. */
export interface NotApplicable {
  readonly name: FormName;
  readonly reason: string;
}

/** Options of {@link derive}. */
export interface DeriveOptions {
  /**
   * Sizes of dimensions that no symbol's value determines (such as the second size of a bare
   * `alpha`), used when the forms are evaluated; {@link verify} sets them.
   */
  readonly dims?: Readonly<Record<string, number>>;
  /**
   * Symbols that are symmetric matrices (a covariance S, a Hessian, …): the simplifier drops
   * their transposes and merges M + Mᵀ terms, and `verify` gives them symmetric values.
   */
  readonly symmetric?: readonly string[];
  /**
   * Symbols that are diagonal matrices: symmetric for the simplifier, diagonal values in
   * `verify`; for the variable, the gradient is the one on the diagonal matrices, G ∘ I.
   */
  readonly diagonal?: readonly string[];
  /**
   * Facts about the data that the result may use, as a textbook does (see `symbolic/facts.ts`):
   * `{ Y: "probability" }` (each row of Y sums to 1, or a vector's entries), `{ y: "sign" }`
   * (entries ±1). Each one used is stated in {@link Derivation.notes}; `verify` draws values
   * that satisfy it.
   */
  readonly assume?: Readonly<Record<string, Fact>>;
}

/**
 * @internal The prototype of every {@link Derivation}: methods installed from the layers above
 * symbolic/ by declaration merging, as `Tensor`'s `toString` is (`diagram` by src/diagram/install.ts).
 */
export const derivationMethods: object = {};

/**
 * Methods of a {@link Derivation} that the layers above symbolic/ define (merged into this
 * interface where they are installed: `diagram` in src/diagram/install.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DerivationMethods {}

/** The result of {@link derive}: the derivative of `expr` with respect to `wrt` in every applicable form. */
export interface Derivation extends Displayable, DerivationMethods {
  readonly expr: Expr;
  readonly wrt: string;
  /** Shapes of all symbols, resolved (unknown dimensions named d1, d2, …). */
  readonly shapes: Shapes;
  /** The shapes as given to {@link derive}. */
  readonly givenShapes: Shapes;
  /** The options given to {@link derive}. */
  readonly options: DeriveOptions;
  /** What the result assumes beyond the expression (the facts of `options.assume` about its constants). */
  readonly notes: readonly string[];
  readonly resultShape: Dim[];
  readonly wrtShape: Dim[];
  /** Every applicable form, in the order tensor, index, kron, component, differential, gradient, hessian (built on first access). */
  readonly forms: DerivativeForm[];
  /** The form with that name, if it applies (builds only that form). */
  form(name: FormName): DerivativeForm | undefined;
  /** Forms that do not apply, with the reason. */
  readonly notApplicable: NotApplicable[];
  /** The expression in LaTeX. */
  readonly exprLatex: string;
  /** The expression as Unicode text. */
  readonly exprText: string;
  /** The simplified derivative in index notation (the engine's result). */
  readonly indexSum: IndexSum;
  /** The derivative as a sum of kind-1/2/3 terms, when it is one. */
  readonly kinds: KindTerm[] | undefined;
  /** Shape information of the expression. */
  readonly info: ShapeInfo;
  /** Sizes of the named dimensions implied by values of the symbols (checks they fit the shapes). */
  sizes(values: Values): Record<string, number>;
  /** The value of the expression itself (true shape). */
  value(values: Values): Tensor;
  /**
   * The derivation step by step along a route (`kron`, `gradient`, `tensor`; default: gradient
   * for a scalar, else tensor, else kron), each step a named rule with a numeric check.
   * @throws {@link DifferentiationError} when the route does not apply, with the reason.
   */
  steps(route?: StepRoute, options?: { readonly seed?: number }): DerivationSteps;
  /** The routes of {@link Derivation.steps}, with the reason where one does not apply. */
  stepRoutes(): { route: StepRoute; reason?: string }[];
  /**
   * The derivative at these values as a linear operator: `apply` (Jacobian–vector product),
   * `applyT` (vector–Jacobian product), `entry`, `toDense`, `toVec`, and for scalar-valued
   * expressions `gradient`, `hessian` and `hessianVector`, evaluated from the forms with matrix
   * products. See {@link DerivativeOperator}.
   * @example
   * ```ts
   * import { derive, randn } from "tensorcalc";
   * const d = derive("x' * A * x", "x", { x: ["n"], A: ["n", "n"] });
   * const op = d.at({ x: randn([3], { seed: 1 }), A: randn([3, 3], { seed: 2 }) });
   * console.log(op.hessian().shape, op.gradient().shape); // [3, 3] [3]   (A + Aᵀ, (A + Aᵀ)x)
   * ```
   */
  at(values: Values): DerivativeOperator;
}

/**
 * Sizes of the named dimensions from values, checking each value against its symbol's shape.
 * @throws {@link ShapeError} when a value does not fit its symbol's shape or two values disagree on a size.
 * @example
 * ```ts
 * import { sizesFromValues, zeros } from "tensorcalc";
 * console.log(sizesFromValues({ A: ["m", "n"], x: ["n"] }, { A: zeros([2, 3]), x: zeros([3]) })); // { m: 2, n: 3 }
 * ```
 */
export function sizesFromValues(shapes: Shapes, values: Values): Record<string, number> {
  const sizes: Record<string, number> = {};
  const pending: [string, Dim, number][] = [];
  for (const [name, shape] of Object.entries(shapes)) {
    const v = values[name];
    if (v === undefined) continue;
    if (v.ndim !== shape.length) {
      throw new ShapeError(
        `the value of ${name} has shape ${formatShape(v.shape)} but ${name} has shape [${shape.join(", ")}]`,
      );
    }
    const ps = padShape(shape);
    const pv = padShape(v.shape) as number[];
    ps.forEach((d, i) => {
      if (typeof d === "number") {
        if (d !== pv[i])
          throw new ShapeError(
            `the value of ${name} has shape ${formatShape(v.shape)} but ${name} has shape [${shape.join(", ")}]`,
          );
      } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(d)) {
        const prev = sizes[d];
        if (prev !== undefined && prev !== pv[i]) {
          throw new ShapeError(
            `dimension ${d} is ${prev} elsewhere but the value of ${name} (shape ${formatShape(v.shape)}) makes it ${pv[i]}`,
          );
        }
        sizes[d] = pv[i];
      } else pending.push([name, d, pv[i]]);
    });
  }
  for (const [name, d, n] of pending) {
    let ok = true;
    try {
      ok = dimValue(d, sizes) === n;
    } catch {
      ok = true;
    }
    if (!ok) throw new ShapeError(`the value of ${name} does not fit its dimension ${d}`);
  }
  return sizes;
}

/**
 * `e` with what each node's context determines written in, by each op's own `inContext` rule
 * (the sizes of I, α, β, vector(1) and matrix(1); the inverse of a scalar as a power): the same
 * tree if nothing changes.
 */
function withSizes(e: Expr, info: ShapeInfo): Expr {
  const args = e.args.map((a) => withSizes(a, info));
  const same = args.every((a, n) => a === e.args[n]);
  const node = same ? e : withArgs(e, args);
  const rule = (opDef(node.op) as SymOpDef).inContext;
  return rule?.(node as never, info.shapeOf(e), e.args.map(info.shapeOf)) ?? node;
}

/** The derivation of `expr` in index notation, and what its forms are built from. */
function buildCore(
  parsed: Expr,
  wrt: string,
  shapes: Shapes,
  options: DeriveOptions,
): FormInput & { info: ShapeInfo; expr: Expr } {
  // constants whose size comes from their context (I, α, β, vector(1), matrix(1)) get it written
  // in, so that equal-looking constants of different sizes stay apart
  const info0 = inferShapes(parsed, shapes, [...(options.symmetric ?? []), ...(options.diagonal ?? [])]);
  const expr = withSizes(parsed, info0);
  const info = expr === parsed ? info0 : inferShapes(expr, info0.shapes);
  const wrtShape = info.shapes[wrt];
  if (wrtShape === undefined) {
    throw new DifferentiationError(
      `cannot differentiate ${exprToSource(expr)} with respect to ${wrt}: ${wrt} does not appear in it (give its shape to get the zero derivative); symbols: ${symbolsOf(expr).join(", ") || "none"}`,
    );
  }
  const structured = [...(options.symmetric ?? []), ...(options.diagonal ?? [])];
  for (const name of structured) {
    const kind = (options.diagonal ?? []).includes(name) ? "diagonal" : "symmetric";
    const sh = info.shapes[name];
    if (sh !== undefined && !(sh.length === 2 && sh[0] === sh[1]))
      throw new ShapeError(
        `${name} is declared ${kind} but has shape [${sh.join(", ")}]: a ${kind} matrix is square; give it a square shape such as ${name}: ["n", "n"] (CLI --shape ${name}=nxn)`,
      );
  }
  // the variable's own symmetry is used only by the forms made for it (gradient, entries): the
  // other forms are derivatives in every direction, which symmetric facts about it would change
  const tc = tidyContext(
    info.shapes,
    structured.filter((s) => s !== wrt),
  );
  const facts = checkFacts(options.assume ?? {}, info.shapes);
  const ctx = new IndexContext(
    info,
    wrt,
    (e) => isSymmetric(e, tc),
    (name) => (name === wrt ? undefined : facts[name]),
  );
  const resultShape = info.shape;
  const yPad = resultShape.length <= 2 ? padShape(resultShape) : resultShape;
  const aPad = padShape(wrtShape);
  const yIdx = yPad.map((d, n) => ctx.fresh(d, resultShape.length <= 2 ? ["i", "j"][n] : `y${n}_`));
  const aIdx = aPad.map((d, n) => ctx.fresh(d, ["k", "l"][n]));
  const terms = toIndex(ctx, expr, yIdx);
  const dTerms = diffTerms(ctx, terms, wrt, aIdx);
  const sum = simplify(ctx, { out: [...yIdx, ...aIdx], terms: dTerms });
  const kinds = resultShape.length <= 2 ? toKinds(ctx, sum) : undefined;
  const needed = symbolsOf(expr);
  const fallback = options.dims ?? {};
  const sizes = (values: Values): Record<string, number> => {
    for (const name of needed)
      if (values[name] === undefined) throw new ShapeError(`no value given for the symbol ${name}`);
    const s = sizesFromValues(info.shapes, values);
    // every given size (a tree built from this one, a gradient, may name a size in a leaf only)
    for (const [n, v] of Object.entries(fallback)) if (s[n] === undefined) s[n] = v;
    const free = info.dimNames.filter((n) => s[n] === undefined);
    if (free.length > 0) {
      throw new ShapeError(
        `the size of dimension ${free.join(", ")} is not determined by the values (it belongs to no symbol); give it explicitly, e.g. alpha(m, n) or I(n)`,
      );
    }
    return s;
  };
  const fc: FormContext = {
    ctx,
    expr,
    wrt,
    resultShape,
    wrtShape,
    yPad,
    aPad,
    tc,
    symmetricWrt: (options.symmetric ?? []).includes(wrt) && wrtShape.length === 2,
    diagonalWrt: (options.diagonal ?? []).includes(wrt) && wrtShape.length === 2,
    sizes,
  };
  let gradient: Expr | undefined;
  return {
    info,
    expr,
    fc,
    sum,
    kinds,
    gradient: () =>
      (gradient ??=
        kinds === undefined && tensorOrder(fc)
          ? (derivativeTree(fc, sum, "jacobian") ?? num(0))
          : gradientExpr(fc, kinds ?? [])),
    differentiate: (e, extra) =>
      buildCore(e, wrt, extra === undefined ? info.shapes : { ...info.shapes, ...extra }, options),
  };
}

/**
 * Differentiate a matrix expression with respect to one of its symbols and present the
 * result in every applicable form (tensor with α/β, index, vec–Kronecker, component,
 * differential; gradient and Hessian for scalar-valued expressions).
 *
 * The engine works in index notation (Laue, Mitterreiter & Giesen 2018): product rule,
 * d X_ab/d X_kl = δ_ak δ_bl, and each operation's own rule (inverse, determinant,
 * log-determinant, elementwise functions, …, defined with the operation under
 * `symbolic/ops/`); deltas are contracted and equal terms collected, then each term is
 * recognised as X dA Y, U dAᵀ V or W tr(Zᵀ dA).
 *
 * @param expr the expression (a string is parsed with {@link parse}).
 * @param wrt the symbol to differentiate with respect to.
 * @param shapes shapes of the symbols (numbers or dimension names); unknown ones are inferred.
 * @param options sizes of dimensions no value determines (see {@link DeriveOptions}).
 * @throws {@link ParseError}, {@link ShapeError} or {@link DifferentiationError} with the reason.
 * @example
 * ```ts
 * import { derive } from "tensorcalc";
 * const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
 * for (const f of d.forms) console.log(f.name, f.text);
 * // tensor αBᵀ:β
 * // index δ_il B_kj
 * // kron (Bᵀ ⊗ I)K_pm
 * // component E_klᵀ B
 * // differential dAᵀ B
 * ```
 */
export function derive(expr: string | Expr, wrt: string, shapes: Shapes = {}, options: DeriveOptions = {}): Derivation {
  const e = typeof expr === "string" ? parse(expr) : expr;
  if (typeof wrt !== "string" || wrt === "")
    throw new DifferentiationError(
      'derive: name the variable to differentiate with respect to, e.g. derive("A\' * B", "A")',
    );
  const core = buildCore(e, wrt, shapes, options);
  const { info, sum, kinds, fc, expr: sized } = core;
  const { wrtShape, resultShape } = fc;
  // Forms are built on first use: form(name) builds that one, forms / notApplicable build all.
  const built = new Map<FormName, DerivativeForm | string>();
  const buildForm = (def: (typeof FORMS)[number]): DerivativeForm | string => {
    let f = built.get(def.name);
    if (f === undefined) built.set(def.name, (f = labelled(def.build(core))));
    return f;
  };
  // a symmetric or diagonal variable: the forms in every direction say so beside the gradient's
  const structure = fc.symmetricWrt ? "symmetric" : fc.diagonalWrt ? "diagonal" : undefined;
  const labelled = (f: DerivativeForm | string): DerivativeForm | string =>
    typeof f === "string" || structure === undefined || f.name === "gradient" || f.name === "entries"
      ? f
      : {
          ...f,
          title: `${f.title}; for a general ${wrt}, every direction d${wrt} (on ${structure} d${wrt} it agrees with the gradient form, the gradient on the ${structure} matrices)`,
        };
  const composite = kinds === undefined && resultShape.length <= 2 && opDef(sized.op).unsplit !== undefined;
  let all: { forms: DerivativeForm[]; notApplicable: NotApplicable[] } | undefined;
  const everything = (): { forms: DerivativeForm[]; notApplicable: NotApplicable[] } => {
    if (all !== undefined) return all;
    const forms: DerivativeForm[] = [];
    const notApplicable: NotApplicable[] = [];
    for (const def of FORMS) {
      if (def.relevant && !def.relevant(core)) continue;
      const f = buildForm(def);
      if (typeof f === "string") notApplicable.push({ name: def.name, reason: f });
      else forms.push(f);
    }
    if (composite) {
      for (const f of compositeForms(core, sized, wrt, info.shapes, options)) {
        const k = forms.findIndex((x) => x.name === f.name);
        if (k >= 0) forms.splice(k, 1, f);
        else forms.push(f);
        const n = notApplicable.findIndex((x) => x.name === f.name);
        if (n >= 0) notApplicable.splice(n, 1);
      }
    }
    const order = FORMS.map((f) => f.name);
    forms.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    return (all = { forms, notApplicable });
  };
  const oneForm = (name: FormName): DerivativeForm | undefined => {
    if (composite || all !== undefined) return everything().forms.find((f) => f.name === name);
    const def = FORMS.find((d) => d.name === name);
    if (def?.relevant && !def.relevant(core)) return undefined;
    const f = def === undefined ? undefined : buildForm(def);
    return typeof f === "string" ? undefined : f;
  };
  const value = (values: Values): Tensor => {
    const sizes = fc.sizes(values);
    return evaluateAs(
      sized,
      values,
      sizes,
      resultShape.map((d) => dimValue(d, sizes)),
      info,
    );
  };
  const stepsSource: StepsSource = {
    input: core,
    expr: sized,
    wrt,
    shapes: info.shapes,
    options,
    form: oneForm,
    value,
  };
  const stepsByRoute = new Map<StepRoute, DerivationSteps>();
  const result: Omit<Derivation, typeof DISPLAY | keyof DerivationMethods> = {
    expr: sized,
    wrt,
    shapes: info.shapes,
    givenShapes: shapes,
    options,
    notes: Object.entries(options.assume ?? {}).map(([name, fact]) =>
      name === wrt
        ? `${name} is the variable: the fact "${fact}" about it is not used (the derivative is taken in every direction)`
        : factNote(name, fact, (info.shapes[name] ?? []).length),
    ),
    resultShape: [...resultShape],
    wrtShape: [...wrtShape],
    get forms() {
      return everything().forms;
    },
    form: oneForm,
    get notApplicable() {
      return everything().notApplicable;
    },
    exprLatex: exprToLatex(sized),
    exprText: exprToText(sized),
    indexSum: sum,
    at: (values) => linearOperator({ core, expr: sized, info }, values),
    kinds: kinds === undefined ? undefined : [...kinds],
    info,
    sizes: fc.sizes,
    value,
    steps: (route, stepOptions) => {
      const r = route ?? defaultRoute(stepsSource);
      if (r === undefined)
        throw new DifferentiationError(
          `no step-by-step route applies to ${exprToText(sized)}: ${stepRoutes(stepsSource)
            .map((x) => `${x.route}: ${x.reason ?? ""}`)
            .join("; ")}`,
        );
      if (stepOptions?.seed !== undefined && stepOptions.seed !== 1)
        return buildSteps(stepsSource, r, stepOptions.seed);
      let s = stepsByRoute.get(r);
      if (s === undefined) stepsByRoute.set(r, (s = buildSteps(stepsSource, r)));
      return s;
    },
    stepRoutes: () => stepRoutes(stepsSource),
  };
  Object.defineProperty(result, STEPS_SOURCE, { value: stepsSource });
  // the methods installed from the layers above (d.diagram) live on the prototype
  Object.setPrototypeOf(result, derivationMethods);
  return withDerivationDisplay<Derivation>(result as Omit<Derivation, typeof DISPLAY>);
}

/** Forms of vec(E) and U ⊗ V at the top of the expression (their result index is composite). */
function compositeForms(
  core: ReturnType<typeof buildCore>,
  e: Expr,
  wrt: string,
  shapes: Shapes,
  options: DeriveOptions,
): DerivativeForm[] {
  try {
    if (e.op === "vec") {
      const inner = buildCore(e.args[0], wrt, shapes, options);
      if (inner.kinds === undefined || inner.fc.resultShape.length > 2) return [];
      return vecForms(core.fc, inner);
    }
    if (e.op !== "kron") return [];
    const [U, V] = e.args;
    const sides: { which: 0 | 1; input: FormInput }[] = [];
    for (const [which, side] of [U, V].entries()) {
      if (!dependsOn(side, wrt)) continue;
      const inner = buildCore(side, wrt, shapes, options);
      if (inner.kinds === undefined) return [];
      sides.push({ which: which as 0 | 1, input: inner });
    }
    if (sides.length === 0) return [];
    const f = kronProductForm(core.fc, U, V, padShape(core.info.shapeOf(U)), padShape(core.info.shapeOf(V)), sides);
    return f === undefined ? [] : [f];
  } catch (err) {
    if (err instanceof ShapeError || err instanceof DifferentiationError) return [];
    throw err;
  }
}
