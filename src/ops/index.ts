export { transpose } from "./transpose";
export { permute } from "./permute";
export { reshape } from "./reshape";
export { add, sub, neg, scale, hadamard } from "./arith";
export { sum, trace } from "./reduce";
export { exp, log, pow, sqrt, abs, sin, cos, tanh } from "./elementwise";
