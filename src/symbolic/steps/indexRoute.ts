/**
 * The index route of a step-by-step derivation (Ricci calculus, after Laue, Mitterreiter and
 * Giesen): Y is written in indices, ∂/∂X_kl… is taken factor by factor (the product rule), each
 * pending ∂E/∂X is worked out by one named rule (∂X_ij/∂X_kl = δ_ik δ_jl, the chain rule of an
 * entrywise function, the rule of an op), then the Kronecker deltas are contracted, equal terms
 * collected and the dummy indices renamed. It works for tensors of any order.
 *
 * Every line is an expression tree: each term one `einsum` node of its factors (a δ an identity,
 * a pending ∂E_ab/∂X_kl the node d(E) with the indices of E and of X), printed in index notation
 * from the tree ({@link indexNotationText}). Each step is checked with numbers: the line is
 * evaluated at random rectangular values (a pending ∂E/∂X by automatic differentiation of E) and
 * compared with the line before and with the exact Jacobian (autodiff).
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import type { Tensor } from "../../core/tensor";
import { jacobian } from "../../autodiff/index";
import { reshape } from "../../ops/index";
import {
  type Dim,
  difE,
  einsumE,
  type Expr,
  exprEquals,
  identity,
  mulE,
  num,
  onesE,
  sizeE,
  sym,
  withArgs,
} from "../expr";
import { evaluatePadded } from "../evaluate";
import { signedSum } from "../forms/context";
import { delta, type Factor, type Leaf, one, product, type Term } from "../indexterms";
import { fmtNum, latexName, latexSub } from "../notation";
import type { SymOpDef } from "../opdef";
import { opDef } from "../ops/registry";
import { exprToLatex, exprToText } from "../print";
import { IndexContext, padShape, simplify } from "../ricci";
import { dimValue, inferShapes } from "../shapes";
import { evaluationFailed, type Point, verdict } from "./check";
import type { Draft } from "./rewrite";
import type { StepsSource } from "./routes";
import type { Side, StepCheck } from "./types";

/** One line of the index route before it is checked and printed. */
export interface IndexDraft extends Omit<Draft, "check"> {
  /** What `before` and `after` are: Y's entries or the Jacobian's. */
  readonly beforeKind: "value" | "jacobian";
  readonly afterKind: "value" | "jacobian";
}

/** The index route's steps, with a printer of its lines (index notation, from the trees). */
export interface IndexRoute {
  readonly drafts: readonly IndexDraft[];
  print(e: Expr): Side;
}

/**
 * An index context whose derivatives stay pending: ∂E_ab/∂X_kl is a leaf d(E) with the indices
 * of E followed by the variable's, worked out later one rule at a time.
 */
class PendingContext extends IndexContext {
  override diff(e: Expr, idx: readonly string[]): Term[] {
    if (!this.varies(e)) return [];
    return [one([pending(e, idx, this.variableIndices)])];
  }
  override diffTerms(terms: readonly Term[]): Term[] {
    return productRule(this, terms);
  }
}

function pending(e: Expr, idx: readonly string[], k: readonly string[]): Leaf {
  const d = difE(e);
  PENDING.add(d);
  return { kind: "leaf", expr: d, idx: [...idx, ...k] };
}

const isPending = (f: Factor): boolean => f.kind === "leaf" && PENDING.has(f.expr);
/** The E of a pending ∂E/∂X. */
const pendingOf = (f: Leaf): Expr => f.expr.args[0] as Expr;

/** ∂ of a sum of products: one term per varying factor, that factor pending. */
function productRule(ctx: IndexContext, terms: readonly Term[]): Term[] {
  const out: Term[] = [];
  for (const term of terms)
    term.factors.forEach((f, pos) => {
      if (f.kind !== "leaf" || !ctx.varies(f.expr)) return;
      const factors = term.factors.map((g, q) => (q === pos ? pending(f.expr, f.idx, ctx.variableIndices) : g));
      out.push({ ...term, factors });
    });
  return out;
}

