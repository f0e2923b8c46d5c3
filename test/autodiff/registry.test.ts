/**
 * Tests that iterate the op registry (src/registry.ts): every registered op
 * has cases; on each case, on random rectangular shapes, forward mode = reverse
 * mode (1e-12) and both are within the finite-difference error estimate; the op
 * records its own definition and typed attrs on the tape.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  assertClose,
  einsum,
  permute,
  pow,
  randint,
  reshape,
  scale,
  neg,
  sum,
  tensor,
  unvec,
  vec,
  type Tensor,
} from "../../src";
import { jacobianN } from "../../src/autodiff/jacobian";
import { composites, primitives } from "../../src/registry";
import { makeLeaf, withTape, type OpNode } from "../../src/trace/record";
import { allCases, assertWithinEstimate, caseDims } from "./helpers";

/** The names of the entries that have no test case (the registry tests would not exercise them). */
function withoutCases(entries: readonly { name: string; cases: readonly unknown[] }[]): string[] {
  return entries.filter((e) => e.cases.length === 0).map((e) => e.name);
}

test("every registered op has at least one test case", () => {
  assert.deepEqual(withoutCases([...primitives, ...composites]), []);
});

test("the check above fails for a registered op without cases", () => {
  assert.deepEqual(withoutCases([...primitives, { name: "nocases", cases: [] }]), ["nocases"]);
});

test("registered names are unique", () => {
  const names = [...primitives, ...composites].map((d) => d.name);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
  );
});

for (const c of allCases()) {
  test(`${c.label}: forward = reverse (1e-12), both within the finite-difference error estimate`, () => {
    fc.assert(
      fc.property(caseDims, (d) => {
        const x = c.x(d);
        const f = c.f(d);
        const [Jf] = jacobianN(f, [x], "jacobian", "forward");
        const [Jr] = jacobianN(f, [x], "jacobian", "reverse");
        assertClose(Jf, Jr, `${c.label}: forward vs reverse`, { rtol: 1e-12, atol: 1e-12 });
        assertWithinEstimate(Jf, f, x, c.label);
      }),
      { numRuns: 12 },
    );
  });
}

/** The op nodes recorded while running f on a traced x. */
function recorded(f: (x: Tensor) => Tensor, x: Tensor): OpNode[] {
  return withTape((tape) => {
    f(makeLeaf(tape, x, 0));
    return tape.nodes.filter((n): n is OpNode => n.def !== undefined);
  });
}

for (const def of primitives) {
  test(`${def.name}: each case records a node carrying the op's own definition`, () => {
    const d = { a: 2, b: 3, c: 2, d: 3, seed: 7 };
    for (const c of def.cases) {
      const nodes = recorded(c.f(d), c.x(d));
      assert.ok(
        nodes.some((n) => n.def === def),
        `${c.label}: recorded ${nodes.map((n) => n.def.name).join(", ")}`,
      );
    }
  });
}

test("ops record their typed attrs", () => {
  const A = randint([2, 3], { seed: 1 });
  const attrsOf = (f: (x: Tensor) => Tensor, x = A): { op: string; attrs: unknown }[] =>
    recorded(f, x).map((n) => ({ op: n.def.name, attrs: n.attrs }));
  assert.deepEqual(
    attrsOf((x) => permute(x, [1, 0])),
    [{ op: "permute", attrs: { axes: [1, 0] } }],
  );
  assert.deepEqual(
    attrsOf((x) => reshape(x, [3, -1])),
    [{ op: "reshape", attrs: { shape: [3, 2] } }],
  );
  assert.deepEqual(
    attrsOf((x) => scale(x, 2.5)),
    [{ op: "scale", attrs: { s: 2.5 } }],
  );
  assert.deepEqual(
    attrsOf((x) => neg(x)),
    [{ op: "scale", attrs: { s: -1 } }],
  );
  assert.deepEqual(
    attrsOf((x) => scale(x, sum(x))),
    [
      { op: "sum", attrs: undefined },
      { op: "scale", attrs: {} },
    ],
  );
  assert.deepEqual(
    attrsOf((x) => pow(x, 3)),
    [{ op: "pow", attrs: { p: 3 } }],
  );
  assert.deepEqual(
    attrsOf((x) => vec(x)).map((r) => r.op),
    ["transpose", "reshape"],
  );
  assert.deepEqual(
    attrsOf((x) => unvec(x, 2, 3), tensor([1, 2, 3, 4, 5, 6])),
    [
      { op: "reshape", attrs: { shape: [3, 2] } },
      { op: "transpose", attrs: undefined },
    ],
  );
  const [e] = recorded((x) => einsum("ij,kj", x, x), A);
  assert.equal(e.def.name, "einsum");
  const attrs = e.attrs;
  assert.ok(typeof attrs === "object" && attrs !== null && "explicit" in attrs && "spec" in attrs);
  assert.equal(attrs.explicit, "ij,kj->ik");
  const spec = attrs.spec;
  assert.ok(typeof spec === "object" && spec !== null && "inputs" in spec && "output" in spec);
  const code = (s: string): number[] => [...s].map((ch) => ch.charCodeAt(0));
  assert.deepEqual(spec.inputs, [code("ij"), code("kj")]);
  assert.deepEqual(spec.output, code("ik"));
});

test("ops on untraced inputs are not recorded", () => {
  const nodes = withTape((tape) => {
    sum(randint([2], { seed: 1 }));
    return tape.nodes.length;
  });
  assert.equal(nodes, 0);
});
