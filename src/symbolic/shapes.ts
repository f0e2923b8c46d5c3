/**
 * Shape inference for matrix expressions by unification: given (possibly symbolic,
 * possibly missing) shapes of the symbols, find the shape of every node; unknown
 * dimensions become fresh symbols, and a clash is reported with the position, a caret
 * and the two shapes.
 * @packageDocumentation
 */
import { ShapeError } from "../core/errors";
import type { Dim, Expr, ExprOf } from "./expr";
import type { DimTerm, ShapeScope, SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import { exprToSource } from "./print";
import { caretLines, sourceOf } from "./parse";

/** Shapes of symbols: `{ A: ["p", "m"], x: [3], s: [] }` (1 dim = column vector, `[]` = scalar). */
export type Shapes = Record<string, readonly Dim[]>;

type Term = DimTerm;

/** The resolved shapes of an expression, its nodes and its symbols. */
export interface ShapeInfo {
  /** The expression analysed. */
  readonly expr: Expr;
  /** The shape of every symbol, with unknown dimensions named (`d1`, `d2`, …). */
  readonly shapes: Shapes;
  /** The shape of the whole expression. */
  readonly shape: Dim[];
  /** The shape of any node of the expression. */
  shapeOf(node: Expr): Dim[];
  /** The symbolic dimension names (user-given and fresh), in order of appearance. */
  readonly dimNames: string[];
}

class Unifier {
  private next = 0;
  private readonly bind = new Map<number, Term>();
  private readonly names = new Map<number, string>();
  fresh(): Term {
    return { k: "v", id: this.next++ };
  }
  resolve(t: Term): Term {
    if (t.k === "v") {
      const b = this.bind.get(t.id);
      if (b === undefined) return t;
      const r = this.resolve(b);
      this.bind.set(t.id, r);
      return r;
    }
    if (t.k === "p") {
      let n = 1;
      const rest: Term[] = [];
      for (const f of t.fs) {
        const r = this.resolve(f);
        const parts = r.k === "p" ? r.fs : [r];
        for (const q of parts) {
          if (q.k === "n") n *= q.v;
          else rest.push(q);
        }
      }
      if (rest.length === 0) return { k: "n", v: n };
      if (n === 1 && rest.length === 1) return rest[0];
      return { k: "p", fs: n === 1 ? rest : [{ k: "n", v: n }, ...rest] };
    }
    return t;
  }
  key(t: Term): string {
    const r = this.resolve(t);
    if (r.k === "n") return String(r.v);
    if (r.k === "r") return r.name;
    if (r.k === "v") return `?${r.id}`;
    return r.fs
      .map((f) => this.key(f))
      .sort()
      .join("*");
  }
  private occurs(id: number, t: Term): boolean {
    const r = this.resolve(t);
    if (r.k === "v") return r.id === id;
    if (r.k === "p") return r.fs.some((f) => this.occurs(id, f));
    return false;
  }
  unify(a: Term, b: Term): boolean {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    if (ra.k === "v" && rb.k === "v" && ra.id === rb.id) return true;
    if (ra.k === "v") {
      if (this.occurs(ra.id, rb)) return false;
      this.bind.set(ra.id, rb);
      return true;
    }
    if (rb.k === "v") return this.unify(rb, ra);
    if (ra.k === "p" && rb.k === "n" && rb.v === 1) return ra.fs.every((f) => this.unify(f, rb));
    if (rb.k === "p" && ra.k === "n" && ra.v === 1) return this.unify(rb, ra);
    if (ra.k === "p" || rb.k === "p") {
      // cancel common factors, then bind a lone unknown to the rest
      const fa = ra.k === "p" ? [...ra.fs] : [ra];
      const fb = rb.k === "p" ? [...rb.fs] : [rb];
      for (let x = fa.length - 1; x >= 0; x--) {
        const y = fb.findIndex((g) => this.key(g) === this.key(fa[x]));
        if (y >= 0) {
          fa.splice(x, 1);
          fb.splice(y, 1);
        }
      }
      const prod = (fs: Term[]): Term =>
        fs.length === 0 ? { k: "n", v: 1 } : fs.length === 1 ? fs[0] : { k: "p", fs };
      if (fa.length === 1 && this.resolve(fa[0]).k === "v") return this.unify(fa[0], prod(fb));
      if (fb.length === 1 && this.resolve(fb[0]).k === "v") return this.unify(fb[0], prod(fa));
      return this.key(prod(fa)) === this.key(prod(fb));
    }
    return this.key(ra) === this.key(rb);
  }
  isOne(t: Term): boolean {
    const r = this.resolve(t);
    return r.k === "n" && r.v === 1;
  }
  toDim(t: Term, nameFor: (id: number) => string): Dim {
    const r = this.resolve(t);
    if (r.k === "n") return r.v;
    if (r.k === "r") return r.name;
    if (r.k === "v") {
      let n = this.names.get(r.id);
      if (n === undefined) {
        n = nameFor(r.id);
        this.names.set(r.id, n);
      }
      return n;
    }
    return r.fs.map((f) => String(this.toDim(f, nameFor))).join("*");
  }
}

/**
 * The value of a dimension (`3`, `"m"`, `"m*n"`) for the given sizes of the named dimensions.
 * @throws {@link ShapeError} when a named dimension has no size.
 * @example
 * ```ts
 * import { dimValue } from "tensorcalc";
 * console.log(dimValue("m*n", { m: 2, n: 3 }), dimValue(4, {})); // 6 4
 * ```
 */
export function dimValue(d: Dim, sizes: Readonly<Record<string, number>>): number {
  if (typeof d === "number") return d;
  let v = 1;
  for (const f of d.split("*")) {
    if (/^\d+$/.test(f)) v *= Number(f);
    else {
      const s = sizes[f];
      if (s === undefined) throw new ShapeError(`no size given for the dimension ${f}`);
      v *= s;
    }
  }
  return v;
}

/** Column-vector convention for symbols without a given shape: lowercase first letter. */
function defaultRank(name: string): number {
  return /^[a-z]/.test(name) ? 1 : 2;
}

/**
 * Infer the shapes of an expression's nodes from the shapes of its symbols.
 *
 * Symbols without a given shape are matrices with fresh dimensions (column vectors when the
 * name starts with a lowercase letter). Dimension names given by the user are distinct
 * sizes: `m` never unifies with `n` or with a number. Symbols named in `square` (declared
 * symmetric or diagonal) without a given shape are square matrices [n, n].
 *
 * @throws {@link ShapeError} naming the operation, both operands' shapes and the reason, with
 * the source line and a caret under the offending sub-expression.
 * @example
 * ```ts
 * import { parse, inferShapes } from "tensorcalc";
 * const info = inferShapes(parse("A' * B"), { A: ["p", "m"], B: ["p", "n"] });
 * console.log(info.shape); // ["m", "n"]
 * try { inferShapes(parse("A * B"), { A: [2, 3], B: [4, 5] }); } catch (e) { console.log((e as Error).message.split("\n")[0]); }
 * ```
 */
export function inferShapes(expr: Expr, shapes: Shapes = {}, square: readonly string[] = []): ShapeInfo {
  const u = new Unifier();
  const source = sourceOf(expr);
  const symShapes = new Map<string, Term[]>();
  const nodeShapes = new Map<Expr, Term[]>();
  const userDimNames = new Set<string>();
  /** A named size, or a product of sizes written "m*n" (the rows of a Kronecker product or a vec). */
  const dimTerm = (d: string): Term => {
    const factor = (f: string): Term => {
      if (/^\d+$/.test(f)) return { k: "n", v: Number(f) };
      userDimNames.add(f);
      return { k: "r", name: f };
    };
    const fs = d.split("*");
    return fs.length === 1 ? factor(d) : { k: "p", fs: fs.map(factor) };
  };
  for (const [name, s] of Object.entries(shapes)) {
    if (!Array.isArray(s))
      throw new ShapeError(`shape of ${name} must be an array of dimensions, got ${JSON.stringify(s)}`);
    const terms = s.map((d): Term => {
      if (typeof d === "number") {
        if (!Number.isSafeInteger(d) || d < 1)
          throw new ShapeError(`shape of ${name}: dimension ${d} must be a positive whole number`);
        return { k: "n", v: d };
      }
      // a product of sizes "m*n" (the rows of a Kronecker product or a vec) is allowed too
      if (
        typeof d !== "string" ||
        !/^([A-Za-z_][A-Za-z0-9_]*|[1-9]\d*)(\*([A-Za-z_][A-Za-z0-9_]*|[1-9]\d*))*$/.test(d)
      ) {
        throw new ShapeError(`shape of ${name}: dimension ${JSON.stringify(d)} must be a number or a name like "m"`);
      }
      return dimTerm(d);
    });
    symShapes.set(name, terms);
  }
  // symbols known to be square (declared symmetric or diagonal) and given no shape: [n, n]
  for (const name of square) {
    if (symShapes.has(name)) continue;
    const n = u.fresh();
    symShapes.set(name, [n, n]);
  }

  const fmt = (s: readonly Term[]): string => `[${s.map((t) => u.toDim(t, (id) => `?${id}`)).join(", ")}]`;
  const where = (e: Expr): string => {
    if (source !== undefined && e.start >= 0) return `\n${caretLines(source, e.start, e.end - e.start)}`;
    return `\n  in ${exprToSource(e)}`;
  };
  const pad = (s: readonly Term[]): Term[] =>
    s.length === 0
      ? [
          { k: "n", v: 1 },
          { k: "n", v: 1 },
        ]
      : s.length === 1
        ? [s[0], { k: "n", v: 1 }]
        : [...s];
  const one: Term = { k: "n", v: 1 };
  const scopeAt = (e: Expr, args: readonly Term[][]): ShapeScope => ({
    fresh: () => u.fresh(),
    one,
    dim: (d) => (typeof d === "number" ? { k: "n", v: d } : dimTerm(d)),
    times: (a, b) => ({ k: "p", fs: [a, b] }),
    unify: (a, b) => u.unify(a, b),
    isOne: (d) => u.isOne(d),
    isUnknown: (d) => u.resolve(d).k === "v",
    symbol: (name) => {
      let sh = symShapes.get(name);
      if (sh === undefined) {
        sh = Array.from({ length: defaultRank(name) }, () => u.fresh());
        symShapes.set(name, sh);
      }
      return sh;
    },
    pad,
    format: fmt,
    clash: (what, reason, at) => {
      const operands = e.args.map((a, i) => `${exprToSource(a)} has shape ${fmt(args[i])}`).join(" and ");
      const place = at !== undefined && source !== undefined ? `\n${caretLines(source, at[0], at[1])}` : where(e);
      throw new ShapeError(`shape mismatch in ${what}: ${operands}; ${reason}${place}`);
    },
  });
  const visit = (e: Expr): Term[] => {
    const args = e.args.map(visit);
    const def = opDef(e.op) as SymOpDef;
    const s = def.shape(scopeAt(e, args), e as ExprOf<typeof e.op>, args);
    nodeShapes.set(e, s);
    return s;
  };

  const top = visit(expr);
  // name the fresh dimensions d1, d2, … avoiding user names
  let counter = 0;
  const used = new Set<string>(userDimNames);
  const nameFor = (): string => {
    let n: string;
    do n = `d${++counter}`;
    while (used.has(n));
    used.add(n);
    return n;
  };
  const resolved: Record<string, Dim[]> = {};
  for (const [name, s] of symShapes) resolved[name] = s.map((t) => u.toDim(t, nameFor));
  const shapeOf = (node: Expr): Dim[] => {
    const s = nodeShapes.get(node);
    if (s === undefined) throw new ShapeError(`inferShapes: node ${exprToSource(node)} is not part of the expression`);
    return s.map((t) => u.toDim(t, nameFor));
  };
  const shape = top.map((t) => u.toDim(t, nameFor));
  const dimNames: string[] = [];
  const collect = (d: Dim): void => {
    if (typeof d === "string")
      for (const f of d.split("*")) if (!/^\d+$/.test(f) && !dimNames.includes(f)) dimNames.push(f);
  };
  Object.values(resolved).forEach((s) => s.forEach(collect));
  for (const s of nodeShapes.values()) s.forEach((t) => collect(u.toDim(t, nameFor)));
  return { expr, shapes: resolved, shape, shapeOf, dimNames };
}
