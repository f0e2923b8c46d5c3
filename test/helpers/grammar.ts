/**
 * A generator of well-typed random expressions over every registered symbolic op, for the
 * grammar fuzzer (test/symbolic/fuzz.test.ts). It knows no op by name: each op the parser reads
 * contributes a template node (the first node of that op in its own registry example), and a
 * candidate application is kept only when the op's own shape rule accepts its operands'
 * shapes (`inferShapes`). So the generator grows with the registry.
 */
import {
  SYMBOLIC_OPS,
  inferShapes,
  parse,
  sym,
  num,
  withArgs,
  ShapeError,
  TensorcalcError,
  type Dim,
  type Expr,
  type Shapes,
} from "../../src";

/** The ops a generated expression may use: one template node each (arity ≥ 1, read by the parser). */
interface Template {
  readonly op: string;
  readonly arity: number;
  readonly node: Expr;
}

function findOp(e: Expr, op: string): Expr | undefined {
  if (e.op === op) return e;
  for (const a of e.args) {
    const f = findOp(a, op);
    if (f !== undefined) return f;
  }
  return undefined;
}

/** One template per op the parser reads (symbols, numbers and notation-only ops excluded), from the registry. */
export function templates(): Template[] {
  const out: Template[] = [];
  for (const d of SYMBOLIC_OPS) {
    if (d.traits.notation || d.op === "sym" || d.op === "num") continue;
    for (const ex of d.examples) {
      const node = findOp(parse(ex.expr), d.op);
      if (node !== undefined) {
        out.push({ op: d.op, arity: d.arity, node });
        break;
      }
    }
  }
  return out;
}

const TEMPLATES = templates();

/** The registered ops the generator can apply (for the test that every op is reached). */
export const GENERATED_OPS: readonly string[] = [...new Set(TEMPLATES.map((t) => t.op))];

/** A generated case: the expression, the shapes of its symbols, the variables it depends on. */
export interface GeneratedCase {
  readonly expr: Expr;
  readonly shapes: Shapes;
  readonly ops: readonly string[];
}

const DIMS = ["m", "n", "p"];

/** Options of {@link generateCase}. */
export interface GenerateOptions {
  /** Symbols of three axes too (over m, n, p, q), and results of up to three axes. */
  readonly tensors?: boolean;
}

/**
 * A random well-typed expression from a tape of random choices (fast-check shrinks the tape):
 * symbols A, B, C, X of random rectangular shapes (matrices, vectors, scalars over the
 * dimensions m, n, p), combined bottom-up by random ops whose shape rules accept them.
 * Undefined when the tape builds nothing of at most two axes. With `tensors`, X has three axes
 * (over m, n, p, q), the other symbols sometimes, and the result may have three.
 */
export function generateCase(
  tape: readonly number[],
  maxOps = 5,
  options: GenerateOptions = {},
): GeneratedCase | undefined {
  let at = 0;
  const next = (n: number): number => (n <= 1 ? 0 : at < tape.length ? tape[at++] % n : 0);
  const shapes: Record<string, Dim[]> = {};
  const maxRank = options.tensors ? 3 : 2;
  const shapeOf = (name: string): Dim[] => {
    // with tensors X has three axes, the others sometimes
    if (options.tensors && (name === "X" || next(3) === 0)) {
      const all = [...DIMS, "q"];
      return [all[next(4)], all[next(4)], all[next(4)]];
    }
    const kind = next(6);
    const a = DIMS[next(3)];
    const b = DIMS[next(3)];
    return kind <= 2 ? [a, b] : kind <= 4 ? [a] : [];
  };
  for (const name of ["X", "A", "B", "C"]) shapes[name] = shapeOf(name);
  const pool: Expr[] = Object.keys(shapes).map((n) => sym(n));
  pool.push(num(1 + next(3)));
  const ops: string[] = [];
  let tries = 0;
  while (ops.length < maxOps && tries < 12 * maxOps) {
    tries++;
    const t = TEMPLATES[next(TEMPLATES.length)];
    const args = Array.from({ length: t.arity }, () => pool[pool.length - 1 - next(Math.min(pool.length, 4))]);
    let cand: Expr;
    try {
      // a template's own non-operand fields (dims, exponent nodes) are kept
      cand = withArgs(t.node, args);
      const info = inferShapes(cand, shapes);
      if (info.shape.length > maxRank) continue;
    } catch (e) {
      if (e instanceof ShapeError || e instanceof TensorcalcError) continue;
      throw e;
    }
    pool.push(cand);
    ops.push(t.op);
  }
  // the last expression built that has a symbol in it (constants alone have nothing to derive)
  // (with tensors, one with a 3-axis symbol in it when there is one)
  const built = [...pool].reverse().filter((e) => Object.keys(shapes).some((k) => findSym(e, k)) && e.op !== "sym");
  const withTensor = built.find((e) => Object.keys(shapes).some((k) => shapes[k].length > 2 && findSym(e, k)));
  const expr = options.tensors ? (withTensor ?? built[0]) : built[0];
  if (expr === undefined) return undefined;
  const used: Shapes = {};
  for (const [k, v] of Object.entries(shapes)) if (findSym(expr, k)) used[k] = v;
  return { expr, shapes: used, ops };
}

function findSym(e: Expr, name: string): boolean {
  return (e.op === "sym" && e.name === name) || e.args.some((a) => findSym(a, name));
}
