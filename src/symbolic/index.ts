export * from "./expr";
export { exprToSource, exprToText, exprToLatex } from "./print";
export { parse, type ParseOptions } from "./parse";
export { syntaxEntries, syntaxHelp, type SyntaxEntry } from "./syntax";
export { inferShapes, dimValue, type Shapes, type ShapeInfo } from "./shapes";
export {
  derive,
  sizesFromValues,
  type Derivation,
  type DeriveOptions,
  type NotApplicable,
  type DerivativeForm,
  type FormName,
} from "./derive";
export { FORMS, FORM_NAMES, type FormDef } from "./forms/registry";
export type { IndexNotation, IndexPiece } from "./forms/context";
export { evaluatePadded, evaluateAs, type Values } from "./evaluate";
export type { KindTerm } from "./kinds";
export type { IndexSum, Term, Factor, Leaf, Delta, Split } from "./indexterms";
export { FACTS, type Fact } from "./facts";
export type { SymOpDef, Traits, Syntax } from "./opdef";
export { SYMBOLIC_OPS } from "./ops/registry";
export type { DerivativeOperator } from "./operator";
export { verify, type VerifyOptions, type VerifyReport, type FormCheck } from "./verify";
export { catalogue, type CatalogueEntry } from "./catalogue";
export { checkCatalogueEntry, deriveEntry, type CatalogueCheck, type ExpectedCheck } from "./check";
export { simplify, exprSize, type SimplifyExpressionOptions } from "./simplify";
export {
  generate,
  CODE_LANGUAGES,
  CODE_WHATS,
  CodegenError,
  type CodeLanguage,
  type CodeWhat,
  type GenerateOptions,
  type GeneratedCode,
} from "./codegen/generate";
export {
  STEP_ROUTES,
  type StepRoute,
  type DerivationStep,
  type DerivationSteps,
  type StepCheck,
  type Side,
} from "./steps/types";
export type { DifferentialRule } from "./opdef";
export { verifySteps, type StepsReport, type StepReport } from "./steps/verify";
export { stepsText } from "./steps/display";
