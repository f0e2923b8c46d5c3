/**
 * `tensor(nested)`: build a tensor from nested arrays, validating the nesting.
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "../core/errors";
import { allocate, formatShape } from "../core/shape";
import { Tensor, type NestedArray } from "../core/tensor";

/**
 * Build a tensor from nested arrays of numbers (any depth; a plain number gives a 0-d tensor).
 * The nesting must be rectangular and every entry a finite number. The data is copied.
 *
 * @throws {@link ShapeError} when a row has the wrong length or depth (the message names its path, e.g. `[1]`).
 * @throws {@link IndexError} when an entry is not a finite number (the message names its index).
 * @example
 * ```ts
 * import { tensor } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(A.shape); // [2, 3]
 * console.log(tensor(7).shape); // []
 * ```
 */
export function tensor(nested: NestedArray): Tensor {
  // Infer the shape from the first element at each depth.
  const shape: number[] = [];
  let probe: unknown = nested;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const out = allocate(shape, "tensor");
  let k = 0;
  const path: number[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) {
        throw new ShapeError(
          `tensor: the entry at ${fmtPath(path)} is an array, but the first entries make the shape ${formatShape(shape)} (nesting depth ${shape.length}); rows must all have the same depth`,
        );
      }
      if (typeof node !== "number") {
        throw new IndexError(`tensor: the entry at ${fmtPath(path)} is ${describe(node)}, not a number`);
      }
      if (!Number.isFinite(node)) {
        throw new IndexError(
          `tensor: the entry at ${fmtPath(path)} is ${String(node)}; entries must be finite numbers`,
        );
      }
      out[k++] = node;
      return;
    }
    if (!Array.isArray(node)) {
      throw new ShapeError(
        `tensor: the entry at ${fmtPath(path)} is ${describe(node)}, but an array of length ${shape[depth]} was expected (shape ${formatShape(shape)} from the first entries)`,
      );
    }
    if (node.length !== shape[depth]) {
      throw new ShapeError(
        `tensor: the row at ${fmtPath(path)} has length ${node.length}, but the first row at that depth has length ${shape[depth]} (shape ${formatShape(shape)}); rows must be rectangular`,
      );
    }
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walk(node[i], depth + 1);
      path.pop();
    }
  };
  walk(nested, 0);
  return new Tensor(out, shape);
}

function fmtPath(path: readonly number[]): string {
  return path.length === 0 ? "the top level" : `[${path.join(", ")}]`;
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "object") return `an object (${Object.prototype.toString.call(v)})`;
  return `a ${typeof v} (${String(v)})`;
}
