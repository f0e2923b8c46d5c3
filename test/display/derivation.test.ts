// show(d) for a derivation and show(report) for a verification report (the display protocol of src/display),
// and their text summaries in console.log / the REPL / a notebook cell's value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { derive, verify, show, DISPLAY, isDisplayable, type Derivation, type DisplayBlock } from "../../src";
import { derivationText, reportText, withReportDisplay } from "../../src/symbolic/display";
import { extractMath, katexError } from "../../scripts/notebooks/math";
import { inTslab } from "../helpers/tslab";

function capture(f: () => void): { log: string[] } {
  const log: string[] = [];
  const orig = console.log;
  console.log = (...args: unknown[]) => void log.push(args.map(String).join(" "));
  try {
    f();
  } finally {
    console.log = orig;
  }
  return { log };
}

const d: Derivation = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });

test("a derivation follows the display protocol; its data (keys, JSON) is unchanged", () => {
  assert.ok(isDisplayable(d));
  assert.ok(!Object.keys(d).includes(String(DISPLAY)));
  assert.equal(JSON.stringify(Object.keys(d)).includes("display"), false);
  assert.ok(isDisplayable(verify(d)));
  assert.equal(isDisplayable({ forms: [] }), false);
});

test("console.log(d) / inspect: the expression, each form's title and text, the reasons of the others", () => {
  const text = inspect(d);
  assert.equal(text, derivationText(d));
  const lines = text.split("\n");
  assert.equal(lines[0], "Derivation: ∂Y/∂A for Y = AᵀB    (A: p×m, B: p×n; Y: m×n)");
  for (const f of d.forms) {
    const at = lines.indexOf(`  ${f.title}`);
    assert.ok(at > 0, `no title line for ${f.name}`);
    assert.equal(lines[at + 1], `      ${f.text}`);
  }
  assert.ok(lines.includes("      αBᵀ:β"));
  assert.ok(lines.includes("  not applicable: gradient (the expression is not scalar-valued)"));
  assert.doesNotMatch(text, /\[Function|\[Object\]|op: /);
});

test("show(d) in a notebook: one Markdown output with every form's title and its LaTeX, all valid KaTeX", () => {
  const calls = inTslab(() => show(d));
  assert.equal(calls.length, 1);
  const [kind, md] = calls[0];
  assert.equal(kind, "markdown");
  assert.ok(md.startsWith("**∂Y/∂A for Y = AᵀB"), md.slice(0, 80));
  for (const f of d.forms) assert.ok(md.includes(`**${f.title}**\n\n$$${f.latex}$$`), `${f.name} missing`);
  assert.match(md, /\*\*Not applicable\*\*\n\n- gradient: the expression is not scalar-valued\n- hessian: /);
  const math = extractMath(md);
  assert.equal(math.length, d.forms.length + 1);
  for (const m of math) assert.equal(katexError(m.tex, m.display), undefined, m.tex);
});

test("show(d) outside a notebook prints each title and its text", () => {
  const { log } = capture(() => show(d));
  const text = log.join("\n");
  assert.match(
    text,
    /^∂Y\/∂A for Y = AᵀB {4}\(A: p×m, B: p×n; Y: m×n\)\n {2}Y = AᵀB\nFourth-order tensor \(α\/β\)\n {2}αBᵀ:β\n/,
  );
  assert.match(text, /\nNot applicable\n {2}gradient: the expression is not scalar-valued\n/);
});

test("show(report) renders a table of the forms with ok and the largest error; inspect prints it as text", () => {
  const r = verify(d, { dims: { p: 3, m: 2, n: 4 } });
  const calls = inTslab(() => show(r));
  assert.equal(calls.length, 1);
  const [kind, md] = calls[0];
  assert.equal(kind, "markdown");
  assert.equal(
    md,
    [
      "**verify: all 5 forms and 7 other paths verified against automatic differentiation (p=3, m=2, n=4; exact: integer values)**",
      "",
      "| form | result | max abs. error |",
      "| --- | --- | --- |",
      ...r.forms.map((f) => `| ${f.name} | ok | 0 |`),
      ...["value", "apply", "applyT", "entry", "toDense", "toVec"].map((p) => `| at().${p} | ok | 0 |`),
      "| code js: jacobian | ok | 0 |",
    ].join("\n"),
  );
  const text = inspect(r);
  assert.equal(text, reportText(r));
  assert.deepEqual(text.split("\n").slice(1, 3), [
    "  form               result  max |error|",
    "  tensor             ok      0",
  ]);
  assert.match(text, /\n {2}at\(\)\.toDense {7}ok {6}0\n/);
  assert.equal(JSON.stringify(r.forms.map((f) => f.ok)), "[true,true,true,true,true]");
});

test("a failed or unevaluable form shows as FAILED with its error", () => {
  const r = withReportDisplay({
    ok: false,
    dims: {},
    exact: false,
    forms: [
      { name: "tensor", ok: true, maxAbsError: 2.5e-15 },
      { name: "kron", ok: false, maxAbsError: 0.25 },
      { name: "index", ok: false, maxAbsError: Infinity },
    ],
  });
  assert.equal(
    inspect(r),
    [
      "verify: 2 of 3 forms FAILED against automatic differentiation (random values)",
      "  form    result  max |error|",
      "  tensor  ok      2.5e-15",
      "  kron    FAILED  2.5e-1",
      "  index   FAILED  evaluation failed",
    ].join("\n"),
  );
  const [[, md]] = inTslab(() => show(r));
  assert.match(md, /\| kron \| \*\*FAILED\*\* \| 2\.5e-1 \|\n\| index \| \*\*FAILED\*\* \| evaluation failed \|$/);
});

test("the protocol for any object: one block or a list; a malformed block is refused with a reason", () => {
  const one = { [DISPLAY]: (): DisplayBlock => ({ title: "Identity", latex: "AI = A", text: "AI = A" }) };
  assert.deepEqual(
    inTslab(() => show(one)),
    [["markdown", "**Identity**\n\n$$AI = A$$"]],
  );
  assert.deepEqual(capture(() => show(one)).log, ["Identity\n  AI = A"]);
  const bad = { [DISPLAY]: () => [{ text: "x", latex: "x" }, { title: "no body" } as unknown as DisplayBlock] };
  assert.throws(() => show(bad), /show: the display method returned a block \(number 2\) without a text and a latex/);
});
