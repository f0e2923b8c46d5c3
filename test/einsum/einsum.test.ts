import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  Tensor,
  EinsumSpecError,
  ShapeError,
  einsum,
  einsumPath,
  matmul,
  dot,
  ddot,
  outer,
  kron,
  tensor,
  setAllocationLimit,
  AllocationError,
  TensorcalcError,
} from "../../src";
import { setRecordHook } from "../../src/trace/record";
import { anyTensor, assertSame, dim, intTensor } from "../products/helpers";
import { refCase, referenceEinsum } from "./reference";

test("einsum equals a loop over every index on randomly generated specs (default plan)", () => {
  fc.assert(
    fc.property(refCase(4), (c) => {
      assertSame(einsum(c.spec, ...c.operands), referenceEinsum(c), c.spec);
    }),
    { numRuns: 400 },
  );
});

test("every planning strategy and the unplanned loop give the same exact result", () => {
  fc.assert(
    fc.property(refCase(5), (c) => {
      const expected = referenceEinsum(c);
      for (const optimize of [false, true, "greedy", "optimal"] as const) {
        assertSame(einsum(c.spec, ...c.operands, { optimize }), expected, `${c.spec} optimize=${String(optimize)}`);
      }
    }),
    { numRuns: 200 },
  );
});

test("a user-given path (random valid pairs) gives the same result", () => {
  fc.assert(
    fc.property(refCase(5), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 4, maxLength: 4 }), (c, picks) => {
      const path: [number, number][] = [];
      for (let n = c.operands.length, t = 0; n > 1; n--, t++) {
        const i = picks[t][0] % n;
        const j = (i + 1 + (picks[t][1] % (n - 1))) % n;
        path.push([i, j]);
      }
      assertSame(
        einsum(c.spec, ...c.operands, { optimize: path }),
        referenceEinsum(c),
        `${c.spec} path ${JSON.stringify(path)}`,
      );
    }),
    { numRuns: 150 },
  );
});

test("einsum works on larger shapes through the blocked kernel (batched, transposed operands)", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(
          dim(3),
          fc.integer({ min: 5, max: 30 }),
          fc.integer({ min: 5, max: 40 }),
          fc.integer({ min: 5, max: 30 }),
        )
        .chain(([b, m, k, n]) => fc.tuple(intTensor([b, k, m], 3), intTensor([n, b, k], 3))),
      ([X, Y]) => {
        const [b, k, m] = X.shape;
        const n = Y.shape[0];
        const got = einsum("bkm,nbk->bmn", X, Y);
        const ref = einsum("bkm,nbk->bmn", X, Y, { optimize: false });
        assertSame(got, ref);
        assert.deepEqual([...got.shape], [b, m, n]);
        assert.equal(k, Y.shape[2]);
      },
    ),
    { numRuns: 25 },
  );
});

test("products agree with einsum: matmul, dot, ddot, outer, kron", () => {
  fc.assert(
    fc.property(
      fc
        .tuple(dim(), dim(), dim(), dim(4), dim(4))
        .chain(([m, k, n, p, q]) =>
          fc.tuple(
            intTensor([m, k]),
            intTensor([k, n]),
            intTensor([p, m, k]),
            intTensor([k, n, q]),
            intTensor([m, k]),
            intTensor([n, p]),
          ),
        ),
      ([A, B, S3, T3, A2, C]) => {
        assertSame(matmul(A, B), einsum("ij,jk->ik", A, B), "matmul");
        assertSame(dot(S3, T3), einsum("abk,kcd->abcd", S3, T3), "dot");
        assertSame(
          ddot(S3, einsum("ij,jk,kl->ijl", A, B, C)),
          einsum("amk,mkl->al", S3, einsum("ij,jk,kl->ijl", A, B, C)),
          "ddot",
        );
        assertSame(ddot(A, A2), einsum("kl,kl->", A, A2), "ddot 0-d");
        assertSame(outer(A, C), einsum("ij,kl->ijkl", A, C), "outer");
        const [m, k] = A.shape;
        const [n, p] = C.shape;
        assertSame(kron(A, C), new Tensor(einsum("ij,kl->ikjl", A, C).data, [m * n, k * p]), "kron");
      },
    ),
  );
});

