/**
 * The parser of matrix expressions (`A' * B`, `tr(inv(X) * A)`, `x'Ax`, `alpha * B' : beta`).
 * @packageDocumentation
 */
import { ParseError } from "../core/errors";
import {
  along,
  type AxisOp,
  binary,
  type BinaryOp,
  type Dim,
  type Expr,
  num,
  sym,
  unary,
  type UnaryOp,
  withSpan,
  isNum,
} from "./expr";
import type { SymOpDef, Syntax } from "./opdef";
import { opDef, SYMBOLIC_OPS } from "./ops/registry";
import { einsumSpecProblem } from "./ops/einsum";
import { type IndexedFactor, lowerIndexProduct, type WrittenIndex } from "./indexNotation";

/** Source line plus a caret line under `[pos, pos + len)`, indented by two spaces. */
export function caretLines(source: string, pos: number, len = 1): string {
  const line = source.replace(/[\r\n\t]/g, " ");
  const p = Math.max(0, Math.min(pos, line.length));
  const n = Math.max(1, Math.min(len, Math.max(1, line.length - p)));
  return `  ${line}\n  ${" ".repeat(p)}${"^".repeat(n)}`;
}

type TokKind = "id" | "num" | "op" | "str" | "end";
interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const MAX_DEPTH = 200;

const sources = new WeakMap<Expr, string>();

/** @internal The source text an expression (root) was parsed from, if any. */
export function sourceOf(e: Expr): string | undefined {
  return sources.get(e);
}
const MAX_LENGTH = 10000;

function fail(source: string, pos: number, message: string, len = 1): never {
  throw new ParseError(`parse error at position ${pos}: ${message}\n${caretLines(source, pos, len)}`, pos, source);
}

/** The parser's tables, built once from the registry of ops. */
interface Tables {
  /** `name(…)` → op. */
  readonly calls: ReadonlyMap<string, SymOpDef>;
  /** `name(a, k)` → the op along axis k. */
  readonly alongs: ReadonlyMap<string, SymOpDef>;
  /** Constant names → op and the allowed counts of size arguments. */
  readonly constants: ReadonlyMap<string, Extract<Syntax, { kind: "constant" }>>;
  /** `E(i, j)`-style names. */
  readonly entries: ReadonlyMap<string, SymOpDef>;
  readonly infix: ReadonlyMap<string, { def: SymOpDef; level: "sum" | "product" }>;
  readonly prefix: ReadonlyMap<string, SymOpDef>;
  readonly postfix: ReadonlyMap<string, SymOpDef>;
  /** `a tok p` at postfix precedence (`.^`). */
  readonly power: ReadonlyMap<string, SymOpDef>;
  /** `name("spec", …)` (einsum) and `name(a, [axes])` (permute). */
  readonly specs: ReadonlyMap<string, SymOpDef>;
  readonly axesCalls: ReadonlyMap<string, SymOpDef>;
  /** `vector(1)` / `matrix(1)` → rank. */
  readonly ones: ReadonlyMap<string, { def: SymOpDef; rank: 1 | 2 }>;
  /** Every operator token, longest first. */
  readonly tokens: readonly string[];
  /** Multi-letter names, matched as one word. */
  readonly word: RegExp;
}

/** Tokens of the grammar itself (grouping, arguments, powers, a leading +). */
const GRAMMAR_TOKENS = ["(", ")", "{", "}", ",", "^", "+", "[", "]", "->"];