/** Replace the pending factors that `pick` resolves by their terms (a zero drops the term). */
function resolve(terms: readonly Term[], pick: (f: Leaf) => Term[] | undefined): Term[] {
  const out: Term[] = [];
  for (const term of terms) {
    let acc: Term[] = [{ ...term, factors: [] }];
    for (const f of term.factors) {
      const r = f.kind === "leaf" && isPending(f) ? pick(f) : undefined;
      acc = product(acc, r ?? [one([f])]);
    }
    out.push(...acc);
  }
  return out;
}

/** Contract the Kronecker deltas on a summed index (δ_pk A_p… = A_k…; Σ_p δ_pp = n). */
function contractDeltas(ctx: IndexContext, terms: readonly Term[], free: ReadonlySet<string>): Term[] {
  return terms.map((term) => {
    let factors = [...term.factors];
    let coef = term.coef;
    const dims = [...term.dims];
    for (let guard = 0; guard < 1000; guard++) {
      const n = factors.findIndex((f) => f.kind === "delta" && (!free.has(f.a) || !free.has(f.b)));
      if (n < 0) break;
      const d = factors[n] as { a: string; b: string };
      factors.splice(n, 1);
      if (d.a === d.b) {
        const size = ctx.size(d.a);
        if (typeof size === "number") coef *= size;
        else dims.push(size);
        continue;
      }
      const [from, to] = free.has(d.b) ? [d.a, d.b] : [d.b, d.a];
      factors = factors.map((f) => renamed(f, from, to));
    }
    return { coef, dims, factors };
  });
}

function renamed(f: Factor, from: string, to: string): Factor {
  const r = (i: string): string => (i === from ? to : i);
  if (f.kind === "delta") return delta(r(f.a), r(f.b));
  if (f.kind === "split") return { kind: "split", w: r(f.w), a: r(f.a), b: r(f.b) };
  return { kind: "leaf", expr: f.expr, idx: f.idx.map(r) };
}

const Y_LETTERS = "ijmnouvwxyz";
const X_LETTERS = "klrstefgh";
const DUMMY = "pqrstuvwxyzabcdefghmno";
const HIDDEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Letters of the indices: free ones fixed, summed ones p, q, … by first use, size-1 ones upper case (not printed). */
class Naming {
  private readonly map = new Map<string, string>();
  private readonly taken = new Set<string>();
  constructor(
    private readonly ctx: IndexContext,
    y: readonly string[],
    x: readonly string[],
  ) {
    let ny = 0;
    let nx = 0;
    for (const i of y) this.set(i, ctx.isOne(i) ? this.nextHidden() : (Y_LETTERS[ny++] ?? this.nextDummy()));
    for (const i of x) this.set(i, ctx.isOne(i) ? this.nextHidden() : (X_LETTERS[nx++] ?? this.nextDummy()));
  }
  private set(i: string, l: string): void {
    this.map.set(i, l);
    this.taken.add(l);
  }
  private nextHidden(): string {
    const l = [...HIDDEN].find((c) => !this.taken.has(c));
    if (l === undefined) throw new DifferentiationError("the index route: more indices of size 1 than letters");
    return l;
  }
  private nextDummy(): string {
    const l = [...DUMMY, ...HIDDEN].find((c) => !this.taken.has(c));
    if (l === undefined)
      throw new DifferentiationError("the index route: more distinct indices than einsum has letters");
    return l;
  }
  of(i: string): string {
    let l = this.map.get(i);
    if (l === undefined) {
      l = this.ctx.isOne(i) ? this.nextHidden() : this.nextDummy();
      this.set(i, l);
    }
    return l;
  }
  /** Letters not printed (indices of size 1). */
  hidden(): Set<string> {
    return new Set([...this.map].filter(([i]) => this.ctx.isOne(i)).map(([, l]) => l));
  }
}

/** The true number of axes of an expression (new nodes of a rule are inferred from the symbols' shapes). */
function rankOf(ctx: IndexContext, e: Expr): number {
  try {
    return ctx.shapeOf(e).length;
  } catch {
    return inferShapes(e, ctx.info.shapes).shape.length;
  }
}

