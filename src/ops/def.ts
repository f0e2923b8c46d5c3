/**
 * The definition of a differentiable primitive ({@link OpDef}: name, forward and
 * reverse rules, test cases) and the typed `record` through which an op reports
 * itself. Each primitive's module defines its `OpDef` beside its kernel;
 * `src/registry.ts` lists them all.
 * @packageDocumentation
 * @internal
 */
import type { OpCase } from "../trace/def";

export type { OpDef, OpCase, CaseDims, RuleContext } from "../trace/def";
export type { Batch } from "../trace/batch";
export { record } from "../trace/record";

/**
 * A composite op: built from primitives, so it has no rules of its own; its test
 * cases still go through the registry tests.
 */
export interface Composite {
  readonly name: string;
  readonly cases: readonly OpCase[];
}
