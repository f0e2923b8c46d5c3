/**
 * The identity catalogue: the seed's identities, Matrix Cookbook rows and Magnus–Neudecker
 * rules as data. Every row is derived by the engine, compared with its catalogued closed form
 * and verified numerically (see {@link checkCatalogueEntry}).
 *
 * References: "The Matrix Cookbook" (K. B. Petersen & M. S. Pedersen, version of November 15,
 * 2012; "MC (n)" is its equation n, "MC §…" a section where the row is not a numbered
 * equation there); J. R. Magnus & H. Neudecker, "Matrix Differential Calculus with
 * Applications in Statistics and Econometrics" ("MN"); the seed question and answer; the
 * losses of machine learning ("ML") with the gradients and Hessians as the textbooks write them.
 * @packageDocumentation
 */
import type { Shapes } from "./shapes";
import type { FormName } from "./forms/context";

/** One catalogued identity. */
export interface CatalogueEntry {
  /** Stable identifier, e.g. "seed-AtB-A". */
  readonly id: string;
  readonly source: "seed" | "cookbook" | "magnus-neudecker" | "ml";
  /** Where it comes from, e.g. "MC (57)". */
  readonly ref: string;
  /** The expression (parser syntax). */
  readonly expr: string;
  /** The variable. */
  readonly wrt: string;
  readonly shapes: Shapes;
  /**
   * Closed forms, compared with the engine's: for tensor, kron, gradient and hessian an
   * expression in parser syntax; for component an expression in E_kl (or e_k); for
   * differential an expression in dX (the differential of the variable) — all compared
   * numerically; for index the index notation (δ_il B_kj), compared as a tree of terms and
   * factors.
   */
  readonly expected: Partial<Record<FormName, string>>;
  /** A known trap around this identity. */
  readonly trap?: string;
  /** Symbols declared symmetric (the options of derive). */
  readonly symmetric?: readonly string[];
}

/**
 * The catalogue of identities.
 * @example
 * ```ts
 * import { catalogue } from "tensorcalc";
 * console.log(catalogue.length > 20, catalogue[0].id, catalogue[0].expected.tensor); // true seed-AtB-A alpha(m, n) * B' : beta(m, p)
 * ```
 */