const trueIdx = (idx: readonly string[], rank: number): string[] => (rank >= 2 ? [...idx] : idx.slice(0, rank));

/** What an operand of a line's einsum node stands for (recorded when the line is built). */
type Role = "delta" | "ones" | "pending" | "factor";

/** A term of a line as built: its sign, coefficient, dimension factors and operands with their letters. */
interface LineTerm {
  readonly sign: 1 | -1;
  readonly coef: number;
  readonly dims: readonly string[];
  readonly operands: readonly { readonly e: Expr; readonly role: Role; readonly letters: string }[];
}

/**
 * The terms of each line built here, by the line's root node: the printer reads a line's
 * tree through them (which operand is a δ, a pending ∂E/∂X), so it never tests op names.
 */
const LINES = new WeakMap<Expr, readonly LineTerm[]>();

/** The nodes d(E) made here for pending derivatives ∂E/∂X. */
const PENDING = new WeakSet<Expr>();

/** The terms as a tree: one einsum per term over the free indices `out` (true axes). */
function termsTree(
  ctx: IndexContext,
  terms: readonly Term[],
  out: readonly string[],
  naming: Naming,
  xRank: number,
  nX: number,
): Expr {
  const outLetters = out.map((o) => naming.of(o));
  const line: LineTerm[] = [];
  const parts = terms.map((term) => {
    const ops: { e: Expr; idx: string[]; role: Role }[] = [];
    for (const f of term.factors) {
      if (f.kind === "delta") ops.push({ e: identity(ctx.size(f.a)), idx: [f.a, f.b], role: "delta" });
      else if (f.kind === "split")
        throw new DifferentiationError("the index route does not cover composite indices (vec, ⊗): use the kron route");
      else if (isPending(f)) {
        const E = pendingOf(f);
        const idxE = f.idx.slice(0, f.idx.length - nX);
        ops.push({
          e: f.expr,
          idx: [...trueIdx(idxE, rankOf(ctx, E)), ...trueIdx(f.idx.slice(-nX), xRank)],
          role: "pending",
        });
      } else ops.push({ e: f.expr, idx: trueIdx(f.idx, rankOf(ctx, f.expr)), role: "factor" });
    }
    for (const o of out)
      if (!ops.some((x) => x.idx.includes(o))) ops.push({ e: onesE(1, [ctx.size(o)]), idx: [o], role: "ones" });
    const letters = ops.map((x) => x.idx.map((i) => naming.of(i)).join(""));
    let body: Expr;
    if (ops.length === 0) body = num(1);
    else body = einsumE(`${letters.join(",")}->${outLetters.join("")}`, ops[0].e, ...ops.slice(1).map((x) => x.e));
    for (const d of term.dims) body = mulE(sizeE(d), body);
    const c = Math.abs(term.coef);
    if (c !== 1) body = mulE(num(c), body);
    const sign = (term.coef < 0 ? -1 : 1) as 1 | -1;
    line.push({
      sign,
      coef: c,
      dims: term.dims,
      operands: ops.map((x, n) => ({ e: x.e, role: x.role, letters: letters[n] })),
    });
    return { sign, body };
  });
  const root = signedSum(parts);
  LINES.set(root, line);
  return root;
}

/**
 * Index notation of a line of the index route, printed from its tree (each term's einsum node
 * the product of its operands with the spec's letters as subscripts: δ for an identity, ∂E/∂X
 * for a pending derivative d(E)), letters in `hidden` (indices of size 1) left out; `nX` letters
 * of a pending derivative are the variable's. A tree not built here prints as an expression.
 */
