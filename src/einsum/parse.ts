/**
 * Einsum specifications: the syntax (`ij,jk->ik`, implicit outputs, `...`) and its
 * resolution against operand shapes (sizes, broadcasting, diagonals).
 * @packageDocumentation
 * @internal
 */
import { EinsumSpecError, ShapeError } from "../core/errors";
import { formatShape, type Shape } from "../core/shape";

/** Marker for `...` inside a term. */
export const ELLIPSIS = -1;

/** One comma-separated term of a spec: letters (char codes) and at most one ELLIPSIS. */
export interface Term {
  readonly labels: readonly number[];
  /** 0-based position of the term's first character in the spec. */
  readonly start: number;
}

/** The syntax of a spec: input terms and the explicit output term, if any. */
export interface SpecSyntax {
  readonly spec: string;
  readonly inputs: readonly Term[];
  readonly output: Term | undefined;
}

/** The spec with a caret under `position`, for error messages. */
export function caret(spec: string, position: number): string {
  return `\n  ${spec}\n  ${" ".repeat(position)}^`;
}

function specError(spec: string, position: number, reason: string): EinsumSpecError {
  return new EinsumSpecError(`einsum: ${reason} (at position ${position} of the spec)${caret(spec, position)}`);
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Parse the syntax of `spec` (no shapes needed). */
export function parseSpec(spec: unknown): SpecSyntax {
  if (typeof spec !== "string") {
    throw new EinsumSpecError(`einsum: the spec must be a string such as "ij,jk->ik", got ${typeof spec}`);
  }
  const inputs: Term[] = [];
  let output: Term | undefined;
  let labels: number[] = [];
  let start = 0;
  let ellipsisAt = -1;
  let inOutput = false;
  const finish = (): void => {
    const term = { labels, start };
    if (inOutput) output = term;
    else inputs.push(term);
  };
  for (let pos = 0; pos < spec.length; pos++) {
    const ch = spec[pos];
    const c = spec.charCodeAt(pos);
    if (isLetter(c)) {
      if (inOutput && labels.includes(c)) {
        throw specError(spec, pos, `the output repeats the index '${ch}' (an output index may appear only once)`);
      }
      labels.push(c);
    } else if (ch === " ") {
      continue;
    } else if (ch === ",") {
      if (inOutput) throw specError(spec, pos, "',' after '->': the output is a single term");
      finish();
      labels = [];
      start = pos + 1;
      ellipsisAt = -1;
    } else if (ch === "-" || ch === ">") {
      if (ch === ">" || spec[pos + 1] !== ">") {
        throw specError(spec, pos, `stray '${ch}': the output is introduced by '->'`);
      }
      if (inOutput) throw specError(spec, pos, "a second '->': a spec has one output");
      finish();
      inOutput = true;
      labels = [];
      start = pos + 2;
      ellipsisAt = -1;
      pos++;
    } else if (ch === ".") {
      if (spec.slice(pos, pos + 3) !== "...") {
        throw specError(spec, pos, "'.' must be part of an ellipsis '...'");
      }
      if (ellipsisAt >= 0) {
        throw specError(spec, pos, `a second '...' in one term (the first is at position ${ellipsisAt})`);
      }
      ellipsisAt = pos;
      labels.push(ELLIPSIS);
      pos += 2;
    } else {
      throw specError(
        spec,
        pos,
        `invalid character ${JSON.stringify(ch)}: a spec contains letters a-z A-Z, '...', ',' and '->'`,
      );
    }
  }
  finish();
  return { spec, inputs, output };
}

/**
 * A spec resolved against operand shapes. Labels are numbers: letters are their
 * char codes, the k-th `...` axis counted from the right is `-1 - k`.
 */
export interface ResolvedSpec {
  readonly syntax: SpecSyntax;
  /** Per operand: one label per axis, in axis order (may repeat: a diagonal). */
  readonly inputs: readonly (readonly number[])[];
  /** Output labels in order (unique). */
  readonly output: readonly number[];
  /** Size of every label. */
  readonly sizes: ReadonlyMap<number, number>;
  /** Number of `...` axes of the output (broadcast over all operands). */
  readonly ellipsisRank: number;
  /** True when some operand's `...` axis of size 1 is broadcast to a larger size. */
  readonly broadcasts: boolean;
}

/** Resolve the syntax against operand shapes: ranks, sizes, broadcasting, the output. */
export function resolveSpec(syntax: SpecSyntax, shapes: readonly Shape[], what = "operand"): ResolvedSpec {
  const { spec, inputs: terms } = syntax;
  if (terms.length !== shapes.length) {
    throw new EinsumSpecError(
      `einsum: the spec ${JSON.stringify(spec)} has ${terms.length} input term${terms.length === 1 ? "" : "s"} ` +
        `but ${shapes.length} ${what}${shapes.length === 1 ? " was" : "s were"} given`,
    );
  }
  const sizes = new Map<number, number>();
  const seenAt = new Map<number, { operand: number; axis: number }>();
  const inputs: number[][] = [];
  let ellipsisRank = 0;
  let broadcasts = false;
  // Letters first: exact sizes.
  terms.forEach((term, t) => {
    const shape = shapes[t];
    const letters = term.labels.filter((l) => l !== ELLIPSIS).length;
    const hasEllipsis = term.labels.includes(ELLIPSIS);
    const rank = hasEllipsis ? shape.length - letters : 0;
    if (hasEllipsis ? rank < 0 : shape.length !== letters) {
      const text = spec.slice(term.start).split(/,|->/)[0];
      throw new ShapeError(
        `einsum: ${what} ${t} has shape ${formatShape(shape)} (${shape.length} ax${shape.length === 1 ? "is" : "es"}) ` +
          `but its term ${JSON.stringify(text.trim())} has ${letters} ind${letters === 1 ? "ex" : "ices"}` +
          `${hasEllipsis ? " plus '...'" : ""}${caret(spec, term.start)}`,
      );
    }
    ellipsisRank = Math.max(ellipsisRank, rank);
    const labels: number[] = [];
    for (const l of term.labels) {
      if (l === ELLIPSIS) for (let k = rank; k >= 1; k--) labels.push(-k);
      else labels.push(l);
    }
    labels.forEach((l, axis) => {
      if (l < 0) return;
      const d = shape[axis];
      const prev = seenAt.get(l);
      if (prev === undefined) {
        sizes.set(l, d);
        seenAt.set(l, { operand: t, axis });
      } else if (sizes.get(l) !== d) {
        const where =
          prev.operand === t
            ? `appears twice in ${what} ${t} (shape ${formatShape(shape)}) with sizes ${sizes.get(l)} (axis ${prev.axis}) and ${d} (axis ${axis})`
            : `has size ${sizes.get(l)} in ${what} ${prev.operand} (shape ${formatShape(shapes[prev.operand])}, axis ${prev.axis}) ` +
              `but size ${d} in ${what} ${t} (shape ${formatShape(shape)}, axis ${axis})`;
        throw new ShapeError(`einsum: index '${String.fromCharCode(l)}' ${where}`);
      }
    });
    inputs.push(labels);
  });
  // Ellipsis axes: broadcast (equal sizes, or 1).
  const ellipsisOwner = new Map<number, number>();
  inputs.forEach((labels, t) => {
    labels.forEach((l, axis) => {
      if (l >= 0) return;
      const d = shapes[t][axis];
      const prev = sizes.get(l);
      if (prev === undefined || prev === 1) {
        if (prev === 1 && d !== 1) broadcasts = true;
        sizes.set(l, d);
        ellipsisOwner.set(l, t);
      } else if (d === 1) {
        if (prev !== 1) broadcasts = true;
      } else if (d !== prev) {
        const other = ellipsisOwner.get(l) ?? 0;
        throw new ShapeError(
          `einsum: the '...' axes of ${what} ${other} (shape ${formatShape(shapes[other])}) and ${what} ${t} ` +
            `(shape ${formatShape(shapes[t])}) do not broadcast: sizes ${prev} and ${d} on ${what} ${t}'s axis ${axis}`,
        );
      }
    });
  });
  const ellipsisLabels: number[] = [];
  for (let k = ellipsisRank; k >= 1; k--) ellipsisLabels.push(-k);
  let output: number[];
  if (syntax.output !== undefined) {
    output = [];
    for (let i = 0; i < syntax.output.labels.length; i++) {
      const l = syntax.output.labels[i];
      if (l === ELLIPSIS) {
        output.push(...ellipsisLabels);
      } else {
        if (!sizes.has(l)) {
          const pos = outputPosition(spec, syntax.output.start, l);
          throw specError(spec, pos, `the output index '${String.fromCharCode(l)}' appears in no input term`);
        }
        output.push(l);
      }
    }
    if (ellipsisRank > 0 && !syntax.output.labels.includes(ELLIPSIS)) {
      throw specError(
        spec,
        syntax.output.start,
        `the inputs' '...' stands for ${ellipsisRank} ax${ellipsisRank === 1 ? "is" : "es"} but the output has no '...' ` +
          `(write '...' in the output, or name the axes with letters to sum over them)`,
      );
    }
  } else {
    const counts = new Map<number, number>();
    for (const labels of inputs) for (const l of labels) if (l >= 0) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l);
    once.sort((a, b) => a - b);
    output = [...ellipsisLabels, ...once];
  }
  return { syntax, inputs, output, sizes, ellipsisRank, broadcasts };
}

