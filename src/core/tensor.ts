/**
 * The dense Float64 tensor of any order (0-d scalars included).
 * @packageDocumentation
 */
import { IndexError, ShapeError } from "./errors";
import { checkShape, formatShape, sizeOf, stridesOf, type Shape } from "./shape";

/** A nested array of numbers (any depth), or a number for a 0-d tensor. */
export type NestedArray = number | readonly NestedArray[];

/**
 * A dense tensor: `shape` plus row-major (C-order) contiguous Float64 storage.
 * Treat tensors as immutable: every operation returns a new tensor.
 *
 * Create tensors with {@link tensor}, {@link zeros}, {@link randn}, … rather
 * than with the constructor.
 *
 * Members installed from above this module: `T` (by the ops layer), `toString`,
 * `toLatex` and the Node inspector hook (by the display layer), and the
 * autodiff slot `node` (by the trace layer); importing the library installs them all.
 *
 * @example
 * ```ts
 * import { tensor } from "tensorcalc";
 * const A = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(A.shape, A.get(1, 2), A.T.shape); // [2, 3] 6 [3, 2]
 * ```
 */
export class Tensor {
  /** Dimensions, one per axis; `[]` for a scalar. */
  readonly shape: Shape;
  /** Row-major storage, `size` entries. */
  readonly data: Float64Array;
  /** Row-major strides (in elements). */
  readonly strides: readonly number[];
  /**
   * Wrap `data` (not copied) as a tensor of shape `shape`.
   * @throws {@link ShapeError} when `data.length` is not the product of `shape`.
   */
  constructor(data: Float64Array, shape: Shape) {
    this.shape = checkShape(shape, "Tensor");
    if (data.length !== sizeOf(this.shape)) {
      throw new ShapeError(
        `Tensor: shape ${formatShape(this.shape)} needs ${sizeOf(this.shape)} entries, but the data has ${data.length}`,
      );
    }
    this.data = data;
    this.strides = Object.freeze(stridesOf(this.shape));
  }

  /** Number of axes (0 for a scalar, 2 for a matrix, 4 for the seed's α and β). */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of entries. */
  get size(): number {
    return this.data.length;
  }

  /**
   * Flat row-major offset of a multi-index, with bounds checks.
   * @throws {@link IndexError} naming the index, the axis and the shape.
   */
  offset(idx: readonly number[]): number {
    if (idx.length !== this.shape.length) {
      throw new IndexError(
        `index [${idx.join(", ")}] has ${idx.length} component(s) but the tensor of shape ${formatShape(this.shape)} has ${this.shape.length} axes`,
      );
    }
    let off = 0;
    for (let a = 0; a < idx.length; a++) {
      const i = idx[a];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[a]) {
        throw new IndexError(
          `index [${idx.join(", ")}] is out of range on axis ${a} for shape ${formatShape(this.shape)} (valid: 0..${this.shape[a] - 1})`,
        );
      }
      off += i * this.strides[a];
    }
    return off;
  }

  /**
   * The entry at a multi-index (0-based, one index per axis).
   * @example
   * ```ts
   * import { eye } from "tensorcalc";
   * console.log(eye(2, 3).get(1, 1)); // 1
   * ```
   */
  get(...idx: number[]): number {
    return this.data[this.offset(idx)];
  }

  /**
   * The value of a tensor with exactly one entry (a 0-d result of `sum`, `trace`, `det`, …).
   * @example
   * ```ts
   * import { tensor, trace } from "tensorcalc";
   * console.log(trace(tensor([[1, 2], [3, 4]])).item()); // 5
   * ```
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new ShapeError(`item(): expected a tensor with one entry, got shape ${formatShape(this.shape)}`);
    }
    return this.data[0];
  }

  /**
   * The entries as nested arrays (a number for a 0-d tensor).
   * @example
   * ```ts
   * import { eye } from "tensorcalc";
   * console.log(eye(2).toNested()); // [[1, 0], [0, 1]]
   * ```
   */
  toNested(): NestedArray {
    const build = (axis: number, off: number): NestedArray => {
      if (axis === this.shape.length) return this.data[off];
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(axis + 1, off + i * this.strides[axis]));
      return out;
    };
    return build(0, 0);
  }
}