function buildTables(): Tables {
  const calls = new Map<string, SymOpDef>();
  const alongs = new Map<string, SymOpDef>();
  const constants = new Map<string, Extract<Syntax, { kind: "constant" }>>();
  const entries = new Map<string, SymOpDef>();
  const infix = new Map<string, { def: SymOpDef; level: "sum" | "product" }>();
  const prefix = new Map<string, SymOpDef>();
  const postfix = new Map<string, SymOpDef>();
  const power = new Map<string, SymOpDef>();
  const ones = new Map<string, { def: SymOpDef; rank: 1 | 2 }>();
  const specs = new Map<string, SymOpDef>();
  const axesCalls = new Map<string, SymOpDef>();
  for (const def of SYMBOLIC_OPS as readonly SymOpDef[]) {
    for (const syn of def.syntax) {
      if (syn.kind === "call") syn.names.forEach((n) => calls.set(n, def));
      else if (syn.kind === "axis") syn.names.forEach((n) => alongs.set(n, def));
      else if (syn.kind === "constant") syn.names.forEach((n) => constants.set(n, syn));
      else if (syn.kind === "entry") syn.names.forEach((n) => entries.set(n, def));
      else if (syn.kind === "infix") syn.tokens.forEach((t) => infix.set(t, { def, level: syn.level }));
      else if (syn.kind === "prefix") syn.tokens.forEach((t) => prefix.set(t, def));
      else if (syn.kind === "power") syn.tokens.forEach((t) => power.set(t, def));
      else if (syn.kind === "ones") syn.names.forEach((n, i) => ones.set(n, { def, rank: i === 0 ? 1 : 2 }));
      else if (syn.kind === "spec") syn.names.forEach((n) => specs.set(n, def));
      else if (syn.kind === "axes") syn.names.forEach((n) => axesCalls.set(n, def));
      else syn.tokens.forEach((t) => postfix.set(t, def));
    }
  }
  const tokens = [
    ...new Set([...infix.keys(), ...prefix.keys(), ...postfix.keys(), ...power.keys(), ...GRAMMAR_TOKENS]),
  ].sort((a, b) => b.length - a.length);
  const words = [
    ...new Set([...calls.keys(), ...alongs.keys(), ...specs.keys(), ...axesCalls.keys()]),
    ...constants.keys(),
    ...entries.keys(),
    ...ones.keys(),
  ]
    .filter((w) => /^[A-Za-z][A-Za-z0-9]+$/.test(w))
    .sort((a, b) => b.length - a.length);
  const word = new RegExp(`^(?:${words.join("|")})(?![A-Za-z])`);
  return { calls, alongs, constants, entries, infix, prefix, postfix, power, ones, specs, axesCalls, tokens, word };
}

/** The tables, built once from the registry (they never change). */
const TABLES: Tables = buildTables();

function tokenize(src: string, tb: Tables): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word = tb.word.exec(src.slice(i, i + 20));
    const call = word ? null : /^([a-z][a-z0-9_]+)\s*\(/.exec(src.slice(i, i + 60));
    if (call && (i === 0 || !/[A-Za-z0-9_]/.test(src[i - 1]))) {
      const known = [...new Set([...tb.calls.keys(), ...tb.alongs.keys(), ...tb.specs.keys(), ...tb.axesCalls.keys()])];
      const close = known.find((k) => editDistance(k, call[1]) <= 1);
      fail(
        src,
        i,
        `unknown function ${call[1]}(…)${close ? ` (did you mean ${close}?)` : ""}; functions are ${known.join(", ")}, and ${[...tb.constants.keys(), ...tb.entries.keys()].join(", ")} (symbols are one letter: write ${[...call[1]].join(" ")} for a product)`,
        call[1].length,
      );
    }
    const idm = word ?? /^(?:[A-Za-z](?:\d+|_[A-Za-z0-9]+)?|[αβδ])/.exec(src.slice(i, i + 200));
    if (idm) {
      toks.push({ kind: "id", text: idm[0], pos: i });
      i += idm[0].length;
      continue;
    }
    if (c === '"') {
      // a string: the spec of einsum("ij,jk->ik", A, B)
      const close = src.indexOf('"', i + 1);
      if (close < 0) fail(src, i, "unterminated string: a spec is written between double quotes");
      toks.push({ kind: "str", text: src.slice(i + 1, close), pos: i });
      i = close + 1;
      continue;
    }
    const nm = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
    if (nm) {
      toks.push({ kind: "num", text: nm[0], pos: i });
      i += nm[0].length;
      continue;
    }
    const op = tb.tokens.find((o) => src.startsWith(o, i));
    if (op !== undefined) {
      toks.push({ kind: "op", text: op, pos: i });
      i += op.length;
      continue;
    }
    const ch = String.fromCodePoint(src.codePointAt(i) ?? 0);
    fail(src, i, `unexpected character ${JSON.stringify(ch)}`);
  }
  toks.push({ kind: "end", text: "", pos: src.length });
  return toks;
}

