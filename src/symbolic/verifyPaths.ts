/**
 * The operator paths of `verify`: every method of `d.at(values)` (value, apply, applyT, entry,
 * toDense, toVec and, for a scalar, gradient, hessian and hessianVector) and the generated
 * JavaScript (`generate`, run in process) compared with the exact Jacobian of automatic
 * differentiation, so that a path no form uses cannot break unseen.
 * @packageDocumentation
 */
import { TensorcalcError } from "../core/errors";
import { Tensor } from "../core/tensor";
import { randint } from "../create/index";
import { hessian, toVecJacobian } from "../autodiff/index";
import type { Derivation } from "./derive";
import { CodegenError, generate, type CodeWhat } from "./codegen/generate";

/** The outcome of checking one public path to a number (an operator method). */
export interface PathCheck {
  /** The path, e.g. `at().applyT`. */
  readonly name: string;
  readonly ok: boolean;
  /** Largest absolute difference from the reference (Infinity when the path failed). */
  readonly maxAbsError: number;
  /** The tolerance the difference was held to (absent when the path failed to evaluate). */
  readonly tolerance?: number;
  readonly detail: string;
}

const sizeOf = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);

/**
 * The Jacobian J restricted to the variable's structure, J∘P, for `nx` trailing axes of the
 * variable's shape [r, c]: symmetric (J[…,k,l] + J[…,l,k])/2, diagonal J[…,k,l]δ_kl.
 */
function projected(J: Tensor, xShape: readonly number[], structure: "symmetric" | "diagonal" | undefined): Tensor {
  if (structure === undefined) return J;
  const [r, c] = xShape;
  const nx = r * c;
  const out = new Float64Array(J.size);
  for (let o = 0; o < J.size / nx; o++)
    for (let k = 0; k < r; k++)
      for (let l = 0; l < c; l++) {
        const at = o * nx + k * c + l;
        out[at] = structure === "symmetric" ? (J.data[at] + J.data[o * nx + l * c + k]) / 2 : k === l ? J.data[at] : 0;
      }
  return new Tensor(out, [...J.shape]);
}

/** Σ J[y…, x…] V[x…] (side "x") or Σ W[y…] J[y…, x…] (side "y"). */
function contract(J: Tensor, V: Tensor, side: "x" | "y", shape: readonly number[]): Tensor {
  const n = V.size;
  const other = J.size / n;
  const out = new Float64Array(other);
  for (let o = 0; o < other; o++)
    for (let i = 0; i < n; i++)
      out[o] += side === "x" ? J.data[o * n + i] * V.data[i] : J.data[i * other + o] * V.data[i];
  return new Tensor(out, [...shape]);
}

/** The Hessian restricted to the structure on both sides, P H P. */
function projectedBoth(H: Tensor, xShape: readonly number[], structure: "symmetric" | "diagonal" | undefined): Tensor {
  if (structure === undefined) return H;
  const nx = sizeOf(xShape);
  const right = projected(H, xShape, structure);
  // the left side: transpose the nx×nx matrix, project its trailing axes, transpose back
  const t = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) t[j * nx + i] = right.data[i * nx + j];
  const left = projected(new Tensor(t, [...H.shape]), xShape, structure);
  const out = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) out[j * nx + i] = left.data[i * nx + j];
  return new Tensor(out, [...H.shape]);
}

/**
 * @internal Check every method of `d.at(values)` against the exact Jacobian `J` (autodiff) at
 * `values`, with the tolerance `tol(scale, name, err)` for a reference of largest entry `scale`. A
 * symmetric or diagonal variable's operator is the derivative on those matrices: J∘P.
 */