function outputPosition(spec: string, start: number, label: number): number {
  const at = spec.indexOf(String.fromCharCode(label), start);
  return at < 0 ? start : at;
}

/**
 * The explicit form of a resolved spec (always with '->', no spaces). `...` is written
 * out as unused letters when that is possible (no size-1 broadcasting, enough letters
 * left), so the result is then a plain-letter spec.
 */
export function explicitSpec(r: ResolvedSpec): string {
  const used = new Set<number>();
  for (const labels of r.inputs) for (const l of labels) if (l >= 0) used.add(l);
  const free: number[] = [];
  for (let c = 97; c <= 122; c++) if (!used.has(c)) free.push(c);
  for (let c = 65; c <= 90; c++) if (!used.has(c)) free.push(c);
  const spellOut = !r.broadcasts && free.length >= r.ellipsisRank;
  const name = (l: number): string => (l >= 0 ? String.fromCharCode(l) : String.fromCharCode(free[r.ellipsisRank + l]));
  const term = (labels: readonly number[]): string => {
    if (spellOut) return labels.map(name).join("");
    let s = "";
    let dots = false;
    for (const l of labels) {
      if (l >= 0) s += String.fromCharCode(l);
      else if (!dots) {
        s += "...";
        dots = true;
      }
    }
    return s;
  };
  const ins = r.inputs.map((labels, t) => {
    // An operand whose '...' covers no axis still wrote '...': keep it when not spelling out.
    if (!spellOut && r.syntax.inputs[t].labels.includes(ELLIPSIS) && !labels.some((l) => l < 0)) {
      const letters = r.syntax.inputs[t].labels;
      return letters.map((l) => (l === ELLIPSIS ? "..." : String.fromCharCode(l))).join("");
    }
    return term(labels);
  });
  const out = !spellOut && r.ellipsisRank === 0 && r.syntax.output?.labels.includes(ELLIPSIS) ? "..." : "";
  return `${ins.join(",")}->${out}${term(r.output)}`;
}
