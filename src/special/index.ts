export { vec, unvec } from "./vec";
export { vech, unvech } from "./vech";
export { duplication, elimination } from "./duplication";
export { commutation } from "./commutation";
export { E, delta } from "./delta";
export { alpha, beta } from "./alphaBeta";
