/**
 * Tests that iterate the registry of symbolic ops, so a new op is tested as soon as it is
 * registered (and an op without examples fails): every spelling parses to its op; every
 * example round-trips through the source printer, prints as text and valid LaTeX, has the
 * shape its shape rule says (checked against the evaluated value, node by node), and its
 * derivative verifies in every form against automatic differentiation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import {
  SYMBOLIC_OPS,
  derive,
  dimValue,
  evaluatePadded,
  exprEquals,
  exprToLatex,
  exprToSource,
  exprToText,
  inferShapes,
  parse,
  randn,
  syntaxEntries,
  verify,
  type Expr,
  type SymOpDef,
  type Tensor,
} from "../../src";

const defs = SYMBOLIC_OPS as readonly SymOpDef[];
const parsed = defs.filter((d) => d.traits.notation !== true);

function nodes(e: Expr, out: Expr[] = []): Expr[] {
  out.push(e);
  e.args.forEach((a) => nodes(a, out));
  return out;
}

test("every op the parser reads has examples and a line in the syntax help", () => {
  const help = new Set(syntaxEntries().map((s) => s.op));
  for (const d of parsed) {
    assert.ok(d.examples.length > 0, `${d.op}: no examples`);
    assert.ok(help.has(d.op), `${d.op}: not in the syntax help`);
    assert.ok(d.help.usage.length > 0 && d.help.meaning.length > 0, `${d.op}: no help`);
  }
  assert.ok(parsed.length >= 25, `only ${parsed.length} ops`);
});

test("every spelling parses to its op", () => {
  for (const d of defs) {
    for (const syn of d.syntax) {
      const sources =
        syn.kind === "call"
          ? syn.names.map((n) => (d.arity === 2 ? `${n}(A, B)` : `${n}(A)`))
          : syn.kind === "infix"
            ? syn.tokens.map((t) => `A ${t} B`)
            : syn.kind === "prefix"
              ? syn.tokens.map((t) => `${t}A`)
              : syn.kind === "postfix"
                ? syn.tokens.map((t) => `A${t}`)
                : syn.kind === "entry"
                  ? syn.names.map((n) => `${n}(0, 1)`)
                  : syn.kind === "power"
                    ? syn.tokens.map((t) => `A ${t} 2`)
                    : syn.kind === "ones"
                      ? syn.names.map((n) => `${n}(1)`)
                      : syn.kind === "axis"
                        ? syn.names.map((n) => `${n}(A, 2)`)
                        : syn.kind === "spec"
                          ? syn.names.map((n) => `${n}("ij,jk->ik", A, B)`)
                          : syn.kind === "axes"
                            ? syn.names.map((n) => `${n}(A, [2, 1])`)
                            : syn.names.flatMap((n) =>
                                syn.sizes.map((k) =>
                                  k === 0 ? n : `${n}(${Array.from({ length: k }, (_, i) => i + 2).join(", ")})`,
                                ),
                              );
      for (const src of sources) assert.equal(parse(src).op, d.op, `${d.op}: ${src}`);
    }
  }
});

for (const d of parsed) {
  for (const ex of d.examples) {
    const label = `${d.op}: ${ex.expr} (∂/∂${ex.wrt})`;
    test(`${label}: the example uses its op, round-trips and prints`, () => {
      const e = parse(ex.expr);
      assert.ok(
        nodes(e).some((n) => n.op === d.op),
        `${label}: the example has no ${d.op} node`,
      );
      const again = parse(exprToSource(e));
      assert.ok(exprEquals(again, e), `${label}: ${exprToSource(e)} parses to ${exprToSource(again)}`);
      assert.ok(exprToText(e).length > 0);
      assert.doesNotThrow(() => katex.renderToString(exprToLatex(e), { throwOnError: true }), `${label}: LaTeX`);
      // the site's Markdown tables write | as \vert: the LaTeX must survive that too (so no \|)
      const inTable = exprToLatex(e).replace(/\|/g, "\\vert ");
      assert.doesNotThrow(() => katex.renderToString(inTable, { throwOnError: true }), `${label}: LaTeX in a table`);
    });

    test(`${label}: the shape rule agrees with the evaluated value at every node`, () => {
      const e = parse(ex.expr);
      const info = inferShapes(e, ex.shapes);
      const values: Record<string, Tensor> = {};
      let seed = 1;
      for (const [name, shape] of Object.entries(info.shapes))
        values[name] = randn(
          shape.map((x) => dimValue(x, {})),
          { seed: seed++ },
        );
      for (const n of nodes(e)) {
        const want = info.shapeOf(n).map((x) => dimValue(x, {}));
        const padded = want.length === 0 ? [1, 1] : want.length === 1 ? [want[0], 1] : want;
        const got = evaluatePadded(n, values, {}, info);
        assert.deepEqual(
          got.shape,
          padded,
          `${label}: ${exprToSource(n)} has shape [${got.shape}], its rule says [${want}]`,
        );
      }
    });

    test(`${label}: every form of the derivative verifies against autodiff`, () => {
      const dd = derive(ex.expr, ex.wrt, ex.shapes);
      const r = verify(dd);
      assert.ok(
        r.ok,
        `${label}: ${r.forms
          .filter((f) => !f.ok)
          .map((f) => `${f.name}: ${f.detail}`)
          .join("; ")}`,
      );
      assert.ok(dd.forms.length >= 1);
    });
  }
}
