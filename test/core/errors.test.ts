// What a user sees for a tensorcalc error in the REPL, in console.log and in a notebook cell: the name and
// the message first (with the caret lines of parse and shape errors), then only frames of their own code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as path from "node:path";
import { derive, matmul, parse, zeros, ParseError, ShapeError, TensorcalcError } from "../../src/index";

const src = path.resolve(__dirname, "..", "..", "src");

function caught(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

function userCode(): unknown {
  return matmul(zeros([2, 3]), zeros([2, 3]));
}

test("inspect: Name: message first, then the caller's frames, library frames left out", () => {
  const e = caught(userCode);
  assert.ok(e instanceof ShapeError);
  const text = inspect(e);
  const lines = text.split("\n");
  assert.equal(lines[0], `ShapeError: ${e.message}`);
  assert.match(lines[1], /^ {4}at userCode \(.*errors\.test\.ts:\d+:\d+\)$/);
  assert.ok(!text.includes(src + path.sep), `a frame inside src/ is shown:\n${text}`);
  assert.match(lines[lines.length - 1], /^ {4}… \d+ frames? inside tensorcalc and Node \(err\.stack\)$/);
  assert.ok(e.stack?.includes(path.join(src, "ops", "products")), "err.stack keeps every frame");
  assert.equal(inspect({ e }).includes("ShapeError: matmul: inner dimensions differ"), true);
});

test("inspect of a ParseError: the caret lines, not its fields", () => {
  const e = caught(() => parse("A + * B"));
  assert.ok(e instanceof ParseError);
  const text = inspect(e);
  assert.match(text, /^ParseError: parse error at position 4: expected an operand .*\n {2}A \+ \* B\n {6}\^\n/);
  assert.doesNotMatch(text, /position: 4|source: 'A/);
  assert.equal(e.position, 4, "the fields are still there for programs");
});

test("inspect of a shape error from the symbolic engine keeps its caret lines", () => {
  const e = caught(() => derive("A * x", "x", { A: [3, 2], x: [3] }));
  assert.ok(e instanceof ShapeError);
  assert.match(inspect(e), /^ShapeError: shape mismatch in the product: .*\n {2}A \* x\n {2}\^{5}\n {4}at /);
});

test("console.log and String of an error, and errors that are not tensorcalc's, are unchanged", () => {
  const e = caught(userCode);
  assert.equal(String(e), `ShapeError: ${e.message}`);
  assert.ok(e instanceof TensorcalcError);
  const plain = new Error("plain");
  assert.match(inspect(plain), /^Error: plain\n {4}at /);
  assert.ok(inspect(plain).includes("node:"), "a plain Error still shows every frame");
});
