export { matmul } from "./matmul";
export { dot } from "./dot";
export { ddot } from "./ddot";
export { outer } from "./outer";
export { kron } from "./kron";
export { paddedProduct } from "./padded";
