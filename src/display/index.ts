import "./install";
export { formatTensor, type FormatOptions } from "./format";
export { tensorToLatex, type LatexOptions } from "./latex";
export { show, latex, LatexString, type LatexLike, type ShowOptions, type Showable, type DisplaySink } from "./show";
export { DISPLAY, isDisplayable, type DisplayBlock, type Displayable } from "./protocol";