test("implicit output: letters appearing once, alphabetical with uppercase first; repeated letters trace", () => {
  const A = tensor([
    [1, 2],
    [3, 4],
  ]);
  assertSame(einsum("ji", A), einsum("ji->ij", A));
  assertSame(einsum("ii", A), tensor(5));
  assertSame(einsum("ii->i", A), tensor([1, 4]));
  const X = new Tensor(
    Float64Array.from({ length: 6 }, (_, i) => i),
    [1, 2, 3],
  );
  assert.deepEqual([...einsum("aBC", X).shape], [2, 3, 1]); // B, C before a
});

test("malformed specs throw EinsumSpecError with the 0-based position, a caret line and the reason", () => {
  const A = tensor([
    [1, 2],
    [3, 4],
  ]);
  const cases: [string, number, RegExp][] = [
    ["ij,j#k", 4, /invalid character "#"/],
    ["ij.,jk", 2, /'\.' must be part of an ellipsis/],
    ["ij-jk", 2, /stray '-'/],
    ["ij>jk", 2, /stray '>'/],
    ["ij,jk->ik->i", 9, /second '->'/],
    ["ij,jk->i,k", 8, /',' after '->'/],
    ["ij,jk->ii", 8, /repeats the index 'i'/],
    ["ij,jk->iz", 8, /output index 'z' appears in no input/],
    ["i...j...,jk", 5, /second '\.\.\.' in one term/],
  ];
  for (const [spec, pos, reason] of cases) {
    assert.throws(
      () => einsum(spec, A, A),
      (e: unknown) => {
        assert.ok(e instanceof EinsumSpecError, `${spec}: ${String(e)}`);
        assert.match(e.message, reason, spec);
        assert.ok(e.message.includes(`position ${pos}`), `${spec}: ${e.message}`);
        const lines = e.message.split("\n");
        assert.equal(lines[lines.length - 2], `  ${spec}`);
        assert.equal(lines[lines.length - 1], `  ${" ".repeat(pos)}^`);
        return true;
      },
    );
  }
  assert.throws(() => einsum(42 as unknown as string, A), /spec must be a string/);
  const B = new Tensor(new Float64Array(6), [1, 2, 3]);
  assert.throws(
    () => einsum("...ij->", B),
    (e: unknown) => e instanceof EinsumSpecError && /output has no '\.\.\.'/.test(e.message),
  );
});

test("operand-count and shape mismatches name the index, both operands and both sizes", () => {
  const A = new Tensor(new Float64Array(6), [2, 3]);
  const B = new Tensor(new Float64Array(8), [4, 2]);
  assert.throws(
    () => einsum("ij,jk->ik", A),
    (e: unknown) => e instanceof EinsumSpecError && /has 2 input terms but 1 operand was given/.test(e.message),
  );
  assert.throws(
    () => einsum("ij", A, B),
    (e: unknown) => e instanceof EinsumSpecError && /has 1 input term but 2 operands were given/.test(e.message),
  );
  assert.throws(
    () => einsum("ij,jk->ik", A, B),
    (e: unknown) =>
      e instanceof ShapeError &&
      /index 'j' has size 3 in operand 0 \(shape \[2, 3\], axis 1\) but size 4 in operand 1 \(shape \[4, 2\], axis 0\)/.test(
        e.message,
      ),
  );
  assert.throws(
    () => einsum("ii->i", A),
    (e: unknown) =>
      e instanceof ShapeError && /index 'i' appears twice in operand 0 \(shape \[2, 3\]\) with sizes 2/.test(e.message),
  );
  assert.throws(
    () => einsum("ijk,jk", A, B),
    (e: unknown) =>
      e instanceof ShapeError &&
      /operand 0 has shape \[2, 3\] \(2 axes\) but its term "ijk" has 3 indices/.test(e.message),
  );
  assert.throws(
    () => einsum("...i,...i->...", new Tensor(new Float64Array(6), [2, 3]), new Tensor(new Float64Array(9), [3, 3])),
    (e: unknown) => e instanceof ShapeError && /do not broadcast: sizes 2 and 3/.test(e.message),
  );
  assert.throws(
    () => einsum("ij", {} as unknown as Tensor, A),
    (e: unknown) => e instanceof ShapeError && /operand 0 is not a Tensor/.test(e.message),
  );
  assert.throws(
    () =>
      einsum("ij,jk,kl", A, new Tensor(new Float64Array(9), [3, 3]), new Tensor(new Float64Array(9), [3, 3]), {
        optimize: [[0, 5]],
      }),
    (e: unknown) => e instanceof EinsumSpecError && /refers to operand 5/.test(e.message),
  );
  assert.throws(
    () => einsum("ij", A, { optimize: "fast" as unknown as "greedy" }),
    (e: unknown) => e instanceof EinsumSpecError && /optimize must be/.test(e.message),
  );
  assert.throws(
    () => einsum("ij", A, { optimise: "greedy" } as unknown as Tensor),
    (e: unknown) => e instanceof EinsumSpecError && /unknown option "optimise"/.test(e.message),
  );
});

