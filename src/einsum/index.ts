export { einsum } from "./einsum";
export { einsumPath, type EinsumPathInfo, type EinsumPathStep } from "./einsumPath";
export type { EinsumOptions } from "./options";