/** Levenshtein distance (for "did you mean"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
    private readonly tb: Tables,
    private readonly differentials: boolean,
  ) {}

  private peek(): Token {
    return this.toks[this.i];
  }
  private next(): Token {
    return this.toks[this.i++];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === text;
  }
  private expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== "op" || t.text !== text) fail(this.src, t.pos, `expected '${text}' ${what}, found ${describe(t)}`);
    return this.next();
  }

  parseAll(): Expr {
    if (this.peek().kind === "end") fail(this.src, 0, "empty expression");
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== "end") {
      const msg =
        t.kind === "op" && t.text === ")" ? "unmatched ')'" : `unexpected ${describe(t)} after a complete expression`;
      fail(this.src, t.pos, msg);
    }
    return e;
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) fail(this.src, pos, `expression nested more than ${MAX_DEPTH} levels deep`);
  }

  /** The infix op of `t` at `level`, if it is one. */
  private infixAt(t: Token, level: "sum" | "product"): BinaryOp | undefined {
    if (t.kind !== "op") return undefined;
    const x = this.tb.infix.get(t.text);
    return x !== undefined && x.level === level ? (x.def.op as BinaryOp) : undefined;
  }

  private expr(): Expr {
    this.enter(this.peek().pos);
    let left = this.term();
    for (;;) {
      const op = this.infixAt(this.peek(), "sum");
      if (op === undefined) break;
      this.next();
      const right = this.term();
      left = binary(op, left, right, left.start, right.end);
    }
    this.depth--;
    return left;
  }

  private term(): Expr {
    let left = this.unary();
    const factors = [left];
    let other: Token | undefined;
    for (;;) {
      const t = this.peek();
      const op = this.infixAt(t, "product");
      if (op !== undefined) {
        this.next();
        const right = this.unary();
        if (opDef(op).traits.matrixProduct !== true) other ??= t;
        factors.push(right);
        left = binary(op, left, right, left.start, right.end);
      } else if (t.kind === "id" || (t.kind === "op" && t.text === "(")) {
        // juxtaposition: x'Ax, 2A, A(B + C)
        const right = this.unary();
        factors.push(right);
        left = binary("mul", left, right, left.start, right.end);
      } else break;
    }
    const arrow = this.isOp("->") ? this.peek() : undefined;
    if (!factors.some((f) => this.indexed.has(f))) {
      if (arrow !== undefined)
        fail(
          this.src,
          arrow.pos,
          "'->' writes the output of a product in index notation, e.g. T[i,j,k] * x[i] -> [k,j]",
          2,
        );
      return left;
    }
    // a product in index notation (T[i,j,k] * x[i]): one einsum node
    if (other !== undefined)
      fail(
        this.src,
        other.pos,
        `'${other.text}' in index notation: the factors of a product with indices are multiplied with * (or side by side)`,
        other.text.length,
      );
    let output: WrittenIndex[] | undefined;
    let end = left.end;
    if (arrow !== undefined) {
      this.next();
      const open = this.expectOp("[", "after '->' (the output indices, e.g. -> [j,k])");
      const r = this.indexList(open);
      output = r.indices;
      end = r.end;
    }
    const parts: IndexedFactor[] = factors.map((f) => ({ expr: f, indices: this.indexed.get(f) }));
    const r = lowerIndexProduct(parts, output, left.start, end);
    if ("message" in r) fail(this.src, r.pos, r.message, r.length);
    return r;
  }

  /** Operands written with indices (`T[i,j,k]`) and their indices, until their product is read. */
  private readonly indexed = new WeakMap<Expr, WrittenIndex[]>();

  /** After `[`: index names separated by commas, then `]`. */
  private indexList(open: Token): { indices: WrittenIndex[]; end: number } {
    const indices: WrittenIndex[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === "op" && t.text === "]" && indices.length === 0) return { indices, end: t.pos + 1 };
      if (t.kind !== "id")
        fail(this.src, t.pos, `expected an index name such as i (indices are written T[i,j,k]), found ${describe(t)}`);
      indices.push({ name: t.text, pos: t.pos });
      const c = this.next();
      if (c.kind === "op" && c.text === "]") return { indices, end: c.pos + 1 };
      if (c.kind !== "op" || c.text !== ",")
        fail(
          this.src,
          c.pos,
          `expected ',' or ']' in the indices opened at position ${open.pos}, found ${describe(c)}`,
        );
    }
  }

  private unary(): Expr {
    const t = this.peek();
    const pre = t.kind === "op" ? this.tb.prefix.get(t.text) : undefined;
    if (t.kind === "op" && (pre !== undefined || t.text === "+")) {
      this.next();
      this.enter(t.pos);
      const arg = this.unary();
      this.depth--;
      if (pre === undefined) return arg;
      if (pre.traits.negation === true && isNum(arg) && arg.start === t.pos + 1) return num(-arg.value, t.pos, arg.end);
      return unary(pre.op as UnaryOp, arg, t.pos, arg.end);
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      const post = t.kind === "op" ? this.tb.postfix.get(t.text) : undefined;
      if (post !== undefined) {
        this.next();
        e = unary(post.op as UnaryOp, e, e.start, t.pos + t.text.length);
      } else if (t.kind === "op" && t.text === "[") {
        // an operand with indices, T[i,j,k]: read by the product it is a factor of (index notation)
        this.next();
        const { indices, end } = this.indexList(t);
        e = withSpan(e, e.start, end);
        this.indexed.set(e, indices);
      } else if (t.kind === "op" && t.text === "^") {
        this.next();
        e = this.power(e, t);
      } else if (t.kind === "op" && this.tb.power.has(t.text)) {
        // X .^ p: the exponent is an operand (a number, a symbol, a call or a parenthesized expression)
        this.next();
        this.enter(t.pos);
        const p = this.unary();
        this.depth--;
        e = binary("pow", e, p, e.start, p.end);
      } else break;
    }
    return e;
  }

  /** After `^(`: is the exponent one of the written forms T, -1, -T, -p (a number) or a number, then `close`? */
  private simpleExponent(close: string): boolean {
    const [a, b, c] = [this.toks[this.i], this.toks[this.i + 1], this.toks[this.i + 2]];
    const closes = (x: Token | undefined): boolean => x !== undefined && x.kind === "op" && x.text === close;
    if ((a.kind === "id" && a.text === "T") || a.kind === "num") return closes(b);
    if (a.kind === "op" && (a.text === "-" || a.text === "−"))
      return b !== undefined && ((b.kind === "id" && b.text === "T") || b.kind === "num") && closes(c);
    return false;
  }

  private power(base: Expr, caret: Token): Expr {
    let close: string | undefined;
    if (this.isOp("{")) close = "}";
    else if (this.isOp("(")) close = ")";
    if (close !== undefined) this.next();
    const t = this.peek();
    let result: Expr | undefined;
    if (close !== undefined && !this.simpleExponent(close)) {
      // a parenthesized exponent that is more than T, -1, -T or a whole 1..16: (2 .^ C + 1), (p')
      const p = this.expr();
      this.expectOp(close, `to close the exponent opened at position ${caret.pos + 1}`);
      return binary("spow", base, p, base.start, p.end);
    }
    if (t.kind === "id" && t.text === "T") {
      this.next();
      result = unary("T", base, base.start, t.pos + 1);
    } else if (t.kind === "op" && (t.text === "-" || t.text === "−")) {
      this.next();
      const u = this.peek();
      if (u.kind === "num" && u.text === "1") {
        this.next();
        result = unary("inv", base, base.start, u.pos + 1);
      } else if (u.kind === "id" && u.text === "T") {
        this.next();
        result = unary("T", unary("inv", base, base.start, u.pos + 1), base.start, u.pos + 1);
      } else if (u.kind === "num" || u.kind === "id" || (u.kind === "op" && u.text === "(")) {
        // s ^ -p: the power of a scalar with a negative exponent, (xᵀx)^-2, s^-0.5, s^-(a+b)
        const p = close !== undefined ? this.expr() : this.unary();
        result = binary(
          "spow",
          base,
          isNum(p) ? num(-p.value, t.pos, p.end) : unary("neg", p, t.pos, p.end),
          base.start,
          p.end,
        );
      } else
        fail(
          this.src,
          u.pos,
          `expected 1, T or an exponent after '^-' (A^-1 is the inverse, A^-T its transpose, s^-2 a power of a scalar), found ${describe(u)}`,
        );
    } else if (t.kind === "num" && /^\d+$/.test(t.text) && Number(t.text) >= 1 && Number(t.text) <= 16) {
      this.next();
      const n = Number(t.text);
      result = base;
      for (let k = 1; k < n; k++) result = binary("mul", result, base, base.start, t.pos + t.text.length);
    } else if (t.kind === "num" || t.kind === "id" || (t.kind === "op" && t.text === "(")) {
      // s ^ p for any other exponent: the power of a scalar (X .^ p raises entries)
      const p = close !== undefined ? this.expr() : this.unary();
      result = binary("spow", base, p, base.start, p.end);
    } else {
      fail(this.src, t.pos, `expected T, -1, -T, a whole power 1..16 or an exponent after '^', found ${describe(t)}`);
    }
    if (close !== undefined) this.expectOp(close, `to close the exponent opened at position ${caret.pos + 1}`);
    return result;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === "num") {
      this.next();
      const v = Number(t.text);
      if (!Number.isFinite(v)) fail(this.src, t.pos, `number ${t.text} is not finite`, t.text.length);
      return num(v, t.pos, t.pos + t.text.length);
    }
    if (t.kind === "op" && t.text === "(") {
      this.next();
      const e = this.expr();
      const c = this.peek();
      if (c.kind !== "op" || c.text !== ")")
        fail(this.src, c.pos, `expected ')' to close the '(' at position ${t.pos}, found ${describe(c)}`);
      this.next();
      return withSpan(e, t.pos, c.pos + 1);
    }
    if (t.kind === "id") return this.identifier();
    if (t.kind === "end")
      fail(this.src, t.pos, "expected an operand (a symbol, a number or '('), found the end of the expression");
    fail(this.src, t.pos, `expected an operand (a symbol, a number or '('), found ${describe(t)}`);
  }

  private args(name: Token): { args: Token[][]; end: number } {
    this.expectOp("(", `after ${name.text}`);
    const out: Token[][] = [];
    let cur: Token[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === "end") fail(this.src, t.pos, `expected ')' to close ${name.text}(`);
      if (t.kind === "op" && t.text === ")") {
        out.push(cur);
        return { args: out, end: t.pos + 1 };
      }
      if (t.kind === "op" && t.text === ",") {
        out.push(cur);
        cur = [];
      } else cur.push(t);
    }
  }

  private dimArgs(name: Token, count: readonly number[]): { dims: Dim[]; end: number } {
    const { args, end } = this.args(name);
    if (!count.includes(args.length)) {
      fail(
        this.src,
        name.pos,
        `${name.text}(…) takes ${count.join(" or ")} size argument(s), got ${args.length}`,
        end - name.pos,
      );
    }
    const dims = args.map((a) => {
      if (
        a.length !== 1 ||
        (a[0].kind !== "num" && a[0].kind !== "id") ||
        (a[0].kind === "num" && !/^\d+$/.test(a[0].text))
      ) {
        const p = a.length > 0 ? a[0].pos : end - 1;
        fail(this.src, p, `${name.text}(…): each size must be a whole number or a dimension name like m`);
      }
      return a[0].kind === "num" ? Number(a[0].text) : a[0].text;
    });
    return { dims, end };
  }

  /** The rest of `name(a, k)` after `a`: the axis, a whole number from 1, and the closing parenthesis. */
  private alongRest(t: Token, def: SymOpDef, a: Expr): Expr {
    const name = t.text;
    this.expectOp(",", `between the argument and the axis of ${name}(X, k)`);
    const k = this.next();
    if (k.kind !== "num" || !/^\d+$/.test(k.text) || Number(k.text) < 1)
      fail(
        this.src,
        k.pos,
        `${name}(X, k): the axis k must be a whole number counted from 1 (1: down each column, 2: along each row)`,
        Math.max(1, k.text.length),
      );
    const c = this.expectOp(")", `to close ${name}(`);
    return along(def.op as AxisOp, a, Number(k.text) - 1, t.pos, c.pos + 1);
  }

  /** `einsum("spec", A, B, …)`: the spec's syntax is checked by the einsum parser, with a caret under the fault. */
  private specCall(t: Token, def: SymOpDef, hasParen: boolean): Expr {
    const usage = `${t.text}("ij,jk->ik", A, B)`;
    if (!hasParen) fail(this.src, t.pos, `${t.text} is a function: write ${usage}`, t.text.length);
    this.next();
    const s = this.next();
    if (s.kind !== "str")
      fail(this.src, s.pos, `${t.text}: the first argument is the spec, a string such as "ij,jk->ik" (${usage})`);
    const problem = einsumSpecProblem(s.text);
    if (problem !== undefined) fail(this.src, s.pos + 1 + problem.at, `${t.text} spec: ${problem.reason}`);
    const args: Expr[] = [];
    while (this.isOp(",")) {
      this.next();
      args.push(this.expr());
    }
    const c = this.expectOp(")", `to close ${t.text}(`);
    if (args.length === 0) fail(this.src, c.pos, `${t.text} needs operands after the spec (${usage})`);
    const [first, ...more] = args;
    return {
      op: def.op as "einsum",
      spec: s.text,
      args: [first, ...more],
      start: t.pos,
      end: c.pos + 1,
      specStart: s.pos + 1,
    };
  }

  /** `permute(T, [3, 1, 2])`: the axes counted from 1. */
  private axesCall(t: Token, def: SymOpDef, hasParen: boolean): Expr {
    const usage = `${t.text}(T, [3, 1, 2])`;
    if (!hasParen) fail(this.src, t.pos, `${t.text} is a function: write ${usage}`, t.text.length);
    this.next();
    const a = this.expr();
    this.expectOp(",", `between the operand and the axes of ${usage}`);
    const open = this.expectOp("[", `before the axes of ${usage}`);
    const perm: number[] = [];
    for (;;) {
      const k = this.next();
      if (k.kind !== "num" || !/^\d+$/.test(k.text) || Number(k.text) < 1)
        fail(this.src, k.pos, `${usage}: each axis is a whole number counted from 1`, Math.max(1, k.text.length));
      perm.push(Number(k.text) - 1);
      const c = this.next();
      if (c.kind === "op" && c.text === "]") break;
      if (c.kind !== "op" || c.text !== ",")
        fail(this.src, c.pos, `expected ',' or ']' in the axes opened at position ${open.pos}, found ${describe(c)}`);
    }
    const c = this.expectOp(")", `to close ${t.text}(`);
    return { op: def.op as "permute", args: [a], perm, start: t.pos, end: c.pos + 1 };
  }

  private identifier(): Expr {
    const t = this.next();
    const name = t.text;
    const after = this.peek();
    if (this.differentials && name === "d" && after.kind === "id" && after.pos === t.pos + 1) {
      // dX: the differential of X, as the engine writes it
      this.next();
      return sym(`d${after.text}`, t.pos, after.pos + after.text.length);
    }
    const hasParen = after.kind === "op" && after.text === "(";
    const spec = this.tb.specs.get(name);
    if (spec !== undefined) return this.specCall(t, spec, hasParen);
    const axes = this.tb.axesCalls.get(name);
    if (axes !== undefined) return this.axesCall(t, axes, hasParen);
    const call = this.tb.calls.get(name);
    const alongDef = this.tb.alongs.get(name);
    if (call === undefined && alongDef !== undefined) {
      if (!hasParen) fail(this.src, t.pos, `${name} is a function: write ${name}(X, k) with an axis k`, name.length);
      this.next();
      const a = this.expr();
      return this.alongRest(t, alongDef, a);
    }
    if (call !== undefined) {
      const usage = call.arity === 2 ? `${name}(A, B)` : `${name}(…)`;
      if (!hasParen) fail(this.src, t.pos, `${name} is a function: write ${usage}`, name.length);
      this.next();
      const a = this.expr();
      const comma = this.peek();
      if (alongDef !== undefined && call.arity === 1 && comma.kind === "op" && comma.text === ",")
        return this.alongRest(t, alongDef, a);
      if (call.arity === 2) {
        this.expectOp(",", `between the two arguments of ${usage}`);
        const b = this.expr();
        const c = this.expectOp(")", `to close ${name}(`);
        return binary(call.op as BinaryOp, a, b, t.pos, c.pos + 1);
      }
      const c = this.expectOp(")", `to close ${name}(`);
      return unary(call.op as UnaryOp, a, t.pos, c.pos + 1);
    }
    const constant = this.tb.constants.get(name);
    if (constant !== undefined && (hasParen || constant.sizes.includes(0))) {
      const counts = constant.sizes.filter((n) => n > 0);
      const { dims, end } = hasParen ? this.dimArgs(t, counts) : { dims: [], end: t.pos + name.length };
      return constant.node(dims, t.pos, end);
    }
    const ones = this.tb.ones.get(name);
    if (ones !== undefined && hasParen) {
      const { args, end } = this.args(t);
      if (args.length !== 1 || args[0].length !== 1 || args[0][0].text !== "1")
        fail(
          this.src,
          t.pos,
          `${name}(1) is a ${ones.rank === 1 ? "vector" : "matrix"} of ones: write ${name}(1)`,
          end - t.pos,
        );
      return { op: "ones", rank: ones.rank, args: [], start: t.pos, end };
    }
    const entry = this.tb.entries.get(name);
    if (entry !== undefined && hasParen) {
      const { dims, end } = this.dimArgs(t, [2]);
      if (dims.some((d) => typeof d !== "number"))
        fail(this.src, t.pos, `${name}(i, j) takes two whole numbers (0-based entry)`, end - t.pos);
      return { op: "E", entry: [dims[0] as number, dims[1] as number], args: [], start: t.pos, end };
    }
    return sym(name, t.pos, t.pos + name.length);
  }
}

