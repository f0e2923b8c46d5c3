/**
 * One definition per operation, for the steps: every op with operands carries its differential
 * rule (d(op(X, Y)) in X, Y, dX, dY) in its own module; the few exempt ops are listed with the
 * reason. Each rule is checked with numbers: d(pattern) at a random point in a random direction
 * (forward-mode autodiff) equals the rule's result, on the op's own examples (through the steps).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { derive, exprToText, parse, SYMBOLIC_OPS } from "../../src/index";
import type { Expr } from "../../src/symbolic/expr";

/** A node of the op, found in its first example. */
function opNode(op: string): never {
  const def = SYMBOLIC_OPS.find((x) => x.op === op);
  const find = (e: Expr): Expr | undefined => (e.op === op ? e : e.args.map(find).find((x) => x !== undefined));
  const node = def === undefined || def.examples.length === 0 ? undefined : find(parse(def.examples[0].expr));
  assert.ok(node !== undefined, `${op}: no example contains the op`);
  return node as never;
}

/** Ops without a differential rule, and why. */
const EXEMPT: Record<string, string> = {
  at: "notation of the component form: the entry (Z)_kl is never differentiated",
  dif: "the pending differential d(E) itself: the rules rewrite it away",
};

test("every op with operands has a differential rule in its module (or is exempt with a reason)", () => {
  for (const def of SYMBOLIC_OPS) {
    if (def.arity === 0) {
      // a leaf: d of the variable is dX, d of a constant (a symbol, a number, I, α, β, K, E) is 0
      assert.equal(def.differential, undefined, `${def.op}: a leaf needs no rule`);
      continue;
    }
    if (EXEMPT[def.op] !== undefined) continue;
    // a rule that depends on the node's attributes (the axis of sum(X, k)) is stated for a node of the op
    const d = def.differential;
    const r = typeof d === "function" ? d(opNode(def.op)) : d;
    assert.ok(r !== undefined, `${def.op}: no differential rule (add \`differential\` to its SymOpDef)`);
    assert.ok(r.name.length > 0, `${def.op}: the rule has no name`);
    assert.equal(r.pattern.op, def.op, `${def.op}: the rule's pattern is not the op`);
    assert.equal(r.operands.length, def.arity, `${def.op}: one metavariable per operand`);
    assert.ok(exprToText(r.result).length > 0);
  }
  for (const op of Object.keys(EXEMPT))
    assert.ok(
      SYMBOLIC_OPS.some((d) => d.op === op),
      `exempt op ${op} is not in the registry`,
    );
});

test("every op's rule passes the numeric checks of the steps on the op's examples", () => {
  let checked = 0;
  for (const def of SYMBOLIC_OPS) {
    for (const ex of def.examples) {
      const d = derive(ex.expr, ex.wrt, ex.shapes);
      for (const r of d.stepRoutes()) {
        if (r.reason !== undefined) continue;
        const s = d.steps(r.route);
        for (const st of s.steps) assert.ok(st.check.ok, `${ex.expr} (${r.route}) ${st.rule}: ${st.check.detail}`);
        checked += s.steps.length;
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} steps`);
});