export function indexNotationText(e: Expr, wrt: string, hidden: ReadonlySet<string>, nX: number): Side {
  const line = LINES.get(e);
  if (line === undefined) return { text: exprToText(e), latex: exprToLatex(e) };
  const sub = (ls: string): string => [...ls].filter((c) => !hidden.has(c)).join("");
  const withSub = (base: string, s: string, latex: boolean): string =>
    s === "" ? base : latex ? latexSub(base, s) : `${base}_${s}`;
  // a leaf (a symbol) as it is, anything else in parentheses
  const base = (a: Expr, latex: boolean): string =>
    a.args.length === 0
      ? latex
        ? exprToLatex(a)
        : exprToText(a)
      : latex
        ? `\\left(${exprToLatex(a)}\\right)`
        : `(${exprToText(a)})`;
  const operand = (o: LineTerm["operands"][number], latex: boolean): string => {
    const ls = sub(o.letters);
    if (o.role === "delta") return latex ? `\\delta_{${ls}}` : `δ_${ls}`;
    if (o.role === "ones") return latex ? `\\mathbb{1}_{${ls}}` : `𝟏_${ls}`;
    if (o.role === "pending") {
      const E = o.e.args[0] as Expr;
      const eIdx = sub(o.letters.slice(0, o.letters.length - nX));
      const xIdx = sub(o.letters.slice(o.letters.length - nX));
      return latex
        ? `\\frac{\\partial ${withSub(base(E, true), eIdx, true)}}{\\partial ${withSub(latexName(wrt), xIdx, true)}}`
        : `∂${withSub(base(E, false), eIdx, false)}/∂${withSub(wrt, xIdx, false)}`;
    }
    return withSub(base(o.e, latex), ls, latex);
  };
  const term = (t: LineTerm, latex: boolean): string => {
    const shown = t.operands.filter((o) => !((o.role === "delta" || o.role === "ones") && sub(o.letters) === ""));
    const pieces = [
      ...(t.coef !== 1 ? [fmtNum(t.coef)] : []),
      ...t.dims.map((d) => (latex ? latexName(d) : d)),
      ...shown.map((o) => operand(o, latex)),
    ];
    return pieces.length === 0 ? "1" : pieces.join(" ");
  };
  const print = (latex: boolean): string => {
    if (line.length === 0) return "0";
    const minus = latex ? "-" : "−";
    return line
      .map((t, i) => {
        const body = term(t, latex);
        if (i === 0) return t.sign < 0 ? `${minus}${body}` : body;
        return t.sign < 0 ? ` ${minus} ${body}` : ` + ${body}`;
      })
      .join("");
  };
  return { text: print(false), latex: print(true) };
}

const stmt = (text: string, latex: string): Side => ({ text, latex });

/** The name of the rule ∂X[i,j]/∂X[k,l] = δ_ik δ_jl for a variable of `rank` axes. */
export function deltaRule(x: string, rank: number): string {
  if (rank === 0) return `∂${x}/∂${x} = 1`;
  const ys = [...Y_LETTERS].slice(0, rank);
  const xs = [...X_LETTERS].slice(0, rank);
  return `∂${x}[${ys.join(",")}]/∂${x}[${xs.join(",")}] = ${ys.map((y, n) => `δ_${y}${xs[n]}`).join(" ")}`;
}