function describe(t: Token): string {
  if (t.kind === "end") return "the end of the expression";
  if (t.kind === "num") return `number ${t.text}`;
  if (t.kind === "str") return `the string "${t.text}"`;
  if (t.kind === "id") return `'${t.text}'`;
  return `'${t.text}'`;
}

/** Options of {@link parse}. */
export interface ParseOptions {
  /** Read `dX` (d written right before a symbol) as the differential of X, as the differential form writes it. */
  readonly differentials?: boolean;
}

/**
 * Parse a matrix expression.
 *
 * Syntax: symbols are one letter, optionally followed by digits or `_subscript` (`A`, `x`, `X1`,
 * `A_k`), so `x'Ax` reads as xᵀ·A·x; lowercase symbols are column vectors unless a shape says
 * otherwise; numbers; juxtaposition is a product (`x'Ax`, `2A`); `A^T`, `A^-1`, `A^-T` and whole
 * powers `A^2`; and every operation of the registry (sums, products, Hadamard `.*`, double
 * contraction `:`, transpose, trace, determinant, inverse, vec, diag, Kronecker, elementwise
 * functions, the seed's I, α, β, K(m, n), E(i, j)) — {@link syntaxHelp} lists them all, and
 * so does `tensorcalc --help`.
 *
 * @param options `differentials: true` reads `dX` as the differential of X.
 * @throws {@link ParseError} with `.position` (0-based) and a message holding the source line
 * and a caret under the position.
 * @example
 * ```ts
 * import { parse, exprToText } from "tensorcalc";
 * console.log(exprToText(parse("A^T B"))); // AᵀB
 * try { parse("A * (B + )"); } catch (e) { console.log((e as Error).message); }
 * // parse error at position 9: expected an operand (a symbol, a number or '('), found ')'
 * //   A * (B + )
 * //            ^
 * ```
 */
export function parse(src: string, options: ParseOptions = {}): Expr {
  if (typeof src !== "string") throw new ParseError(`parse: expected a string, got ${typeof src}`, 0, String(src));
  if (src.length > MAX_LENGTH)
    fail(src.slice(0, 80), 0, `expression is ${src.length} characters long; the limit is ${MAX_LENGTH}`);
  const tb = TABLES;
  const e = new Parser(src, tokenize(src, tb), tb, options.differentials === true).parseAll();
  sources.set(e, src);
  return e;
}
