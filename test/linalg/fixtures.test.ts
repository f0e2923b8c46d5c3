import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inv, det, logdet, solve, tensor, fromFunction, assertClose, type Tensor } from "../../src";

interface Case {
  name: string;
  A: number[][];
  B: number[][];
  b: number[];
  inv: number[][];
  det: number;
  slogdet: [number, number];
  solveB: number[][];
  solveb: number[];
}

interface LargeCase {
  name: string;
  n: number;
  slogdet: [number, number];
  solveb: number[];
  invDiag: number[];
  invRow0: number[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "linalg.json"), "utf8")) as {
  cases: Case[];
  large: LargeCase[];
};

/** Relative tolerance 1e-10, measured against the largest entry of the expected value. */
function close(actual: Tensor, expected: Tensor, label: string): void {
  const scale = Math.max(...Array.from(expected.data, Math.abs), 1e-300);
  assertClose(actual, expected, label, { rtol: 1e-10, atol: 1e-10 * scale });
}

test("linalg agrees with numpy on the committed fixtures (rtol 1e-10)", () => {
  assert.ok(fixture.cases.length >= 12);
  for (const c of fixture.cases) {
    const A = tensor(c.A);
    close(inv(A), tensor(c.inv), `${c.name} inv`);
    close(det(A), tensor(c.det), `${c.name} det`);
    close(logdet(A), tensor(c.slogdet[1]), `${c.name} logdet`);
    assert.equal(Math.sign(det(A).item()), c.slogdet[0], `${c.name} sign of det`);
    const B = tensor(c.B);
    assert.equal(B.shape[0], A.shape[0]);
    close(solve(A, B), tensor(c.solveB), `${c.name} solve matrix`);
    close(solve(A, tensor(c.b)), tensor(c.solveb), `${c.name} solve vector`);
  }
});

test("blocked LU agrees with numpy on matrices larger than its panel (formula-defined, rtol 1e-10)", () => {
  assert.ok(fixture.large.length >= 2);
  for (const c of fixture.large) {
    const n = c.n;
    // the same formula as scripts/fixtures/linalg.py
    const A = fromFunction([n, n], (i, j) => Math.sin(7 * i + 3 * j + 1) + (i === j ? n : 0));
    const b = fromFunction([n], (i) => Math.cos(i));
    close(logdet(A), tensor(c.slogdet[1]), `${c.name} logdet`);
    assert.equal(Math.sign(det(A).item()), c.slogdet[0]);
    close(solve(A, b), tensor(c.solveb), `${c.name} solve`);
    const Ai = inv(A);
    close(
      fromFunction([n], (i) => Ai.get(i, i)),
      tensor(c.invDiag),
      `${c.name} inv diagonal`,
    );
    close(
      fromFunction([n], (j) => Ai.get(0, j)),
      tensor(c.invRow0),
      `${c.name} inv first row`,
    );
  }
});