/** The lines of the index route. */
export function indexRoute(src: StepsSource): IndexRoute {
  const fc = src.input.fc;
  const base = fc.ctx;
  const ctx = new PendingContext(base.info, src.wrt, base.symmetric, base.factOf);
  const yPad = ctx.padded(src.expr);
  const xPad = [...(fc.wrtShape.length >= 2 ? fc.wrtShape : padShape(fc.wrtShape))] as Dim[];
  const oY = yPad.map((d, n) => ctx.fresh(d, `y${n}_`));
  const oX = xPad.map((d, n) => ctx.fresh(d, `x${n}_`));
  const yTrue = trueIdx(oY, fc.resultShape.length);
  const xRank = fc.wrtShape.length;
  const xTrue = trueIdx(oX, xRank);
  const nX = oX.length;
  const naming = new Naming(ctx, oY, oX);
  const free = new Set([...oY, ...oX]);
  const hidden = (): Set<string> => naming.hidden();
  const J = (terms: readonly Term[], n: Naming = naming): Expr =>
    termsTree(ctx, terms, [...yTrue, ...xTrue], n, xRank, nX);
  const ys = yTrue.filter((i) => !ctx.isOne(i)).map((i) => naming.of(i));
  const xs = xTrue.filter((i) => !ctx.isOne(i)).map((i) => naming.of(i));
  const Yside: Side = {
    text: ys.length ? `Y_${ys.join("")}` : "Y",
    latex: ys.length ? `Y_{${ys.join("")}}` : "Y",
  };
  const wName = latexName(src.wrt);
  const dYside: Side = {
    text: `∂${Yside.text}/∂${xs.length ? `${src.wrt}_${xs.join("")}` : src.wrt}`,
    latex: `\\frac{\\partial ${Yside.latex}}{\\partial ${xs.length ? latexSub(wName, xs.join("")) : wName}}`,
  };
  const drafts: IndexDraft[] = [];
  const variable = sym(src.wrt);
  const isVariable = (e: Expr): boolean => exprEquals(e, variable);
  /** Is the E of a pending ∂E/∂X one factor in indices (an op with a rule of its own), not a product of factors? */
  const isOpaque = (f: Leaf): boolean => {
    const E = pendingOf(f);
    const parts = ctx.toIndex(E, f.idx.slice(0, f.idx.length - nX));
    return (
      parts.length === 1 &&
      parts[0].coef === 1 &&
      parts[0].factors.length === 1 &&
      parts[0].factors[0].kind === "leaf" &&
      parts[0].factors[0].expr === E
    );
  };
  /** The right-hand side of the last line (each line starts where the one before ended). */
  const current = (): Expr => drafts[drafts.length - 1].after;

  // 1. write in indices
  const S0 = ctx.toIndex(src.expr, oY);
  const T0 = termsTree(ctx, S0, yTrue, naming, xRank, nX);
  drafts.push({
    rule: "write in indices",
    statement: stmt(
      "(AB)_ij = A_ip B_pj (summed over the repeated index p), (Aᵀ)_ij = A_ji, (A ∘ B)_ij = A_ij B_ij",
      "(AB)_{ij} = A_{ip} B_{pj},\\quad (A^{T})_{ij} = A_{ji},\\quad (A \\circ B)_{ij} = A_{ij} B_{ij}",
    ),
    lhs: Yside,
    before: src.expr,
    after: T0,
    beforeKind: "value",
    afterKind: "value",
  });

  // 2. the product rule
  ctx.variableIndices = oX;
  let state = productRule(ctx, S0);
  const several = S0.some((t) => t.factors.filter((f) => f.kind === "leaf" && ctx.varies(f.expr)).length > 1);
  drafts.push({
    rule: several ? "product rule" : "linearity: ∂ of the varying factor",
    statement: several
      ? stmt(
          "∂(A_ip B_pj)/∂X_kl = ∂A_ip/∂X_kl B_pj + A_ip ∂B_pj/∂X_kl",
          "\\frac{\\partial (A_{ip} B_{pj})}{\\partial X_{kl}} = \\frac{\\partial A_{ip}}{\\partial X_{kl}} B_{pj} + A_{ip} \\frac{\\partial B_{pj}}{\\partial X_{kl}}",
        )
      : stmt(
          "∂(c A_ij)/∂X_kl = c ∂A_ij/∂X_kl (c constant)",
          "\\frac{\\partial (c A_{ij})}{\\partial X_{kl}} = c \\frac{\\partial A_{ij}}{\\partial X_{kl}}",
        ),
    lhs: Yside,
    lhsAfter: dYside,
    before: T0,
    after: J(state),
    beforeKind: "value",
    afterKind: "jacobian",
  });

  // 3. the pending derivatives, one kind of rule per step
  for (let guard = 0; guard < 200; guard++) {
    const first = state.flatMap((t) => t.factors).find((f): f is Leaf => f.kind === "leaf" && isPending(f));
    if (first === undefined) break;
    const E = pendingOf(first);
    const before = current();
    let rule: string;
    let statement: Side;
    if (isVariable(E)) {
      rule = deltaRule(src.wrt, xRank);
      statement = stmt(
        "∂X_ij…/∂X_kl… = δ_ik δ_jl … (one δ per axis)",
        "\\frac{\\partial X_{ij\\dots}}{\\partial X_{kl\\dots}} = \\delta_{ik}\\,\\delta_{jl}\\cdots",
      );
      state = resolve(state, (f) => {
        const g = pendingOf(f);
        if (!isVariable(g)) return undefined;
        const idxE = f.idx.slice(0, f.idx.length - nX);
        const k = f.idx.slice(-nX);
        return [one(idxE.map((i, n) => delta(i, k[n])))];
      });
    } else {
      if (isOpaque(first)) {
        const def = opDef(E.op) as SymOpDef;
        const general = typeof def.differential === "function" ? def.differential(E as never) : def.differential;
        const gname = general?.name ?? E.op;
        rule = gname.startsWith("chain rule")
          ? `chain rule for ${E.op} elementwise`
          : gname.includes("rule") || gname.includes("formula")
            ? gname
            : `derivative of ${gname}`;
        statement = general?.name.startsWith("chain rule")
          ? stmt(
              "∂f(A)_ij/∂X_kl = f′(A)_ij ∂A_ij/∂X_kl (no sum over i, j)",
              "\\frac{\\partial f(A)_{ij}}{\\partial X_{kl}} = f'(A)_{ij} \\frac{\\partial A_{ij}}{\\partial X_{kl}}",
            )
          : stmt(`the index rule of ${E.op}`, `\\text{the index rule of ${E.op}}`);
        state = resolve(state, (f) => {
          const g = pendingOf(f);
          if (g.op !== E.op || isVariable(g)) return undefined;
          const gd = opDef(g.op) as SymOpDef;
          if (gd.diff === undefined)
            throw new DifferentiationError(`the index route: ${exprToText(g)} has no derivative rule`);
          const idxG = f.idx.slice(0, f.idx.length - nX);
          const pg = ctx.toIndex(g, idxG);
          if (!(pg.length === 1 && pg[0].factors.length === 1 && pg[0].factors[0].kind === "leaf")) return undefined;
          return gd.diff(ctx, g as never, idxG);
        });
      } else {
        rule = "write in indices and apply the product rule";
        statement = stmt(
          "∂(A_ip B_pj)/∂X_kl = ∂A_ip/∂X_kl B_pj + A_ip ∂B_pj/∂X_kl",
          "\\frac{\\partial (A_{ip} B_{pj})}{\\partial X_{kl}} = \\frac{\\partial A_{ip}}{\\partial X_{kl}} B_{pj} + A_{ip} \\frac{\\partial B_{pj}}{\\partial X_{kl}}",
        );
        // every pending derivative of an expression that is itself a product in indices
        state = resolve(state, (f) => {
          if (isVariable(pendingOf(f)) || isOpaque(f)) return undefined;
          return productRule(ctx, ctx.toIndex(pendingOf(f), f.idx.slice(0, f.idx.length - nX)));
        });
      }
    }
    drafts.push({
      rule,
      statement,
      lhs: dYside,
      before,
      after: J(state),
      beforeKind: "jacobian",
      afterKind: "jacobian",
    });
  }

  // 4. contract the deltas
  const contracted = contractDeltas(ctx, state, free);
  const beforeC = current();
  const shown = (e: Expr): string => indexNotationText(e, src.wrt, naming.hidden(), xTrue.length).text;
  const contractedTree = J(contracted);
  const changed = shown(contractedTree) !== shown(beforeC);
  const afterC = changed ? contractedTree : beforeC;
  if (changed)
    drafts.push({
      rule: "contract δ",
      statement: stmt(
        "A_…p… δ_pk = A_…k… (summed over p), δ_pp = n",
        "A_{\\dots p \\dots}\\,\\delta_{pk} = A_{\\dots k \\dots},\\quad \\delta_{pp} = n",
      ),
      lhs: dYside,
      before: beforeC,
      after: afterC,
      beforeKind: "jacobian",
      afterKind: "jacobian",
    });
  state = contracted;

  // 5. the engine's simplification: equal terms collected, cancelled
  const simple = simplify(ctx, { out: [...oY, ...oX], terms: state }).terms;
  const afterS = J(simple);
  if (shown(afterS) !== shown(current()))
    drafts.push({
      rule: "collect equal terms",
      statement: stmt("a T + b T = (a + b) T, T − T = 0", "a\\,T + b\\,T = (a + b)\\,T"),
      lhs: dYside,
      before: current(),
      after: afterS,
      beforeKind: "jacobian",
      afterKind: "jacobian",
    });

  // 6. the dummy indices renamed p, q, r, … in order of use
  const canonical = new Naming(ctx, oY, oX);
  const afterR = J(simple, canonical);
  const shownR = (e: Expr): string =>
    indexNotationText(e, src.wrt, new Set([...naming.hidden(), ...canonical.hidden()]), xTrue.length).text;
  if (shownR(afterR) !== shownR(current()))
    drafts.push({
      rule: "rename dummy index",
      statement: stmt("A_ip B_pj = A_iq B_qj (a summed index is a bound name)", "A_{ip} B_{pj} = A_{iq} B_{qj}"),
      lhs: dYside,
      before: current(),
      after: afterR,
      beforeKind: "jacobian",
      afterKind: "jacobian",
    });
  return {
    drafts,
    print: (e) => indexNotationText(e, src.wrt, new Set([...hidden(), ...canonical.hidden()]), xTrue.length),
  };
}

