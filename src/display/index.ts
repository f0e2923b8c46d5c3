export { formatTensor } from "./format";
export { tensorToLatex } from "./latex";
