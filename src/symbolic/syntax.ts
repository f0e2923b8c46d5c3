/**
 * The syntax help of the expression language, built from the registry of operations (the
 * CLI's `--help`, the calculator's syntax line and the README's list come from here).
 * @packageDocumentation
 */
import type { SymOpDef } from "./opdef";
import { SYMBOLIC_OPS } from "./ops/registry";

/** One operation of the language: how to write it and what it is. */
export interface SyntaxEntry {
  /** The op's name in the expression tree (`tr`, `mul`, …). */
  readonly op: string;
  /** How to write it, e.g. `tr(A), trace(A)`. */
  readonly usage: string;
  /** What it is, e.g. `trace`. */
  readonly meaning: string;
  /** The function names the parser reads for it (`tr`, `trace`), if it is called like a function. */
  readonly functions: readonly string[];
}

/**
 * Every operation the parser reads, in the registry's order.
 * @example
 * ```ts
 * import { syntaxEntries } from "tensorcalc";
 * const tr = syntaxEntries().find((s) => s.op === "tr");
 * console.log(tr?.usage, "—", tr?.meaning); // tr(A), trace(A) — trace
 * ```
 */
export function syntaxEntries(): SyntaxEntry[] {
  return (SYMBOLIC_OPS as readonly SymOpDef[])
    .filter((d) => d.traits.notation !== true)
    .map((d) => ({
      op: d.op,
      usage: d.help.usage,
      meaning: d.help.meaning,
      functions: d.syntax.flatMap((s) => (s.kind === "call" ? s.names : [])),
    }));
}

/**
 * The syntax help as aligned text lines (two-space indent), for a terminal.
 * @example
 * ```ts
 * import { syntaxHelp } from "tensorcalc";
 * console.log(syntaxHelp().split("\n").find((l) => l.includes("trace")));
 * ```
 */
export function syntaxHelp(): string {
  const entries = syntaxEntries();
  const width = Math.max(...entries.map((e) => e.usage.length));
  return entries.map((e) => `  ${e.usage.padEnd(width)}  ${e.meaning}`).join("\n");
}
