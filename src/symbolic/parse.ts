/**
 * The parser of matrix expressions (`A' * B`, `tr(inv(X) * A)`, `x'Ax`, `alpha * B' : beta`).
 * @packageDocumentation
 */
import { ParseError } from "../core/errors";
import { makeNode, type Dim, type Expr, type Op } from "./expr";

/** Source line plus a caret line under `[pos, pos + len)`, indented by two spaces. */
export function caretLines(source: string, pos: number, len = 1): string {
  const line = source.replace(/[\r\n\t]/g, " ");
  const p = Math.max(0, Math.min(pos, line.length));
  const n = Math.max(1, Math.min(len, Math.max(1, line.length - p)));
  return `  ${line}\n  ${" ".repeat(p)}${"^".repeat(n)}`;
}

type TokKind = "id" | "num" | "op" | "end";
interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const OPS = [".*", "*", "·", "∘", "⊙", ":", "⊗", "+", "-", "−", "(", ")", "{", "}", ",", "'", "ᵀ", "^", "⁻¹"];
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

function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word =
      /^(?:tr|trace|det|logdet|inv|exp|log|sin|cos|tanh|sqrt|vec|kron|delta|alpha|beta|eye)(?![A-Za-z])/.exec(
        src.slice(i, i + 20),
      );
    const call = word ? null : /^([a-z][a-z0-9_]+)\s*\(/.exec(src.slice(i, i + 60));
    if (call && (i === 0 || !/[A-Za-z0-9_]/.test(src[i - 1]))) {
      fail(
        src,
        i,
        `unknown function ${call[1]}(…); functions are tr, det, logdet, inv, exp, log, sin, cos, tanh, sqrt (elementwise), vec, kron, K, E, I, alpha, beta (symbols are one letter: write ${[...call[1]].join(" ")} for a product)`,
        call[1].length,
      );
    }
    const idm = word ?? /^(?:[A-Za-z](?:\d+|_[A-Za-z0-9]+)?|[αβδ])/.exec(src.slice(i, i + 200));
    if (idm) {
      toks.push({ kind: "id", text: idm[0], pos: i });
      i += idm[0].length;
      continue;
    }
    const nm = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
    if (nm) {
      toks.push({ kind: "num", text: nm[0], pos: i });
      i += nm[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
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

const FUNCS: Record<string, Op> = {
  tr: "tr",
  trace: "tr",
  det: "det",
  logdet: "logdet",
  inv: "inv",
  exp: "exp",
  sin: "sin",
  cos: "cos",
  tanh: "tanh",
  sqrt: "sqrt",
  log: "log",
  vec: "vec",
};

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
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

  private expr(): Expr {
    this.enter(this.peek().pos);
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t.kind === "op" && (t.text === "+" || t.text === "-" || t.text === "−")) {
        this.next();
        const right = this.term();
        left = makeNode(t.text === "+" ? "add" : "sub", [left, right], left.start, right.end);
      } else break;
    }
    this.depth--;
    return left;
  }

  private term(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      let op: Op | undefined;
      if (t.kind === "op") {
        if (t.text === "*" || t.text === "·") op = "mul";
        else if (t.text === ".*" || t.text === "∘" || t.text === "⊙") op = "had";
        else if (t.text === ":") op = "ddot";
        else if (t.text === "⊗") op = "kron";
      }
      if (op !== undefined) {
        this.next();
        const right = this.unary();
        left = makeNode(op, [left, right], left.start, right.end);
      } else if (t.kind === "id" || (t.kind === "op" && t.text === "(")) {
        // juxtaposition: x'Ax, 2A, A(B + C)
        const right = this.unary();
        left = makeNode("mul", [left, right], left.start, right.end);
      } else break;
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === "op" && (t.text === "-" || t.text === "−" || t.text === "+")) {
      this.next();
      this.enter(t.pos);
      const arg = this.unary();
      this.depth--;
      if (t.text === "+") return arg;
      if (arg.op === "num" && arg.start === t.pos + 1)
        return makeNode("num", [], t.pos, arg.end, { value: -(arg.value ?? 0) });
      return makeNode("neg", [arg], t.pos, arg.end);
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind === "op" && (t.text === "'" || t.text === "ᵀ")) {
        this.next();
        e = makeNode("T", [e], e.start, t.pos + 1);
      } else if (t.kind === "op" && t.text === "⁻¹") {
        this.next();
        e = makeNode("inv", [e], e.start, t.pos + t.text.length);
      } else if (t.kind === "op" && t.text === "^") {
        this.next();
        e = this.power(e, t);
      } else break;
    }
    return e;
  }

  private power(base: Expr, caret: Token): Expr {
    let close: string | undefined;
    if (this.isOp("{")) close = "}";
    else if (this.isOp("(")) close = ")";
    if (close !== undefined) this.next();
    const t = this.peek();
    let result: Expr | undefined;
    if (t.kind === "id" && t.text === "T") {
      this.next();
      result = makeNode("T", [base], base.start, t.pos + 1);
    } else if (t.kind === "op" && (t.text === "-" || t.text === "−")) {
      this.next();
      const u = this.peek();
      if (u.kind === "num" && u.text === "1") {
        this.next();
        result = makeNode("inv", [base], base.start, u.pos + 1);
      } else if (u.kind === "id" && u.text === "T") {
        this.next();
        result = makeNode("T", [makeNode("inv", [base], base.start, u.pos + 1)], base.start, u.pos + 1);
      } else
        fail(
          this.src,
          u.pos,
          `expected 1 or T after '^-' (A^-1 is the inverse, A^-T its transpose), found ${describe(u)}`,
        );
    } else if (t.kind === "num" && /^\d+$/.test(t.text) && Number(t.text) >= 1 && Number(t.text) <= 16) {
      this.next();
      const n = Number(t.text);
      result = base;
      for (let k = 1; k < n; k++) result = makeNode("mul", [result, base], base.start, t.pos + t.text.length);
    } else {
      fail(this.src, t.pos, `expected T, -1, -T or a whole power 1..16 after '^', found ${describe(t)}`);
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
      return makeNode("num", [], t.pos, t.pos + t.text.length, { value: v });
    }
    if (t.kind === "op" && t.text === "(") {
      this.next();
      const e = this.expr();
      const c = this.peek();
      if (c.kind !== "op" || c.text !== ")")
        fail(this.src, c.pos, `expected ')' to close the '(' at position ${t.pos}, found ${describe(c)}`);
      this.next();
      return { ...e, start: t.pos, end: c.pos + 1 };
    }
    if (t.kind === "id") return this.identifier();
    if (t.kind === "end")
      fail(this.src, t.pos, "expected an operand (a symbol, a number or '('), found the end of the expression");
    fail(this.src, t.pos, `expected an operand (a symbol, a number or '('), found ${describe(t)}`);
  }

  private args(name: Token): { args: Token[][]; end: number } {
    const open = this.expectOp("(", `after ${name.text}`);
    void open;
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

  private dimArgs(name: Token, count: number[]): { dims: Dim[]; end: number } {
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

  private identifier(): Expr {
    const t = this.next();
    const name = t.text;
    const after = this.peek();
    const hasParen = after.kind === "op" && after.text === "(";
    const fnOp = FUNCS[name];
    if (fnOp !== undefined && hasParen) {
      this.next();
      const arg = this.expr();
      const c = this.expectOp(")", `to close ${name}(`);
      return makeNode(fnOp, [arg], t.pos, c.pos + 1);
    }
    if (name === "kron" && hasParen) {
      this.next();
      const a = this.expr();
      this.expectOp(",", "between the two arguments of kron(A, B)");
      const b = this.expr();
      const c = this.expectOp(")", "to close kron(");
      return makeNode("kron", [a, b], t.pos, c.pos + 1);
    }
    if (fnOp !== undefined || name === "kron") {
      fail(this.src, t.pos, `${name} is a function: write ${name}(${name === "kron" ? "A, B" : "…"})`, name.length);
    }
    if (name === "I" || name === "delta" || name === "δ" || name === "eye") {
      if (hasParen) {
        const { dims, end } = this.dimArgs(t, [1]);
        return makeNode("I", [], t.pos, end, { dims });
      }
      return makeNode("I", [], t.pos, t.pos + name.length);
    }
    if (name === "alpha" || name === "beta" || name === "α" || name === "β") {
      const op: Op = name === "alpha" || name === "α" ? "alpha" : "beta";
      if (hasParen) {
        const { dims, end } = this.dimArgs(t, [2]);
        return makeNode(op, [], t.pos, end, { dims });
      }
      return makeNode(op, [], t.pos, t.pos + name.length);
    }
    if (name === "K" && hasParen) {
      const { dims, end } = this.dimArgs(t, [2]);
      return makeNode("K", [], t.pos, end, { dims });
    }
    if (name === "E" && hasParen) {
      const { dims, end } = this.dimArgs(t, [2]);
      if (dims.some((d) => typeof d !== "number"))
        fail(this.src, t.pos, "E(i, j) takes two whole numbers (0-based entry)", end - t.pos);
      return makeNode("E", [], t.pos, end, { entry: [dims[0] as number, dims[1] as number] });
    }
    return makeNode("sym", [], t.pos, t.pos + name.length, { name });
  }
}

function describe(t: Token): string {
  if (t.kind === "end") return "the end of the expression";
  if (t.kind === "num") return `number ${t.text}`;
  if (t.kind === "id") return `'${t.text}'`;
  return `'${t.text}'`;
}

/**
 * Parse a matrix expression.
 *
 * Syntax: symbols are one letter, optionally followed by digits or `_subscript` (`A`, `x`, `X1`,
 * `A_k`), so `x'Ax` reads as xᵀ·A·x; lowercase symbols are column vectors unless a shape says
 * otherwise, numbers, `+ - *`, juxtaposition (`x'Ax`, `2A`), transpose `A'` / `A^T` / `Aᵀ`,
 * inverse `A^-1` / `inv(A)` (`A^-T` for the inverse transpose), whole powers `A^2`,
 * Hadamard `A .* B` (or `∘`), Kronecker `kron(A, B)` (or `⊗`), double contraction `:`,
 * `tr`, `det`, `logdet` (log|det|), elementwise `exp`, `log`, `sin`, `cos`, `tanh`, `sqrt`, `vec`, and the seed's objects
 * `I` / `delta` / `I(n)`, `alpha` / `beta` (optionally `alpha(m, n)`), `K(m, n)`, `E(i, j)` (0-based).
 *
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
export function parse(src: string): Expr {
  if (typeof src !== "string") throw new ParseError(`parse: expected a string, got ${typeof src}`, 0, String(src));
  if (src.length > MAX_LENGTH)
    fail(src.slice(0, 80), 0, `expression is ${src.length} characters long; the limit is ${MAX_LENGTH}`);
  const e = new Parser(src, tokenize(src)).parseAll();
  sources.set(e, src);
  return e;
}
