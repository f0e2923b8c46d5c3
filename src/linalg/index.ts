export { inv } from "./inv";
export { adjugate, det, logdet } from "./det";
export { solve } from "./solve";
