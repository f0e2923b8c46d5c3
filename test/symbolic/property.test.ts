/**
 * Property tests: random expressions from a small grammar over rectangular symbols; every form
 * of the derivative must match the library's exact Jacobian (exactly, with integer values).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { derive, exprEquals, exprToSource, parse, verify, TensorcalcError } from "../../src";
import { TOKENS } from "../helpers/tokens";

type Shape = [string, string];
const DIMS = ["p", "q", "m", "n"];

/** Build a random expression of the given shape from a tape of random choices. */
function generate(tape: number[], opts: { elementwise: boolean }): { src: string; shapes: Record<string, string[]> } {
  let at = 0;
  const next = (n: number): number => (at < tape.length ? tape[at++] % n : 0);
  const shapes: Record<string, string[]> = { X: ["p", "q"] };
  const names = "ABCDFGH".split("");
  const symbolOf = (s: Shape): string => {
    for (const [k, v] of Object.entries(shapes))
      if (k !== "X" && v[0] === s[0] && v[1] === s[1] && next(3) > 0) return k;
    // A fresh symbol of the needed shape (never X or a symbol of another shape: the expression must be well-shaped).
    const free = names.find((k) => shapes[k] === undefined) ?? `S${Object.keys(shapes).length}`;
    shapes[free] = [s[0], s[1]];
    return free;
  };
  const gen = (s: Shape, depth: number): string => {
    const leaf = depth <= 0 || next(4) === 0;
    if (leaf) {
      if (s[0] === "p" && s[1] === "q" && next(2) === 0) return "X";
      if (s[0] === "q" && s[1] === "p" && next(2) === 0) return "X'";
      const name = symbolOf(s);
      if (name === "X" && !(s[0] === "p" && s[1] === "q")) return `${symbolOf(s)}`;
      return name;
    }
    switch (next(opts.elementwise ? 8 : 6)) {
      case 0:
      case 1: {
        const k = DIMS[next(DIMS.length)] as string;
        return `((${gen([s[0], k], depth - 1)}) * (${gen([k, s[1]], depth - 1)}))`;
      }
      case 2:
        return `(${gen(s, depth - 1)} ${next(2) ? "+" : "-"} ${gen(s, depth - 1)})`;
      case 3:
        return `(${gen([s[1], s[0]], depth - 1)})'`;
      case 4:
        return `(${1 + next(3)} * (${gen(s, depth - 1)}))`;
      case 5: {
        const k = DIMS[next(DIMS.length)] as string;
        return `(tr(${gen([k, k], depth - 1)}) * (${gen(s, depth - 1)}))`;
      }
      case 6:
        return `(${gen(s, depth - 1)} .* ${gen(s, depth - 1)})`;
      default:
        return `exp(${symbolOf(s)})`; // exp of exp overflows random values
    }
  };
  const target: Shape = [DIMS[next(4)], DIMS[next(4)]];
  let src = gen(target, 3);
  if (!/\bX\b/.test(src)) {
    shapes.L = [target[0], "p"];
    shapes.R = ["q", target[1]];
    src = `${src} + L * X * R`;
  }
  return { src, shapes };
}

test("property: every form of the derivative of random polynomial expressions is exact", () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }),
      fc.integer({ min: 1, max: 1000 }),
      (tape, seed) => {
        const { src, shapes } = generate(tape, { elementwise: false });
        const d = derive(src, "X", shapes);
        const r = verify(d, { seed });
        assert.ok(r.exact, src);
        for (const f of r.forms) assert.ok(f.ok, `${src} wrt X, form ${f.name}: ${f.detail}`);
        assert.ok(d.kinds !== undefined, `${src}: the derivative is a sum of kind-1/2/3 terms`);
        assert.ok(d.forms.length >= 5, src);
      },
    ),
    { numRuns: 120 },
  );
});

test("property: with Hadamard products and elementwise exp, every form still matches (within rounding)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }),
      fc.integer({ min: 1, max: 1000 }),
      (tape, seed) => {
        const { src, shapes } = generate(tape, { elementwise: true });
        const d = derive(src, "X", shapes);
        const r = verify(d, { seed });
        for (const f of r.forms) assert.ok(f.ok, `${src} wrt X, form ${f.name}: ${f.detail}`);
      },
    ),
    { numRuns: 80 },
  );
});

test("property: scalar-valued random expressions have a gradient and a Hessian that match autodiff", () => {
  fc.assert(
    fc.property(fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }), (tape) => {
      const { src, shapes } = generate(tape, { elementwise: false });
      const k = shapes.X[0];
      const d = derive(`tr((${src})' * (${src}))`, "X", shapes);
      void k;
      const r = verify(d);
      assert.ok(d.form("gradient") && d.form("hessian"), src);
      for (const f of r.forms) assert.ok(f.ok, `tr(YᵀY), Y = ${src}: form ${f.name}: ${f.detail}`);
    }),
    { numRuns: 40 },
  );
});

