/**
 * The language-neutral half of code generation: a derivation becomes a {@link Program}, a list
 * of assignments (each a call of a runtime helper from `symbolic/emit.ts`) that computes the
 * value and one derivative. Each node is lowered by its op's `emit` rule; each distinct
 * subexpression (by `exprKey`) and each distinct helper call is computed once, so the value and
 * the derivative share their common parts (Xw in the logistic loss, X⁻¹ in log det).
 *
 * Which tree the derivative comes from: the gradient form for a gradient; for a Jacobian, the
 * gradient (scalar-valued expressions), the Jacobian matrix of the tensor form (a vector or
 * scalar by a vector or scalar), else the index form as Einstein sums; for a Hessian, the
 * Jacobian of the gradient.
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import { derive, type Derivation } from "../derive";
import { arg, type EmitArg, type EmitRef, type EmitScope, type Helper } from "../emit";
import { type Dim, dependsOn, type Expr, exprKey, symbolsOf, numValue } from "../expr";
import type { IndexSum } from "../indexterms";
import type { SymOpDef } from "../opdef";
import { opDef } from "../ops/registry";
import { exprToSource } from "../print";
import { padShape } from "../ricci";
import { inferShapes, type ShapeInfo, type Shapes } from "../shapes";

/** What to compute besides the value. */
export type CodeWhat = "gradient" | "jacobian" | "hessian";

/** One assignment: `_t<id> = helper(args)`. */
export interface Instr {
  readonly id: number;
  readonly helper: Helper;
  readonly args: readonly EmitArg[];
}

/** A function to generate: its arguments, named sizes, assignments and results. */
export interface Program {
  readonly expr: Expr;
  readonly wrt: string;
  readonly what: CodeWhat;
  /** The arguments (every symbol of the expression, and the variable), with their shapes. */
  readonly args: readonly { readonly name: string; readonly shape: readonly Dim[] }[];
  /** Sizes fixed by the options of the derivation (no argument determines them). */
  readonly fixedDims: Readonly<Record<string, number>>;
  readonly instrs: readonly Instr[];
  /** The value, in its true shape. */
  readonly value: EmitRef;
  readonly valueShape: readonly Dim[];
  /** The derivative in numerator layout: [...shape(value), ...shape(wrt)] (the gradient: shape(wrt)). */
  readonly derivative: EmitRef;
  readonly derivativeShape: readonly Dim[];
  /** Where the derivative comes from, for the header comment (e.g. "the gradient form: Xᵀσ(Xw)"). */
  readonly derivedFrom: string;
}

/** The error of a derivation that cannot be turned into code, with the reason. */
export class CodegenError extends DifferentiationError {
  constructor(message: string) {
    super(message);
    this.name = "CodegenError";
  }
}

/** A tree with an op whose value has more than two axes is not a matrix-valued Jacobian. */
function hasTensorOps(e: Expr): boolean {
  return opDef(e.op).traits.tensorValued === true || e.args.some(hasTensorOps);
}

/** The product of two sizes as a size ("m*n"). */
function times(a: Dim, b: Dim): Dim {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  return `${a}*${b}`;
}

class Lowering {
  readonly instrs: Instr[] = [];
  private readonly calls = new Map<string, EmitRef>();
  private readonly nodes = new Map<string, EmitRef>();
  constructor(private readonly where: string) {}

  call(helper: Helper, args: readonly EmitArg[]): EmitRef {
    const key = `${helper}(${JSON.stringify(args)})`;
    const seen = this.calls.get(key);
    if (seen !== undefined) return seen;
    const ref: EmitRef = { kind: "ref", id: this.instrs.length };
    this.instrs.push({ id: ref.id, helper, args });
    this.calls.set(key, ref);
    return ref;
  }

  /** The padded value of a tree (its nodes' shapes inferred from the symbols' shapes). */
  tree(e: Expr, shapes: Shapes): EmitRef {
    let info: ShapeInfo | undefined;
    try {
      info = inferShapes(e, shapes);
    } catch {
      info = undefined;
    }
    const scope: EmitScope = {
      value: (x) => this.node(x, scope),
      call: (h, ...a) => this.call(h, a),
      shapeOf: (x) => {
        try {
          return info?.shapeOf(x);
        } catch {
          return undefined;
        }
      },
      unsupported: (reason) => {
        throw new CodegenError(`cannot generate code for ${this.where}: ${reason}`);
      },
    };
    return scope.value(e);
  }

  private node(x: Expr, scope: EmitScope): EmitRef {
    const key = exprKey(x);
    const seen = this.nodes.get(key);
    if (seen !== undefined) return seen;
    const def = opDef(x.op) as SymOpDef;
    if (def.emit === undefined)
      throw new CodegenError(`cannot generate code for ${this.where}: the operation ${x.op} has no emit rule`);
    const ref = def.emit(scope, x as never);
    this.nodes.set(key, ref);
    return ref;
  }

  /** A padded tree reshaped to `shape` (the literal 0 as zeros of that shape). */
  shaped(e: Expr, shapes: Shapes, shape: readonly Dim[]): EmitRef {
    if (numValue(e) === 0) return this.call("zeros", [arg.shape(shape)]);
    return this.call("reshape", [this.tree(e, shapes), arg.shape(shape)]);
  }

