/**
 * The plain-JavaScript backend: ES2022 with no dependency and no import or export statement
 * (`new Function(src + "; return fAndG;")()` loads it). A tensor is `{ shape: number[], data:
 * Float64Array }` in row-major order; a scalar may be a plain number.
 * @packageDocumentation
 */
import type { EmitArg } from "../emit";
import {
  checkName,
  checkNames,
  collectRuntime,
  headerLines,
  type Runtime,
  shapeText,
  sizeCode,
  sizeVar,
  temp,
  pruneUnused,
  usedHelpers,
} from "./common";
import type { Program } from "./lower";

const fn = (code: string, ...deps: string[]) => ({ code, deps });

/** The runtime of generated JavaScript: every helper of the vocabulary, on padded values. */
export const JS_RUNTIME: Runtime = {
  tensor: fn(`function _tensor(shape, data) {
  return { shape, data: data ?? new Float64Array(shape.reduce((p, q) => p * q, 1)) };
}`),
  fail: fn(`function _fail(message) {
  throw new Error("fAndG: " + message);
}`),
  arg: fn(
    `function _arg(x) {
  const t = typeof x === "number" ? { shape: [], data: Float64Array.of(x) } : x;
  const data = t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
  const s = t.shape;
  return { shape: s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : s.slice(), data };
}`,
  ),
  const: fn(`function _const(v) {
  return { shape: [1, 1], data: Float64Array.of(v) };
}`),
  gemm: fn(
    `function _gemm(a, b, ta, tb) {
  if (ta && tb) return _gemm(_T(a), b, false, true);
  const M = ta ? a.shape[1] : a.shape[0], K = ta ? a.shape[0] : a.shape[1];
  const N = tb ? b.shape[0] : b.shape[1], K2 = tb ? b.shape[1] : b.shape[0];
  if (K !== K2) _fail("internal: a product of " + M + "×" + K + " by " + K2 + "×" + N);
  const A = a.data, B = b.data, C = new Float64Array(M * N);
  if (!ta && !tb) {
    if (N === 1) {
      for (let i = 0; i < M; i++) {
        let s = 0;
        const ai = i * K;
        for (let k = 0; k < K; k++) s += A[ai + k] * B[k];
        C[i] = s;
      }
    } else {
      for (let i = 0; i < M; i++) {
        const ci = i * N, ai = i * K;
        for (let k = 0; k < K; k++) {
          const v = A[ai + k], bk = k * N;
          for (let j = 0; j < N; j++) C[ci + j] += v * B[bk + j];
        }
      }
    }
  } else if (ta) {
    for (let k = 0; k < K; k++) {
      const ak = k * M, bk = k * N;
      if (N === 1) {
        const v = B[k];
        for (let i = 0; i < M; i++) C[i] += A[ak + i] * v;
      } else {
        for (let i = 0; i < M; i++) {
          const v = A[ak + i], ci = i * N;
          for (let j = 0; j < N; j++) C[ci + j] += v * B[bk + j];
        }
      }
    }
  } else {
    for (let i = 0; i < M; i++) {
      const ai = i * K;
      for (let j = 0; j < N; j++) {
        let s = 0;
        const bj = j * K;
        for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
        C[i * N + j] = s;
      }
    }
  }
  return { shape: [M, N], data: C };
}`,
    "T",
    "fail",
  ),
  contract: fn(
    `function _contract(a, b, k) {
  const front = a.shape.slice(0, a.shape.length - k), back = b.shape.slice(k);
  const inner = a.shape.slice(a.shape.length - k);
  if (inner.join() !== b.shape.slice(0, k).join()) _fail("internal: contraction of [" + a.shape + "] with [" + b.shape + "]");
  const size = (s) => s.reduce((p, q) => p * q, 1);
  const c = _gemm({ shape: [size(front), size(inner)], data: a.data }, { shape: [size(inner), size(back)], data: b.data }, false, false);
  return { shape: [...front, ...back], data: c.data };
}`,
    "gemm",
    "fail",
  ),
  mul: fn(
    `function _mul(a, b, ta, tb) {
  const sa = ta ? [a.shape[1], a.shape[0]] : a.shape, sb = tb ? [b.shape[1], b.shape[0]] : b.shape;
  const one = (s) => s.length === 2 && s[0] === 1 && s[1] === 1;
  if (one(sa) && !(sb.length === 2 && sb[0] === 1)) return _scale(tb ? _T(b) : b, a.data[0]);
  if (one(sb) && !(sa.length === 2 && sa[1] === 1)) return _scale(ta ? _T(a) : a, b.data[0]);
  if (sa.length === 2 && sb.length === 2) return _gemm(a, b, ta, tb);
  return _contract(ta ? _T(a) : a, tb ? _T(b) : b, 1);
}`,
    "gemm",
    "contract",
    "scale",
    "T",
  ),
  zip: fn(
    `function _zip(a, b, f) {
  const x = a.data, y = b.data;
  if (x.length === 1 && y.length !== 1) {
    const out = new Float64Array(y.length), s = x[0];
    for (let i = 0; i < y.length; i++) out[i] = f(s, y[i]);
    return { shape: b.shape, data: out };
  }
  if (y.length === 1 && x.length !== 1) {
    const out = new Float64Array(x.length), s = y[0];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i], s);
    return { shape: a.shape, data: out };
  }
  if (a.shape.join() !== b.shape.join()) _fail("internal: entrywise operands [" + a.shape + "] and [" + b.shape + "]");
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], y[i]);
  return { shape: a.shape, data: out };
}`,
    "fail",
  ),
  add: fn(`const _add = (a, b) => _zip(a, b, (x, y) => x + y);`, "zip"),
  sub: fn(`const _sub = (a, b) => _zip(a, b, (x, y) => x - y);`, "zip"),
  had: fn(`const _had = (a, b) => _zip(a, b, (x, y) => x * y);`, "zip"),
  div: fn(`const _div = (a, b) => _zip(a, b, (x, y) => x / y);`, "zip"),
  each: fn(`function _each(a, f) {
  const x = a.data, out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return { shape: a.shape, data: out };
}`),
  neg: fn(`const _neg = (a) => _each(a, (x) => -x);`, "each"),
  scale: fn(
    `function _scale(a, c, ...sizes) {
  const s = sizes.reduce((p, q) => p * q, c);
  return _each(a, (x) => x * s);
}`,
    "each",
  ),
  pow: fn(
    `function _pow(a, p) {
  if (p.data.length !== 1) _fail("internal: the exponent must be a scalar");
  const q = p.data[0];
  return _each(a, (x) => Math.pow(x, q));
}`,
    "each",
    "fail",
  ),
  map: fn(
    `const _maps = {
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  recip: (x) => 1 / x,
  tan: Math.tan,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  step: (x) => (x > 0 ? 1 : x <= 0 ? 0 : NaN),
  relu: (x) => (x > 0 ? x : x <= 0 ? 0 : NaN),
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
};
const _map = (name, a) => _each(a, _maps[name]);`,
    "each",
  ),
  T: fn(`function _T(a) {
  const [m, n] = a.shape, x = a.data, out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x[i * n + j];
  return { shape: [n, m], data: out };
}`),
  tr: fn(
    `function _tr(a) {
  const n = a.shape[0];
  let s = 0;
  for (let i = 0; i < n; i++) s += a.data[i * n + i];
  return _const(s);
}`,
    "const",
  ),
  lu: fn(
    `function _lu(a) {
  const n = a.shape[0], lu = Float64Array.from(a.data), piv = new Int32Array(n);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) p = i;
    piv[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
    }
    const d = lu[k * n + k];
    if (d === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= d);
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { n, lu, piv, sign };
}`,
  ),
  det: fn(
    `function _det(a) {
  const { n, lu, sign } = _lu(a);
  let d = sign;
  for (let i = 0; i < n; i++) d *= lu[i * n + i];
  return _const(d);
}`,
    "lu",
    "const",
  ),
  logdet: fn(
    `function _logdet(a) {
  const { n, lu } = _lu(a);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.abs(lu[i * n + i]));
  return _const(s);
}`,
    "lu",
    "const",
  ),
  inv: fn(
    `function _inv(a) {
  const { n, lu, piv } = _lu(a);
  for (let i = 0; i < n; i++) if (lu[i * n + i] === 0) _fail("a matrix to invert is singular");
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = new Float64Array(n);
    x[c] = 1;
    for (let k = 0; k < n; k++) {
      const t = x[k];
      x[k] = x[piv[k]];
      x[piv[k]] = t;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= lu[i * n + j] * x[j];
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) x[i] -= lu[i * n + j] * x[j];
      x[i] /= lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out[i * n + c] = x[i];
  }
  return { shape: [n, n], data: out };
}`,
    "lu",
    "fail",
  ),
  vec: fn(`function _vec(a) {
  const [m, n] = a.shape, out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a.data[i * n + j];
  return { shape: [m * n, 1], data: out };
}`),
  diag: fn(`function _diag(a) {
  const n = a.shape[0];
  if (a.shape[1] === 1) {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = a.data[i];
    return { shape: [n, n], data: out };
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a.data[i * n + i];
  return { shape: [n, 1], data: out };
}`),
  sum: fn(
    `function _sum(a) {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i];
  return _const(s);
}`,
    "const",
  ),
  norm1: fn(
    `function _norm1(a) {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i]);
  return _const(s);
}`,
    "const",
  ),
  norm2: fn(
    `function _norm2(a) {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]));
  if (m === 0 || !Number.isFinite(m)) return _const(m);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] / m) ** 2;
  return _const(m * Math.sqrt(s));
}`,
    "const",
  ),
  softmax: fn(`function _softmax(a) {
  const x = a.data, out = new Float64Array(x.length);
  let m = -Infinity, s = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  for (let i = 0; i < x.length; i++) s += out[i] = Math.exp(x[i] - m);
  for (let i = 0; i < x.length; i++) out[i] /= s;
  return { shape: a.shape, data: out };
}`),
  logsumexp: fn(
    `function _logsumexp(a) {
  const x = a.data;
  let m = -Infinity, s = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return _const(m + Math.log(s));
}`,
    "const",
  ),
  kron: fn(`function _kron(a, b) {
  const [ma, na] = a.shape, [mb, nb] = b.shape, N = na * nb, out = new Float64Array(ma * mb * N);
  for (let i = 0; i < ma; i++)
    for (let j = 0; j < na; j++) {
      const v = a.data[i * na + j];
      for (let k = 0; k < mb; k++)
        for (let l = 0; l < nb; l++) out[(i * mb + k) * N + j * nb + l] = v * b.data[k * nb + l];
    }
  return { shape: [ma * mb, N], data: out };
}`),
  outer: fn(`const _outer = (a, b) => _contract(a, b, 0);`, "contract"),
  ddot: fn(
    `function _ddot(a, b) {
  const r = _contract(a, b, 2);
  return r.shape.length === 0 ? { shape: [1, 1], data: r.data } : r;
}`,
    "contract",
  ),
  eye: fn(`function _eye(n) {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return { shape: [n, n], data: out };
}`),
  ones: fn(`const _ones = (shape) => { const t = _tensor(shape); t.data.fill(1); return t; };`, "tensor"),
  zeros: fn(`const _zeros = (shape) => _tensor(shape);`, "tensor"),
  alpha: fn(
    `function _alpha(m, n) {
  const t = _tensor([m, n, m, n]), mn = m * n;
  for (let p = 0; p < mn; p++) t.data[p * mn + p] = 1;
  return t;
}`,
    "tensor",
  ),
  beta: fn(
    `function _beta(m, n) {
  const t = _tensor([m, n, n, m]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t.data[i * n * n * m + j * n * m + j * m + i] = 1;
  return t;
}`,
    "tensor",
  ),
  K: fn(
    `function _K(m, n) {
  const N = m * n, t = _tensor([N, N]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t.data[(j + i * n) * N + (i + j * m)] = 1;
  return t;
}`,
    "tensor",
  ),
  E: fn(
    `function _E(i, j, shape) {
  const t = _tensor(shape);
  t.data[i * shape[1] + j] = 1;
  return t;
}`,
    "tensor",
  ),
  split: fn(
    `function _split(na, nb) {
  const n = na * nb, t = _tensor([n, na, nb]);
  for (let w = 0; w < n; w++) t.data[w * n + w] = 1;
  return t;
}`,
    "tensor",
  ),
  einsum: fn(
    `function _einsum(spec, ...ops) {
  const [lhs, out] = spec.split("->");
  const ins = lhs.split(",");
  const size = {};
  ins.forEach((s, n) => [...s].forEach((c, k) => (size[c] = ops[n].shape[k])));
  const letters = [...new Set([...out, ...ins.join("")])];
  const strides = (s, shape) => {
    const st = letters.map(() => 0);
    let m = 1;
    for (let k = s.length - 1; k >= 0; k--) {
      st[letters.indexOf(s[k])] += m;
      m *= shape[k];
    }
    return st;
  };
  const st = ins.map((s, n) => strides(s, ops[n].shape));
  const r = _tensor([...out].map((c) => size[c]));
  const so = strides(out, r.shape);
  const dims = letters.map((c) => size[c]);
  if (dims.some((d) => d === 0)) return r;
  const idx = letters.map(() => 0);
  for (;;) {
    let p = 1;
    for (let n = 0; n < ops.length; n++) {
      let o = 0;
      for (let k = 0; k < idx.length; k++) o += idx[k] * st[n][k];
      p *= ops[n].data[o];
    }
    let o = 0;
    for (let k = 0; k < idx.length; k++) o += idx[k] * so[k];
    r.data[o] += p;
    let k = idx.length - 1;
    while (k >= 0 && ++idx[k] === dims[k]) idx[k--] = 0;
    if (k < 0) return r;
  }
}`,
    "tensor",
  ),
  reshape: fn(
    `function _reshape(a, shape) {
  if (shape.reduce((p, q) => p * q, 1) !== a.data.length) _fail("internal: reshape of [" + a.shape + "] to [" + shape + "]");
  return { shape: shape.slice(), data: a.data.slice() };
}`,
    "fail",
  ),
  shapeOf: fn(
    `function _shapeOf(name, x, ndim, expected) {
  if (typeof x === "number") {
    if (ndim !== 0) _fail("argument " + name + " is a number, but it must have shape " + expected);
    return [];
  }
  if (x === null || typeof x !== "object" || !Array.isArray(x.shape) || x.data === undefined || typeof x.data.length !== "number")
    _fail("argument " + name + " must be { shape: number[], data: Float64Array }" + (ndim === 0 ? " or a number" : "") + " of shape " + expected + ", got " + (x === null ? "null" : typeof x));
  if (x.shape.length !== ndim)
    _fail("argument " + name + " has shape [" + x.shape.join(", ") + "], but it must have " + ndim + " axes, shape " + expected);
  const n = x.shape.reduce((p, q) => p * q, 1);
  if (x.data.length !== n)
    _fail("argument " + name + " has shape [" + x.shape.join(", ") + "] (" + n + " entries) but " + x.data.length + " entries of data");
  return x.shape;
}`,
    "fail",
  ),
  dim: fn(
    `function _dim(name, shape, axis, size, label, from) {
  if (shape[axis] !== size)
    _fail("argument " + name + " has shape [" + shape.join(", ") + "], but its axis " + axis + " must have size " + label + (label === String(size) ? "" : " = " + size) + (from ? " (" + label + " is set by " + from + ")" : ""));
}`,
    "fail",
  ),
  item: fn(`const _item = (a) => a.data[0];`),
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
export function entryChecks(p: Program): string[] {
  const lines: string[] = [];
  const defined = new Map<string, string>();
  const deferred: string[] = [];
  for (const a of p.args) {
    const s = `_s_${a.name}`;
    lines.push(
      `const ${s} = _shapeOf(${JSON.stringify(a.name)}, ${a.name}, ${a.shape.length}, ${JSON.stringify(shapeText(a.shape))});`,
    );
    a.shape.forEach((d, axis) => {
      if (typeof d === "string" && !d.includes("*") && !defined.has(d) && p.fixedDims[d] === undefined) {
        defined.set(d, `${a.name}.shape[${axis}]`);
        lines.push(`const ${sizeVar(d)} = ${s}[${axis}];`);
        return;
      }
      const from =
        typeof d === "string"
          ? d
              .split("*")
              .map((f) => defined.get(f) ?? "")
              .filter((x) => x !== "")
              .join(", ")
          : "";
      const check = `_dim(${JSON.stringify(a.name)}, ${s}, ${axis}, ${sizeCode(d, p.fixedDims)}, ${JSON.stringify(String(d))}, ${JSON.stringify(from)});`;
      if (typeof d === "string" && d.includes("*")) deferred.push(check);
      else lines.push(check);
    });
  }
  return [...lines, ...deferred];
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
  const checks = entryChecks(p);
  const dim = checks.some((l) => l.includes("_dim(")) ? ["dim"] : [];
  const helpers = ["fail", "shapeOf", ...dim, ...usedHelpers(p), ...(p.valueShape.length === 0 ? ["item"] : [])];
  const runtime = collectRuntime(helpers, JS_RUNTIME);
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
