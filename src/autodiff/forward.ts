/**
 * The forward pass over a tape: push a batch of tangents (all directions of
 * one input at once, or a single direction) through the recorded ops.
 * @packageDocumentation
 * @internal
 */
import { DifferentiationError } from "../core/errors";
import { formatShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { firstNonFinite, type Batch } from "../trace/batch";
import { formatIndex } from "./checks";
import type { OpDef } from "../trace/def";
import type { Node, Tape } from "../trace/record";

/** The op's definition with its rules, or a DifferentiationError naming the op (a def without rules). */
export function rulesOf(def: OpDef<unknown>, where: string): OpDef<unknown> {
  if (typeof def.jvp !== "function" || typeof def.vjp !== "function") {
    throw new DifferentiationError(`${where}: no derivative rule for the op "${def.name}"`);
  }
  return def;
}

/** The nodes of `tape` that `y` depends on (a mask by node index). */
export function ancestors(tape: Tape, y: Tensor): Uint8Array {
  const mask = new Uint8Array(tape.nodes.length);
  const yNode = tape.nodeOf(y);
  if (yNode === undefined) return mask;
  mask[yNode.index] = 1;
  for (let i = yNode.index; i >= 0; i--) {
    if (mask[i] === 0) continue;
    for (const t of tape.nodes[i].inputs) {
      const n = tape.nodeOf(t);
      if (n !== undefined) mask[n.index] = 1;
    }
  }
  return mask;
}

/**
 * Tangents of `y` when leaf `arg` moves along `seed` (other leaves fixed), or
 * null when `y` does not depend on that leaf. `xShape` names the input in messages.
 * Only the result is checked for non-finite entries; if it has one, the pass is
 * repeated with `checkEach` to name the op where the derivative first broke.
 */
export function forwardPass(
  tape: Tape,
  y: Tensor,
  arg: number,
  seed: Batch,
  xShape: readonly number[],
  where: string,
  checkEach = false,
): Batch | null {
  const mask = ancestors(tape, y);
  const yNode = tape.nodeOf(y);
  // The last node that reads each node's tangent, so tangents can be dropped after their last use.
  const lastUse = new Int32Array(tape.nodes.length).fill(-1);
  for (const node of tape.nodes) {
    if (mask[node.index] === 0) continue;
    for (const t of node.inputs) {
      const n = tape.nodeOf(t);
      if (n !== undefined) lastUse[n.index] = node.index;
    }
  }
  const tangents = new Map<Node, Batch | null>();
  for (const node of tape.nodes) {
    if (mask[node.index] === 0) continue;
    if (node.def === undefined) {
      tangents.set(node, node.leaf === arg ? seed : null);
      continue;
    }
    const ins = node.inputs.map((t) => {
      const n = tape.nodeOf(t);
      return n === undefined ? null : (tangents.get(n) ?? null);
    });
    for (const t of node.inputs) {
      const n = tape.nodeOf(t);
      if (n !== undefined && n !== yNode && lastUse[n.index] === node.index) tangents.delete(n);
    }
    if (ins.every((t) => t === null)) {
      tangents.set(node, null);
      continue;
    }
    const out = rulesOf(node.def, where).jvp(node, ins);
    if (out !== null && (checkEach || node === yNode)) {
      const bad = firstNonFinite(out);
      if (bad !== undefined && !checkEach) {
        // Find (and name) the op where the derivative first became non-finite.
        return forwardPass(tape, y, arg, seed, xShape, where, true);
      }
      if (bad !== undefined) {
        throw new DifferentiationError(
          `${where}: the derivative of "${node.def.name}" (result shape ${formatShape(node.output.shape)}) is not finite ` +
            `(${bad.value}) at entry ${formatIndex(bad.col, node.output.shape)} along the direction X${formatIndex(bad.row, xShape)}; ` +
            `f is not differentiable at this X (e.g. sqrt or log at 0, or a singular matrix)`,
        );
      }
    }
    tangents.set(node, out);
  }
  return yNode === undefined ? null : (tangents.get(yNode) ?? null);
}