export const catalogue: readonly CatalogueEntry[] = [
  // --- the seed (Math.SE answer) ------------------------------------------------------------
  {
    id: "seed-AtB-A",
    source: "seed",
    ref: "seed: ∂(AᵀB)/∂A = αBᵀ:β",
    expr: "A' * B",
    wrt: "A",
    shapes: { A: ["p", "m"], B: ["p", "n"] },
    expected: {
      tensor: "alpha(m, n) * B' : beta(m, p)",
      kron: "kron(B', I(m)) * K(p, m)",
      index: "δ_il B_kj",
      component: "E_klᵀ B",
      differential: "dAᵀ B",
    },
  },
  {
    id: "seed-AtB-B",
    source: "seed",
    ref: "seed: ∂(AᵀB)/∂B = Aᵀα",
    expr: "A' * B",
    wrt: "B",
    shapes: { A: ["p", "m"], B: ["p", "n"] },
    expected: {
      tensor: "A' * alpha(p, n)",
      kron: "kron(I(n), A')",
      index: "A_ki δ_jl",
      component: "Aᵀ E_kl",
      differential: "Aᵀ dB",
    },
  },
  {
    id: "seed-alpha",
    source: "seed",
    ref: "seed: ∂G_ij/∂G_kl = α_ijkl",
    expr: "G",
    wrt: "G",
    shapes: { G: ["m", "n"] },
    expected: { tensor: "alpha(m, n)", kron: "kron(I(n), I(m))", index: "δ_ik δ_jl", component: "E_kl" },
  },
  {
    id: "seed-beta",
    source: "seed",
    ref: "seed: ∂Gᵀ_ij/∂G_kl = β_ijkl",
    expr: "G'",
    wrt: "G",
    shapes: { G: ["m", "n"] },
    expected: { tensor: "beta(n, m)", kron: "K(m, n)", index: "δ_il δ_jk", component: "E_klᵀ" },
  },
  {
    id: "seed-HFG",
    source: "seed",
    ref: "seed: HFG = HαGᵀ:F",
    expr: "H * F * G",
    wrt: "F",
    shapes: { H: ["m", "p"], F: ["p", "q"], G: ["q", "n"] },
    expected: { tensor: "H * alpha(p, n) * G'", kron: "kron(G', H)", differential: "H dF G" },
  },
  // --- The Matrix Cookbook -------------------------------------------------------------------
  {
    id: "mc-det",
    source: "cookbook",
    ref: "MC (49)",
    expr: "det(X)",
    wrt: "X",
    shapes: { X: ["n", "n"] },
    expected: { gradient: "det(X) * inv(X)'", differential: "det(X) tr(X⁻¹ dX)" },
  },
  {
    id: "mc-logdet",
    source: "cookbook",
    ref: "MC (57)",
    expr: "logdet(X)",
    wrt: "X",
    shapes: { X: ["n", "n"] },
    expected: { gradient: "inv(X)'", differential: "tr(X⁻¹ dX)" },
  },
  {
    id: "mc-inv",
    source: "cookbook",
    ref: "MC (59)",
    expr: "inv(X)",
    wrt: "X",
    shapes: { X: ["n", "n"] },
    expected: {
      kron: "-kron(inv(X)', inv(X))",
      tensor: "-inv(X) * alpha(n, n) * inv(X)'",
      differential: "−X⁻¹ dX X⁻¹",
    },
  },
  {
    id: "mc-inv-bilinear",
    source: "cookbook",
    ref: "MC §2.2.2 (derivatives of an inverse): ∂aᵀX⁻¹b/∂X",
    expr: "a' * inv(X) * b",
    wrt: "X",
    shapes: { a: ["n"], X: ["n", "n"], b: ["n"] },
    expected: { gradient: "-inv(X)' * a * b' * inv(X)'" },
  },
  {
    id: "mc-inv-trace",
    source: "cookbook",
    ref: "MC §2.2.2 (derivatives of an inverse): ∂tr(AX⁻¹B)/∂X",
    expr: "tr(A * inv(X) * B)",
    wrt: "X",
    shapes: { A: ["m", "n"], X: ["n", "n"], B: ["n", "m"] },
    expected: { gradient: "-(inv(X) * B * A * inv(X))'" },
  },
  {
    id: "mc-trace-AX",
    source: "cookbook",
    ref: "MC (100)",
    expr: "tr(A * X)",
    wrt: "X",
    shapes: { A: ["n", "m"], X: ["m", "n"] },
    expected: { gradient: "A'", differential: "tr(A dX)" },
    trap: "If X is constrained to be symmetric (n×n), the gradient within symmetric matrices is sym(G) = (G + Gᵀ)/2 = (A + Aᵀ)/2, not G + Gᵀ − G∘I: the latter double-counts the off-diagonal entries.",
  },
  {
    id: "mc-trace-AX-symmetric",
    source: "cookbook",
    ref: "MC (141) for symmetric X; Srinivasan & Panda, arXiv:1911.06491",
    expr: "tr(A * X)",
    wrt: "X",
    shapes: { A: ["n", "n"], X: ["n", "n"] },
    symmetric: ["X"],
    expected: { gradient: "(A + A') / 2", entries: "A + A' - A .* I", differential: "tr(A dX)" },
    trap: "For symmetric X the Cookbook's G + Gᵀ − G∘I (here A + Aᵀ − A∘I) is the derivative with respect to the independent entries X_ij, i ≥ j, not the gradient: df = ⟨sym(G), dX⟩ for symmetric dX, and ⟨G + Gᵀ − G∘I, dX⟩ counts each off-diagonal entry twice.",
  },
  {
    id: "mc-trace-AXB",
    source: "cookbook",
    ref: "MC §2.5.1 (first-order traces): ∂tr(AXB)/∂X",
    expr: "tr(A * X * B)",
    wrt: "X",
    shapes: { A: ["n", "p"], X: ["p", "q"], B: ["q", "n"] },
    expected: { gradient: "A' * B'" },
  },
  {
    id: "mc-trace-XtBX",
    source: "cookbook",
    ref: "MC §2.5.2 (second-order traces): ∂tr(XᵀBX)/∂X",
    expr: "tr(X' * B * X)",
    wrt: "X",
    shapes: { X: ["m", "n"], B: ["m", "m"] },
    expected: { gradient: "B * X + B' * X" },
  },
  {
    id: "mc-trace-XBXt",
    source: "cookbook",
    ref: "MC §2.5.2 (second-order traces): ∂tr(XBXᵀ)/∂X",
    expr: "tr(X * B * X')",
    wrt: "X",
    shapes: { X: ["m", "n"], B: ["n", "n"] },
    expected: { gradient: "X * B' + X * B" },
  },
  {
    id: "mc-trace-X2",
    source: "cookbook",
    ref: "MC §2.5.2 (second-order traces): ∂tr(X²)/∂X",
    expr: "tr(X * X)",
    wrt: "X",
    shapes: { X: ["n", "n"] },
    expected: { gradient: "2 * X'" },
  },
  {
    id: "mc-aXb",
    source: "cookbook",
    ref: "MC (70)",
    expr: "a' * X * b",
    wrt: "X",
    shapes: { a: ["m"], X: ["m", "n"], b: ["n"] },
    expected: { gradient: "a * b'", differential: "aᵀ dX b" },
  },
  {
    id: "mc-aXtb",
    source: "cookbook",
    ref: "MC (71)",
    expr: "a' * X' * b",
    wrt: "X",
    shapes: { a: ["n"], X: ["m", "n"], b: ["m"] },
    expected: { gradient: "b * a'" },
  },
  {
    id: "mc-xa",
    source: "cookbook",
    ref: "MC (69)",
    expr: "x' * a",
    wrt: "x",
    shapes: { x: ["n"], a: ["n"] },
    expected: { gradient: "a" },
  },
  {
    id: "mc-xBx",
    source: "cookbook",
    ref: "MC (81)",
    expr: "x' * B * x",
    wrt: "x",
    shapes: { x: ["n"], B: ["n", "n"] },
    expected: { gradient: "(B + B') * x", hessian: "B + B'", differential: "dxᵀ (Bx) + xᵀB dx" },
  },
  {
    id: "mc-XtX-trace",
    source: "cookbook",
    ref: "MC §2.5.2 (second-order traces): ∂tr(XᵀX)/∂X",
    expr: "tr(X' * X)",
    wrt: "X",
    shapes: { X: ["m", "n"] },
    expected: { gradient: "2 * X" },
  },
  // --- Magnus–Neudecker rules ---------------------------------------------------------------
  {
    id: "mn-AXB",
    source: "magnus-neudecker",
    ref: "MN: d(AXB) = A dX B ⇒ DF = Bᵀ ⊗ A",
    expr: "A * X * B",
    wrt: "X",
    shapes: { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] },
    expected: { kron: "kron(B', A)", differential: "A dX B", tensor: "A * alpha(p, n) * B'" },
    trap: "A row-major reshape of the Jacobian J[i,j,k,l] to [mn, pq] is not DF: it stacks rows, giving K_mn·DF·K_pqᵀ, a permutation of DF, rather than Bᵀ ⊗ A.",
  },
  {
    id: "mn-transpose",
    source: "magnus-neudecker",
    ref: "MN: d(Xᵀ) = (dX)ᵀ ⇒ DF = K_mn",
    expr: "X'",
    wrt: "X",
    shapes: { X: ["m", "n"] },
    expected: { kron: "K(m, n)", tensor: "beta(n, m)" },
  },
  {
    id: "mn-XtX",
    source: "magnus-neudecker",
    ref: "MN: d(XᵀX) = (dX)ᵀX + XᵀdX ⇒ DF = (Xᵀ ⊗ I)K + (I ⊗ Xᵀ)",
    expr: "X' * X",
    wrt: "X",
    shapes: { X: ["m", "n"] },
    expected: { kron: "kron(X', I(n)) * K(m, n) + kron(I(n), X')", differential: "dXᵀ X + Xᵀ dX" },
  },
  {
    id: "mn-inverse",
    source: "magnus-neudecker",
    ref: "MN: dX⁻¹ = −X⁻¹(dX)X⁻¹ ⇒ DF = −(X⁻ᵀ ⊗ X⁻¹)",
    expr: "X^-1",
    wrt: "X",
    shapes: { X: ["n", "n"] },
    expected: { kron: "-kron(inv(X)', inv(X))" },
  },
  {
    id: "mn-det",
    source: "magnus-neudecker",
    ref: "MN: d|X| = |X| tr(X⁻¹dX)",
    expr: "det(X)",
    wrt: "X",
    shapes: { X: ["n", "n"] },
    expected: { kron: "det(X) * vec(inv(X)')'" },
  },
  {
    id: "mn-vec-AXB",
    source: "magnus-neudecker",
    ref: "MN: vec(AXB) = (Bᵀ ⊗ A) vec X",
    expr: "vec(A * X * B)",
    wrt: "X",
    shapes: { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] },
    expected: { kron: "kron(B', A)", index: "A_bk B_la", component: "vec(A E_kl B)" },
  },
  {
    id: "mn-vec-transpose",
    source: "magnus-neudecker",
    ref: "MN: vec(Xᵀ) = K_mn vec X",
    expr: "vec(X')",
    wrt: "X",
    shapes: { X: ["m", "n"] },
    expected: { kron: "K(m, n)", differential: "K(m, n) vec(dX)" },
  },
  {
    id: "mn-kron",
    source: "magnus-neudecker",
    ref: "MN (commutation matrix): vec(X ⊗ B) = (I_n ⊗ K_qm ⊗ I_p)(vec X ⊗ vec B)",
    expr: "kron(X, B)",
    wrt: "X",
    shapes: { X: ["m", "n"], B: ["p", "q"] },
    expected: {
      kron: "kron(kron(I(n), K(q, m)), I(p)) * kron(kron(I(n), I(m)), vec(B))",
      index: "δ_ak δ_cl B_bd",
    },
  },
  {
    id: "mn-kron-right",
    source: "magnus-neudecker",
    ref: "MN (commutation matrix): vec(A ⊗ X) = (I_n ⊗ K_qm ⊗ I_p)(vec A ⊗ vec X)",
    expr: "kron(A, X)",
    wrt: "X",
    shapes: { A: ["m", "n"], X: ["p", "q"] },
    expected: { kron: "kron(kron(I(n), K(q, m)), I(p)) * kron(vec(A), kron(I(q), I(p)))", index: "δ_bk δ_dl A_ac" },
  },
  {
    id: "mn-Ax",
    source: "magnus-neudecker",
    ref: "MN: d(Ax) = A dx ⇒ Df = A",
    expr: "A * x",
    wrt: "x",
    shapes: { A: ["m", "n"], x: ["n"] },
    expected: { kron: "A", tensor: "A", component: "A e_k" },
  },
  {
    id: "mn-XAXt",
    source: "magnus-neudecker",
    ref: "MN: d(XAXᵀ) = (dX)AXᵀ + XA(dX)ᵀ",
    expr: "X * A * X'",
    wrt: "X",
    shapes: { X: ["m", "n"], A: ["n", "n"] },
    expected: { kron: "kron(X * A', I(m)) + kron(I(m), X * A) * K(m, n)" },
  },
  // --- machine learning (the gradients and Hessians as the textbooks write them) -----------------
  {
    id: "ml-least-squares",
    source: "ml",
    ref: "ML: least squares ‖Ax − b‖², ∇ = 2Aᵀ(Ax − b), H = 2AᵀA",
    expr: "norm2(A*x - b)^2",
    wrt: "x",
    shapes: { A: ["m", "n"], x: ["n"], b: ["m"] },
    expected: { gradient: "2 * A' * (A*x - b)", hessian: "2 * A' * A" },
  },
  {
    id: "ml-ridge",
    source: "ml",
    ref: "ML: ridge regression ‖Ax − b‖² + λ‖x‖², ∇ = 2Aᵀ(Ax − b) + 2λx, H = 2AᵀA + 2λI",
    expr: "norm2(A*x - b)^2 + l * x' * x",
    wrt: "x",
    shapes: { A: ["m", "n"], x: ["n"], b: ["m"], l: [] },
    expected: { gradient: "2 * A' * (A*x - b) + 2 * l * x", hessian: "2 * A' * A + 2 * l * I(n)" },
  },
  {
    id: "ml-logistic",
    source: "ml",
    ref: "ML: logistic loss Σ log(1 + exp(Xw)), ∇ = Xᵀσ(Xw), H = Xᵀ diag(σ(Xw) ∘ (1 − σ(Xw))) X",
    expr: "sum(log(1 + exp(X*w)))",
    wrt: "w",
    shapes: { X: ["m", "n"], w: ["n"] },
    expected: {
      gradient: "X' * sigmoid(X*w)",
      hessian: "X' * diag(sigmoid(X*w) .* (1 - sigmoid(X*w))) * X",
    },
  },
  {
    id: "ml-logistic-labels",
    source: "ml",
    ref: "ML: logistic regression with labels y = ±1, Σ log(1 + exp(−y ∘ Xw)), ∇ = −Xᵀ(y ∘ σ(−y ∘ Xw))",
    expr: "sum(log(1 + exp(-y .* (X*w))))",
    wrt: "w",
    shapes: { X: ["m", "n"], w: ["n"], y: ["m"] },
    expected: {
      gradient: "-X' * (y .* sigmoid(-y .* (X*w)))",
      hessian: "X' * diag(y .* y .* sigmoid(-y .* (X*w)) .* (1 - sigmoid(-y .* (X*w)))) * X",
    },
  },
  {
    id: "ml-softmax-cross-entropy",
    source: "ml",
    ref: "ML: softmax cross-entropy −yᵀ log softmax(Wx), ∇ = (softmax(Wx)(𝟏ᵀy) − y)xᵀ",
    expr: "-y' * log(softmax(W*x))",
    wrt: "W",
    shapes: { y: ["m"], W: ["m", "n"], x: ["n"] },
    expected: { gradient: "(softmax(W*x) * (vector(1)' * y) - y) * x'" },
  },
  {
    id: "ml-log-sum-exp",
    source: "ml",
    ref: "ML: log-sum-exp, ∇ = softmax(x), H = diag(softmax(x)) − softmax(x) softmax(x)ᵀ",
    expr: "logsumexp(x)",
    wrt: "x",
    shapes: { x: ["n"] },
    expected: { gradient: "softmax(x)", hessian: "diag(softmax(x)) - softmax(x) * softmax(x)'" },
  },
  {
    id: "ml-two-layer",
    source: "ml",
    ref: "ML: a two-layer network ‖V tanh(Wx) − t‖², ∇_W = 2((Vᵀ(V tanh(Wx) − t)) ∘ (1 − tanh²(Wx)))xᵀ",
    expr: "norm2(V * tanh(W*x) - t)^2",
    wrt: "W",
    shapes: { V: ["k", "m"], W: ["m", "n"], x: ["n"], t: ["k"] },
    expected: { gradient: "2 * ((V' * (V * tanh(W*x) - t)) .* (1 - tanh(W*x) .^ 2)) * x'" },
  },
  {
    id: "ml-pca",
    source: "ml",
    ref: "ML: PCA objective tr(WᵀXXᵀW), ∇ = 2XXᵀW",
    expr: "tr(W' * X * X' * W)",
    wrt: "W",
    shapes: { W: ["p", "k"], X: ["p", "n"] },
    expected: { gradient: "2 * X * X' * W" },
  },
  {
    id: "ml-matrix-factorization",
    source: "ml",
    ref: "ML: matrix factorization ‖T − UVᵀ‖²_F, ∇_U = 2(UVᵀ − T)V",
    expr: "norm2(T - U*V')^2",
    wrt: "U",
    shapes: { T: ["m", "n"], U: ["m", "k"], V: ["n", "k"] },
    expected: { gradient: "2 * (U*V' - T) * V" },
  },
  {
    id: "ml-gaussian-mean",
    source: "ml",
    ref: "ML: Gaussian log-likelihood −½ log|det S| − ½(x − u)ᵀS⁻¹(x − u), ∇_u = ½(S⁻¹ + S⁻ᵀ)(x − u) (S⁻¹(x − u) for a symmetric S)",
    expr: "-0.5 * logdet(S) - 0.5 * (x - u)' * inv(S) * (x - u)",
    wrt: "u",
    shapes: { S: ["n", "n"], x: ["n"], u: ["n"] },
    expected: { gradient: "0.5 * (inv(S) + inv(S)') * (x - u)", hessian: "-0.5 * (inv(S) + inv(S)')" },
  },
  {
    id: "ml-gaussian-covariance",
    source: "ml",
    ref: "ML: Gaussian log-likelihood, ∇_S = −½S⁻ᵀ + ½S⁻ᵀ(x − u)(x − u)ᵀS⁻ᵀ",
    expr: "-0.5 * logdet(S) - 0.5 * (x - u)' * inv(S) * (x - u)",
    wrt: "S",
    shapes: { S: ["n", "n"], x: ["n"], u: ["n"] },
    expected: { gradient: "-0.5 * inv(S)' + 0.5 * inv(S)' * (x - u) * (x - u)' * inv(S)'" },
  },
];
