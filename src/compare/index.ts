export {
  allclose,
  assertClose,
  maxAbsDiff,
  ComparisonError,
  DEFAULT_RTOL,
  DEFAULT_ATOL,
  type CloseOptions,
} from "./close";
export { equal, assertEqual } from "./equal";
export { type TensorLike } from "./coerce";
