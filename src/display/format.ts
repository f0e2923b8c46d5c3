/**
 * Text display of tensors.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import { formatShape } from "../core/shape";

/** Aligned text for a tensor (placeholder: to be replaced by the full formatter). */
export function formatTensor(t: Tensor): string {
  return `Tensor${formatShape(t.shape)} ${JSON.stringify(t.toNested())}`;
}
