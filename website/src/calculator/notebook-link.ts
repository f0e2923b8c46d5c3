/**
 * The calculator's "Open as notebook": the cells that derive, show and verify the calculator's derivation, as a
 * link to the scratch notebook (/notebook#live=…), where they run live.
 */
import { encodeLink } from "../live/page/link";

/** What the calculator has: the expression, the variable, the shapes and the variable's structure. */
export interface CalculatorInput {
  expr: string;
  wrt: string;
  shapes: Record<string, readonly (number | string)[]>;
  structure: "general" | "symmetric" | "diagonal";
  /** Facts about constants (derive's `assume`). */
  assume?: Readonly<Record<string, string>>;
}

/** The notebook cells for a derivation: derive and show it, verify it, show the steps of each route's form. */
export function derivationCells(input: CalculatorInput): string[] {
  const parts = [
    ...(input.structure === "general" ? [] : [`${input.structure}: [${JSON.stringify(input.wrt)}]`]),
    ...(input.assume && Object.keys(input.assume).length > 0 ? [`assume: ${JSON.stringify(input.assume)}`] : []),
  ];
  const options = parts.length === 0 ? "" : `, { ${parts.join(", ")} }`;
  return [
    `import { derive, verify, show } from "tensorcalc";

const d = derive(${JSON.stringify(input.expr)}, ${JSON.stringify(input.wrt)}, ${JSON.stringify(input.shapes)}${options});
show(d);`,
    `// every form checked against the exact Jacobian (automatic differentiation)
show(verify(d, { seed: 1 }));`,
    `// the derivation step by step (its default route), each step a named rule checked with numbers
show(d.steps());`,
  ];
}

/** The scratch notebook's URL path with the derivation's cells. */
export async function notebookLink(input: CalculatorInput): Promise<string> {
  const cells = derivationCells(input).map((s, i): [number, string] => [i + 1, s]);
  return `/notebook#live=${await encodeLink({ v: 1, page: "scratch", cells })}`;
}
