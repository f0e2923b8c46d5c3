/**
 * An independent reference for einsum: a generator of random valid specs (as structured
 * data, rendered to a string) and an interpreter that loops over every index value.
 */
import fc from "fast-check";
import { Tensor } from "../../src";

/** One operand's term: letters and, optionally, an ellipsis of `rank` axes at position `at`. */
export interface RefTerm {
  letters: string[];
  ellipsis?: { at: number; rank: number };
}

export interface RefCase {
  spec: string;
  terms: RefTerm[];
  /** Explicit output letters (undefined → implicit); `ellipsisAt` places '...' in it. */
  output?: { letters: string[]; ellipsisAt?: number };
  sizes: Record<string, number>;
  /** Sizes of the broadcast '...' axes (right-aligned), length = max rank. */
  ellipsisSizes: number[];
  operands: Tensor[];
}

/** Axis sizes of operand t (ellipsis axes may be 1 where broadcast). */
function render(terms: RefTerm[], output: RefCase["output"]): string {
  const term = (t: RefTerm): string => {
    const parts = [...t.letters];
    if (t.ellipsis) parts.splice(t.ellipsis.at, 0, "...");
    return parts.join("");
  };
  let s = terms.map(term).join(",");
  if (output) {
    const parts = [...output.letters];
    if (output.ellipsisAt !== undefined) parts.splice(output.ellipsisAt, 0, "...");
    s += "->" + parts.join("");
  }
  return s;
}

/** The implicit output by numpy's rule: letters appearing exactly once, sorted by char code. */
export function implicitLetters(terms: RefTerm[]): string[] {
  const count = new Map<string, number>();
  for (const t of terms) for (const l of t.letters) count.set(l, (count.get(l) ?? 0) + 1);
  return [...count]
    .filter(([, c]) => c === 1)
    .map(([l]) => l)
    .sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
}

/** Random valid einsum cases: 1..maxOps operands, letters from a small pool with repeats, optional '...'. */
export function refCase(maxOps = 4, withEllipsis = true): fc.Arbitrary<RefCase> {
  const pool = ["a", "b", "c", "d", "e", "A", "Z"];
  return fc
    .record({
      nOps: fc.integer({ min: 1, max: maxOps }),
      sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: pool.length, maxLength: pool.length }),
      termLetters: fc.array(fc.array(fc.constantFrom(...pool), { minLength: 0, maxLength: 4 }), {
        minLength: 5,
        maxLength: 5,
      }),
      ellipsisRank: fc.integer({ min: 0, max: withEllipsis ? 2 : 0 }),
      ellipsisSizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
      ellipsisUse: fc.array(
        fc.record({
          use: fc.boolean(),
          rank: fc.integer({ min: 0, max: 2 }),
          at: fc.nat(),
          bc: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        }),
        { minLength: 5, maxLength: 5 },
      ),
      explicit: fc.boolean(),
      outPick: fc.array(fc.boolean(), { minLength: pool.length, maxLength: pool.length }),
      outOrder: fc.array(fc.nat(), { minLength: pool.length, maxLength: pool.length }),
      outEllipsisAt: fc.nat(),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .map((g) => {
      const sizes: Record<string, number> = {};
      pool.forEach((l, i) => (sizes[l] = g.sizes[i]));
      const terms: RefTerm[] = [];
      const eSizes = g.ellipsisSizes.slice(0, g.ellipsisRank);
      const opShapes: number[][] = [];
      let maxRank = 0;
      for (let t = 0; t < g.nOps; t++) {
        const letters = g.termLetters[t];
        const term: RefTerm = { letters };
        const shape = letters.map((l) => sizes[l]);
        const eu = g.ellipsisUse[t];
        if (g.ellipsisRank > 0 && eu.use) {
          const rank = Math.min(eu.rank, g.ellipsisRank);
          const at = eu.at % (letters.length + 1);
          term.ellipsis = { at, rank };
          // Right-aligned: this operand's '...' axes are the last `rank` of eSizes; each may be broadcast (1).
          const dims = eSizes.slice(eSizes.length - rank).map((d, i) => (eu.bc[i] ? 1 : d));
          shape.splice(at, 0, ...dims);
          maxRank = Math.max(maxRank, rank);
        }
        terms.push(term);
        opShapes.push(shape);
      }
      // The effective '...' sizes: the max over operands of each right-aligned axis (1 if all broadcast).
      const effective = new Array<number>(maxRank).fill(1);
      terms.forEach((term, t) => {
        if (!term.ellipsis) return;
        const { at, rank } = term.ellipsis;
        for (let i = 0; i < rank; i++) {
          const d = opShapes[t][at + i];
          const e = maxRank - rank + i;
          effective[e] = Math.max(effective[e], d);
        }
      });
      let output: RefCase["output"];
      const used = [...new Set(terms.flatMap((t) => t.letters))];
      if (g.explicit) {
        const picked = used.filter((l) => g.outPick[pool.indexOf(l)]);
        picked.sort((a, b) => g.outOrder[pool.indexOf(a)] - g.outOrder[pool.indexOf(b)] || a.localeCompare(b));
        output = { letters: picked };
        if (terms.some((t) => t.ellipsis)) output.ellipsisAt = g.outEllipsisAt % (picked.length + 1);
      }
      let s = g.seed;
      const next = (): number => {
        s = (s * 1103515245 + 12345) % 2147483648;
        return (s % 7) - 3;
      };
      const operands = opShapes.map((shape) => {
        const n = shape.reduce((a, b) => a * b, 1);
        return new Tensor(Float64Array.from({ length: n }, next), shape);
      });
      return { spec: render(terms, output), terms, output, sizes, ellipsisSizes: effective, operands };
    });
}

