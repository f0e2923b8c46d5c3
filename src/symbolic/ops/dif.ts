/**
 * Notation of the steps of a derivation: `d(E)`, the differential of E not yet worked out.
 * The steps rewrite it with the differential rules of the ops (each defined with its op) until
 * only the differential of the variable is left. Not parsed; it has no value by itself (the
 * steps' numeric checks evaluate it as a directional derivative).
 * @packageDocumentation
 */
import { DifferentiationError } from "../../core/errors";
import { paren } from "../notation";
import type { Expr } from "../expr";
import { defineOp, type Printer } from "../opdef";
import { zeroOfLinear } from "./common";

/** True for an operand that brackets itself (a call such as tr(…), a norm, log|det …|), not a symbol. */
const bracketed = (x: Expr, p: Printer): boolean =>
  x.op !== "sym" && x.op !== "num" && p.prec(x) === 5 && x.args.length > 0;

export const difOp = defineOp({
  op: "dif",
  arity: 1,
  emit: (s) =>
    s.unsupported("d(E) is a differential not yet worked out (notation of the step-by-step derivations), not a value"),
  help: { usage: "d(E)", meaning: "the differential of E, not yet worked out (notation of the steps)" },
  syntax: [],
  traits: { notation: true },
  shape: (_s, _e, [sa]) => sa,
  examples: [],
  print: {
    // a call or a bar is its own bracket: d tr(AX), d log|det X|, d‖x‖; anything else in parentheses
    source: (e, p) => `d(${p(e.args[0])})`,
    text: (e, p) => (bracketed(e.args[0], p) ? `d ${p(e.args[0])}` : `d(${p(e.args[0])})`),
    latex: (e, p) => (bracketed(e.args[0], p) ? `\\mathrm{d}\\,${p(e.args[0])}` : `\\mathrm{d}${paren(p(e.args[0]))}`),
  },
  prune: zeroOfLinear,
  evaluate: () => {
    throw new DifferentiationError(
      "d(E) has no value by itself: it is the differential of E in a direction (the steps evaluate it so)",
    );
  },
});
