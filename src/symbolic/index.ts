export * from "./expr";
export { exprToSource, exprToText, exprToLatex } from "./print";
export { parse } from "./parse";
export { inferShapes, dimValue, type Shapes, type ShapeInfo } from "./shapes";
export {
  derive,
  sizesFromValues,
  type Derivation,
  type NotApplicable,
  type DerivativeForm,
  type FormName,
} from "./derive";
export { evaluatePadded, evaluateAs, type Values } from "./evaluate";
export type { KindTerm } from "./kinds";
export type { IndexSum, Term, Factor, Leaf, Delta } from "./ricci";
export { verify, type VerifyOptions, type VerifyReport, type FormCheck } from "./verify";
export { catalogue, type CatalogueEntry } from "./catalogue";
export { checkCatalogueEntry, type CatalogueCheck, type ExpectedCheck } from "./check";