test("einsumPath: the seed-style 5-operand contraction is planned as 4 pairwise O(N^5) steps", () => {
  const N = 10;
  const info = einsumPath("pi,qj,ijkl,rk,sl->pqrs", [N, N], [N, N], [N, N, N, N], [N, N], [N, N]);
  assert.equal(info.steps.length, 4);
  assert.equal(info.naiveFlops, 5 * N ** 8); // numpy: 5.000e+08
  assert.equal(info.optimizedFlops, 8 * N ** 5); // numpy: 8.000e+05
  assert.equal(info.largestIntermediate, N ** 4);
  assert.deepEqual(
    info.steps.map((s) => s.spec),
    ["ijkl,pi->jklp", "jklp,qj->klpq", "klpq,rk->lpqr", "lpqr,sl->pqrs"],
  );
  assert.match(String(info), /Naive FLOP count/);
  const greedy = einsumPath("pi,qj,ijkl,rk,sl->pqrs", [N, N], [N, N], [N, N, N, N], [N, N], [N, N], {
    optimize: "greedy",
  });
  assert.equal(greedy.strategy, "greedy");
  assert.ok(greedy.optimizedFlops >= info.optimizedFlops);
});

test("einsumPath: optimal never costs more than greedy; einsum runs the plan it reports", () => {
  fc.assert(
    fc.property(refCase(5), (c) => {
      const shapes = c.operands.map((t) => t.shape);
      const g = einsumPath(c.spec, ...shapes, { optimize: "greedy" });
      const o = einsumPath(c.spec, ...shapes, { optimize: "optimal" });
      assert.ok(
        o.optimizedFlops <= g.optimizedFlops,
        `${c.spec}: optimal ${o.optimizedFlops} > greedy ${g.optimizedFlops}`,
      );
      assert.equal(g.path.length, Math.max(0, c.operands.length - 1));
      assertSame(einsum(c.spec, ...c.operands, { optimize: g.path.map((p) => [...p]) }), referenceEinsum(c));
    }),
    { numRuns: 150 },
  );
});

test("einsum records itself with its resolved spec and the explicit spec (ellipsis spelled out)", () => {
  const calls: { op: string; spec: unknown; n: number }[] = [];
  setRecordHook((def, inputs, output, attrs) => {
    const spec = typeof attrs === "object" && attrs !== null && "explicit" in attrs ? attrs.explicit : undefined;
    if (def.name === "einsum") assert.ok(typeof attrs === "object" && attrs !== null && "spec" in attrs);
    calls.push({ op: def.name, spec, n: inputs.length });
    return output;
  });
  try {
    const A = new Tensor(new Float64Array(6), [2, 3]);
    A.node = new Map();
    einsum("ij,jk", A, new Tensor(new Float64Array(12), [3, 4]));
    einsum("...j->...", A);
    einsum("ii", new Tensor(new Float64Array(4), [2, 2]), {}); // untraced: not recorded
    matmul(A, new Tensor(new Float64Array(3), [3]));
    dot(A, new Tensor(new Float64Array(3), [3]));
    ddot(A, A);
    outer(A, A);
    kron(A, A);
  } finally {
    setRecordHook(undefined);
  }
  assert.deepEqual(calls, [
    { op: "einsum", spec: "ij,jk->ik", n: 2 },
    { op: "einsum", spec: "aj->a", n: 1 },
    { op: "matmul", spec: undefined, n: 2 },
    // dot, ddot and outer are matrix products of reshaped operands (this hook marks no outputs,
    // so only the reshapes of the traced A are seen: one for dot, two each for ddot and outer)
    ...[1, 2, 2].flatMap((k) => new Array(k).fill({ op: "reshape", spec: undefined, n: 1 })),
    { op: "kron", spec: undefined, n: 2 },
  ]);
});

