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
