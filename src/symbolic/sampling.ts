/**
 * Random values for numeric checks of a derivation: small integers for a polynomial
 * expression (exact comparisons), positive values under log and sqrt, well-conditioned square
 * matrices under inverses and determinants, symmetric values for symbols declared symmetric.
 * Shared by `verify` and the checks of the steps (`symbolic/steps/`).
 * @packageDocumentation
 */
import { type Fact, factValue } from "./facts";
import { Tensor } from "../core/tensor";
import { eye, rand, randint, randn } from "../create/index";
import { add, hadamard, scale as scaleBy, transpose } from "../ops/index";
import { type Dim, type Expr, isNum, isSym } from "./expr";
import type { Values } from "./evaluate";
import type { SymOpDef } from "./opdef";
import { opDef } from "./ops/registry";
import { dimValue } from "./shapes";

/** What the drawing reads of a derivation (a `Derivation` has all of it). */
export interface SampledDerivation {
  readonly expr: Expr;
  readonly shapes: Readonly<Record<string, readonly Dim[]>>;
  readonly options: {
    readonly symmetric?: readonly string[];
    readonly diagonal?: readonly string[];
    readonly assume?: Readonly<Record<string, Fact>>;
  };
}

const traitsOf = (e: Expr) => (opDef(e.op) as SymOpDef).traits;

/** Small integers in give exact integers out (every op polynomial, every number whole). */
export function isPolynomial(e: Expr): boolean {
  if (traitsOf(e).polynomial !== true) return false;
  if (isNum(e) && !Number.isInteger(e.value)) return false;
  return e.args.every(isPolynomial);
}

/** The symbols inside an op whose operand must lie in `domain`. */
function symbolsUnder(
  e: Expr,
  domain: "positive" | "invertible",
  inside = false,
  out = new Set<string>(),
): Set<string> {
  if (isSym(e) && inside) out.add(e.name);
  const here = inside || (traitsOf(e).domain?.includes(domain) ?? false);
  for (const a of e.args) symbolsUnder(a, domain, here, out);
  return out;
}

/**
 * Random values of every symbol (small integers for a polynomial, positive or well-conditioned
 * where needed). Normally distributed and positive values are multiplied by `spread` (verify's
 * later tries draw smaller values: exp of a high power, or log of a softmax of one, is finite
 * in floating point only at moderate magnitudes).
 */
export function drawValues(
  d: SampledDerivation,
  opts: { readonly values?: Values },
  dims: Record<string, number>,
  seed: number,
  spread = 1,
): { values: Record<string, Tensor>; exact: boolean } {
  const polynomial = isPolynomial(d.expr);
  const positive = symbolsUnder(d.expr, "positive");
  const conditioned = symbolsUnder(d.expr, "invertible");
  const symmetric = new Set(d.options.symmetric ?? []);
  const diagonal = new Set(d.options.diagonal ?? []);
  const values: Record<string, Tensor> = {};
  let s = seed;
  let exact = polynomial;
  for (const [name, shape] of Object.entries(d.shapes)) {
    const given = opts.values?.[name];
    if (given !== undefined) {
      values[name] = given;
      if (!given.data.every(Number.isInteger)) exact = false;
      continue;
    }
    const num = shape.map((x) => dimValue(x, dims));
    s += 1;
    let v: Tensor;
    if (polynomial) v = randint(num, { seed: s, min: -3, max: 3 });
    else if (positive.has(name) && !conditioned.has(name))
      v = rand(num, { seed: s, min: 0.5 * spread, max: 2 * spread });
    else v = spread === 1 ? randn(num, { seed: s }) : scaleBy(randn(num, { seed: s }), spread);
    if (conditioned.has(name) && num.length === 2 && num[0] === num[1]) v = add(v, scaleEye(num[0], num[0] + 2));
    // a symbol declared symmetric gets a symmetric value (integer entries stay integers)
    if (symmetric.has(name) && num.length === 2 && num[0] === num[1])
      v = polynomial ? add(v, transpose(v)) : scaleBy(add(v, transpose(v)), 0.5);
    // and a diagonal one a diagonal value
    if (diagonal.has(name) && num.length === 2 && num[0] === num[1]) v = hadamard(v, eye(num[0]));
    // and one with a stated fact a value that satisfies it (probability rows, signs)
    const fact = d.options.assume?.[name];
    if (fact !== undefined) {
      v = factValue(fact, num, s);
      if (fact === "probability") exact = false;
    }
    values[name] = v;
  }
  return { values, exact };
}

function scaleEye(n: number, c: number): Tensor {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = c;
  return new Tensor(data, [n, n]);
}
