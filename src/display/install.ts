/**
 * Installs the display methods of {@link Tensor} (`toString`, `toLatex` and the
 * Node inspector hook) on its prototype, from above the core layer.
 * @packageDocumentation
 * @internal
 */
import { Tensor } from "../core/tensor";
import { formatTensor, inspectTensor } from "./format";
import { tensorToLatex } from "./latex";

declare module "../core/tensor" {
  interface Tensor {
    /** Aligned text; large tensors are truncated with their shape shown. */
    toString(): string;
    /** LaTeX: a bmatrix for matrices and vectors, a labelled block layout for higher orders. */
    toLatex(): string;
  }
}

Object.defineProperties(Tensor.prototype, {
  toString: {
    value: function toString(this: Tensor): string {
      return formatTensor(this);
    },
    writable: true,
    configurable: true,
  },
  toLatex: {
    value: function toLatex(this: Tensor): string {
      return tensorToLatex(this);
    },
    writable: true,
    configurable: true,
  },
  /** What `console.log(t)`, the Node REPL and tslab print: the shape and the aligned entries. */
  [Symbol.for("nodejs.util.inspect.custom")]: {
    value: function inspect(this: Tensor): string {
      return inspectTensor(this);
    },
    writable: true,
    configurable: true,
  },
});
