/**
 * Argument and result checks shared by the differentiation entry points; every
 * message names what the user passed or got.
 * @packageDocumentation
 * @internal
 */
import { AllocationError, DifferentiationError } from "../core/errors";
import { formatShape, getAllocationLimit, sizeOf, type Shape } from "../core/shape";
import { Tensor } from "../core/tensor";

/** A short description of any value, for messages ("a number (3)", "an array of 2 items", …). */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof Tensor) return `a Tensor of shape ${formatShape(v.shape)}`;
  if (Array.isArray(v)) return `an array of ${v.length} item(s)`;
  if (typeof v === "number") return `a number (${v})`;
  if (typeof v === "string") return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)})`;
  if (typeof v === "function") return "a function";
  if (typeof v === "object") {
    const name = (v as object).constructor?.name;
    return name && name !== "Object" ? `an object of class ${name}` : "a plain object";
  }
  return `a ${typeof v} (${String(v)})`;
}

/** Check the differentiated function. */
export function checkFunction(f: unknown, where: string): void {
  if (typeof f !== "function")
    throw new DifferentiationError(`${where}: expected a function of tensors, got ${describeValue(f)}`);
}

/** Check an input (or each input of a list) is a Tensor. */
export function checkInputs(xs: readonly unknown[], where: string, listed: boolean): asserts xs is readonly Tensor[] {
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) {
      const which = listed ? `argument ${i} in the list of inputs` : "the input X";
      throw new DifferentiationError(`${where}: ${which} must be a Tensor, got ${describeValue(x)}`);
    }
  });
}

/** Check f's result is a Tensor. */
export function checkResult(y: unknown, where: string): asserts y is Tensor {
  if (!(y instanceof Tensor)) {
    const hint = typeof y === "number" ? " (wrap numbers with tensor(x), or return a 0-d result such as sum(...))" : "";
    throw new DifferentiationError(`${where}: f must return a Tensor, but it returned ${describeValue(y)}${hint}`);
  }
}

/** Row-major multi-index of a flat offset, formatted "[i, j]". */
export function formatIndex(flat: number, shape: Shape): string {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a];
    idx[a] = d === 0 ? 0 : flat % d;
    flat = d === 0 ? 0 : Math.floor(flat / d);
  }
  return `[${idx.join(", ")}]`;
}

/** Check every entry of f's value is finite. */
export function checkFiniteValue(y: Tensor, where: string): void {
  const d = y.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new DifferentiationError(
        `${where}: f(X) has a non-finite value ${d[i]} at index ${formatIndex(i, y.shape)} of its result (shape ${formatShape(y.shape)}); the derivative is undefined there`,
      );
    }
  }
}

/** Refuse, before any derivative pass, a Jacobian larger than the allocation limit. */
export function checkJacobianSize(yShape: Shape, xShape: Shape, where: string): void {
  const n = sizeOf(yShape) * sizeOf(xShape);
  const limit = getAllocationLimit();
  if (n > limit) {
    throw new AllocationError(
      `${where}: the Jacobian of a result of shape ${formatShape(yShape)} with respect to an input of shape ${formatShape(xShape)} ` +
        `would have shape ${formatShape([...yShape, ...xShape])} = ${n.toLocaleString("en-US")} elements ` +
        `(${((n * 8) / 2 ** 20).toLocaleString("en-US", { maximumFractionDigits: 1 })} MiB), above the allocation limit of ` +
        `${limit.toLocaleString("en-US")} elements; use jvp/vjp for products with the Jacobian, or setAllocationLimit() to raise the limit`,
    );
  }
}
