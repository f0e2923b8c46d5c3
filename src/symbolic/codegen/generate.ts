/**
 * `generate`: source code of a function that computes the value of an expression and its
 * gradient, Jacobian or Hessian, in TypeScript (on tensorcalc's API), plain JavaScript (no
 * dependency) or Python with NumPy, with a check function that compares with central differences.
 * @packageDocumentation
 */
import type { Derivation } from "../derive";
import { CodegenError, type CodeWhat, lower } from "./lower";
import { generateJs } from "./js";
import { generateNumpy } from "./numpy";
import { generateTs } from "./ts";
import { checkName } from "./common";

/** The languages {@link generate} writes. */
export type CodeLanguage = "ts" | "js" | "numpy";

/** The languages, in the order the CLI and the calculator offer them. */
export const CODE_LANGUAGES: readonly CodeLanguage[] = ["ts", "js", "numpy"];

/** What {@link generate} can compute besides the value. */
export const CODE_WHATS: readonly CodeWhat[] = ["gradient", "jacobian", "hessian"];

export type { CodeWhat } from "./lower";
export { CodegenError } from "./lower";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** The language (default "ts"). */
  readonly language?: CodeLanguage;
  /**
   * The derivative (default: "gradient" for a scalar-valued expression, else "jacobian"). The
   * gradient has the shape of the variable; the Jacobian is in numerator layout, shape
   * [...shape(f), ...shape(x)]; the Hessian has shape [...shape(x), ...shape(x)].
   */
  readonly what?: CodeWhat;
  /** TypeScript only: the module the code imports tensorcalc from (default "tensorcalc"). */
  readonly importFrom?: string;
}

/** Generated source and the names of its functions. */
export interface GeneratedCode {
  readonly language: CodeLanguage;
  readonly what: CodeWhat;
  readonly source: string;
  /** The entry function: always "fAndG". */
  readonly entry: "fAndG";
  /** The check function: checkGradient, checkJacobian or checkHessian. */
  readonly check: string;
  /** The argument names, in order (the keys of fAndG's one object; NumPy: its keyword arguments). */
  readonly args: readonly string[];
}

/**
 * Source code of a function `fAndG` that computes the value of the derivation's expression and
 * its gradient, Jacobian or Hessian in numerator layout, taking one object of named arguments
 * (`fAndG({ A, x, b })`; keyword arguments in NumPy), plus a check function that compares the
 * derivative with central differences. Common subexpressions are computed once, the shapes of
 * the arguments are checked on entry, and a header comment says what is computed.
 *
 * - `ts`: on tensorcalc's public API (Tensors in and out); type-checks under strict options.
 * - `js`: plain ES2022, no import or export; tensors are `{ shape, data: Float64Array }`
 *   (row-major), a scalar value a number; `new Function(src + "; return fAndG;")()` loads it.
 * - `numpy`: numpy arrays in and out, `np.einsum` where the derivative is an index form.
 *
 * @param d a derivation, or an expression with its variable and shapes as for {@link derive}.
 * @throws {@link CodegenError} with the reason when the derivative cannot be generated (a gradient
 * of an expression that is not scalar-valued, a size no argument determines).
 * @example
 * ```ts
 * import { derive, generate } from "tensorcalc";
 * const d = derive("sum(log(1 + exp(-y .* (X*w))))", "w", { X: ["m", "n"], w: ["n"], y: ["m"] });
 * const code = generate(d, { language: "js", what: "gradient" });
 * const fAndG = new Function(code.source + "; return fAndG;")();
 * const X = { shape: [2, 1], data: Float64Array.of(1, 2) };
 * const r = fAndG({ X, w: { shape: [1], data: Float64Array.of(0) }, y: { shape: [2], data: Float64Array.of(1, -1) } });
 * console.log(r.value.toFixed(4), r.gradient.shape, r.gradient.data[0]); // 1.3863 [1] 0.5
 * ```
 */
export function generate(d: Derivation, options: GenerateOptions = {}): GeneratedCode {
  const language = options.language ?? "ts";
  if (!CODE_LANGUAGES.includes(language))
    throw new CodegenError(
      `generate: unknown language ${JSON.stringify(language)}; use one of ${CODE_LANGUAGES.join(", ")}`,
    );
  const what = options.what ?? (d.resultShape.length === 0 ? "gradient" : "jacobian");
  if (!CODE_WHATS.includes(what))
    throw new CodegenError(`generate: unknown derivative ${JSON.stringify(what)}; use one of ${CODE_WHATS.join(", ")}`);
  const p = lower(d, what);
  const source =
    language === "js"
      ? generateJs(p)
      : language === "ts"
        ? generateTs(p, options.importFrom ?? "tensorcalc")
        : generateNumpy(p);
  return { language, what, source, entry: "fAndG", check: checkName(p), args: p.args.map((a) => a.name) };
}