/** The value of a line at the point: each pending d(E) the Jacobian of E (autodiff), of shape [...E, ...X]. */
export function evaluateIndexLine(src: StepsSource, e: Expr, p: Point): Tensor {
  const fc = src.input.fc;
  const info = fc.ctx.info;
  const x = p.values[src.wrt];
  const xShape = fc.wrtShape.map((d) => dimValue(d, p.sizes));
  const extra: Record<string, Tensor> = {};
  let n = 0;
  const bind = (y: Expr): Expr => {
    if (PENDING.has(y)) {
      const E = y.args[0] as Expr;
      const f = (v: Tensor): Tensor => evaluatePadded(E, { ...p.values, [src.wrt]: v }, p.sizes, info);
      const Jv = jacobian(f, x);
      let eShape: number[];
      try {
        eShape = (info.shapeOf(E) as Dim[]).map((d) => dimValue(d, p.sizes));
      } catch {
        eShape = inferShapes(E, info.shapes).shape.map((d) => dimValue(d, p.sizes));
      }
      const name = `__p${n++}`;
      extra[name] = reshape(Jv, [...eShape, ...xShape]);
      return sym(name);
    }
    if (y.args.length === 0) return y;
    return withArgs(y, y.args.map(bind));
  };
  return evaluatePadded(bind(e), { ...p.values, ...extra }, p.sizes, info);
}

