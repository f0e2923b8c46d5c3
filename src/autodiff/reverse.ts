/**
 * The reverse pass over a tape (vector–Jacobian products), and Jacobians
 * assembled from one reverse pass per entry of the result.
 * @packageDocumentation
 * @internal
 */
import { DifferentiationError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { zeros } from "../create/constant";
import { add } from "../ops/arith/add";
import { outer } from "../ops/products/outer";
import { checkFiniteValue, checkJacobianSize, checkResult, formatIndex } from "./checks";
import { ancestors, rulesOf } from "./forward";
import { anyTapeActive, makeLeaf, withTape, withoutTape, type Node, type OpNode, type Tape } from "../trace/record";

/**
 * Cotangents of the leaves of `tape` (by argument index; undefined when y does
 * not depend on a leaf) for the cotangent `C` of `y`. Runs with `tape`
 * inactive, so the rules' ops are recorded on outer tapes only.
 */
export function reversePass(tape: Tape, y: Tensor, C: Tensor, where: string): (Tensor | undefined)[] {
  return withoutTape(tape, () => {
    const mask = ancestors(tape, y);
    const cot = new Map<Node, Tensor>();
    const leaves: (Tensor | undefined)[] = [];
    const yNode = tape.nodeOf(y);
    if (yNode === undefined) return leaves;
    cot.set(yNode, C);
    for (let i = yNode.index; i >= 0; i--) {
      if (mask[i] === 0) continue;
      const node = tape.nodes[i];
      const c = cot.get(node);
      if (c === undefined) continue;
      cot.delete(node);
      if (node.def === undefined) {
        leaves[node.leaf] = c;
        continue;
      }
      const ins = rulesOf(node.def, where).vjp(node, c);
      node.inputs.forEach((t, k) => {
        const n = tape.nodeOf(t);
        const g = ins[k];
        if (n === undefined || g === null || g === undefined) return;
        checkFiniteCotangent(g, node, where);
        const acc = cot.get(n);
        cot.set(n, acc === undefined ? g : add(acc, g));
      });
    }
    return leaves;
  });
}

function checkFiniteCotangent(g: Tensor, node: OpNode, where: string): void {
  for (let i = 0; i < g.size; i++) {
    if (!Number.isFinite(g.data[i])) {
      throw new DifferentiationError(
        `${where}: the derivative of "${node.def.name}" (result shape ${formatShape(node.output.shape)}) is not finite (${g.data[i]}) ` +
          `at entry ${formatIndex(i, g.shape)} of its operand; f is not differentiable at this X (e.g. sqrt or log at 0, or a singular matrix)`,
      );
    }
  }
}

/** A copy of `t` (same storage) that no longer refers to `tape` (keeps outer-tape nodes). */
export function detach(tape: Tape, t: Tensor): Tensor {
  const info = t.node;
  const out = new Tensor(t.data, t.shape);
  if (info !== undefined) {
    const rest = new Map(info);
    rest.delete(tape.id);
    if (rest.size > 0) out.node = rest;
  }
  return out;
}

/** A primal evaluation already recorded on a tape. */
export interface Recorded {
  tape: Tape;
  y: Tensor;
}

/**
 * Jacobians by one reverse pass per entry of Y: for every argument, or only
 * argument `only`. Inside another differentiation the result is assembled
 * with differentiable ops (so it can be differentiated again).
 */
export function reverseJacobian(
  f: (...args: Tensor[]) => Tensor,
  xs: readonly Tensor[],
  where: string,
  only?: number,
  pre?: Recorded,
): Tensor[] {
  const run = (rec: Recorded): Tensor[] => {
    const { tape, y } = rec;
    const args = only === undefined ? xs.map((_, i) => i) : [only];
    const nested = anyTapeActive() && tape.active && stackHasOuter(tape);
    const ny = y.size;
    const rows: (Tensor | undefined)[][] = [];
    for (let b = 0; b < ny; b++) {
      const seed = allocate(y.shape, where);
      seed[b] = 1;
      rows.push(reversePass(tape, y, new Tensor(seed, y.shape), where));
    }
    return args.map((i) => {
      const x = xs[i];
      const shape = [...y.shape, ...x.shape];
      if (!nested) {
        const J = allocate(shape, where);
        const nx = x.size;
        for (let b = 0; b < ny; b++) {
          const g = rows[b][i];
          if (g !== undefined) J.set(g.data, b * nx);
        }
        return new Tensor(J, shape);
      }
      // Differentiable assembly: J = Σ_b e_b ⊗ ∂Y_b/∂X.
      let J: Tensor = zeros(shape);
      for (let b = 0; b < ny; b++) {
        const g = rows[b][i];
        if (g === undefined) continue;
        const e = allocate(y.shape, where);
        e[b] = 1;
        J = add(J, outer(new Tensor(e, y.shape), g));
      }
      return J;
    });
  };
  if (pre !== undefined) return run(pre);
  return withTape((tape) => run(recordCall(tape, f, xs, where)));
}

/**
 * @internal Records f on `tape` with one leaf per argument of `xs`, and checks the result:
 * a tensor with finite entries whose Jacobian with respect to every argument is within the allocation limit.
 */
export function recordCall(
  tape: Tape,
  f: (...args: Tensor[]) => Tensor,
  xs: readonly Tensor[],
  where: string,
): Recorded {
  const leaves = xs.map((x, i) => makeLeaf(tape, x, i));
  const y: unknown = f(...leaves);
  checkResult(y, where);
  checkFiniteValue(y, where);
  for (const x of xs) checkJacobianSize(y.shape, x.shape, where);
  return { tape, y };
}

/** True when some tape other than `tape` is active (we are inside another differentiation). */
function stackHasOuter(tape: Tape): boolean {
  return withoutTape(tape, () => anyTapeActive());
}
