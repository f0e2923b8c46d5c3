export * from "./errors";
export { Tensor, type NestedArray } from "./tensor";
export { type Shape, getAllocationLimit, setAllocationLimit, formatShape } from "./shape";
