/**
 * Identity tensors drawn as the wires they are: a wired δ, α or β is taken out of the network and
 * the wires through it joined; a strand from a free wire to a free wire becomes one bare wire;
 * an identity wired to nothing, and a closed loop of identities, are kept. Every case is
 * contracted and compared with the value of the expression it draws.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { allclose, randn, reshape } from "../../src/index";
import { contractDiagram, diagram, type Network } from "../../src/diagram/index";
import { evaluatePadded } from "../../src/symbolic/evaluate";
import { inferShapes, type Shapes } from "../../src/symbolic/shapes";
import { parse } from "../../src/symbolic/parse";

const sizes = { m: 2, n: 3, p: 4, q: 5 };

/** The diagram of `src`, checked by contraction against the expression's value; returns its one term. */
function drawn(src: string, shapes: Shapes): Network {
  const g = diagram(src, shapes);
  const info = inferShapes(parse(src), shapes);
  const values = Object.fromEntries(
    Object.entries(shapes).map(([k, s], i) => [
      k,
      randn(
        s.map((d) => (typeof d === "number" ? d : sizes[d as keyof typeof sizes])),
        { seed: i + 1 },
      ),
    ]),
  );
  const want = evaluatePadded(info.expr, values, sizes, info);
  const got = contractDiagram(g, values, sizes);
  assert.ok(allclose(reshape(got, [want.size]), reshape(want, [want.size])), `${src} contracts to its value`);
  assert.equal(g.terms.length, 1);
  return g.terms[0];
}

const labels = (n: Network) => n.nodes.map((x) => x.label);
/** Each free wire as letter:node and the node's axis it leaves (0 rows, 1 columns). */
const outputOn = (n: Network) =>
  n.outputs.map((o) => {
    const node = n.nodes.find((x) => x.id === o.port.node);
    return `${o.label}:${node?.label}${node?.ports[o.port.port].axis}`;
  });

test("∂(AᵀB)/∂A = αBᵀ:β draws as B with free wires k, j and a bare wire from i to l", () => {
  const net = drawn("alpha(m, n) * B' : beta(m, p)", { B: ["p", "n"] });
  assert.deepEqual(labels(net), ["B", "δ"]);
  assert.deepEqual(net.wires, []);
  assert.deepEqual(outputOn(net), ["i:δ0", "j:B1", "k:B0", "l:δ1"]);
});

test("AαBᵀ draws as A and B with their inner wires free (the index form A_ik B_lj)", () => {
  const net = drawn("A * alpha(p, q) * B'", { A: ["m", "p"], B: ["n", "q"] });
  assert.deepEqual(labels(net), ["A", "B"]);
  assert.deepEqual(outputOn(net), ["i:A0", "j:B1", "k:A1", "l:B0"]);
});

test("A δ B is A–B: the identity between two boxes becomes their wire", () => {
  const net = drawn("A * I(p) * B", { A: ["m", "p"], B: ["p", "n"] });
  assert.deepEqual(labels(net), ["A", "B"]);
  assert.deepEqual(
    net.wires.map((w) => [w.a.port, w.b.port]),
    [[1, 0]],
  );
});

test("α and β alone keep their shape: an identity wired to nothing is drawn as it is", () => {
  assert.deepEqual(labels(drawn("alpha(m, n)", {})), ["α"]);
  assert.deepEqual(labels(drawn("beta(m, n)", {})), ["β"]);
});

test("a closed loop of identities (a size) is kept, so the picture still contracts to it", () => {
  const net = drawn("tr(I(n)) * A", { A: ["m", "p"] });
  assert.ok(labels(net).includes("A"));
});
