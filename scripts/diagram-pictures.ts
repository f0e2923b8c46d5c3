/**
 * The pictures of the guide page "Derivatives as pictures" and of the README: what each draws.
 * scripts/diagrams.ts writes them; test/diagram/pictures.test.ts keeps the files current.
 */
import { derive, diagram, diagramSvg, type FormName, type Shapes } from "../src/index";

export interface Picture {
  readonly file: string;
  /** The expression drawn, or differentiated when `wrt` is given. */
  readonly expr: string;
  readonly wrt?: string;
  readonly shapes: Shapes;
  readonly form?: FormName;
}

export const PICTURES: readonly Picture[] = [
  { file: "alpha.svg", expr: "alpha(m, n)", shapes: {} },
  { file: "beta.svg", expr: "beta(m, n)", shapes: {} },
  { file: "AtB.svg", expr: "A' * B", shapes: { A: ["p", "m"], B: ["p", "n"] } },
  { file: "seed.svg", expr: "A' * B", wrt: "A", shapes: { A: ["p", "m"], B: ["p", "n"] }, form: "tensor" },
  { file: "chain.svg", expr: "A * X * B", wrt: "X", shapes: { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] } },
  { file: "trace.svg", expr: "tr(A * X)", shapes: { A: ["n", "m"], X: ["m", "n"] } },
  { file: "trace-gradient.svg", expr: "tr(A * X)", wrt: "X", shapes: { A: ["n", "m"], X: ["m", "n"] } },
  { file: "quadratic.svg", expr: "x' * A * x", shapes: { A: ["n", "n"] } },
  { file: "quadratic-gradient.svg", expr: "x' * A * x", wrt: "x", shapes: { A: ["n", "n"] }, form: "gradient" },
  { file: "quadratic-hessian.svg", expr: "x' * A * x", wrt: "x", shapes: { A: ["n", "n"] }, form: "hessian" },
  {
    file: "logistic.svg",
    expr: "sum(log(1 + exp(-y .* (X*w))))",
    wrt: "w",
    shapes: { X: ["m", "n"], w: ["n"], y: ["m"] },
    form: "gradient",
  },
];

/** The SVG of a picture (theme auto: light, and dark where the reader's page is dark). */
export function pictureSvg(p: Picture): string {
  const d = p.wrt === undefined ? diagram(p.expr, p.shapes) : derive(p.expr, p.wrt, p.shapes).diagram(p.form);
  return diagramSvg(d);
}
