/**
 * Every catalogue row has steps in every route that applies, every step passes its numeric
 * check, and each route's last line is the corresponding form of `derive` (the same tree, and
 * the same numbers at the check's point), so the steps and the forms cannot disagree.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { catalogue, deriveEntry, exprEquals } from "../../src/index";

const FORM = { kron: "kron", gradient: "gradient", tensor: "tensor", index: "index" } as const;

for (const entry of catalogue) {
  test(`steps of catalogue row ${entry.id}: ${entry.expr} by ${entry.wrt}`, () => {
    const d = deriveEntry(entry);
    const routes = d.stepRoutes().filter((r) => r.reason === undefined);
    if (d.resultShape.length === 0 && d.form("gradient") !== undefined && !(d.options.symmetric ?? []).includes(d.wrt))
      assert.ok(
        routes.some((r) => r.route === "gradient"),
        "a scalar with a gradient has the gradient route",
      );
    if (d.form("kron") !== undefined)
      assert.ok(
        routes.some((r) => r.route === "kron"),
        "the kron route applies",
      );
    for (const { route } of routes) {
      const s = d.steps(route);
      assert.ok(s.steps.length >= 2, `${route}: at least a rule and the identification`);
      for (const [n, st] of s.steps.entries())
        assert.ok(
          st.check.ok,
          `${route} step ${n + 1} (${st.rule}): ${st.beforeText} → ${st.afterText}: ${st.check.detail}`,
        );
      const last = s.steps[s.steps.length - 1];
      assert.ok(exprEquals(last.after, d.form(FORM[route])!.rhs!), `${route}: the last line is the ${route} form`);
    }
  });
}
