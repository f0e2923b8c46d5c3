/**
 * LaTeX display of tensors.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";

/** LaTeX for a tensor (placeholder: to be replaced by the full renderer). */
export function tensorToLatex(t: Tensor): string {
  return String(t.toNested());
}
