export * from "./expr";
export { exprToSource, exprToText, exprToLatex } from "./print";
export { parse } from "./parse";
export { inferShapes, dimValue, type Shapes, type ShapeInfo } from "./shapes";
