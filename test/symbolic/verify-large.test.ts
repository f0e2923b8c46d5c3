import { test } from "node:test";
import assert from "node:assert/strict";
import { derive, verify } from "../../src";

test("verify compares within a tolerance, not exactly, once integer values outgrow exact Float64 arithmetic", () => {
  // tr(X^24) with integer entries up to 3 reaches about 10^20, far beyond 2^53
  const src = Array.from({ length: 24 }, () => "X").join(" * ");
  const r = verify(derive(`tr(${src})`, "X", { X: ["n", "n"] }), { dims: { n: 4 } });
  for (const f of r.forms) assert.ok(f.ok, `form ${f.name}: ${f.detail}`);
  assert.ok(
    r.forms.some((f) => /tolerance/.test(f.detail)),
    "large values are compared within a tolerance",
  );
});

test("the index form of a product of many 1×1 symbols evaluates: summed size-1 indices are squeezed, not given einsum letters", () => {
  // 30 scalar symbols in one product: over 52 distinct indices before squeezing (the fuzz found
  // "AA/softmaxinvdiagnorm2softmaxA", a product of one-letter symbols)
  const names = Array.from({ length: 30 }, (_, i) => `s${i}`);
  const shapes: Record<string, string[]> = { A: ["m", "n"] };
  for (const s of names) shapes[s] = [];
  const d = derive(`${names.join(" * ")} * A`, "A", shapes);
  const r = verify(d, { dims: { m: 3, n: 2 } });
  const index = r.forms.find((f) => f.name === "index");
  assert.ok(index !== undefined, "the derivation has an index form");
  for (const f of r.forms) assert.ok(f.ok, `form ${f.name}: ${f.detail}`);
  // and the 1×1 symbols of the fuzz case
  const soup = verify(derive("AA/softmaxinvdiagnorm2softmaxA", "A"));
  for (const f of soup.forms) assert.ok(f.ok, `soup, form ${f.name}: ${f.detail}`);
});

test("a derivative that simplifies to 0 has a kron form of DF's shape, not of an identity's", () => {
  // found by the property test: X(AB ∘ (C − C)) by X; its kron form was 0 ⊗ I, a p×p matrix
  const d = derive("X * ((A * B) .* (C - C))", "X", { X: ["p", "q"], A: ["q", "n"], B: ["n", "m"], C: ["q", "m"] });
  const r = verify(d, { dims: { p: 2, q: 3, n: 4, m: 5 } });
  for (const f of r.forms) assert.ok(f.ok, `form ${f.name}: ${f.detail}`);
  const kron = d.form("kron");
  assert.ok(kron !== undefined && kron.text.endsWith("0"), `kron form: ${kron?.text}`);
});
