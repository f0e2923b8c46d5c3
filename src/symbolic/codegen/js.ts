/**
 * The plain-JavaScript backend: ES2022 with no dependency and no import or export statement
 * (`new Function(src + "; return fAndG;")()` loads it). A tensor is `{ shape: number[], data:
 * Float64Array }` in row-major order; a scalar may be a plain number. The runtime helpers are
 * the text of `src/runtime/padded.ts`, the kernels the library itself runs.
 * @packageDocumentation
 */
import type { EmitArg, Helper } from "../emit";
import { PADDED_JS } from "../../runtime/paddedSource";
import {
  allMapped,
  checkName,
  checkNames,
  collectRuntime,
  entryCheckCode,
  entryChecks,
  headerLines,
  type Mapped,
  mappedOps,
  type Runtime,
  type RuntimeFn,
  sizeCode,
  temp,
  pruneUnused,
  usedHelpers,
} from "./common";
import type { Program } from "./lower";

const PADDED: Readonly<Record<string, string>> = PADDED_JS;

/** A compile-time check: padded.ts has a function for every helper but `map` (the error names the missing ones). */
type Missing = Exclude<`_${Exclude<Helper, "map">}`, keyof typeof PADDED_JS>;
const everyHelper: [Missing] extends [never] ? true : Missing = true;
void everyHelper;

/** The other runtime functions a function's text calls (`_name`). */
function depsOf(name: string, code: string): string[] {
  const names = [...code.matchAll(/\b_([A-Za-z][A-Za-z0-9]*)\b/g)].map((m) => `_${m[1]}`);
  return [...new Set(names)].filter((n) => n !== name && PADDED[n] !== undefined).map((n) => n.slice(1));
}

/** The `map` helper for the given entrywise functions: a table by op name, and the loop. */
export function jsMap(ops: readonly Mapped[]): RuntimeFn {
  const code = `const _maps = {
${ops.map((m) => `  ${m.op}: ${m.code.js},`).join("\n")}
};
const _map = (name, a) => _each(a, _maps[name]);`;
  return { code, deps: ["each", ...depsOf("_map", ops.map((m) => m.code.js).join(" "))] };
}

/**
 * The runtime of generated JavaScript: the text of src/runtime/padded.ts (the kernels the
 * library runs, with the types stripped), each helper under its name without the underscore,
 * and the `map` helper with every elementwise op.
 */
export const JS_RUNTIME: Runtime = {
  ...(Object.fromEntries(
    Object.entries(PADDED).map(([name, code]) => [name.slice(1), { code, deps: depsOf(name, code) }]),
  ) as unknown as Runtime),
  map: jsMap(allMapped()),
};

/** A helper argument as JavaScript. */
export function jsArg(a: EmitArg, fixed: Readonly<Record<string, number>>): string {
  switch (a.kind) {
    case "ref":
      return temp(a.id);
    case "num":
      return Object.is(a.value, -0) ? "-0" : String(a.value);
    case "bool":
      return String(a.value);
    case "str":
      return JSON.stringify(a.value);
    case "size":
      return sizeCode(a.dim, fixed);
    case "shape":
      return `[${a.dims.map((d) => sizeCode(d, fixed)).join(", ")}]`;
    case "name":
      return a.value;
  }
}

/** The statements that check the arguments and read the named sizes (shared by the js and ts backends). */
export function jsEntryChecks(p: Program): string[] {
  return entryChecks(p).map((c) => {
    const { assign, call } = entryCheckCode(c);
    return assign === undefined ? `${call};` : `const ${assign} = ${call};`;
  });
}

/** The body of fAndG: the assignments (JavaScript syntax; `types` adds nothing here). */
export function jsBody(p: Program): string[] {
  return p.instrs.map(
    (i) => `const ${temp(i.id)} = _${i.helper}(${i.args.map((a) => jsArg(a, p.fixedDims)).join(", ")});`,
  );
}

