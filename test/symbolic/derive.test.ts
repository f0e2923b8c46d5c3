import { test } from "node:test";
import assert from "node:assert/strict";
import {
  derive,
  verify,
  randint,
  jacobian,
  transpose,
  matmul,
  alpha,
  beta,
  equal,
  dot,
  ddot,
  toVecJacobian,
  kron,
  eye,
  commutation,
  ShapeError,
  DifferentiationError,
  ParseError,
  parse,
  sym,
  mulE,
  t,
  type FormName,
} from "../../src";

const seedShapes = { A: ["p", "m"], B: ["p", "n"] };

test("the seed: ∂(AᵀB)/∂A in every form, as in the answer", () => {
  const d = derive("A' * B", "A", seedShapes);
  assert.deepEqual(d.resultShape, ["m", "n"]);
  assert.deepEqual(d.wrtShape, ["p", "m"]);
  const text = Object.fromEntries(d.forms.map((f) => [f.name, f.text]));
  assert.deepEqual(text, {
    tensor: "αBᵀ:β",
    index: "δ_il B_kj",
    kron: "(Bᵀ ⊗ I)K_pm",
    component: "E_klᵀ B",
    differential: "dAᵀ B",
  });
  assert.deepEqual(
    d.notApplicable.map((n) => n.name),
    ["gradient", "hessian"],
  );
  assert.equal(
    d.form("tensor")?.latex,
    "\\frac{\\partial \\left(A^{T} B\\right)}{\\partial A} = \\alpha B^{T} : \\beta",
  );
  assert.equal(d.exprLatex, "A^{T} B");
});

test("the seed: ∂(AᵀB)/∂B = Aᵀα, I ⊗ Aᵀ, Aᵀ E_kl, A_ki δ_jl, Aᵀ dB", () => {
  const d = derive("A' * B", "B", seedShapes);
  assert.deepEqual(
    d.forms.map((f) => [f.name, f.text]),
    [
      ["tensor", "Aᵀα"],
      ["index", "A_ki δ_jl"],
      ["kron", "I ⊗ Aᵀ"],
      ["component", "Aᵀ E_kl"],
      ["differential", "Aᵀ dB"],
    ],
  );
});

test("the seed's forms evaluate to the exact Jacobian (integer values, exact equality)", () => {
  const A = randint([4, 2], { seed: 1, min: -4, max: 4 }); // p = 4, m = 2
  const B = randint([4, 3], { seed: 2, min: -4, max: 4 }); // n = 3
  const J = jacobian((X) => matmul(transpose(X), B), A);
  const d = derive("A' * B", "A", seedShapes);
  for (const name of ["tensor", "index", "component", "differential"] as FormName[]) {
    assert.ok(equal(d.form(name)!.evaluate({ A, B }), J), name);
  }
  assert.ok(equal(d.form("kron")!.evaluate({ A, B }), toVecJacobian(J)));
  // the seed's closed forms computed independently with the library's α, β, ⊗ and K
  assert.ok(equal(ddot(dot(alpha(2, 3), transpose(B)), beta(2, 4)), J));
  assert.ok(equal(matmul(kron(transpose(B), eye(2)), commutation(4, 2)), toVecJacobian(J)));
});

test("forms come in the documented order and scalar expressions get gradient and Hessian", () => {
  const d = derive("x'Ax", "x");
  assert.deepEqual(
    d.forms.map((f) => f.name),
    ["tensor", "index", "kron", "component", "differential", "gradient", "hessian"],
  );
  assert.equal(d.form("gradient")!.text, "(A + Aᵀ)x");
  assert.equal(d.form("hessian")!.text, "A + Aᵀ");
  assert.equal(d.form("differential")!.text, "xᵀ(Aᵀ + A) dx");
  assert.equal(verify(d).ok, true);
});

test("Cookbook-style gradients", () => {
  const cases: [string, string, Record<string, (number | string)[]>, string][] = [
    ["tr(A*X)", "X", {}, "Aᵀ"],
    ["tr(X'*B*X)", "X", {}, "(B + Bᵀ)X"],
    ["a'Xb", "X", {}, "abᵀ"],
    ["logdet(X)", "X", {}, "X⁻ᵀ"],
    ["det(X)", "X", {}, "adj(X)ᵀ"],
    ["x'x", "x", {}, "2x"],
    ["tr(X)", "X", {}, "I"],
    ["tr(A * inv(X) * B)", "X", {}, "−(X⁻¹BAX⁻¹)ᵀ"],
  ];
  for (const [e, w, s, g] of cases) {
    const d = derive(e, w, s);
    assert.equal(d.form("gradient")?.text, g, e);
    const r = verify(d);
    assert.ok(r.ok, `${e}: ${JSON.stringify(r.forms)}`);
  }
});

