import { test } from "node:test";
import assert from "node:assert/strict";
import { einsum, einsumPath, randint, EinsumSpecError } from "../../src";

/** A chain a·b·c·… of k 2×2 matrices as an einsum spec with its operands. */
function chain(k: number) {
  const letters = "abcdefghijklmnop";
  const terms: string[] = [];
  for (let i = 0; i < k; i++) terms.push(letters[i] + letters[i + 1]);
  const ops = terms.map((_, i) => randint([2, 2], { seed: i + 1 }));
  return { spec: `${terms.join(",")}->${letters[0]}${letters[k]}`, ops };
}

test('optimize "optimal" is refused, not left to hang, beyond 7 operands; greedy still plans them', () => {
  const big = chain(9);
  const refused = (e: unknown) =>
    e instanceof EinsumSpecError && /limited to 7 operands, got 9/.test(e.message) && /"greedy"/.test(e.message);
  assert.throws(() => einsum(big.spec, ...big.ops, { optimize: "optimal" }), refused);
  assert.throws(() => einsumPath(big.spec, ...big.ops, { optimize: "optimal" }), refused);
  const greedy = einsum(big.spec, ...big.ops, { optimize: "greedy" });
  const auto = einsum(big.spec, ...big.ops);
  assert.deepEqual(Array.from(greedy.data), Array.from(auto.data));
  const small = chain(7);
  const optimal = einsum(small.spec, ...small.ops, { optimize: "optimal" });
  assert.deepEqual(Array.from(optimal.data), Array.from(einsum(small.spec, ...small.ops, { optimize: "greedy" }).data));
});
