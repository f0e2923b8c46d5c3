import { test } from "node:test";
import assert from "node:assert/strict";
import { setRecordHook, type OpAttrs } from "../../src/autodiff/trace";
import {
  permute,
  reshape,
  add,
  sub,
  neg,
  scale,
  hadamard,
  sum,
  trace,
  exp,
  log,
  pow,
  sqrt,
  abs,
  sin,
  cos,
  tanh,
  vec,
  unvec,
  transpose,
  randint,
  tensor,
  Tensor,
} from "../../src";

interface Rec {
  op: string;
  inputs: readonly Tensor[];
  output: Tensor;
  attrs: OpAttrs;
}

/** Run f with a recording hook; inputs marked traced. */
function recorded(f: () => Tensor): Rec[] {
  const log: Rec[] = [];
  setRecordHook((op, inputs, output, attrs) => {
    log.push({ op, inputs, output, attrs });
    return output;
  });
  try {
    f();
  } finally {
    setRecordHook(undefined);
  }
  return log;
}

function traced(t: Tensor): Tensor {
  t.node = {};
  return t;
}

test("differentiable ops report the agreed names, inputs and attrs to the autodiff hook", () => {
  const A = () => traced(randint([2, 3], { seed: 1 }));
  const S = () => traced(randint([3, 3], { seed: 2 }));
  const cases: [string, () => { run: () => Tensor; inputs: number; attrs: OpAttrs }][] = [
    ["permute", () => ({ run: () => permute(A(), [1, 0]), inputs: 1, attrs: { axes: [1, 0] } })],
    ["reshape", () => ({ run: () => reshape(A(), [3, -1]), inputs: 1, attrs: { shape: [3, 2] } })],
    ["add", () => ({ run: () => add(A(), A()), inputs: 2, attrs: {} })],
    ["sub", () => ({ run: () => sub(A(), A()), inputs: 2, attrs: {} })],
    ["neg", () => ({ run: () => neg(A()), inputs: 1, attrs: {} })],
    ["scale", () => ({ run: () => scale(A(), 2.5), inputs: 1, attrs: { s: 2.5 } })],
    ["scale", () => ({ run: () => scale(A(), traced(tensor(2))), inputs: 2, attrs: {} })],
    ["hadamard", () => ({ run: () => hadamard(A(), A()), inputs: 2, attrs: {} })],
    ["sum", () => ({ run: () => sum(A()), inputs: 1, attrs: {} })],
    ["trace", () => ({ run: () => trace(S()), inputs: 1, attrs: {} })],
    ["exp", () => ({ run: () => exp(A()), inputs: 1, attrs: {} })],
    ["log", () => ({ run: () => log(A()), inputs: 1, attrs: {} })],
    ["pow", () => ({ run: () => pow(A(), 3), inputs: 1, attrs: { p: 3 } })],
    ["sqrt", () => ({ run: () => sqrt(A()), inputs: 1, attrs: {} })],
    ["abs", () => ({ run: () => abs(A()), inputs: 1, attrs: {} })],
    ["sin", () => ({ run: () => sin(A()), inputs: 1, attrs: {} })],
    ["cos", () => ({ run: () => cos(A()), inputs: 1, attrs: {} })],
    ["tanh", () => ({ run: () => tanh(A()), inputs: 1, attrs: {} })],
    ["transpose", () => ({ run: () => transpose(A()), inputs: 1, attrs: {} })],
    ["vec", () => ({ run: () => vec(A()), inputs: 1, attrs: {} })],
    ["unvec", () => ({ run: () => unvec(traced(randint([6], { seed: 3 })), 2, 3), inputs: 1, attrs: { m: 2, n: 3 } })],
  ];
  for (const [name, make] of cases) {
    const c = make();
    const recs = recorded(c.run);
    assert.equal(recs.length, 1, name);
    assert.equal(recs[0].op, name);
    assert.equal(recs[0].inputs.length, c.inputs, name);
    assert.deepEqual({ ...recs[0].attrs }, c.attrs, name);
  }
});

test("ops on untraced inputs do not call the hook", () => {
  const recs = recorded(() => add(randint([2], { seed: 1 }), randint([2], { seed: 2 })));
  assert.equal(recs.length, 0);
});
