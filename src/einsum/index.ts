export { einsum, einsumPath, type EinsumOptions, type EinsumPathInfo, type EinsumPathStep } from "./einsum";
