/**
 * The calculator's shape box parser (website/src/calculator/shapes.ts) and the
 * generated identity catalogue page (scripts/site/catalogue-to-md.ts).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { formatShapes, parseShapes } from "../../website/src/calculator/shapes";
import { catalogueToMarkdown, shortTitle, tableMath, type CatalogueLib } from "../../scripts/site/catalogue-to-md";
import { catalogue, checkCatalogueEntry, derive, deriveEntry } from "../../src";

describe("calculator shape box", () => {
  test("accepts ×, x, commas, brackets, semicolons, scalars", () => {
    assert.deepEqual(parseShapes("A: p×m, B: p×n"), { A: ["p", "m"], B: ["p", "n"] });
    assert.deepEqual(parseShapes("A: [3, 2]; x: n"), { A: [3, 2], x: ["n"] });
    assert.deepEqual(parseShapes("A: 3x2, B: 3 x 4"), { A: [3, 2], B: [3, 4] });
    assert.deepEqual(parseShapes("X: nxn\ns: scalar"), { X: ["n", "n"], s: [] });
    assert.deepEqual(parseShapes("  "), {});
    // tensors of any order
    assert.deepEqual(parseShapes("X: b×s×d, W: [4, 5, 6]"), { X: ["b", "s", "d"], W: [4, 5, 6] });
    assert.deepEqual(parseShapes("T: ixjxk"), { T: ["i", "j", "k"] });
  });

  test("formatShapes → parseShapes is the identity", () => {
    const dim = fc.oneof(fc.integer({ min: 1, max: 99 }), fc.constantFrom("m", "n", "p", "q", "k1", "rows"));
    const name = fc.constantFrom("A", "B", "X", "x", "G2", "W_1");
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.array(dim, { minLength: 0, maxLength: 4 }), { noNullPrototype: true }),
        (shapes) => {
          assert.deepEqual(parseShapes(formatShapes(shapes)), shapes);
        },
      ),
    );
  });

  test("errors say which entry is wrong and why", () => {
    assert.throws(() => parseShapes("A p×m"), /shapes: "A p×m" should look like "A: p×m"/);
    assert.throws(() => parseShapes("A: 0×3"), /shapes: A has a dimension of size 0; sizes start at 1/);
    assert.throws(() => parseShapes("A: 2×3, A: 3×2"), /shapes: A is given twice/);
    assert.throws(() => parseShapes("A: 2×?"), /shapes: A: "\?" is not a dimension/);
  });

  test("the default example goes through the engine", () => {
    const d = derive("A' * B", "A", parseShapes("A: p×m, B: p×n"));
    assert.equal(d.form("tensor")?.text, "αBᵀ:β");
  });
});

describe("identity catalogue page", () => {
  const lib: CatalogueLib = { catalogue, checkCatalogueEntry };

  test("no catalogue in the library: no page", () => {
    assert.equal(catalogueToMarkdown({}), null);
  });

  test("one summary row and one section per identity, each form with its check", () => {
    const md = catalogueToMarkdown(lib)!;
    const rows = md.split("\n").filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(rows.length, catalogue.length);
    assert.equal((md.match(/^### \d+\. /gm) ?? []).length, catalogue.length);
    for (const e of catalogue) assert.ok(md.includes(`\`${e.expr}\` with respect to \`${e.wrt}\``), e.id);
    const formRows = md.split("\n").filter((l) => /^\| [^|#-][^|]* \| \$.*\$ \| [✓✗]/.test(l));
    const expectedForms = catalogue.reduce((n, e) => n + deriveEntry(e).forms.length, 0);
    assert.equal(formRows.length, expectedForms);
    assert.match(md, new RegExp(`\\*\\*${catalogue.length} of ${catalogue.length} verified\\*\\*`));
    assert.match(
      md,
      /\| Fourth-order tensor \| \$\\displaystyle \\frac\{\\partial \\left\(\{?A\}?\^\{T\} B\\right\)\}\{\\partial A\} = \\alpha \{?B\}?\^\{T\} : \\beta\$ \| ✓ max error 0 \|/,
    );
  });

  test("a failing identity is shown as failing", () => {
    const failing: CatalogueLib = {
      catalogue: catalogue.slice(0, 2),
      checkCatalogueEntry: (e, o) => {
        const c = checkCatalogueEntry(e, o);
        return e.id === catalogue[1].id ? { ...c, ok: false } : c;
      },
    };
    const md = catalogueToMarkdown(failing)!;
    assert.match(md, /\*\*1 of 2 verified\*\*/);
    assert.match(md, /^\| 2 \|.*\| ✗ \|$/m);
    assert.match(md, /\*\*NOT verified\*\*/);
  });

  test("short form titles", () => {
    assert.equal(shortTitle("Fourth-order tensor (α/β)"), "Fourth-order tensor");
    assert.equal(shortTitle("vec–Kronecker (Magnus–Neudecker) DF = ∂vec(Y)/∂vec(A)ᵀ"), "vec–Kronecker");
    assert.equal(shortTitle("Differential"), "Differential");
  });

  test("math in table cells cannot split the cell", () => {
    assert.equal(tableMath("\\left|X\\right|"), "$\\left\\vert X\\right\\vert $");
  });
});
