/**
 * The hook through which every differentiable op reports itself to the
 * automatic-differentiation engine. Ops compute their result eagerly and call
 * `record(op, inputs, output, attrs)`, returning what it returns. Outside a
 * differentiation this is a no-op costing one check per input.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";

/** Non-tensor parameters of an op (axes, shapes, a scalar factor, an einsum spec, …). */
export type OpAttrs = Readonly<Record<string, unknown>>;

/** The function the autodiff engine installs to record an op applied to traced inputs. */
export type RecordHook = (op: string, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs) => Tensor;

let hook: RecordHook | undefined;

/** @internal Install (or remove, with `undefined`) the autodiff engine's recorder. */
export function setRecordHook(h: RecordHook | undefined): void {
  hook = h;
}

/**
 * Report an op to the autodiff engine. `op` is the public name of the op
 * (`"matmul"`, `"einsum"`, …), `inputs` its tensor operands in order, `attrs` its
 * other parameters. Returns the tensor the op must return.
 * @internal
 */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs = {}): Tensor {
  if (hook === undefined) return output;
  for (const t of inputs) if (t.node !== undefined) return hook(op, inputs, output, attrs);
  return output;
}