test("zero-size axes give zeros (or an empty tensor) without crashing", () => {
  const Z = new Tensor(new Float64Array(0), [2, 0]);
  const W = new Tensor(new Float64Array(0), [0, 3]);
  assertSame(einsum("ij,jk->ik", Z, W), new Tensor(new Float64Array(6), [2, 3]));
  assert.deepEqual([...einsum("ij->ji", Z).shape], [0, 2]);
  assertSame(matmul(Z, W), new Tensor(new Float64Array(6), [2, 3]));
  fc.assert(fc.property(anyTensor(2), (A) => assertSame(einsum("ij->ij", A), A)));
});

test("intermediates and results respect the allocation limit (AllocationError before allocating)", () => {
  const A = new Tensor(new Float64Array(40 * 40), [40, 40]);
  const previous = setAllocationLimit(1000);
  try {
    assert.throws(
      () => einsum("ij,kl->ijkl", A, A),
      (e: unknown) => e instanceof AllocationError && /\[40, 40, 40, 40\]/.test(e.message),
    );
    assert.throws(() => outer(A, A), AllocationError);
    assert.throws(() => kron(A, A), AllocationError);
    assert.throws(() => matmul(A, A), AllocationError);
  } finally {
    setAllocationLimit(previous);
  }
});

test("arbitrary spec strings never crash: a result or a TensorcalcError", () => {
  const chars = ["i", "j", "k", "I", ".", "-", ">", ",", " ", "#", "…"];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...chars), { maxLength: 14 }).map((a) => a.join("")),
      fc.array(fc.array(dim(3), { maxLength: 3 }), { maxLength: 3 }),
      (spec, shapes) => {
        const ops = shapes.map((s) => new Tensor(new Float64Array(s.reduce((a, b) => a * b, 1)), s));
        try {
          const r = einsum(spec, ...ops);
          assert.ok(r instanceof Tensor);
        } catch (e) {
          assert.ok(e instanceof TensorcalcError, `${JSON.stringify(spec)}: ${String(e)}`);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test("a path that does not contract every operand is refused, naming the operands left (numpy refuses it too)", () => {
  const z = (m: number, n: number) => new Tensor(new Float64Array(m * n), [m, n]);
  const ops = [z(2, 3), z(3, 4), z(4, 5), z(5, 6)];
  assert.throws(
    () =>
      einsum("ab,bc,cd,de->ae", ...ops, {
        optimize: [
          [2, 3],
          [0, 1],
        ],
      }),
    (e: unknown) =>
      e instanceof EinsumSpecError &&
      e.message ===
        "einsum: the path [[2,3],[0,1]] leaves 2 operands uncontracted: the result of path entry 0 (ec) and the " +
          "result of path entry 1 (ca); a path must contract every operand into one (as in numpy): add 1 more pair " +
          "such as [0, 1], or leave out optimize to let einsum plan the path",
  );
  assert.throws(
    () => einsum("ab,bc,cd->ad", ops[0], ops[1], ops[2], { optimize: [] }),
    (e: unknown) =>
      e instanceof EinsumSpecError &&
      /leaves 3 operands uncontracted: operand 0 \(ab\), operand 1 \(bc\) and operand 2 \(cd\); .*add 2 more pairs/.test(
        e.message,
      ),
  );
  assert.throws(
    () => einsumPath("ab,bc,cd,de->ae", [2, 3], [3, 4], [4, 5], [5, 6], { optimize: [[0, 1]] }),
    (e: unknown) =>
      e instanceof EinsumSpecError &&
      /^einsumPath: the path \[\[0,1\]\] leaves 3 operands uncontracted: operand 2 \(cd\), operand 3 \(de\) and the result of path entry 0 \(ca\)/.test(
        e.message,
      ),
  );
  // The complete path gives the product.
  assert.deepEqual(
    einsum("ab,bc,cd,de->ae", ...ops, {
      optimize: [
        [2, 3],
        [0, 1],
        [0, 1],
      ],
    }).shape,
    [2, 6],
  );
});
