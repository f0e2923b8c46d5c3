/**
 * The counter behind test/architecture/op-names.test.ts: every place where a source file compares
 * an operation's name as a string, found in the TypeScript syntax tree (not by pattern on lines).
 * Counted, once per op name written:
 * - `x.op === "mul"`, `!==`, `==`, `!=` (either side), when the other side reads an op (`.op`,
 *   a variable `op` or one whose name ends in `Op`);
 * - `case "mul":` in a `switch` over such an expression, or over `.kind`/`kind` when every label
 *   of the switch is an op name;
 * - `["mul", "add"].includes(e.op)` and `new Set(["mul", "add"]).has(e.op)`, each name in the list,
 *   also when the list is a constant of the same file (`const OPS = new Set([...])` … `OPS.has(e.op)`).
 * A string counts only when it is the name of an operation (a kind of `Expr` node).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { SYMBOLIC_OPS } from "../../src/symbolic/ops/registry";

const ROOT = join(__dirname, "..", "..");

/** The names of the operations (every kind of expression node). */
export const OP_NAMES: ReadonlySet<string> = new Set(SYMBOLIC_OPS.map((d) => d.op));

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * An expression that reads an op's name: `e.op`, `e["op"]`, `op`, `innerOp`, `(e.op)`; with `kind`,
 * also `f.kind` and `kind` (only a `switch` reads those: elsewhere `kind` names tokens and factors).
 */
function readsOp(node: ts.Expression, kind = false): boolean {
  let e: ts.Expression = node;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  const isOpName = (name: string): boolean => name === "op" || (kind && name === "kind") || /[a-z]Op$/.test(name);
  if (ts.isPropertyAccessExpression(e)) return isOpName(e.name.text);
  if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression))
    return isOpName(e.argumentExpression.text);
  if (ts.isIdentifier(e)) return isOpName(e.text);
  return false;
}

/** The op-name string of a literal, or undefined. */
function opString(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return OP_NAMES.has(node.text) ? node.text : undefined;
  return undefined;
}

/** The op names of a list literal `["a", "b"]` or `new Set(["a", "b"])`. */
function listNames(node: ts.Expression | undefined): string[] {
  if (node === undefined) return [];
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Set")
    return listNames(e.arguments?.[0]);
  if (ts.isArrayLiteralExpression(e))
    return e.elements.map((x) => opString(x)).filter((s): s is string => s !== undefined);
  return [];
}

/** One comparison found: the line (1-based), the op name, and the spelling. */
export interface Comparison {
  readonly line: number;
  readonly name: string;
  readonly how: "equality" | "case" | "includes";
}

/** The op-name comparisons of one source text. */
export function comparisonsIn(text: string, file = "module.ts"): Comparison[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const lists = new Map<string, string[]>(); // file-level constants holding a list of op names
  const visitLists = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const names = listNames(node.initializer);
      if (names.length > 0) lists.set(node.name.text, names);
    }
    ts.forEachChild(node, visitLists);
  };
  visitLists(sf);
  const out: Comparison[] = [];
  const at = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      for (const [lit, other] of [
        [node.right, node.left],
        [node.left, node.right],
      ]) {
        const name = opString(lit);
        if (name !== undefined && readsOp(other)) out.push({ line: at(node), name, how: "equality" });
      }
    } else if (ts.isSwitchStatement(node) && readsOp(node.expression, true)) {
      const labels = node.caseBlock.clauses.flatMap((c) =>
        ts.isCaseClause(c) && (ts.isStringLiteral(c.expression) || ts.isNoSubstitutionTemplateLiteral(c.expression))
          ? [{ clause: c, text: c.expression.text }]
          : [],
      );
      // Over `kind`, a switch is over ops only when every label is an op name (codegen's
      // argument kinds "num" and "size" share two names with ops; "ref" is none).
      const overOps = readsOp(node.expression) || labels.every((l) => OP_NAMES.has(l.text));
      for (const l of overOps ? labels : [])
        if (OP_NAMES.has(l.text)) out.push({ line: at(l.clause), name: l.text, how: "case" });
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      (node.expression.name.text === "includes" || node.expression.name.text === "has") &&
      node.arguments.length === 1 &&
      readsOp(node.arguments[0])
    ) {
      const target = node.expression.expression;
      const names = ts.isIdentifier(target) ? (lists.get(target.text) ?? []) : listNames(target);
      for (const name of names) out.push({ line: at(node), name, how: "includes" });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** Whether a root-relative file is an op definition or a registry (left out of the count). */
export function exempt(rel: string): boolean {
  return rel.startsWith("src/symbolic/ops/") || rel.endsWith("/registry.ts") || rel === "src/registry.ts";
}

/** Comparisons per file (relative to the repository) under `dir`, op definitions and registries left out. */
export function opNameComparisons(dir: string = join(ROOT, "src")): Map<string, Comparison[]> {
  const out = new Map<string, Comparison[]>();
  for (const file of sources(dir)) {
    const rel = relative(ROOT, file).split(sep).join("/");
    if (exempt(rel)) continue;
    const found = comparisonsIn(readFileSync(file, "utf8"), file);
    if (found.length > 0) out.set(rel, found);
  }
  return out;
}

/** The per-file report, largest first: `  12 src/symbolic/simplify.ts`. */
export function report(counts: ReadonlyMap<string, readonly Comparison[]>): string {
  return [...counts]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([f, c]) => `  ${c.length} ${f}`)
    .join("\n");
}

if (process.argv[1] !== undefined && /opNames\.ts$/.test(process.argv[1])) {
  const counts = opNameComparisons();
  const total = [...counts.values()].reduce((a, c) => a + c.length, 0);
  console.log(`${total} op-name comparisons outside src/symbolic/ops/ and the registries\n${report(counts)}`);
  const file = process.argv[2];
  if (file !== undefined)
    for (const c of counts.get(file) ?? []) console.log(`${file}:${c.line} ${c.how} ${JSON.stringify(c.name)}`);
}