  /** An index sum (term by term, Einstein sums), reshaped to `shape`. */
  indexSum(sum: IndexSum, outPad: readonly Dim[], shapes: Shapes, shape: readonly Dim[]): EmitRef {
    const sizes = indexSizes(sum, outPad, shapes, this.where);
    const ALPH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let acc: EmitRef | undefined;
    for (const term of sum.terms) {
      const letters = new Map<string, string>();
      const letter = (i: string): string => {
        let c = letters.get(i);
        if (c === undefined) {
          c = ALPH[letters.size];
          if (c === undefined)
            throw new CodegenError(
              `cannot generate code for ${this.where}: a term of the index form uses more than ${ALPH.length} indices`,
            );
          letters.set(i, c);
        }
        return c;
      };
      for (const o of sum.out) letter(o);
      const ops: EmitRef[] = [];
      const specs: string[] = [];
      for (const f of term.factors) {
        if (f.kind === "delta") {
          ops.push(this.call("eye", [arg.size(sizes.get(f.a) as Dim)]));
          specs.push(letter(f.a) + letter(f.b));
        } else if (f.kind === "split") {
          ops.push(this.call("split", [arg.size(sizes.get(f.a) as Dim), arg.size(sizes.get(f.b) as Dim)]));
          specs.push(letter(f.w) + letter(f.a) + letter(f.b));
        } else {
          ops.push(this.tree(f.expr, shapes));
          specs.push(f.idx.map(letter).join(""));
        }
      }
      const present = new Set(specs.join(""));
      for (const o of sum.out) {
        if (!present.has(letter(o))) {
          ops.push(this.call("ones", [arg.shape([sizes.get(o) as Dim])]));
          specs.push(letter(o));
        }
      }
      let T = this.call("einsum", [arg.str(`${specs.join(",")}->${sum.out.map(letter).join("")}`), ...ops]);
      if (term.coef !== 1 || term.dims.length > 0)
        T = this.call("scale", [T, arg.num(term.coef), ...term.dims.map((d) => arg.size(d))]);
      acc = acc === undefined ? T : this.call("add", [acc, T]);
    }
    if (acc === undefined) return this.call("zeros", [arg.shape(shape)]);
    return this.call("reshape", [acc, arg.shape(shape)]);
  }
}

/** The size of every index of an index sum, from the output's padded shape and the leaves' shapes. */
function indexSizes(sum: IndexSum, outPad: readonly Dim[], shapes: Shapes, where: string): Map<string, Dim> {
  const sizes = new Map<string, Dim>();
  sum.out.forEach((o, n) => sizes.set(o, outPad[n]));
  const leafShapes = new Map<string, Dim[]>();
  let changed = true;
  while (changed) {
    changed = false;
    const set = (i: string, d: Dim): void => {
      if (!sizes.has(i)) {
        sizes.set(i, d);
        changed = true;
      }
    };
    for (const term of sum.terms) {
      for (const f of term.factors) {
        if (f.kind === "leaf") {
          const key = exprKey(f.expr);
          let s = leafShapes.get(key);
          if (s === undefined) {
            const info = inferShapes(f.expr, shapes);
            s = info.shape.length <= 2 ? padShape(info.shape) : [...info.shape];
            leafShapes.set(key, s);
          }
          const ls = s;
          f.idx.forEach((i, n) => set(i, ls[n]));
        } else if (f.kind === "delta") {
          const a = sizes.get(f.a);
          const b = sizes.get(f.b);
          if (a !== undefined) set(f.b, a);
          else if (b !== undefined) set(f.a, b);
        } else {
          const a = sizes.get(f.a);
          const b = sizes.get(f.b);
          if (a !== undefined && b !== undefined) set(f.w, times(a, b));
        }
      }
    }
  }
  for (const term of sum.terms)
    for (const f of term.factors)
      for (const i of f.kind === "leaf" ? f.idx : f.kind === "delta" ? [f.a, f.b] : [f.w, f.a, f.b])
        if (!sizes.has(i))
          throw new CodegenError(
            `cannot generate code for ${where}: the size of an index of the index form is unknown`,
          );
  return sizes;
}

/** The derivative of `d` (Jacobian in numerator layout) lowered into `low`, and where it came from. */
function lowerJacobian(low: Lowering, d: Derivation, shape: readonly Dim[]): { ref: EmitRef; from: string } {
  if (d.resultShape.length === 0) return lowerGradient(low, d, shape);
  const tensor = d.form("tensor")?.rhs;
  if (tensor !== undefined && d.resultShape.length <= 1 && d.wrtShape.length <= 1 && !hasTensorOps(tensor))
    return { ref: low.shaped(tensor, d.shapes, shape), from: `the Jacobian matrix ${exprToSource(tensor)}` };
  const outPad = [...(d.resultShape.length <= 2 ? padShape(d.resultShape) : d.resultShape), ...padShape(d.wrtShape)];
  const index = d.form("index");
  return {
    ref: low.indexSum(d.indexSum, outPad, d.shapes, shape),
    from: `the index form ${index?.text ?? ""}`.trim(),
  };
}