/** The check function in JavaScript (tensors as `{ shape, data }`). */
export function jsCheck(p: Program): string {
  const name = checkName(p);
  const hessian = p.what === "hessian";
  return `/**
 * Compare the ${p.what} of fAndG (or of options.f) at args with central differences of the value.
 * Returns { ok, maxError, tolerance }; options: h (step, relative), tol (relative tolerance), f.
 */
function ${name}(args, options = {}) {
  const f = options.f ?? fAndG;
  const h = options.h ?? ${hessian ? "1e-4" : "1e-6"};
  const tol = options.tol ?? ${hessian ? "1e-5" : "1e-6"};
  const x0 = args.${p.wrt};
  const x = typeof x0 === "number" ? { shape: [], data: Float64Array.of(x0) } : x0;
  const n = x.data.length;
  const at = (steps) => {
    const d = Float64Array.from(x.data);
    for (const [k, s] of steps) d[k] += s * h * Math.max(1, Math.abs(x.data[k]));
    const v = f({ ...args, ${p.wrt}: { shape: x.shape, data: d } }).value;
    return typeof v === "number" ? [v] : Array.from(v.data);
  };
  const step = (k) => h * Math.max(1, Math.abs(x.data[k]));
  const got = f(args).${p.what};
  const want = [];
${
  hessian
    ? `  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const pp = at([[a, 1], [b, 1]])[0], pm = at([[a, 1], [b, -1]])[0];
      const mp = at([[a, -1], [b, 1]])[0], mm = at([[a, -1], [b, -1]])[0];
      want.push((pp - pm - mp + mm) / (4 * step(a) * step(b)));
    }`
    : `  const cols = [];
  for (let k = 0; k < n; k++) {
    const p = at([[k, 1]]), m = at([[k, -1]]);
    cols.push(p.map((v, i) => (v - m[i]) / (2 * step(k))));
  }
  const ny = cols.length > 0 ? cols[0].length : 0;
  for (let i = 0; i < ny; i++) for (let k = 0; k < n; k++) want.push(cols[k][i]);`
}
  const data = typeof got === "number" ? [got] : got.data;
  let maxError = data.length === want.length ? 0 : Infinity, scale = 1;
  for (let i = 0; i < want.length; i++) {
    maxError = Math.max(maxError, Math.abs(data[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  if (Number.isNaN(maxError)) maxError = Infinity;
  return { ok: maxError <= tol * scale, maxError, tolerance: tol * scale };
}`;
}

/** The result object's statement. */
export function jsReturn(p: Program): string {
  const value = p.valueShape.length === 0 ? `_item(${temp(p.value.id)})` : temp(p.value.id);
  return `return { value: ${value}, ${p.what}: ${temp(p.derivative.id)} };`;
}

/** Generate plain JavaScript for a program. */
export function generateJs(p: Program): string {
  checkNames(p, "js");
  const checks = jsEntryChecks(p);
  const dim = checks.some((l) => l.includes("_dim(")) ? ["dim"] : [];
  const helpers = ["fail", "shapeOf", ...dim, ...usedHelpers(p), ...(p.valueShape.length === 0 ? ["item"] : [])];
  const runtime = collectRuntime(helpers, { ...JS_RUNTIME, map: jsMap(mappedOps(p)) });
  const names = p.args.map((a) => a.name).join(", ");
  const header = headerLines(p, "JavaScript, no dependency").map((l) => `// ${l}`);
  header.push(
    `// Arguments: one object { ${names} }; each tensor is { shape: number[], data: Float64Array } in row-major order (a scalar may be a number).`,
  );
  const body = [
    `if (args === null || typeof args !== "object") _fail("pass one object of named arguments, fAndG({ ${names} })");`,
    `const { ${names} } = args;`,
    ...checks,
    ...jsBody(p),
    jsReturn(p),
  ];
  return [
    ...header,
    `function fAndG(args) {`,
    ...pruneUnused(body).map((l) => `  ${l}`),
    `}`,
    ``,
    jsCheck(p),
    ``,
    `// runtime helpers (padded values: a scalar is 1×1, a vector n×1)`,
    ...runtime.code.flatMap((c) => [c, ""]),
  ]
    .join("\n")
    .trimEnd()
    .concat("\n");
}
