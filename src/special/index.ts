export { vec, unvec } from "./vec";
export { commutation } from "./commutation";
export { E, delta } from "./delta";
export { alpha, beta } from "./alphaBeta";