test("inverse, determinant: differentials and vec forms", () => {
  const d = derive("inv(X)", "X");
  assert.equal(d.form("differential")!.text, "−X⁻¹ dX X⁻¹");
  assert.equal(d.form("kron")!.text, "−(X⁻ᵀ ⊗ X⁻¹)");
  assert.equal(d.form("index")!.text, "−(X⁻¹)_ik (X⁻¹)_lj");
  assert.ok(verify(d).ok);
  assert.equal(derive("det(X)", "X").form("differential")!.text, "tr(adj(X) dX)");
});

test("elementwise functions: diagonal factors in the kron form, no α/β form, with the reason", () => {
  const d = derive("exp(A)", "A", { A: [2, 3] });
  assert.equal(d.form("tensor"), undefined);
  assert.match(d.notApplicable.find((n) => n.name === "tensor")!.reason, /elementwise/);
  assert.equal(d.form("kron")!.text, "diag(vec(exp(A)))");
  assert.equal(d.form("differential")!.text, "exp(A) ∘ dA");
  assert.ok(verify(d).ok);
  const l = derive("log(X) .* A", "X", { X: ["m", "n"] });
  assert.equal(l.form("differential")!.text, "A ∘ X^(∘−1) ∘ dX");
  assert.ok(verify(l).ok);
});

test("elementwise sin, cos, tanh, sqrt: their scalar derivatives as diagonal factors, verified", () => {
  assert.equal(derive("sin(A)", "A").form("differential")!.text, "cos(A) ∘ dA");
  assert.equal(derive("cos(A*X)", "X").form("differential")!.text, "−(sin(AX) ∘ (A dX))");
  assert.equal(derive("tanh(X)", "X").form("kron")!.text, "I − diag(vec(tanh(X)^∘2))");
  assert.equal(derive("tr(A' * tanh(X*B))", "X").form("gradient")!.text, "(A ∘ (1 − tanh(XB)^∘2))Bᵀ");
  for (const e of ["sin(A)", "cos(A*X)", "tanh(X)", "sqrt(X)", "tr(A' * tanh(X*B))", "x' * sin(A*x)", "sqrt(X) .* X"]) {
    const d = derive(e, e.includes("A)") && !e.includes("X") ? "A" : e.includes("x") ? "x" : "X");
    const r = verify(d);
    assert.ok(r.ok, `${e}: ${JSON.stringify(r.forms)}`);
  }
});

test("results of order > 2 get the index form and the tensor form (einsum with identities), exact", () => {
  const d = derive("A * alpha(3, 4)", "A", { A: [2, 3] });
  assert.deepEqual(
    d.forms.map((f) => f.name),
    ["tensor", "index"],
  );
  assert.ok(d.notApplicable.some((n) => n.name === "kron" && /4 axes/.test(n.reason)));
  assert.ok(verify(d).ok);
});

test("derivatives of the seed's tensor expressions: Y = αBᵀ:β:A", () => {
  const d = derive("alpha * B' : beta : A", "A", seedShapes);
  assert.equal(d.form("tensor")!.text, "αBᵀ:β");
  const r = verify(d);
  assert.ok(r.ok && r.exact);
});

test("Kronecker products and vec: composite indices in the index form, exact", () => {
  const d = derive("kron(A, B)", "A", { A: ["m", "n"], B: ["p", "q"] });
  assert.deepEqual(d.resultShape, ["m*p", "n*q"]);
  assert.equal(d.form("index")!.text, "δ_ak δ_cl B_bd");
  assert.equal(
    d.form("index")!.latex,
    "\\frac{\\partial \\left(A \\otimes B\\right)_{(ab)(cd)}}{\\partial A_{kl}} = \\delta_{ak} \\delta_{cl} B_{bd}",
  );
  assert.ok(verify(d).ok);
  const v = derive("vec(A * X * B)", "X", { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] });
  assert.equal(v.form("index")!.text, "A_bk B_la");
  assert.ok(verify(v).ok);
  // vec(X)ᵀvec(X) = tr(XᵀX): composite indices contract back to matrices
  assert.equal(derive("vec(X)' * vec(X)", "X").form("gradient")!.text, "2X");
  assert.equal(derive("tr(kron(A, X))", "X", { A: ["n", "n"] }).form("gradient")!.text, "tr(A)I");
  for (const [e, w] of [
    ["kron(X, X)", "X"],
    ["x' * kron(A, B) * y", "A"],
    ["K(m, n) * vec(X)", "X"],
    ["kron(x, y)", "x"],
  ]) {
    const r = verify(derive(e, w, e.startsWith("K(") ? { X: ["m", "n"] } : {}));
    assert.ok(r.ok, `${e}: ${JSON.stringify(r.forms)}`);
  }
});

test("scalar variables and scalar multiples", () => {
  const d = derive("s * A + s * s * B", "s", { s: [], A: [2, 3], B: [2, 3] });
  assert.deepEqual(d.wrtShape, []);
  assert.ok(verify(d).ok);
  assert.equal(derive("2 * A' * B", "A", seedShapes).form("tensor")!.text, "2(αBᵀ:β)");
});