export function checkOperatorPaths(
  d: Derivation,
  values: Readonly<Record<string, Tensor>>,
  J: Tensor,
  H: Tensor | undefined,
  tol: (scale: number, name: string, err: number) => number,
  seed: number,
): PathCheck[] {
  const X = values[d.wrt];
  const structure =
    X.ndim === 2 && (d.options.symmetric ?? []).includes(d.wrt)
      ? "symmetric"
      : X.ndim === 2 && (d.options.diagonal ?? []).includes(d.wrt)
        ? "diagonal"
        : undefined;
  const xShape = [...X.shape];
  const yShape = J.shape.slice(0, J.ndim - X.ndim);
  const JP = projected(J, xShape, structure);
  let next = seed;
  const random = (shape: readonly number[]): Tensor => randint([...shape], { min: -3, max: 3, seed: next++ });
  const f = (x: Tensor): Tensor => d.value({ ...values, [d.wrt]: x });
  const checks: PathCheck[] = [];
  let op: ReturnType<Derivation["at"]> | undefined;
  const run = (name: string, got: () => Tensor | number, ref: () => Tensor | number, what: string): void => {
    try {
      op ??= d.at(values);
      const r = ref();
      const g = got();
      const rt = typeof r === "number" ? new Tensor(Float64Array.of(r), []) : r;
      const gt = typeof g === "number" ? new Tensor(Float64Array.of(g), []) : g;
      if (gt.shape.length !== rt.shape.length || gt.shape.some((s, i) => s !== rt.shape[i]))
        throw new TensorcalcError(`shape [${gt.shape.join(", ")}], expected [${rt.shape.join(", ")}]`);
      let err = 0;
      let scale = 1;
      for (let i = 0; i < rt.size; i++) {
        err = Math.max(err, Math.abs(gt.data[i] - rt.data[i]));
        scale = Math.max(scale, Math.abs(rt.data[i]));
      }
      const t = tol(scale, name, err);
      checks.push({
        name,
        ok: err <= t,
        maxAbsError: err,
        tolerance: t,
        detail: `compared with ${what}: max |difference| = ${err} (tolerance ${t.toExponential(1)})`,
      });
    } catch (e) {
      // the generated code throws plain Errors (it has no dependency); the library its own
      if (!(e instanceof TensorcalcError) && !(name.startsWith("code ") && e instanceof Error)) throw e;
      checks.push({ name, ok: false, maxAbsError: Infinity, detail: `evaluation failed: ${e.message}` });
    }
  };
  const O = (): NonNullable<typeof op> => op as NonNullable<typeof op>;
  const V = random(xShape);
  const W = random(yShape);
  const structured = structure === undefined ? "" : ` restricted to the ${structure} matrices`;
  run(
    "at().value",
    () => O().value(),
    () => f(X),
    "the value of the expression",
  );
  run(
    "at().apply",
    () => O().apply(V),
    () => contract(JP, V, "x", yShape),
    `J·V${structured}`,
  );
  run(
    "at().applyT",
    () => O().applyT(W),
    () => contract(JP, W, "y", xShape),
    `Wᵀ·J${structured}`,
  );
  const last = [...yShape, ...xShape].map((s) => s - 1);
  run(
    "at().entry",
    () => O().entry(...last),
    () => JP.data[JP.size - 1],
    `the last entry of J${structured}`,
  );
  run(
    "at().toDense",
    () => O().toDense(),
    () => JP,
    `the exact Jacobian${structured}`,
  );
  run(
    "at().toVec",
    () => O().toVec(),
    () => toVecJacobian(JP, { ndimY: yShape.length }),
    `the vec form of the exact Jacobian${structured}`,
  );
  if (yShape.length === 0) {
    let HP: Tensor | undefined;
    const Href = (): Tensor => (HP ??= projectedBoth(H ?? hessian(f, X), xShape, structure));
    run(
      "at().gradient",
      () => O().gradient(),
      () => new Tensor(JP.data, xShape),
      `the exact gradient${structured}`,
    );
    run(
      "at().hessian",
      () => O().hessian(),
      () => Href(),
      `the exact Hessian${structured}`,
    );
    run(
      "at().hessianVector",
      () => O().hessianVector(V),
      () => contract(Href(), V, "x", xShape),
      `H·V${structured}`,
    );
  }
  for (const what of (yShape.length === 0 ? ["gradient", "hessian"] : ["jacobian"]) as CodeWhat[]) {
    let fAndG: ((args: Record<string, unknown>) => Record<string, unknown>) | undefined;
    try {
      const code = generate(d, { language: "js", what });
      fAndG = new Function(`${code.source}; return fAndG;`)() as typeof fAndG;
    } catch (e) {
      if (e instanceof CodegenError) continue; // not generated (the reason is the generator's)
      throw e;
    }
    const args = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        v.ndim === 0 ? v.data[0] : { shape: [...v.shape], data: Float64Array.from(v.data) },
      ]),
    );
    const ref =
      what === "hessian"
        ? (): Tensor => H ?? hessian(f, X) // as the hessian form: for a general X
        : what === "gradient"
          ? (): Tensor => new Tensor(JP.data, xShape)
          : (): Tensor => JP;
    run(
      `code js: ${what}`,
      () => {
        const r = (fAndG as NonNullable<typeof fAndG>)(args)[what] as { shape: number[]; data: Float64Array } | number;
        return typeof r === "number"
          ? new Tensor(Float64Array.of(r), [])
          : new Tensor(Float64Array.from(r.data), r.shape);
      },
      ref,
      `the exact ${what === "jacobian" ? "Jacobian" : what}${what === "hessian" ? "" : structured}`,
    );
  }
  return checks;
}
