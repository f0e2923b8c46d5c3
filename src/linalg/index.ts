export { inv } from "./inv";
export { adjugate, det, logdet } from "./det";
export { solve, type SolveOptions } from "./solve";
export { cholesky } from "./cholesky";
