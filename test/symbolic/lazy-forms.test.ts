/**
 * Lazy forms: `derive` builds each form when it is first asked for. A spy on the builders of
 * the FORMS registry counts the builds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FORMS, derive, randn, type FormDef, type FormName } from "../../src";

function withSpy<T>(body: (builds: FormName[]) => T): T {
  const builds: FormName[] = [];
  const saved = FORMS.map((d) => d.build);
  FORMS.forEach((d) => {
    const original = d.build;
    (d as { build: FormDef["build"] }).build = (input) => {
      builds.push(d.name);
      return original(input);
    };
  });
  try {
    return body(builds);
  } finally {
    FORMS.forEach((d, n) => ((d as { build: FormDef["build"] }).build = saved[n]));
  }
}

test("asking for one form builds that form only, once", () => {
  withSpy((builds) => {
    const d = derive("det(X)", "X", { X: ["n", "n"] });
    assert.deepEqual(builds, [], "derive itself builds no form");
    const g = d.form("gradient");
    assert.equal(g?.text, "adj(X)ᵀ");
    d.form("gradient");
    assert.deepEqual(builds, ["gradient"]);
  });
});

test("forms and notApplicable build every form once, in the registry's order, and agree with form(name)", () => {
  withSpy((builds) => {
    const d = derive("x' * A * x", "x", { x: ["n"], A: ["n", "n"] });
    const h = d.form("hessian");
    assert.deepEqual(
      d.forms.map((f) => f.name),
      ["tensor", "index", "kron", "component", "differential", "gradient", "hessian"],
    );
    assert.equal(
      d.forms.find((f) => f.name === "hessian"),
      h,
      "the form built first is the one listed",
    );
    assert.deepEqual(d.notApplicable, []);
    // every form that concerns this derivation (the entries form is for a symmetric variable)
    const relevant = FORMS.filter((f) => f.name !== "entries").map((f) => f.name);
    assert.deepEqual([...builds].sort(), [...relevant].sort());
    assert.equal(builds.length, relevant.length);
  });
});

test("a form that does not apply is undefined from form(name) and listed with its reason", () => {
  withSpy((builds) => {
    const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
    assert.equal(d.form("gradient"), undefined);
    assert.deepEqual(builds, ["gradient"]);
    assert.match(d.notApplicable.find((n) => n.name === "gradient")?.reason ?? "", /not scalar-valued/);
  });
});

test("lazily built forms evaluate as before (the at() operator needs none of them)", () => {
  withSpy((builds) => {
    const d = derive("tr(X' * A * X)", "X", { X: ["m", "n"], A: ["m", "m"] });
    const values = { X: randn([3, 2], { seed: 1 }), A: randn([3, 3], { seed: 2 }) };
    const g = d.at(values).gradient();
    assert.deepEqual(builds, []);
    const viaForm = d.form("gradient")?.evaluate(values);
    assert.ok(viaForm !== undefined);
    for (let i = 0; i < g.size; i++) assert.ok(Math.abs(g.data[i] - viaForm.data[i]) < 1e-12);
  });
});
