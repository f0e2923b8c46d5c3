/**
 * The module graph of src/: every import and re-export edge (`import`, `import type`,
 * `export … from`, `import("…")` types), relative paths resolved (folder `index`
 * included), and a cycle finder.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

/** Module → the modules it imports (paths relative to the root, with `.ts`). */
export type Graph = ReadonlyMap<string, readonly string[]>;

/** The module specifiers a source text imports or re-exports (type-only ones included). */
export function specifiersOf(text: string, file = "module.ts"): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      out.push(node.moduleReference.expression.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) out.push(lit.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Resolve a relative specifier from `from` (a root-relative .ts path) against the known modules. */
export function resolveSpecifier(from: string, spec: string, exists: (p: string) => boolean): string | undefined {
  if (!spec.startsWith(".")) return undefined; // a package, not part of src/
  const base = join(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && exists(candidate)) return candidate;
  }
  return undefined;
}

/** The graph of every .ts file under `root` (paths relative to root). */
export function moduleGraph(root: string): Graph {
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const graph = new Map<string, string[]>();
  const exists = (p: string): boolean => existsSync(resolve(root, p));
  for (const f of files) {
    const text = readFileSync(join(root, f), "utf8");
    const deps = specifiersOf(text, f)
      .map((s) => resolveSpecifier(f, s, exists))
      .filter((d): d is string => d !== undefined);
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** One import cycle as a path a → b → … → a, or undefined when the graph has none. */
export function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  const path: string[] = [];
  const visit = (m: string): string[] | undefined => {
    state.set(m, 1);
    path.push(m);
    for (const d of graph.get(m) ?? []) {
      const s = state.get(d);
      if (s === 1) return [...path.slice(path.indexOf(d)), d];
      if (s === undefined) {
        const c = visit(d);
        if (c !== undefined) return c;
      }
    }
    path.pop();
    state.set(m, 2);
    return undefined;
  };
  for (const m of [...graph.keys()].sort()) {
    if (state.get(m) === undefined) {
      const c = visit(m);
      if (c !== undefined) return c;
    }
  }
  return undefined;
}

/** A cycle as text: `a.ts → b.ts → a.ts`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(" → ");
}