function lowerGradient(low: Lowering, d: Derivation, shape: readonly Dim[]): { ref: EmitRef; from: string } {
  const g = d.form("gradient")?.rhs;
  if (g !== undefined) return { ref: low.shaped(g, d.shapes, shape), from: `the gradient ${exprToSource(g)}` };
  const outPad = [1, 1, ...padShape(d.wrtShape)];
  return { ref: low.indexSum(d.indexSum, outPad, d.shapes, shape), from: `the index form ${d.form("index")?.text}` };
}

/**
 * Lower a derivation to a {@link Program} computing its value and its gradient, Jacobian or Hessian.
 * @throws {@link CodegenError} when the derivative cannot be generated, saying why (a gradient or
 * Hessian of an expression that is not scalar-valued, an operation without an emit rule, a size
 * that no argument determines).
 */
export function lower(d: Derivation, what: CodeWhat): Program {
  const where = `${exprToSource(d.expr)} (∂/∂${d.wrt})`;
  const low = new Lowering(where);
  const names = symbolsOf(d.expr);
  if (!names.includes(d.wrt)) names.push(d.wrt);
  const args = names.map((name) => {
    const shape = d.shapes[name];
    if (shape === undefined)
      throw new CodegenError(`cannot generate code for ${where}: the shape of ${name} is unknown`);
    return { name, shape };
  });
  const valueShape = d.resultShape;
  const value = low.call("reshape", [low.tree(d.expr, d.shapes), arg.shape(valueShape)]);
  const scalar = valueShape.length === 0;
  if ((what === "gradient" || what === "hessian") && !scalar)
    throw new CodegenError(
      `cannot generate the ${what} of ${where}: the expression is not scalar-valued (its shape is [${valueShape.join(", ")}]); generate the jacobian`,
    );
  let derivativeShape: Dim[];
  let result: { ref: EmitRef; from: string };
  if (what === "gradient") {
    derivativeShape = [...d.wrtShape];
    result = lowerGradient(low, d, derivativeShape);
  } else if (what === "jacobian") {
    derivativeShape = [...valueShape, ...d.wrtShape];
    result = lowerJacobian(low, d, derivativeShape);
  } else {
    derivativeShape = [...d.wrtShape, ...d.wrtShape];
    // the Hessian as the hessian form gives it, for a general variable: the derivative of the
    // gradient G, not of the gradient on the symmetric (diagonal) matrices sym(G) (or G ∘ I)
    const general = {
      ...d.options,
      symmetric: d.options.symmetric?.filter((s) => s !== d.wrt),
      diagonal: d.options.diagonal?.filter((s) => s !== d.wrt),
    };
    const structured =
      general.symmetric?.length !== d.options.symmetric?.length ||
      general.diagonal?.length !== d.options.diagonal?.length;
    const g = (structured ? derive(d.expr, d.wrt, d.shapes, general) : d).form("gradient")?.rhs;
    if (g === undefined) {
      const why = d.notApplicable.find((n) => n.name === "gradient")?.reason ?? "no gradient form";
      throw new CodegenError(`cannot generate the hessian of ${where}: it needs the gradient form (${why})`);
    }
    if (!dependsOn(g, d.wrt)) {
      result = {
        ref: low.call("zeros", [arg.shape(derivativeShape)]),
        from: `the gradient ${exprToSource(g)}, constant`,
      };
    } else {
      let inner: Derivation;
      try {
        inner = derive(g, d.wrt, d.shapes, general);
      } catch (err) {
        throw new CodegenError(
          `cannot generate the hessian of ${where}: the gradient ${exprToSource(g)} could not be differentiated: ${(err as Error).message}`,
        );
      }
      const j = lowerJacobian(low, inner, derivativeShape);
      result = { ref: j.ref, from: `the derivative of the gradient ${exprToSource(g)}: ${j.from}` };
    }
  }
  const known = new Set<string>();
  for (const a of args) for (const x of a.shape) if (typeof x === "string") x.split("*").forEach((f) => known.add(f));
  const fixedDims: Record<string, number> = {};
  const checkSize = (x: Dim): void => {
    if (typeof x === "number") return;
    for (const f of x.split("*")) {
      if (/^\d+$/.test(f) || known.has(f)) continue;
      const v = d.options.dims?.[f];
      if (v === undefined)
        throw new CodegenError(
          `cannot generate code for ${where}: the size ${f} is not determined by any argument (give it in the derivation's options, dims: { ${f}: … })`,
        );
      fixedDims[f] = v;
    }
  };
  for (const ins of low.instrs)
    for (const a of ins.args) {
      if (a.kind === "size") checkSize(a.dim);
      if (a.kind === "shape") a.dims.forEach(checkSize);
    }
  return {
    expr: d.expr,
    wrt: d.wrt,
    what,
    args,
    fixedDims,
    instrs: low.instrs,
    value,
    valueShape,
    derivative: result.ref,
    derivativeShape,
    derivedFrom: result.from,
  };
}
