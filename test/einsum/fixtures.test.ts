/** einsum, einsumPath and kron against numpy (fixtures written by scripts/fixtures/products.py). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tensor, einsum, einsumPath, kron } from "../../src";
import { assertSame } from "../products/helpers";

interface Dense {
  shape: number[];
  data: number[];
}
interface Fixture {
  einsum: {
    spec: string;
    kind: "int" | "float";
    operands: Dense[];
    result: Dense;
    greedy?: { naiveFlops: number; optimizedFlops: number };
    optimal?: { naiveFlops: number; optimizedFlops: number };
  }[];
  kron: { a: Dense; b: Dense; result: Dense }[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "products.json"), "utf8")) as Fixture;
const toTensor = (d: Dense): Tensor => new Tensor(Float64Array.from(d.data), d.shape);

function assertNear(actual: Tensor, expected: Tensor, label: string): void {
  assert.deepEqual([...actual.shape], [...expected.shape], `${label} shape`);
  for (let i = 0; i < expected.size; i++) {
    const e = expected.data[i];
    const a = actual.data[i];
    assert.ok(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${label} entry ${i}: ${a} vs numpy ${e}`);
  }
}

test("fixture has the expected cases", () => {
  assert.ok(fixture.einsum.length >= 20);
  assert.ok(fixture.kron.length >= 4);
});

for (const c of fixture.einsum) {
  test(`einsum ${JSON.stringify(c.spec)} on ${c.operands.map((o) => `[${o.shape.join(", ")}]`).join(" ")} matches numpy`, () => {
    const ops = c.operands.map(toTensor);
    const expected = toTensor(c.result);
    for (const optimize of [true, false, "greedy", "optimal"] as const) {
      const got = einsum(c.spec, ...ops, { optimize });
      if (c.kind === "int") assertSame(got, expected, `${c.spec} optimize=${String(optimize)}`);
      else assertNear(got, expected, `${c.spec} optimize=${String(optimize)}`);
    }
    if (c.optimal) {
      // numpy prints FLOP counts to 4 significant digits and adds 1 to the optimized count.
      const info = einsumPath(c.spec, ...ops, { optimize: "optimal" });
      assert.ok(
        Math.abs(info.naiveFlops - c.optimal.naiveFlops) <= 5e-4 * c.optimal.naiveFlops,
        `${c.spec} naive FLOPs`,
      );
      assert.ok(
        info.optimizedFlops + 1 <= c.optimal.optimizedFlops * (1 + 5e-4),
        `${c.spec}: our optimal path costs ${info.optimizedFlops} FLOPs, numpy's ${c.optimal.optimizedFlops}`,
      );
    }
  });
}

test("kron matches numpy (matrices and 1-D vectors)", () => {
  for (const c of fixture.kron) assertSame(kron(toTensor(c.a), toTensor(c.b)), toTensor(c.result), "kron");
});