test("fuzz: whatever derives from a random token soup verifies in every form (or fails with a TensorcalcError)", () => {
  let derived = 0;
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }),
      fc.constantFrom("A", "B", "x"),
      (toks, wrt) => {
        const src = toks.join("");
        let d;
        try {
          d = derive(src, wrt);
        } catch (e) {
          assert.ok(e instanceof TensorcalcError, `${JSON.stringify(src)}: ${String(e)}`);
          return;
        }
        derived++;
        let r;
        try {
          r = verify(d);
          if (r.undefinedAt !== undefined) return; // nowhere defined for random values (verify says why)
        } catch (e) {
          // singular or non-finite values for this random draw
          assert.ok(
            e instanceof TensorcalcError,
            `${JSON.stringify(src)} wrt ${wrt}: verify threw ${(e as Error)?.stack ?? String(e)}`,
          );
          return;
        }
        for (const f of r.forms) assert.ok(f.ok, `${JSON.stringify(src)} wrt ${wrt}, form ${f.name}: ${f.detail}`);
      },
    ),
    { numRuns: 3000 },
  );
  assert.ok(derived > 20, `only ${derived} soups derived`);
});

/** A random scalar loss of w (n) over data X (m×n), b, c, y (m), s (scalar): elementwise chains and broadcasting. */
function loss(tape: number[]): string {
  let at = 0;
  const next = (n: number): number => (at < tape.length ? tape[at++] % n : 0);
  const vec = (depth: number): string => {
    if (depth <= 0) return "(X * w)";
    const v = vec(depth - 1);
    switch (next(11)) {
      case 0:
        return `tanh(${v})`;
      case 1:
        return `sigmoid(${v})`;
      case 2:
        return `sin(${v})`;
      case 3:
        return `softplus(${v})`;
      case 4:
        return `(${v} + s)`;
      case 5:
        return `(2 * ${v} - b)`;
      case 6:
        return `(${v} .* c)`;
      case 7:
        return `(${v} ./ (1 + exp(c)))`;
      case 8:
        return `(${v} .^ 2)`;
      case 9:
        return `(1 - ${v})`;
      default:
        return `(${v} / 2)`;
    }
  };
  const v = vec(1 + next(3));
  switch (next(6)) {
    case 0:
      return `sum(${v})`;
    case 1:
      return `c' * ${v}`;
    case 2:
      return `norm2(${v})^2`;
    case 3:
      return `logsumexp(${v})`;
    case 4:
      return `sum(log(1 + exp(${v})))`;
    default:
      return `y' * log(softmax(${v}))`;
  }
}

test("property: random losses over the whole language (elementwise chains, broadcasting) have a matrix-form gradient, and every form matches autodiff", () => {
  const shapes = { X: ["m", "n"], w: ["n"], b: ["m"], c: ["m"], y: ["m"], s: [] };
  let overflowed = 0;
  fc.assert(
    fc.property(
      fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 }),
      fc.integer({ min: 1, max: 1000 }),
      (tape, seed) => {
        const src = loss(tape);
        const e = parse(src);
        assert.ok(exprEquals(parse(exprToSource(e)), e), `${src}: parse ↔ print round trip (${exprToSource(e)})`);
        const d = derive(src, "w", shapes);
        assert.ok(d.form("gradient"), `${src}: no gradient (${d.notApplicable.map((n) => n.reason).join("; ")})`);
        const r = verify(d, { seed });
        if (r.undefinedAt !== undefined) {
          // exp of a random square can overflow: allowed, but it must be said (and be rare)
          assert.match(r.undefinedAt, /overflow/, src);
          overflowed++;
          return;
        }
        for (const f of r.forms) assert.ok(f.ok, `${src} wrt w, form ${f.name}: ${f.detail}`);
      },
    ),
    { numRuns: 60 },
  );
  assert.ok(overflowed <= 6, `${overflowed} of 60 random losses overflowed`);
});

test("the Hessian of a quartic with many index terms evaluates (letters are assigned per term)", () => {
  const y = "(X*A - X*B) * (X' - C)";
  const d = derive(`tr((${y})' * (${y}))`, "X", { X: ["p", "q"], A: ["q", "q"], B: ["q", "q"], C: ["q", "p"] });
  const r = verify(d);
  const hessian = r.forms.find((f) => f.name === "hessian");
  assert.ok(hessian, "a scalar expression has a Hessian form");
  for (const f of r.forms) assert.ok(f.ok, `form ${f.name}: ${f.detail}`);
});

test("a gradient whose terms are a scalar times X and a matrix times X is not factored into (scalar + matrix)X", () => {
  const y = "tr(X'*A) * B * C * A * X' * D";
  const d = derive(`tr((${y})' * (${y}))`, "X", {
    X: ["p", "q"],
    A: ["p", "q"],
    B: ["p", "p"],
    C: ["p", "p"],
    D: ["p", "p"],
  });
  const r = verify(d);
  for (const f of r.forms) assert.ok(f.ok, `form ${f.name}: ${f.detail}`);
});
