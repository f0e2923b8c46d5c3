import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  parse,
  derive,
  exprToSource,
  exprToText,
  exprToLatex,
  exprEquals,
  inferShapes,
  ParseError,
  ShapeError,
  TensorcalcError,
  sym,
  mulE,
  t,
} from "../../src";
import { TOKENS } from "../helpers/tokens";

function parseError(src: string): ParseError {
  try {
    parse(src);
  } catch (e) {
    assert.ok(e instanceof ParseError, `expected ParseError for ${JSON.stringify(src)}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(src)} not to parse`);
}

test("parses the seed's expression in several spellings to the same tree", () => {
  const want = mulE(t(sym("A")), sym("B"));
  for (const s of ["A' * B", "A'B", "A^T B", "A^T*B", "Aᵀ B", "(A)'(B)", "A^{T} B"]) {
    assert.ok(exprEquals(parse(s), want), s);
  }
});

test("juxtaposition of one-letter symbols: x'Ax is xᵀ·A·x", () => {
  assert.equal(exprToSource(parse("x'Ax")), "x' * A * x");
  assert.equal(exprToSource(parse("2A + 3B")), "2 * A + 3 * B");
  assert.equal(exprToSource(parse("tr(AX)")), "tr(A * X)");
});

test("operators, functions and the seed's objects", () => {
  const cases: [string, string][] = [
    ["A .* B", "A .* B"],
    ["A ∘ B", "A .* B"],
    ["kron(A, B)", "kron(A, B)"],
    ["A ⊗ B", "kron(A, B)"],
    ["A^-1", "inv(A)"],
    ["A⁻¹", "inv(A)"],
    ["A^-T", "(inv(A))'"],
    ["A^2", "A * A"],
    ["-A + B - C", "-A + B - C"],
    ["logdet(X) + det(X)", "logdet(X) + det(X)"],
    ["exp(A) .* log(B)", "exp(A) .* log(B)"],
    ["alpha * B' : beta", "alpha * B' : beta"],
    ["alpha(m, n) : G", "alpha(m, n) : G"],
    ["K(m, n) * vec(A)", "K(m, n) * vec(A)"],
    ["E(0, 1)' * B", "E(0, 1)' * B"],
    ["I(3) + delta", "I(3) + I"],
    ["trace(X)", "tr(X)"],
  ];
  for (const [src, want] of cases) assert.equal(exprToSource(parse(src)), want, src);
});

test("printing to source and parsing back gives the same tree", () => {
  for (const s of [
    "A' * B",
    "x'Ax",
    "-(A + B) * C",
    "tr(inv(X) * A) - 2 * logdet(X)",
    "A .* (B + C)",
    "kron(A', B) * K(m, n)",
    "(A * B)'",
    "alpha * B' : beta",
  ]) {
    const e = parse(s);
    assert.ok(exprEquals(parse(exprToSource(e)), e), s);
  }
});

test("text and LaTeX printing", () => {
  assert.equal(exprToText(parse("A' * B")), "AᵀB");
  assert.equal(exprToText(parse("inv(X)'")), "X⁻ᵀ");
  assert.equal(exprToText(parse("logdet(X)")), "log|det X|");
  assert.equal(exprToLatex(parse("A' * B")), "A^{T} B");
  assert.equal(exprToLatex(parse("kron(A, B)")), "A \\otimes B");
  assert.equal(exprToLatex(parse("X1 + A_k")), "X_{1} + A_{k}");
});

test("parse errors give the position and a caret under it", () => {
  const e = parseError("A * (B + )");
  assert.equal(e.position, 9);
  assert.equal(e.source, "A * (B + )");
  assert.match(e.message, /position 9: expected an operand/);
  assert.ok(e.message.includes("\n  A * (B + )\n           ^"), e.message);

  const cases: [string, number, RegExp][] = [
    ["", 0, /empty expression/],
    ["A * (B", 6, /expected '\)' to close the '\(' at position 4/],
    ["A + B)", 5, /unmatched '\)'/],
    ["A $ B", 2, /unexpected character "\$"/],
    ["tr A", 0, /tr is a function: write tr\(…\)/],
    ["A^*", 2, /expected T, -1, -T, a whole power 1..16 or an exponent/],
    ["kron(A B)", 8, /expected ',' between the two arguments/],
    ["K(m)", 0, /K\(…\) takes 2 size argument/],
    ["E(i, 0)", 0, /E\(i, j\) takes two whole numbers/],
    ["A^-*", 3, /expected 1, T or an exponent after '\^-'/],
    ["2 * sinh(X)", 4, /unknown function sinh\(…\) \(did you mean sin\?\); functions are tr, trace, det/],
  ];
  for (const [src, pos, re] of cases) {
    const err = parseError(src);
    assert.equal(err.position, pos, `${src}: ${err.message}`);
    assert.match(err.message, re, src);
    const lines = err.message.split("\n");
    assert.equal(lines[lines.length - 1].indexOf("^"), pos + 2, `${src}: caret under position ${pos}\n${err.message}`);
  }
});

test("deep nesting is refused with a ParseError instead of overflowing the stack", () => {
  const deep = "(".repeat(3000) + "A" + ")".repeat(3000);
  assert.match(parseError(deep).message, /nested more than 200 levels/);
  assert.match(parseError("-".repeat(3000) + "A").message, /nested more than 200 levels/);
});

function checkOutcome(src: string): void {
  let e;
  try {
    e = parse(src);
  } catch (err) {
    assert.ok(err instanceof ParseError, `${JSON.stringify(src)} threw ${String(err)}`);
    assert.ok(
      Number.isInteger(err.position) && err.position >= 0 && err.position <= src.length,
      `position ${err.position} in ${JSON.stringify(src)}`,
    );
    assert.ok(err.message.includes("^"), err.message);
    return;
  }
  try {
    inferShapes(e);
  } catch (err) {
    assert.ok(err instanceof ShapeError, `${JSON.stringify(src)}: inferShapes threw ${String(err)}`);
    assert.ok(err.message.includes("^") || err.message.includes("\n  in "), err.message);
  }
}

test("fuzz: random strings never crash or hang the parser", () => {
  fc.assert(fc.property(fc.string({ maxLength: 40 }), checkOutcome), { numRuns: 3000 });
  fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 30 }), checkOutcome), { numRuns: 1000 });
});

test("fuzz: random token soups give a tree or a positioned ParseError/ShapeError", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }), (toks) => checkOutcome(toks.join(""))),
    { numRuns: 5000 },
  );
});

test("fuzz: derive on random token soups gives forms or a TensorcalcError, never an internal error", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 20 }),
      fc.constantFrom("A", "B", "x", "X1"),
      (toks, wrt) => {
        const src = toks.join("");
        try {
          const d = derive(src, wrt);
          for (const f of d.forms) assert.equal(typeof f.latex, "string");
        } catch (err) {
          assert.ok(
            err instanceof TensorcalcError,
            `${JSON.stringify(src)} wrt ${wrt} threw ${(err as Error)?.stack ?? String(err)}`,
          );
        }
      },
    ),
    { numRuns: 4000 },
  );
});
