/**
 * The NumPy backend: a Python function `fAndG(**arguments)` on numpy arrays (keyword arguments),
 * `np.einsum` where the derivative is an index form, and a check function with central differences.
 * @packageDocumentation
 */
import type { EmitArg } from "../emit";
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
  usedHelpers,
} from "./common";
import type { Program } from "./lower";

const fn = (code: string, ...deps: string[]) => ({ code, deps });
const scalarOf = (name: string, body: string) => fn(`def _${name}(a):\n    return np.reshape(${body}, (1, 1))`);

/** The `map` helper for the given entrywise functions: their definitions, a table by op name, the call. */
function numpyMap(ops: readonly Mapped[]): RuntimeFn {
  const defs = ops.flatMap((m) => (m.code.numpy.def === undefined ? [] : [m.code.numpy.def, "", ""]));
  return {
    code: `${defs.join("\n")}_maps = {
${ops.map((m) => `    ${JSON.stringify(m.op)}: ${m.code.numpy.code},`).join("\n")}
}


def _map(name, a):
    return _maps[name](a)`,
  };
}

/** The runtime of generated Python: every helper of the vocabulary, on numpy arrays. */
export const NUMPY_RUNTIME: Runtime = {
  fail: fn(`def _fail(message):\n    raise ValueError("fAndG: " + message)`),
  shapeOf: fn(
    `def _shapeOf(name, x, ndim, expected):
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        _fail("argument %s must be a numpy array of shape %s, got %s" % (name, expected, type(x).__name__))
    if a.ndim != ndim:
        _fail("argument %s has shape %s, but it must have %d axes, shape %s" % (name, list(a.shape), ndim, expected))
    return a.shape`,
    "fail",
  ),
  dim: fn(
    `def _dim(name, shape, axis, size, label, source):
    if shape[axis] != size:
        _fail("argument %s has shape %s, but its axis %d must have size %s%s%s"
              % (name, list(shape), axis, label, "" if label == str(size) else " = %d" % size,
                 " (%s is set by %s)" % (label, source) if source else ""))`,
    "fail",
  ),
  arg: fn(`def _arg(x):
    a = np.asarray(x, dtype=float)
    return a.reshape(1, 1) if a.ndim == 0 else a.reshape(-1, 1) if a.ndim == 1 else a`),
  const: fn(`def _const(v):\n    return np.full((1, 1), float(v))`),
  mul: fn(`def _mul(a, b, ta, tb):
    A = a.T if ta else a
    B = b.T if tb else b
    if A.shape == (1, 1) and not (B.ndim == 2 and B.shape[0] == 1):
        return A[0, 0] * B
    if B.shape == (1, 1) and not (A.ndim == 2 and A.shape[1] == 1):
        return A * B[0, 0]
    if A.ndim == 2 and B.ndim == 2:
        return A @ B
    return np.tensordot(A, B, axes=1)`),
  bc: fn(`def _bc(a, b):
    if a.size == 1 and b.size != 1:
        return a.reshape(()), b
    if b.size == 1 and a.size != 1:
        return a, b.reshape(())
    return a, b`),
  add: fn(`def _add(a, b):\n    x, y = _bc(a, b)\n    return x + y`, "bc"),
  sub: fn(`def _sub(a, b):\n    x, y = _bc(a, b)\n    return x - y`, "bc"),
  had: fn(`def _had(a, b):\n    x, y = _bc(a, b)\n    return x * y`, "bc"),
  div: fn(`def _div(a, b):\n    x, y = _bc(a, b)\n    return x / y`, "bc"),
  neg: fn(`def _neg(a):\n    return -a`),
  scale: fn(`def _scale(a, c, *sizes):\n    return a * (float(c) * float(np.prod(sizes)))`),
  T: fn(`def _T(a):\n    return a.T`),
  pow: fn(`def _pow(a, p):\n    return np.power(a, p.reshape(()))`),
  map: numpyMap(allMapped()),
  tr: scalarOf("tr", "np.trace(a)"),
  det: scalarOf("det", "np.linalg.det(a)"),
  logdet: scalarOf("logdet", "np.linalg.slogdet(a)[1]"),
  sum: scalarOf("sum", "np.sum(a)"),
  norm1: scalarOf("norm1", "np.sum(np.abs(a))"),
  norm2: scalarOf("norm2", "np.linalg.norm(a.ravel())"),
  inv: fn(`def _inv(a):\n    return np.linalg.inv(a)`),
  adj: fn(
    `def _adj(a):
    n = a.shape[0]
    if n == 1:
        return np.ones((1, 1))
    d = np.linalg.det(a)
    if d != 0 and np.linalg.cond(a) < 1e12:
        return d * np.linalg.inv(a)
    out = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            m = np.delete(np.delete(a, i, axis=0), j, axis=1)
            out[j, i] = (-1) ** (i + j) * np.linalg.det(m)
    return out`,
  ),
  vec: fn(`def _vec(a):\n    return a.reshape(-1, 1, order="F")`),
  diag: fn(`def _diag(a):
    if a.shape[1] == 1:
        return np.diag(a[:, 0])
    return np.diag(a).reshape(-1, 1).copy()`),
  softmax: fn(`def _softmax(a):\n    e = np.exp(a - np.max(a))\n    return e / np.sum(e)`),
  logsumexp: fn(`def _logsumexp(a):
    m = np.max(a)
    return np.reshape(m + np.log(np.sum(np.exp(a - m))), (1, 1))`),
  sumAlong: fn(`def _sumAlong(a, axis, mean):
    s = np.sum(a, axis=axis, keepdims=True)
    return s / a.shape[axis] if mean else s`),
  softmaxAlong: fn(`def _softmaxAlong(a, axis):
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)`),
  logsumexpAlong: fn(`def _logsumexpAlong(a, axis):
    m = np.max(a, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))`),
  norm2Along: fn(`def _norm2Along(a, axis):\n    return np.sqrt(np.sum(a * a, axis=axis, keepdims=True))`),
  kron: fn(`def _kron(a, b):\n    return np.kron(a, b)`),
  outer: fn(`def _outer(a, b):\n    return np.multiply.outer(a, b)`),
  ddot: fn(`def _ddot(a, b):
    r = np.tensordot(a, b, axes=2)
    return r.reshape(1, 1) if r.ndim == 0 else r`),
  eye: fn(`def _eye(n):\n    return np.eye(n)`),
  ones: fn(`def _ones(shape):\n    return np.ones(shape)`),
  zeros: fn(`def _zeros(shape):\n    return np.zeros(shape)`),
  alpha: fn(`def _alpha(m, n):\n    return np.einsum("ik,jl->ijkl", np.eye(m), np.eye(n))`),
  beta: fn(`def _beta(m, n):\n    return np.einsum("il,jk->ijkl", np.eye(m), np.eye(n))`),
  K: fn(`def _K(m, n):
    K = np.zeros((m * n, m * n))
    for i in range(m):
        for j in range(n):
            K[j + i * n, i + j * m] = 1.0
    return K`),
  E: fn(`def _E(i, j, shape):\n    e = np.zeros(shape)\n    e[i, j] = 1.0\n    return e`),
  split: fn(`def _split(na, nb):\n    return np.eye(na * nb).reshape(na * nb, na, nb)`),
  einsum: fn(`def _einsum(spec, *ops):\n    return np.einsum(spec, *ops, optimize=len(ops) > 2)`),
  reshape: fn(`def _reshape(a, shape):\n    return np.array(np.reshape(a, shape), dtype=float, order="C")`),
  item: fn(`def _item(a):\n    return float(a.reshape(-1)[0])`),
};

