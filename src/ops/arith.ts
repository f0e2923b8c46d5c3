/**
 * Entrywise arithmetic: add, sub, neg, scale, hadamard.
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "../core/errors";
import { allocate, formatShape, sameShape } from "../core/shape";
import { Tensor } from "../core/tensor";
import { record } from "../autodiff/trace";

function checkSame(op: string, a: Tensor, b: Tensor): void {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new ShapeError(`${op}: both operands must be Tensors (got ${typeName(a)} and ${typeName(b)})`);
  }
  if (!sameShape(a.shape, b.shape)) {
    throw new ShapeError(
      `${op}: the shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ; ${op} needs operands of the same shape (no broadcasting)`,
    );
  }
}

/** @internal Throws a ShapeError naming what was passed unless `v` is a Tensor. */
export function checkTensor(v: unknown, where: string): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new ShapeError(`${where}: expected a Tensor, got ${typeName(v)}`);
}

/** @internal */
export function typeName(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor of shape ${formatShape(v.shape)}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array (wrap it with tensor(...))";
  return typeof v;
}

/**
 * Entrywise sum a + b of two tensors of the same shape. Differentiable.
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { tensor, add } from "tensorcalc";
 * console.log(add(tensor([1, 2]), tensor([10, 20])).toNested()); // [11, 22]
 * ```
 */
export function add(a: Tensor, b: Tensor): Tensor {
  checkSame("add", a, b);
  const out = allocate(a.shape, "add");
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  return record("add", [a, b], new Tensor(out, a.shape));
}

/**
 * Entrywise difference a − b of two tensors of the same shape. Differentiable.
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { tensor, sub } from "tensorcalc";
 * console.log(sub(tensor([5, 7]), tensor([1, 2])).toNested()); // [4, 5]
 * ```
 */
export function sub(a: Tensor, b: Tensor): Tensor {
  checkSame("sub", a, b);
  const out = allocate(a.shape, "sub");
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] - y[i];
  return record("sub", [a, b], new Tensor(out, a.shape));
}

/**
 * Entrywise (Hadamard) product a ∘ b of two tensors of the same shape. Differentiable.
 * @throws {@link ShapeError} naming both shapes when they differ.
 * @example
 * ```ts
 * import { tensor, hadamard } from "tensorcalc";
 * console.log(hadamard(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).toNested()); // [[5, 12], [21, 32]]
 * ```
 */
export function hadamard(a: Tensor, b: Tensor): Tensor {
  checkSame("hadamard", a, b);
  const out = allocate(a.shape, "hadamard");
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] * y[i];
  return record("hadamard", [a, b], new Tensor(out, a.shape));
}

/**
 * The negation −a. Differentiable.
 * @example
 * ```ts
 * import { tensor, neg } from "tensorcalc";
 * console.log(neg(tensor([1, -2])).toNested()); // [-1, 2]
 * ```
 */
export function neg(a: Tensor): Tensor {
  if (!(a instanceof Tensor)) throw new ShapeError(`neg: expected a Tensor, got ${typeName(a)}`);
  const out = allocate(a.shape, "neg");
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = -x[i];
  return record("neg", [a], new Tensor(out, a.shape));
}

/**
 * The multiple s·a, where s is a number or a 0-d tensor (e.g. a `trace` or `sum`
 * result, so that s is differentiated too). Differentiable.
 *
 * @throws {@link ShapeError} when s is a tensor that is not 0-d; {@link IndexError} when s is not a finite number.
 * @example
 * ```ts
 * import { tensor, scale, sum } from "tensorcalc";
 * const a = tensor([1, 2]);
 * console.log(scale(a, 3).toNested(), scale(a, sum(a)).toNested()); // [3, 6] [3, 6]
 * ```
 */
export function scale(a: Tensor, s: number | Tensor): Tensor {
  if (!(a instanceof Tensor)) throw new ShapeError(`scale: expected a Tensor to scale, got ${typeName(a)}`);
  if (s instanceof Tensor) {
    if (s.ndim !== 0) {
      throw new ShapeError(
        `scale: the factor must be a number or a 0-d tensor, got a tensor of shape ${formatShape(s.shape)} (use hadamard for entrywise products)`,
      );
    }
    const out = mul(a, s.data[0]);
    return record("scale", [a, s], out);
  }
  if (typeof s !== "number" || !Number.isFinite(s)) {
    throw new IndexError(`scale: the factor must be a finite number or a 0-d tensor, got ${typeName(s)} ${String(s)}`);
  }
  return record("scale", [a], mul(a, s), { s });
}

function mul(a: Tensor, s: number): Tensor {
  const out = allocate(a.shape, "scale");
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = s * x[i];
  return new Tensor(out, a.shape);
}
