/**
 * Argument checks shared by the special tensors.
 * @packageDocumentation
 */
import { IndexError } from "../core/errors";

/** @internal A dimension must be a non-negative safe integer. */
export function checkDim(v: unknown, where: string, name: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new IndexError(
      `${where}: ${name} must be a non-negative integer, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`,
    );
  }
  return v;
}
