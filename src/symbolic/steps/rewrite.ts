/**
 * The differential of an expression, worked out step by step: d(E) is rewritten with the
 * differential rule of E's op (defined in the op's module, `SymOpDef.differential`), one node
 * at a time, until only the differential dX of the variable is left. d of a constant is 0 and
 * d of the variable is dX; zero terms are dropped as they appear.
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import { type Expr, dependsOn, difE, exprEquals, num, sym, withArgs } from "../expr";
import type { DifferentialRule, SymOpDef } from "../opdef";
import { opDef } from "../ops/registry";
import { exprToNotations, exprToText } from "../print";
import type { Side } from "./types";

/** A step before it is checked: the rule, its statement, both sides and how to check it. */
export interface Draft {
  readonly rule: string;
  readonly statement: Side;
  readonly lhs: Side;
  readonly lhsAfter?: Side;
  readonly before: Expr;
  readonly after: Expr;
  /** `equal`: before = after numerically; `identify`: after is the named form, checked against autodiff. */
  readonly check:
    { readonly kind: "equal" } | { readonly kind: "identify"; readonly form: "kron" | "gradient" | "tensor" };
}

/** The differential symbol of the variable (dX). */
export const differentialOf = (wrt: string): Expr => sym(`d${wrt}`);

/** The general statement of an op's rule: d(pattern) = result, printed from the trees. */
export function ruleStatement(r: DifferentialRule, scalars: ReadonlySet<string> = new Set()): Side {
  const lhs = exprToNotations(difE(r.pattern), scalars);
  const rhs = exprToNotations(r.result, scalars);
  return { text: `${lhs.text} = ${rhs.text}`, latex: `${lhs.latex} = ${rhs.latex}` };
}

/** The metavariables of a scalar rule and their differentials (printed as scalars). */
const scalarNames = (r: DifferentialRule): Set<string> => new Set(r.operands.flatMap((n) => [n, `d${n}`]));

/**
 * The statement of a rule with some operands constant: their metavariables renamed C, D and
 * their differentials 0 (d(CY) = C dY for the product rule with a constant left factor).
 */
function constantStatement(r: DifferentialRule, constant: readonly boolean[]): Side {
  const by = new Map<string, Expr>();
  const names = ["C", "D"];
  r.operands.forEach((name, k) => {
    if (!constant[k]) return;
    by.set(name, sym(names.shift() ?? name));
    by.set(`d${name}`, num(0));
  });
  return ruleStatement({ ...r, pattern: substitute(r.pattern, by), result: prune(substitute(r.result, by)) });
}

/** Drops zero terms and folds numbers (0·A = 0, A + 0 = A, 3 − 1 = 2, 1·A = A, A.^1 = A), bottom up, by each op's rule. */
export function prune(e: Expr): Expr {
  if (e.args.length === 0) return e;
  const args = e.args.map(prune);
  const same = args.every((x, i) => x === e.args[i]);
  const x = same ? e : withArgs(e, args);
  return (opDef(x.op) as SymOpDef).prune?.(x as never) ?? x;
}

/** The tree with the metavariables of a rule replaced (simultaneously, so no replacement is rewritten). */
function substitute(e: Expr, by: ReadonlyMap<string, Expr>): Expr {
  if (e.op === "sym") return by.get(e.name) ?? e;
  if (e.args.length === 0) return e;
  return withArgs(
    e,
    e.args.map((a) => substitute(a, by)),
  );
}

/** The path (operand positions) to the first pending d(…) node, depth first, left to right. */
function firstPending(e: Expr, path: number[] = []): number[] | undefined {
  if (e.op === "dif") return path;
  for (let i = 0; i < e.args.length; i++) {
    const p = firstPending(e.args[i], [...path, i]);
    if (p !== undefined) return p;
  }
  return undefined;
}

function at(e: Expr, path: readonly number[]): Expr {
  return path.reduce((x, i) => x.args[i], e);
}

function replaceAt(e: Expr, path: readonly number[], by: Expr): Expr {
  if (path.length === 0) return by;
  const args = [...e.args];
  args[path[0]] = replaceAt(args[path[0]], path.slice(1), by);
  return withArgs(e, args);
}

/**
 * The steps from dY = d(expr) to dY in terms of dX alone, each the rule of one op.
 * @throws {@link DifferentiationError} when an op has no differential rule or a rule's constant operand varies.
 */
export function differentialSteps(
  expr: Expr,
  wrt: string,
  lhs: Side,
  isScalar: (e: Expr) => boolean = () => false,
): { drafts: Draft[]; result: Expr } {
  const dX = differentialOf(wrt);
  const dOf = (a: Expr): Expr => {
    if (!dependsOn(a, wrt)) return num(0);
    if (a.op === "sym") return dX;
    return difE(a);
  };
  let state = dOf(expr);
  const drafts: Draft[] = [];
  for (let guard = 0; guard < 500; guard++) {
    const path = firstPending(state);
    if (path === undefined) return { drafts, result: state };
    const E = at(state, path).args[0] as Expr;
    const def = opDef(E.op) as SymOpDef;
    const general = typeof def.differential === "function" ? def.differential(E as never) : def.differential;
    if (general === undefined)
      throw new DifferentiationError(
        `no differential rule for ${exprToText(E)} (op ${E.op}): the steps cannot take its differential`,
      );
    const scalar = general.scalar !== undefined && E.args.every(isScalar);
    const r = scalar ? (general.scalar as DifferentialRule) : general;
    for (const k of r.constant ?? []) {
      if (dependsOn(E.args[k], wrt))
        throw new DifferentiationError(
          `the ${r.name} takes ${r.operands[k]} constant, but in ${exprToText(E)} it depends on ${wrt}: the steps do not cover it`,
        );
    }
    const by = new Map<string, Expr>();
    r.operands.forEach((name, k) => {
      by.set(name, E.args[k]);
      by.set(`d${name}`, dOf(E.args[k]));
    });
    const next = prune(replaceAt(state, path, prune(substitute(r.result, by))));
    const varying = E.args.filter((a) => dependsOn(a, wrt)).length;
    const constantFactor = r.constantFactor !== undefined && E.args.length > 1 && varying === 1;
    drafts.push({
      rule: constantFactor ? (r.constantFactor as string) : r.name,
      statement: constantFactor
        ? constantStatement(
            r,
            E.args.map((a) => !dependsOn(a, wrt)),
          )
        : ruleStatement(r, scalar ? scalarNames(r) : new Set()),
      lhs,
      before: state,
      after: next,
      check: { kind: "equal" },
    });
    if (exprEquals(next, state)) break;
    state = next;
  }
  throw new DifferentiationError(`the differential of ${exprToText(expr)} did not finish in 500 steps`);
}