/** Evaluate a case by looping over every value of every index. */
export function referenceEinsum(c: RefCase): Tensor {
  const letters = [...new Set(c.terms.flatMap((t) => t.letters))];
  const outLetters = c.output ? c.output.letters : implicitLetters(c.terms);
  const eRank = c.ellipsisSizes.length;
  // Loop variables: letters, then '...' axes (named "#0", "#1", … left to right).
  const vars = [...letters, ...c.ellipsisSizes.map((_, i) => `#${i}`)];
  const varSize = (v: string): number => (v.startsWith("#") ? c.ellipsisSizes[Number(v.slice(1))] : c.sizes[v]);
  const outVars: string[] = [...outLetters];
  const eVars = c.ellipsisSizes.map((_, i) => `#${i}`);
  if (c.output === undefined || c.output.ellipsisAt !== undefined) {
    outVars.splice(c.output?.ellipsisAt ?? 0, 0, ...eVars);
  }
  const outShape = outVars.map(varSize);
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  const value: Record<string, number> = {};
  const entry = (t: number): number => {
    const term = c.terms[t];
    const op = c.operands[t];
    const axes: string[] = [...term.letters];
    if (term.ellipsis) {
      const ev = eVars.slice(eRank - term.ellipsis.rank);
      axes.splice(term.ellipsis.at, 0, ...ev);
    }
    let off = 0;
    axes.forEach((v, a) => {
      const i = op.shape[a] === 1 ? 0 : value[v];
      off = off * op.shape[a] + i;
    });
    return op.data[off];
  };
  const loop = (d: number): void => {
    if (d === vars.length) {
      let p = 1;
      for (let t = 0; t < c.terms.length; t++) p *= entry(t);
      let off = 0;
      outVars.forEach((v, a) => (off = off * outShape[a] + value[v]));
      out[off] += p;
      return;
    }
    for (let i = 0; i < varSize(vars[d]); i++) {
      value[vars[d]] = i;
      loop(d + 1);
    }
  };
  loop(0);
  return new Tensor(out, outShape);
}