/** A helper argument as Python. */
function pyArg(a: EmitArg, fixed: Readonly<Record<string, number>>): string {
  switch (a.kind) {
    case "ref":
      return temp(a.id);
    case "num":
      return Number.isFinite(a.value) ? String(a.value) : `float("${a.value}")`;
    case "bool":
      return a.value ? "True" : "False";
    case "str":
      return JSON.stringify(a.value);
    case "size":
      return sizeCode(a.dim, fixed);
    case "shape":
      return `(${a.dims.map((d) => sizeCode(d, fixed)).join(", ")}${a.dims.length === 1 ? "," : ""})`;
    case "name":
      return a.value;
  }
}

/** Generate Python (NumPy) for a program. */
export function generateNumpy(p: Program): string {
  checkNames(p, "numpy");
  const scalar = p.valueShape.length === 0;
  const helpers = ["fail", "shapeOf", "dim", ...usedHelpers(p), ...(scalar ? ["item"] : [])];
  const runtime = collectRuntime(helpers, { ...NUMPY_RUNTIME, map: numpyMap(mappedOps(p)) });
  const names = p.args.map((a) => a.name);
  const header = headerLines(p, "Python with NumPy").map((l) => `# ${l}`);
  header.push(
    `# Arguments: keyword arguments ${names.map((n) => `${n}=…`).join(", ")} (numpy arrays or nested lists).`,
  );
  const lines = entryChecks(p).map((c) => {
    const { assign, call } = entryCheckCode(c);
    return assign === undefined ? call : `${assign} = ${call}`;
  });
  for (const i of p.instrs)
    lines.push(`${temp(i.id)} = _${i.helper}(${i.args.map((a) => pyArg(a, p.fixedDims)).join(", ")})`);
  const value = scalar ? `_item(${temp(p.value.id)})` : temp(p.value.id);
  lines.push(`return {"value": ${value}, "${p.what}": ${temp(p.derivative.id)}}`);
  const hessian = p.what === "hessian";
  const check = `def ${checkName(p)}(_f=None, _h=${hessian ? "1e-4" : "1e-6"}, _tol=${hessian ? "1e-5" : "1e-6"}, **args):
    """Compare the ${p.what} of fAndG (or of _f) at the keyword arguments with central differences of the value.

    Returns {"ok", "maxError", "tolerance"}; _h is the (relative) step, _tol the relative tolerance.
    """
    f = fAndG if _f is None else _f
    x = np.asarray(args[${JSON.stringify(p.wrt)}], dtype=float)
    flat = x.ravel()
    n = flat.size

    def step(k):
        return _h * max(1.0, abs(flat[k]))

    def at(*steps):
        d = flat.copy()
        for k, s in steps:
            d[k] += s * step(k)
        return np.asarray(f(**{**args, ${JSON.stringify(p.wrt)}: d.reshape(x.shape)})["value"], dtype=float).ravel()

    got = np.asarray(f(**args)["${p.what}"], dtype=float).ravel()
${
  hessian
    ? `    want = np.array([(at((a, 1), (b, 1))[0] - at((a, 1), (b, -1))[0] - at((a, -1), (b, 1))[0]
                      + at((a, -1), (b, -1))[0]) / (4 * step(a) * step(b))
                     for a in range(n) for b in range(n)])`
    : `    cols = [(at((k, 1)) - at((k, -1))) / (2 * step(k)) for k in range(n)]
    want = np.stack(cols, axis=1).ravel() if n > 0 else np.zeros(0)`
}
    err = float(np.max(np.abs(got - want))) if got.size == want.size and want.size > 0 else (0.0 if got.size == want.size else float("inf"))
    if np.isnan(err):
        err = float("inf")
    scale = max(1.0, float(np.max(np.abs(want))) if want.size > 0 else 1.0)
    return {"ok": err <= _tol * scale, "maxError": err, "tolerance": _tol * scale}`;
  return [
    ...header,
    `import numpy as np`,
    ``,
    ``,
    `def fAndG(${names.join(", ")}):`,
    `    """The value and the ${p.what} (see the header); returns {"value", "${p.what}"}."""`,
    ...lines.map((l) => `    ${l}`),
    ``,
    ``,
    check,
    ``,
    ``,
    `# runtime helpers (padded values: a scalar is 1×1, a vector n×1)`,
    ...runtime.code.flatMap((c) => [c, "", ""]),
  ]
    .join("\n")
    .trimEnd()
    .concat("\n");
}
