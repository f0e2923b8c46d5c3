/**
 * Turns the TypeScript of one notebook cell into a classic script that shares one scope with the page's other
 * cells, as cells share one scope in Jupyter (a `const` of cell 1 is visible in cell 3):
 *
 * - sucrase strips the types (no type check), keeping every line where it was;
 * - acorn parses the result, and the cell's top-level declarations are rewritten in place: `const` and `let`
 *   become `var` and `class X` becomes `var X = class X`, so that they land in the worker's global scope and a
 *   cell can be run again (a second `const A` in the same scope would be a SyntaxError);
 * - `import { a, b as c } from "m"` becomes `var { a, b: c } = __live.import("m", ["a", "b"], line)`, which
 *   resolves only the modules the runtime offers and says clearly when a module, or a name the cell uses as a
 *   value, is not there (a name used only as a type, or not in this cell, may be a type: it is not checked);
 * - the value of a last expression statement is passed to `__live.value(…)` (tslab prints it with console.log
 *   unless it is null or undefined).
 *
 * Lines never move (every rewrite keeps its newlines), so a line in an error is the line of the cell.
 * @packageDocumentation
 */
import { transform } from "sucrase";
import { parse, type Node } from "acorn";
import type { CellPosition } from "../model";

/** A cell that cannot run: a syntax error, or something a live cell cannot do (export, top-level await). */
export class CellCompileError extends Error {
  constructor(
    message: string,
    readonly at: CellPosition | undefined,
    override readonly name = "SyntaxError",
  ) {
    super(message);
  }
}

/** A compiled cell. */
export interface CompiledCell {
  /** The classic script (strict mode), ending with a sourceURL comment naming the cell. */
  code: string;
  /** The names the cell declares at its top level (variables, functions, classes, imports). */
  declared: string[];
  /** Text inserted into a line (1-based line, the column it was inserted at, its length), to map columns back. */
  shifts: { line: number; column: number; by: number }[];
}

/** The column in the cell's source of a column of the compiled script. */
export function sourceColumn(compiled: CompiledCell, line: number, column: number): number {
  let c = column;
  for (const s of compiled.shifts) if (s.line === line && column >= s.column + s.by) c -= s.by;
  return Math.max(1, c);
}

/** The script name of a cell in stack traces (`…/cell-3.ts:LINE:COL`). */
export function cellScriptName(cell: number): string {
  return `tensorcalc-live/cell-${cell}.ts`;
}

const strictPrologue = '"use strict";';

// acorn's nodes, as far as the rewrite reads them.
interface AnyNode extends Node {
  [key: string]: unknown;
}
interface Identifier extends Node {
  type: "Identifier";
  name: string;
}
type Pattern = Node & {
  type: string;
  name?: string;
  properties?: (Node & { value?: Pattern; argument?: Pattern })[];
  elements?: (Pattern | null)[];
  left?: Pattern;
  argument?: Pattern;
};

/** The names bound by a declaration pattern (`a`, `{ a, b: [c] }`, `...rest`). */
function patternNames(p: Pattern | null | undefined, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case "Identifier":
      out.push(p.name as string);
      break;
    case "ObjectPattern":
      for (const prop of p.properties ?? [])
        patternNames(prop.type === "RestElement" ? prop.argument : prop.value, out);
      break;
    case "ArrayPattern":
      for (const e of p.elements ?? []) patternNames(e, out);
      break;
    case "AssignmentPattern":
      patternNames(p.left, out);
      break;
    case "RestElement":
      patternNames(p.argument, out);
      break;
  }
}

