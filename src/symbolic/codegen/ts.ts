/**
 * The TypeScript backend: a module on tensorcalc's public API (Tensors in and out) that
 * type-checks under strict options. It exports `fAndG`, its argument type and the check function.
 * @packageDocumentation
 */
import {
  allMapped,
  checkName,
  checkNames,
  collectRuntime,
  headerLines,
  type Mapped,
  mappedOps,
  pruneUnused,
  type Runtime,
  type RuntimeFn,
  temp,
  usedHelpers,
} from "./common";
import { jsBody, jsEntryChecks } from "./js";
import type { Program } from "./lower";

const fn = (code: string, imports: string[] = [], ...deps: string[]) => ({ code, imports, deps });
const unaryScalar = (name: string, api: string) =>
  fn(`const _${name} = (a: Tensor): Tensor => reshape(${api}(a), [1, 1]);`, [api, "reshape"]);

/** The runtime of generated TypeScript: every helper of the vocabulary, on tensorcalc's ops. */
export const TS_RUNTIME: Runtime = {
  fail: fn(`function _fail(message: string): never {
  throw new Error("fAndG: " + message);
}`),
  shapeOf: fn(
    `function _shapeOf(name: string, x: unknown, ndim: number, expected: string): readonly number[] {
  if (typeof x === "number") {
    if (ndim !== 0) _fail(\`argument \${name} is a number, but it must have shape \${expected}\`);
    return [];
  }
  if (!(x instanceof Tensor))
    _fail(\`argument \${name} must be a Tensor\${ndim === 0 ? " or a number" : ""} of shape \${expected}, got \${x === null ? "null" : typeof x}\`);
  if (x.ndim !== ndim)
    _fail(\`argument \${name} has shape [\${x.shape.join(", ")}], but it must have \${ndim} axes, shape \${expected}\`);
  return x.shape;
}`,
    ["Tensor"],
    "fail",
  ),
  dim: fn(
    `function _dim(name: string, shape: readonly number[], axis: number, size: number, label: string, from: string): void {
  if (shape[axis] !== size)
    _fail(
      \`argument \${name} has shape [\${shape.join(", ")}], but its axis \${axis} must have size \${label}\${label === String(size) ? "" : " = " + size}\${from ? " (" + label + " is set by " + from + ")" : ""}\`,
    );
}`,
    [],
    "fail",
  ),
  arg: fn(
    `function _arg(x: Tensor | number): Tensor {
  const t = typeof x === "number" ? new Tensor(Float64Array.of(x), []) : x;
  return t.ndim === 0 ? reshape(t, [1, 1]) : t.ndim === 1 ? reshape(t, [t.shape[0], 1]) : t;
}`,
    ["Tensor", "reshape"],
  ),
  const: fn(`const _const = (v: number): Tensor => new Tensor(Float64Array.of(v), [1, 1]);`, ["Tensor"]),
  mul: fn(
    `const _mul = (a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor =>
  paddedProduct(ta ? transpose(a) : a, tb ? transpose(b) : b);`,
    ["paddedProduct", "transpose"],
  ),
  bc: fn(
    `function _bc(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (a.size === 1 && b.size !== 1) return [reshape(a, []), b];
  if (b.size === 1 && a.size !== 1) return [a, reshape(b, [])];
  if (a.ndim !== 2 || b.ndim !== 2 || (a.shape[0] === b.shape[0] && a.shape[1] === b.shape[1])) return [a, b];
  // a column m×1 or a row 1×n beside m×n: copied along the other axis
  const spread = (t: Tensor, m: number, n: number): Tensor =>
    t.shape[0] === 1 && m !== 1 ? matmul(ones([m, 1]), spread0(t, n)) : spread0(t, n);
  const spread0 = (t: Tensor, n: number): Tensor => (t.shape[1] === 1 && n !== 1 ? matmul(t, ones([1, n])) : t);
  const m = Math.max(a.shape[0] as number, b.shape[0] as number);
  const n = Math.max(a.shape[1] as number, b.shape[1] as number);
  return [spread(a, m, n), spread(b, m, n)];
}`,
    ["reshape", "matmul", "ones"],
  ),
  add: fn(`const _add = (a: Tensor, b: Tensor): Tensor => add(..._bc(a, b));`, ["add"], "bc"),
  sub: fn(`const _sub = (a: Tensor, b: Tensor): Tensor => sub(..._bc(a, b));`, ["sub"], "bc"),
  had: fn(`const _had = (a: Tensor, b: Tensor): Tensor => hadamard(..._bc(a, b));`, ["hadamard"], "bc"),
  div: fn(`const _div = (a: Tensor, b: Tensor): Tensor => divide(..._bc(a, b));`, ["divide"], "bc"),
  neg: fn(`const _neg = (a: Tensor): Tensor => neg(a);`, ["neg"]),
  scale: fn(
    `const _scale = (a: Tensor, c: number, ...sizes: number[]): Tensor => scale(a, sizes.reduce((p, q) => p * q, c));`,
    ["scale"],
  ),
  T: fn(`const _T = (a: Tensor): Tensor => transpose(a);`, ["transpose"]),
  pow: fn(`const _pow = (a: Tensor, p: Tensor): Tensor => power(a, reshape(p, []));`, ["power", "reshape"]),
  map: tsMap(allMapped()),
  tr: unaryScalar("tr", "trace"),
  det: unaryScalar("det", "det"),
  logdet: unaryScalar("logdet", "logdet"),
  sum: unaryScalar("sum", "sum"),
  norm1: unaryScalar("norm1", "norm1"),
  norm2: unaryScalar("norm2", "norm2"),
  inv: fn(`const _inv = (a: Tensor): Tensor => inv(a);`, ["inv"]),
  adj: fn(`const _adj = (a: Tensor): Tensor => adjugate(a);`, ["adjugate"]),
  vec: fn(`const _vec = (a: Tensor): Tensor => reshape(vec(a), [a.size, 1]);`, ["vec", "reshape"]),
  diag: fn(
    `function _diag(a: Tensor): Tensor {
  const n = a.shape[0] as number;
  return a.shape[1] === 1 ? diag(reshape(a, [n])) : reshape(diag(a), [n, 1]);
}`,
    ["diag", "reshape"],
  ),
  softmax: fn(`const _softmax = (a: Tensor): Tensor => reshape(softmax(reshape(a, [a.size])), [a.size, 1]);`, [
    "softmax",
    "reshape",
  ]),
  logsumexp: fn(`const _logsumexp = (a: Tensor): Tensor => reshape(logsumexp(reshape(a, [a.size])), [1, 1]);`, [
    "logsumexp",
    "reshape",
  ]),
  sumAlong: fn(
    `function _sumAlong(a: Tensor, axis: number, mean: boolean): Tensor {
  const s = reshape(sum(a, [axis]), a.shape.map((d, k) => (k === axis ? 1 : d)));
  return mean ? scale(s, 1 / (a.shape[axis] as number)) : s;
}`,
    ["sum", "reshape", "scale"],
  ),
  softmaxAlong: fn(`const _softmaxAlong = (a: Tensor, axis: number): Tensor => softmax(a, axis);`, ["softmax"]),
  logsumexpAlong: fn(
    `const _logsumexpAlong = (a: Tensor, axis: number): Tensor => reshape(logsumexp(a, axis), a.shape.map((d, k) => (k === axis ? 1 : d)));`,
    ["logsumexp", "reshape"],
  ),
  norm2Along: fn(
    `const _norm2Along = (a: Tensor, axis: number): Tensor => reshape(sqrt(sum(hadamard(a, a), [axis])), a.shape.map((d, k) => (k === axis ? 1 : d)));`,
    ["sqrt", "sum", "hadamard", "reshape"],
  ),
  kron: fn(`const _kron = (a: Tensor, b: Tensor): Tensor => kron(a, b);`, ["kron"]),
  outer: fn(`const _outer = (a: Tensor, b: Tensor): Tensor => outer(a, b);`, ["outer"]),
  ddot: fn(
    `function _ddot(a: Tensor, b: Tensor): Tensor {
  const r = ddot(a, b);
  return r.ndim === 0 ? reshape(r, [1, 1]) : r;
}`,
    ["ddot", "reshape"],
  ),
  eye: fn(`const _eye = (n: number): Tensor => eye(n);`, ["eye"]),
  ones: fn(`const _ones = (shape: number[]): Tensor => ones(shape);`, ["ones"]),
  zeros: fn(`const _zeros = (shape: number[]): Tensor => zeros(shape);`, ["zeros"]),
  alpha: fn(`const _alpha = (m: number, n: number): Tensor => alpha(m, n);`, ["alpha"]),
  beta: fn(`const _beta = (m: number, n: number): Tensor => beta(m, n);`, ["beta"]),
  K: fn(`const _K = (m: number, n: number): Tensor => commutation(m, n);`, ["commutation"]),
  E: fn(
    `const _E = (i: number, j: number, shape: number[]): Tensor => E(i, j, shape[0] as number, shape[1] as number);`,
    ["E"],
  ),
  split: fn(
    `function _split(na: number, nb: number): Tensor {
  const n = na * nb;
  const d = new Float64Array(n * n);
  for (let w = 0; w < n; w++) d[w * n + w] = 1;
  return new Tensor(d, [n, na, nb]);
}`,
    ["Tensor"],
  ),
  einsum: fn(`const _einsum = (spec: string, ...ops: Tensor[]): Tensor => einsum(spec, ...ops);`, ["einsum"]),
  reshape: fn(`const _reshape = (a: Tensor, shape: number[]): Tensor => reshape(a, shape);`, ["reshape"]),
  item: fn(`const _item = (a: Tensor): number => a.item();`),
};

