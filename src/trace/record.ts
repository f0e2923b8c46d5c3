/**
 * The hook through which every differentiable op reports itself to the
 * automatic-differentiation engine. Ops compute their result eagerly and call
 * `record(def, inputs, output, attrs)`, returning what it returns. Outside a
 * differentiation this is a no-op costing one check per input.
 *
 * While a function is being differentiated, the engine keeps a stack of
 * {@link Tape}s (one per nested differentiation: `hessian` runs a gradient inside
 * a Jacobian). A traced tensor carries, in `Tensor.node`, a {@link TraceInfo}:
 * the node it is on each tape that sees it. An op whose inputs are seen by an
 * active tape gets a node on that tape. Derivative passes deactivate their own
 * tape, so the public ops a reverse rule calls are recorded only on outer tapes;
 * that is what makes derivatives differentiable again.
 * @packageDocumentation
 * @internal
 */
import { Tensor } from "../core/tensor";
import type { OpDef } from "./def";

declare module "../core/tensor" {
  interface Tensor {
    /**
     * Autodiff bookkeeping, set only while a function is being differentiated.
     * @internal
     */
    node?: TraceInfo;
  }
}

/** One recorded operation. @internal */
export interface OpNode {
  /** Position on its tape (creation order = a topological order). */
  readonly index: number;
  /** The op's definition (its rules). */
  readonly def: OpDef<unknown>;
  /** The op's tensor operands (with their own trace info). */
  readonly inputs: readonly Tensor[];
  /** The op's result (its value; carries this node in its trace info). */
  readonly output: Tensor;
  readonly attrs: unknown;
  readonly leaf?: undefined;
}

/** An input being differentiated: argument `leaf` of the differentiated function. @internal */
export interface LeafNode {
  readonly index: number;
  readonly def?: undefined;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly leaf: number;
}

/** A node of a tape. @internal */
export type Node = OpNode | LeafNode;

/** What a traced tensor carries in `Tensor.node`: its node per tape id. @internal */
export type TraceInfo = ReadonlyMap<number, Node>;

/** The function the autodiff engine installs to record an op applied to traced inputs. */
export type RecordHook = (def: OpDef<unknown>, inputs: readonly Tensor[], output: Tensor, attrs: unknown) => Tensor;

let hook: RecordHook | undefined;

/** @internal Install (or remove, with `undefined`) the autodiff engine's recorder. */
export function setRecordHook(h: RecordHook | undefined): void {
  hook = h;
}

/**
 * Report an op to the autodiff engine: `def` is the op's definition, `inputs` its
 * tensor operands in order, `attrs` its other parameters (typed by the def).
 * Returns the tensor the op must return.
 * @internal
 */
export function record(def: OpDef<undefined>, inputs: readonly Tensor[], output: Tensor): Tensor;
export function record<A>(def: OpDef<A>, inputs: readonly Tensor[], output: Tensor, attrs: A): Tensor;
export function record<A>(def: OpDef<A>, inputs: readonly Tensor[], output: Tensor, attrs?: A): Tensor {
  if (hook === undefined) return output;
  for (const t of inputs) if (t.node !== undefined) return hook(def, inputs, output, attrs);
  return output;
}

/** A record of the ops applied to the inputs of one differentiation. @internal */
export class Tape {
  readonly nodes: Node[] = [];
  active = false;
  constructor(readonly id: number) {}

  /** The node of `t` on this tape, if `t` depends on this tape's inputs. */
  nodeOf(t: Tensor): Node | undefined {
    return t.node === undefined ? undefined : t.node.get(this.id);
  }
}

const stack: Tape[] = [];
let nextId = 1;

/** @internal True while some differentiation is recording (used to pick a nestable path). */
export function anyTapeActive(): boolean {
  return stack.length > 0;
}

function recordOnTapes(def: OpDef<unknown>, inputs: readonly Tensor[], output: Tensor, attrs: unknown): Tensor {
  let info: Map<number, Node> | undefined;
  let out = output;
  for (const tape of stack) {
    let seen = false;
    for (const t of inputs) {
      if (tape.nodeOf(t) !== undefined) {
        seen = true;
        break;
      }
    }
    if (!seen) continue;
    if (info === undefined) {
      // Never mutate a tensor the op handed back unchanged (or one already traced): wrap its data.
      if (out.node !== undefined || inputs.includes(out)) out = new Tensor(out.data, out.shape);
      info = new Map();
      out.node = info;
    }
    const node: OpNode = { index: tape.nodes.length, def, inputs: inputs.slice(), output: out, attrs };
    tape.nodes.push(node);
    info.set(tape.id, node);
  }
  return out;
}

/**
 * Run `body` with a new tape active on top of the stack; the tape is
 * deactivated (popped) when `body` returns or throws. @internal
 */
export function withTape<R>(body: (tape: Tape) => R): R {
  const tape = new Tape(nextId++);
  stack.push(tape);
  tape.active = true;
  if (stack.length === 1) setRecordHook(recordOnTapes);
  try {
    return body(tape);
  } finally {
    const i = stack.lastIndexOf(tape);
    if (i >= 0) stack.splice(i, 1);
    tape.active = false;
    if (stack.length === 0) setRecordHook(undefined);
  }
}

/**
 * Run `body` with `tape` (temporarily) inactive, so that ops computed in a
 * derivative pass are not recorded on it (only on outer tapes). @internal
 */
export function withoutTape<R>(tape: Tape, body: () => R): R {
  const i = stack.lastIndexOf(tape);
  if (i < 0) return body();
  stack.splice(i, 1);
  tape.active = false;
  if (stack.length === 0) setRecordHook(undefined);
  try {
    return body();
  } finally {
    stack.splice(i, 0, tape);
    tape.active = true;
    setRecordHook(recordOnTapes);
  }
}

/**
 * A traced copy of `x` (same storage) that is leaf number `argIndex` of `tape`
 * and keeps whatever outer-tape nodes `x` already has. @internal
 */
export function makeLeaf(tape: Tape, x: Tensor, argIndex: number): Tensor {
  const t = new Tensor(x.data, x.shape);
  const info = new Map<number, Node>(x.node ?? []);
  const node: LeafNode = { index: tape.nodes.length, inputs: [], output: t, leaf: argIndex };
  tape.nodes.push(node);
  info.set(tape.id, node);
  t.node = info;
  return t;
}
