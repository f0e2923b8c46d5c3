export { inv } from "./inv";
export { det, logdet } from "./det";
export { solve } from "./solve";