/** The `map` helper for the given entrywise functions (it imports only those). */
function tsMap(ops: readonly Mapped[]): RuntimeFn {
  return {
    code: `const _maps: Record<string, (t: Tensor) => Tensor> = {
${ops.map((m) => `  ${m.code.ts.code === m.op ? m.op : `${m.op}: ${m.code.ts.code}`},`).join("\n")}
};
const _map = (name: string, a: Tensor): Tensor => (_maps[name] as (t: Tensor) => Tensor)(a);`,
    imports: ops.flatMap((m) => m.code.ts.imports),
  };
}

/** Generate TypeScript for a program (imports from `importFrom`). */
export function generateTs(p: Program, importFrom: string): string {
  checkNames(p, "ts");
  const scalar = p.valueShape.length === 0;
  const checks = jsEntryChecks(p);
  const dim = checks.some((l) => l.includes("_dim(")) ? ["dim"] : [];
  const helpers = ["fail", "shapeOf", ...dim, ...usedHelpers(p), ...(scalar ? ["item"] : [])];
  const runtime = collectRuntime(helpers, { ...TS_RUNTIME, map: tsMap(mappedOps(p)) });
  const imports = [...new Set(["Tensor", ...runtime.imports])].sort();
  const names = p.args.map((a) => a.name).join(", ");
  const header = headerLines(p, "TypeScript, on tensorcalc's API").map((l) => `// ${l}`);
  const check = checkName(p);
  const valueType = scalar ? "number" : "Tensor";
  const resultType = `{ value: ${valueType}; ${p.what}: Tensor }`;
  const argType = [
    `/** The arguments of fAndG (a scalar may be a number). */`,
    `export interface FAndGArgs {`,
    ...p.args.map((a) => `  ${a.name}: ${a.shape.length === 0 ? "Tensor | number" : "Tensor"};`),
    `}`,
  ];
  const body = [
    `if (args === null || typeof args !== "object") _fail("pass one object of named arguments, fAndG({ ${names} })");`,
    `const { ${names} } = args;`,
    ...checks,
    ...jsBody(p),
    `return { value: ${scalar ? `_item(${temp(p.value.id)})` : temp(p.value.id)}, ${p.what}: ${temp(p.derivative.id)} };`,
  ];
  const hessian = p.what === "hessian";
  const checkFn = `/** What ${check} reports: the largest difference from central differences and the tolerance it was held to. */
export interface CheckReport {
  ok: boolean;
  maxError: number;
  tolerance: number;
}

/**
 * Compare the ${p.what} of fAndG (or of options.f) at args with central differences of the value;
 * options: h (step, relative), tol (relative tolerance), f.
 */
export function ${check}(
  args: FAndGArgs,
  options: { f?: (args: FAndGArgs) => ${resultType}; h?: number; tol?: number } = {},
): CheckReport {
  const f = options.f ?? fAndG;
  const h = options.h ?? ${hessian ? "1e-4" : "1e-6"};
  const tol = options.tol ?? ${hessian ? "1e-5" : "1e-6"};
  const x0 = args.${p.wrt};
  const x = typeof x0 === "number" ? new Tensor(Float64Array.of(x0), []) : x0;
  const n = x.size;
  const step = (k: number): number => h * Math.max(1, Math.abs(x.data[k] as number));
  const at = (steps: [number, number][]): number[] => {
    const d = Float64Array.from(x.data);
    for (const [k, s] of steps) d[k] = (d[k] as number) + s * step(k);
    const v = f({ ...args, ${p.wrt}: new Tensor(d, x.shape) }).value as number | Tensor;
    return typeof v === "number" ? [v] : Array.from(v.data);
  };
  const got = f(args).${p.what};
  const want: number[] = [];
${
  hessian
    ? `  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const pp = at([[a, 1], [b, 1]])[0] as number;
      const pm = at([[a, 1], [b, -1]])[0] as number;
      const mp = at([[a, -1], [b, 1]])[0] as number;
      const mm = at([[a, -1], [b, -1]])[0] as number;
      want.push((pp - pm - mp + mm) / (4 * step(a) * step(b)));
    }`
    : `  const cols: number[][] = [];
  for (let k = 0; k < n; k++) {
    const p = at([[k, 1]]);
    const m = at([[k, -1]]);
    cols.push(p.map((v, i) => (v - (m[i] as number)) / (2 * step(k))));
  }
  const ny = cols.length > 0 ? (cols[0] as number[]).length : 0;
  for (let i = 0; i < ny; i++) for (let k = 0; k < n; k++) want.push((cols[k] as number[])[i] as number);`
}
  let maxError = got.size === want.length ? 0 : Infinity;
  let scale = 1;
  for (let i = 0; i < want.length; i++) {
    maxError = Math.max(maxError, Math.abs((got.data[i] as number) - (want[i] as number)));
    scale = Math.max(scale, Math.abs(want[i] as number));
  }
  if (Number.isNaN(maxError)) maxError = Infinity;
  return { ok: maxError <= tol * scale, maxError, tolerance: tol * scale };
}`;
  return [
    ...header,
    `import { ${imports.join(", ")} } from ${JSON.stringify(importFrom)};`,
    ``,
    ...argType,
    ``,
    `/** The value and the ${p.what} (see the header). */`,
    `export function fAndG(args: FAndGArgs): ${resultType} {`,
    ...pruneUnused(body).map((l) => `  ${l}`),
    `}`,
    ``,
    checkFn,
    ``,
    `// runtime helpers (padded values: a scalar is 1×1, a vector n×1)`,
    ...runtime.code.flatMap((c) => [c, ""]),
  ]
    .join("\n")
    .trimEnd()
    .concat("\n");
}