test("expressions built in code derive like parsed ones", () => {
  const d = derive(mulE(t(sym("A")), sym("B")), "A", seedShapes);
  assert.equal(d.form("tensor")!.text, "αBᵀ:β");
});

test("a variable that does not appear: zero derivative when its shape is given, an error otherwise", () => {
  const z = derive("A * B", "C", { C: [2, 2], A: [2, 3], B: [3, 2] });
  assert.equal(z.form("tensor")!.text, "0");
  assert.ok(verify(z).ok);
  assert.throws(
    () => derive("A * B", "C"),
    (e: unknown) => e instanceof DifferentiationError && /C does not appear in it/.test((e as Error).message),
  );
});

test("bad input gives positioned parse errors and shape errors", () => {
  assert.throws(() => derive("A' * ", "A"), ParseError);
  assert.throws(
    () => derive("A' * B", "A", { A: [2, 3], B: [4, 5] }),
    (e: unknown) => e instanceof ShapeError && /\^/.test((e as Error).message),
  );
  assert.throws(() => derive("A * alpha(3, 5)", "A", { A: [2, 3, 4] as number[] }), ShapeError);
  assert.throws(() => derive(parse("A"), ""), DifferentiationError);
});

test("expressions that expand too far are refused quickly instead of hanging", () => {
  const t0 = Date.now();
  assert.throws(
    () => derive("tr((A + X)^12)", "X"),
    (e: unknown) =>
      e instanceof DifferentiationError && /expands to [\d,]+ index terms \(limit 5,000\)/.test((e as Error).message),
  );
  assert.ok(Date.now() - t0 < 5000, "refused without expanding everything");
});

test("evaluate checks the values against the shapes", () => {
  assert.throws(
    () =>
      derive("A * alpha", "A", { A: [2, 3] })
        .form("index")!
        .evaluate({ A: randint([2, 3]) }),
    /dimension d1 is not determined by the values/,
  );
  const d = derive("A' * B", "A", seedShapes);
  assert.throws(
    () => d.form("tensor")!.evaluate({ A: randint([4, 2]), B: randint([3, 3]) }),
    (e: unknown) => e instanceof ShapeError && /dimension p is 4 elsewhere/.test((e as Error).message),
  );
  assert.throws(
    () => d.form("tensor")!.evaluate({ A: randint([4]), B: randint([4, 3]) }),
    /the value of A has shape \[4\] but A has shape \[p, m\]/,
  );
  assert.throws(() => d.form("tensor")!.evaluate({ A: randint([4, 2]) }), /no value given for the symbol B/);
});

test("diag: vector → diagonal matrix and matrix → diagonal, with the textbook gradients, verified exactly", () => {
  const cases: [string, string, Record<string, (number | string)[]>, string][] = [
    ["a' * diag(x) * b", "x", { a: ["n"], x: ["n"], b: ["n"] }, "a ∘ b"],
    ["tr(diag(x) * A)", "x", { x: ["n"], A: ["n", "n"] }, "diag(A)"],
    ["x' * diag(X)", "X", { x: ["n"], X: ["n", "n"] }, "diag(x)"],
    ["diag(X)' * diag(X)", "X", { X: ["n", "n"] }, "2(X ∘ I)"],
  ];
  for (const [e, wrt, shapes, gradient] of cases) {
    const d = derive(e, wrt, shapes);
    assert.equal(d.form("gradient")?.text, gradient, e);
    assert.ok(d.form("kron") && d.form("differential") && d.form("hessian"), `${e}: matrix forms`);
    const r = verify(d);
    assert.ok(r.ok && r.exact, `${e}: ${JSON.stringify(r.forms)}`);
  }
  // a matrix-valued diag: the index form (δ_ij δ_ik), exact; a rectangular diag(X) is a shape error naming both sizes
  const m = derive("diag(A * x)", "x", { A: ["m", "n"], x: ["n"] });
  assert.equal(m.form("index")?.text, "A_ik δ_ij");
  assert.ok(verify(m).ok);
  assert.throws(
    () => derive("diag(X)", "X", { X: [2, 3] }),
    /diag of a matrix needs a square matrix \(\[2\] rows ≠ \[3\] columns\)/,
  );
});

test("differentials are set apart by thin spaces in LaTeX (A \\, dX \\, B reads as three factors)", () => {
  assert.equal(
    derive("A*X*B", "X").form("differential")?.latex,
    "\\mathrm{d}\\left(A X B\\right) = A \\, \\mathrm{d}X \\, B",
  );
  assert.match(derive("A' * B", "A").form("differential")?.latex ?? "", /\{\\mathrm\{d\}A\}\^\{T\} \\, B$/);
});
