/**
 * The grammar fuzzer: random well-typed expressions over every registered op (test/helpers/
 * grammar.ts), random rectangular shapes, derived with respect to each of their variables; every
 * form, every operator path of `at(values)` and the generated JavaScript must agree with autodiff
 * (`verify` checks them all). A fixed seed and a few hundred cases in CI; `FUZZ_RUNS=10000` (and
 * `FUZZ_SEED`) for a long run. Each failure the fuzzer found is a regression test below.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { derive, verify, exprToSource, parse, TensorcalcError } from "../../src";
import { generateCase, GENERATED_OPS } from "../helpers/grammar";

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

interface Tally {
  cases: number;
  derivations: number;
  verified: number;
  refused: number;
  undefinedAt: number;
  formulaUndefined: number;
  ops: Set<string>;
}

/** Derive `src` by each variable and verify; throws (an assertion) on a wrong number. */
const newTally = (): Tally => ({
  cases: 0,
  derivations: 0,
  verified: 0,
  refused: 0,
  undefinedAt: 0,
  formulaUndefined: 0,
  ops: new Set(),
});

function check(src: string, shapes: Record<string, readonly (string | number)[]>, tally: Tally): void {
  const expr = parse(src);
  for (const wrt of Object.keys(shapes)) {
    let d;
    try {
      d = derive(expr, wrt, shapes);
    } catch (e) {
      // refusing is allowed (an expression with no derivative here), crashing is not
      assert.ok(e instanceof TensorcalcError, `derive(${src}, ${wrt}) threw ${String(e)}`);
      tally.refused++;
      continue;
    }
    tally.derivations++;
    const r = verify(d, { seed: 1 + (tally.cases % 97) });
    if (r.undefinedAt !== undefined) {
      tally.undefinedAt++;
      continue;
    }
    // a formula not defined anywhere it was tried (adj's rule where the argument is singular
    // everywhere, as in adj(B ⊘ B)) is a limitation the report states, not a wrong number
    if (r.formulaUndefined !== undefined) {
      tally.formulaUndefined++;
      continue;
    }
    for (const f of [...r.forms, ...r.paths])
      assert.ok(
        f.ok,
        `${src} by ${wrt} (shapes ${JSON.stringify(shapes)}, dims ${JSON.stringify(r.dims)}): ${f.name}: ${f.detail}`,
      );
    tally.verified++;
  }
}

test(`fuzz: ${RUNS} random well-typed expressions over every registered op verify in every form and operator path (seed ${SEED})`, () => {
  const tally = newTally();
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 60 }), (tape) => {
      const c = generateCase(tape);
      if (c === undefined) return;
      tally.cases++;
      c.ops.forEach((o) => tally.ops.add(o));
      // through the printed source and the parser, as a user would write it
      check(exprToSource(c.expr), c.shapes, tally);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
  );
  console.log(
    `fuzz: ${tally.cases} expressions, ${tally.derivations} derivations, ${tally.verified} verified, ${tally.refused} refused by derive, ${tally.undefinedAt} with no values where defined, ${tally.formulaUndefined} where a formula is defined nowhere tried; ops reached ${tally.ops.size} of ${GENERATED_OPS.length}`,
  );
  // the fuzzer tests something: most derivations are checked, and it reaches most ops
  assert.ok(tally.verified >= tally.derivations / 2, `${tally.verified} of ${tally.derivations} verified`);
  assert.ok(tally.ops.size >= GENERATED_OPS.length * 0.8 || RUNS < 100, `ops reached: ${[...tally.ops].join(", ")}`);
});

const TENSOR_RUNS = Number(process.env.FUZZ_TENSOR_RUNS ?? 300);

test(`fuzz with 3-axis symbols: ${TENSOR_RUNS} random expressions verify in every form and path, and their index route checks (seed ${SEED})`, () => {
  const tally = newTally();
  let tensorCases = 0;
  let routes = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 60 }), (tape) => {
      const c = generateCase(tape, 4, { tensors: true });
      if (c === undefined) return;
      const tensors = Object.values(c.shapes).some((s) => s.length > 2);
      if (!tensors) return;
      tensorCases++;
      tally.cases++;
      c.ops.forEach((o) => tally.ops.add(o));
      const src = exprToSource(c.expr);
      check(src, c.shapes, tally);
      // the index route of each derivation by a 3-axis variable: every step checked
      for (const [wrt, shape] of Object.entries(c.shapes)) {
        if (shape.length < 3) continue;
        let d;
        try {
          d = derive(parse(src), wrt, c.shapes);
        } catch {
          continue;
        }
        if (d.stepRoutes().find((r) => r.route === "index")?.reason !== undefined) continue;
        let s;
        try {
          s = d.steps("index");
        } catch (e) {
          // no point where the expression is defined, or composite indices: a refusal, not a wrong step
          assert.ok(e instanceof TensorcalcError, `${src} by ${wrt}: the index route threw ${String(e)}`);
          continue;
        }
        routes++;
        for (const st of s.steps)
          assert.ok(
            st.check.ok,
            `${src} by ${wrt}: index step ${st.rule}: ${st.beforeText} → ${st.afterText}: ${st.check.detail}`,
          );
      }
    }),
    { seed: SEED, numRuns: TENSOR_RUNS, endOnFailure: true, includeErrorInReport: true },
  );
  console.log(
    `fuzz (3 axes): ${tensorCases} expressions with a 3-axis symbol, ${tally.derivations} derivations, ${tally.verified} verified, ${tally.refused} refused, ${routes} index routes checked; ops reached ${tally.ops.size}`,
  );
  assert.ok(tensorCases >= TENSOR_RUNS / 10, `${tensorCases} cases with a 3-axis symbol`);
  assert.ok(tally.verified >= tally.derivations / 2, `${tally.verified} of ${tally.derivations} verified`);
  assert.ok(routes > 0, "some index routes were checked");
});