/** 1-based line and column of an offset in `text`. */
function positionOf(text: string, offset: number): CellPosition {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Strips a parser's " (line:column)" suffix from its message. */
function bareMessage(message: string): string {
  return message.replace(/\s*\(\d+:\d+\)\s*$/, "");
}

/** The cell's JavaScript with its types stripped. */
function stripTypes(source: string): string {
  try {
    return transform(source, {
      transforms: ["typescript"],
      // Imports used only in later cells must stay: the cells share their scope.
      keepUnusedImports: true,
      disableESTransforms: true,
    }).code;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    throw new CellCompileError(
      bareMessage((e as Error).message),
      loc ? { line: loc.line, column: loc.column + 1 } : undefined,
    );
  }
}

/**
 * The imported names that the cell uses as values: sucrase without `keepUnusedImports` drops the others (those
 * used only as types, such as an interface imported without `type`, and those the cell does not use itself). Only
 * these must exist in the module; the others may be types, used by later cells.
 */
function valueImports(source: string): Set<string> {
  const names = new Set<string>();
  let code: string;
  try {
    code = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch {
    return names;
  }
  const program = parse(code, { ecmaVersion: "latest", sourceType: "module" }) as unknown as AnyNode;
  for (const node of program.body as AnyNode[]) {
    if (node.type !== "ImportDeclaration") continue;
    for (const s of node.specifiers as (AnyNode & { local: Identifier })[]) names.add(s.local.name);
  }
  return names;
}

/** One text edit: replace [start, end) by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The newlines of `s`, so that a replacement keeps the lines after it where they were. */
const newlinesOf = (s: string) => "\n".repeat((s.match(/\n/g) ?? []).length);

/**
 * Compiles one cell (its 1-based number names the script in stack traces).
 * @throws CellCompileError for a syntax error or a construct a live cell cannot run.
 */
export function compileCell(source: string, cell: number): CompiledCell {
  const js = stripTypes(source);
  let program: AnyNode;
  try {
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", locations: true }) as unknown as AnyNode;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    throw new CellCompileError(
      bareMessage((e as Error).message),
      loc ? { line: loc.line, column: loc.column + 1 } : undefined,
    );
  }
  const used = valueImports(source);
  const edits: Edit[] = [];
  const declared: string[] = [];
  const body = program.body as AnyNode[];
  const fail = (node: Node, message: string): never => {
    throw new CellCompileError(message, positionOf(js, node.start));
  };
  const declaration = (node: AnyNode): void => {
    if (node.type === "VariableDeclaration") {
      const kind = node.kind as string;
      if (kind === "const" || kind === "let") {
        // "const" → "var  ", "let" → "var": same length, columns kept.
        edits.push({ start: node.start, end: node.start + kind.length, text: "var".padEnd(kind.length) });
      }
      for (const d of node.declarations as { id: Pattern }[]) patternNames(d.id, declared);
    } else if (node.type === "FunctionDeclaration") {
      declared.push((node.id as Identifier).name);
    } else if (node.type === "ClassDeclaration") {
      const name = (node.id as Identifier).name;
      declared.push(name);
      edits.push({ start: node.start, end: node.start, text: `var ${name} = ` });
      edits.push({ start: node.end, end: node.end, text: ";" });
    }
  };
  for (const node of body) {
    if (node.type === "ImportDeclaration") {
      const from = (node.source as { value: string }).value;
      const line = positionOf(js, node.start).line;
      const specifiers = node.specifiers as (AnyNode & { local: Identifier; imported?: Identifier })[];
      const call = (names: string) => `__live.import(${JSON.stringify(from)}, ${names}, ${line})`;
      const parts: string[] = [];
      const named: string[] = [];
      const namedPattern: string[] = [];
      for (const s of specifiers) {
        declared.push(s.local.name);
        if (s.type === "ImportNamespaceSpecifier") parts.push(`${s.local.name} = ${call("[]")}`);
        else if (s.type === "ImportDefaultSpecifier") parts.push(`${s.local.name} = ${call('["default"]')}.default`);
        else {
          const imported = s.imported as AnyNode & { name?: string; value?: string };
          const name = imported.name ?? String(imported.value);
          if (used.has(s.local.name)) named.push(name);
          namedPattern.push(name === s.local.name ? name : `${JSON.stringify(name)}: ${s.local.name}`);
        }
      }
      if (namedPattern.length > 0) parts.push(`{ ${namedPattern.join(", ")} } = ${call(JSON.stringify(named))}`);
      const original = js.slice(node.start, node.end);
      const text = parts.length > 0 ? `var ${parts.join(", ")};` : `${call("[]")};`;
      edits.push({ start: node.start, end: node.end, text: text + newlinesOf(original) });
    } else if (node.type === "ExportNamedDeclaration" && node.declaration) {
      // `export const x = 1` in a cell: the export means nothing here; the declaration stays.
      const decl = node.declaration as AnyNode;
      edits.push({ start: node.start, end: decl.start, text: " ".repeat(decl.start - node.start) });
      declaration(decl);
    } else if (node.type.startsWith("Export")) {
      fail(node, "a notebook cell cannot export: declare the value (const x = …) and use it in the next cells");
    } else {
      declaration(node);
    }
  }
  // The value of a last expression statement is the cell's result (not a directive such as "use strict").
  const last = body[body.length - 1];
  if (last && last.type === "ExpressionStatement" && last.directive === undefined) {
    const expr = last.expression as Node;
    edits.push({ start: expr.start, end: expr.start, text: "__live.value((" });
    edits.push({ start: expr.end, end: expr.end, text: "))" });
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const shifts = [{ line: 1, column: 1, by: strictPrologue.length }];
  for (const e of edits) {
    if (e.start !== e.end) continue;
    const p = positionOf(js, e.start);
    shifts.push({ line: p.line, column: p.column + (p.line === 1 ? strictPrologue.length : 0), by: e.text.length });
  }
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += js.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += js.slice(at);
  // A top-level await parses in a module but not in the classic script the cell runs as.
  const awaitAt = topLevelAwait(program);
  if (awaitAt)
    throw new CellCompileError(
      "top-level await is not supported in a live cell: put the code in an async function and call it",
      positionOf(js, awaitAt.start),
    );
  return { code: `${strictPrologue}${out}\n//# sourceURL=${cellScriptName(cell)}\n`, declared, shifts };
}

/** The first `await` outside every function, if any (functions are not entered). */
function topLevelAwait(node: unknown): Node | undefined {
  if (node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = topLevelAwait(n);
      if (found) return found;
    }
    return undefined;
  }
  const n = node as AnyNode;
  if (typeof n.type !== "string") return undefined;
  if (n.type === "AwaitExpression" || (n.type === "ForOfStatement" && n.await === true)) return n;
  if (/Function|Class/.test(n.type)) return undefined;
  for (const key of Object.keys(n)) {
    if (key === "loc") continue;
    const found = topLevelAwait(n[key]);
    if (found) return found;
  }
  return undefined;
}
