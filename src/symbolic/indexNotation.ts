/**
 * Index notation in the expression language: `T[i,j,k] * x[i]` is the product of its factors
 * summed over every index that appears twice (Einstein's convention), its free indices in order
 * of appearance, or as written after `->` (`T[i,j,k] * x[i] -> [k,j]`). The parser reads such a
 * product into one einsum node (`symbolic/ops/einsum.ts`), so it has no rules of its own.
 * @packageDocumentation
 */
import { type EinsumExpr, type Expr, isNum } from "./expr";

/** An index as written: its name and its position in the source. */
export interface WrittenIndex {
  readonly name: string;
  readonly pos: number;
}

/** A factor of a product in index notation: an operand and its indices (none: a number). */
export interface IndexedFactor {
  readonly expr: Expr;
  readonly indices: readonly WrittenIndex[] | undefined;
}

/** Why a product in index notation cannot be read, with the position to point at. */
export interface IndexNotationError {
  readonly message: string;
  readonly pos: number;
  readonly length: number;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * The einsum node of a product in index notation, or why it cannot be read. A factor without
 * indices must be a number (a scalar multiple); an index may appear once (free) or twice
 * (summed) unless the output is written.
 */
export function lowerIndexProduct(
  factors: readonly IndexedFactor[],
  output: readonly WrittenIndex[] | undefined,
  start: number,
  end: number,
): EinsumExpr | IndexNotationError {
  const bare = factors.find((f) => f.indices === undefined && !isNum(f.expr));
  if (bare !== undefined)
    return {
      message:
        "in index notation every factor is written with its indices (T[i,j,k] * x[i]); a factor without them may only be a number",
      pos: bare.expr.start,
      length: Math.max(1, bare.expr.end - bare.expr.start),
    };
  const written = factors.flatMap((f) => f.indices ?? []);
  const count = new Map<string, number>();
  for (const w of written) {
    const c = (count.get(w.name) ?? 0) + 1;
    count.set(w.name, c);
    if (c > 2 && output === undefined)
      return {
        message: `the index ${w.name} appears ${c} times: a repeated index is summed when it appears twice, so which indices are free is ambiguous; write the output, e.g. -> [${w.name}]`,
        pos: w.pos,
        length: w.name.length,
      };
  }
  let out: readonly WrittenIndex[];
  if (output !== undefined) {
    const seen = new Set<string>();
    for (const w of output) {
      if (!count.has(w.name))
        return { message: `the output index ${w.name} appears in no factor`, pos: w.pos, length: w.name.length };
      if (seen.has(w.name))
        return { message: `the output repeats the index ${w.name}`, pos: w.pos, length: w.name.length };
      seen.add(w.name);
    }
    out = output;
  } else {
    const seen = new Set<string>();
    out = written.filter((w) => count.get(w.name) === 1 && !seen.has(w.name) && (seen.add(w.name), true));
  }
  // one letter per index name: single letters stay as written, longer names (k1, i_2) get unused ones
  const letters = new Map<string, string>();
  const names = [...count.keys()];
  for (const n of names) if (n.length === 1 && LETTERS.includes(n)) letters.set(n, n);
  const free = [...LETTERS].filter((c) => !letters.has(c));
  for (const n of names)
    if (!letters.has(n)) {
      const c = free.shift();
      if (c === undefined)
        return { message: "more distinct indices than einsum has letters (52)", pos: start, length: end - start };
      letters.set(n, c);
    }
  const term = (ws: readonly WrittenIndex[]): string => ws.map((w) => letters.get(w.name)).join("");
  const spec = `${factors.map((f) => term(f.indices ?? [])).join(",")}->${term(out)}`;
  const [first, ...more] = factors.map((f) => f.expr);
  return { op: "einsum", spec, args: [first, ...more], start, end };
}
