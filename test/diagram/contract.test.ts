/**
 * Every picture is checked: the diagram of every drawn form of every catalogue row, and of
 * every row's expression, is contracted (einsum over its wires) on random values of random
 * rectangular sizes and compared with the form's own evaluation and with autodiff.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { allclose, catalogue, derive, jacobian, reshape, type Tensor } from "../../src/index";
import { contractDiagram, diagram } from "../../src/diagram/index";
import { DRAWN_FORMS } from "../../src/diagram/forms";
import { drawValues } from "../../src/symbolic/sampling";

const RUNS = Number(process.env.DIAGRAM_RUNS ?? 4);

function close(got: Tensor, want: Tensor, what: string): void {
  const g = reshape(got, want.shape);
  assert.ok(
    allclose(g, want, { rtol: 1e-8, atol: 1e-8 }),
    `${what}: the diagram contracts to ${g.toString()}\nbut the form is ${want.toString()}`,
  );
}

/** A zero form prints as the number 0 (a scalar broadcast): its diagram is the number 0. */
const isZero = (t: Tensor): boolean => t.data.every((x) => x === 0);

for (const row of catalogue) {
  test(`catalogue ${row.id}: every drawn form's diagram contracts to the form, on rectangular sizes`, () => {
    const d = derive(row.expr, row.wrt, row.shapes, { symmetric: row.symmetric });
    const drawn = d.forms.filter((f) => DRAWN_FORMS.includes(f.name) && f.rhs !== undefined);
    assert.ok(drawn.length > 0, `${row.id} has no drawn form`);
    const pictures = drawn.map((f) => ({ f, g: diagram(f, d.shapes) }));
    const value = diagram(d.expr, d.shapes);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (sizes, seed) => {
          const dims: Record<string, number> = {};
          d.info.dimNames.forEach((n, i) => (dims[n] = sizes[i % sizes.length]));
          const { values } = drawValues(d, {}, dims, seed);
          for (const { f, g } of pictures) {
            const want = f.evaluate(values);
            const got = contractDiagram(g, values);
            if (got.size === 1 && want.size !== 1) assert.ok(isZero(got) && isZero(want), `${f.name}: 0`);
            else close(got, want, `${row.id} ${f.name} (${f.text})`);
          }
          // the expression's own diagram is its value
          close(contractDiagram(value, values), d.value(values), `${row.id} expression`);
          // and the tensor form's diagram (the gradient for a scalar) is the Jacobian from autodiff
          const t = pictures.find((p) => p.f.name === "tensor");
          if (t !== undefined && row.symmetric === undefined) {
            const J = jacobian((a) => d.value({ ...values, [row.wrt]: a }), values[row.wrt]);
            close(contractDiagram(t.g, values), J, `${row.id} tensor form against autodiff`);
          }
        },
      ),
      { numRuns: RUNS, seed: 24 },
    );
  });
}

test("a wrong diagram fails the check: αBᵀ:β with the wires of β uncrossed is not ∂(AᵀB)/∂A", () => {
  const d = derive("A' * B", "A", { A: ["p", "m"], B: ["p", "n"] });
  const f = d.form("tensor");
  assert.ok(f !== undefined);
  const right = diagram(f, d.shapes);
  const wrong = diagram("alpha(m, n) * B' : alpha(m, p)", d.shapes);
  const { values } = drawValues(d, {}, { p: 4, m: 2, n: 3 }, 7);
  close(contractDiagram(right, values), f.evaluate(values), "seed");
  assert.ok(!allclose(reshape(contractDiagram(wrong, values), [2, 3, 4, 2]), f.evaluate(values)));
});