/** The check of one line of the index route: after against before and, for a Jacobian, against the exact one. */
export function checkIndexDraft(
  src: StepsSource,
  d: IndexDraft,
  p: Point,
  exact: () => Tensor,
  tolerance: (ref: Tensor) => number,
): StepCheck {
  try {
    const value = (e: Expr, kind: IndexDraft["beforeKind"]): Tensor =>
      kind === "value" && e === src.expr ? src.value(p.values) : evaluateIndexLine(src, e, p);
    const got = value(d.after, d.afterKind);
    const ref = d.afterKind === "jacobian" ? exact() : value(d.before, d.beforeKind);
    let err = flatDifference(got, ref);
    let what =
      d.afterKind === "jacobian" ? "the line and the exact Jacobian (autodiff)" : "before and after, at random values";
    if (d.afterKind === "jacobian" && d.beforeKind === "jacobian") {
      err = Math.max(err, flatDifference(value(d.before, d.beforeKind), got));
      what = "before, after and the exact Jacobian (autodiff)";
    }
    return verdict(err, tolerance(ref), what);
  } catch (e) {
    return evaluationFailed(e);
  }
}

function flatDifference(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) {
    // a 1×1 zero stands for any zero
    if (a.size === 1 && a.data[0] === 0) return maxAbs(b.data);
    if (b.size === 1 && b.data[0] === 0) return maxAbs(a.data);
    return Infinity;
  }
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}
