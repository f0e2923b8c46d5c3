/**
 * The definition of a symbolic operation: everything the engine knows about one kind of
 * node, in one object — how the parser spells it, its shape rule, how it expands into index
 * notation and how it is differentiated there, how it prints (source, text, LaTeX), its
 * traits, and how it evaluates through the numeric op. Each op has its own module under
 * `symbolic/ops/`; `symbolic/ops/registry.ts` lists them and is the only list of names.
 *
 * The engines (parser, shape inference, index engine, printers, evaluation) know no op by
 * name except through these definitions; they pass each rule a small scope object with
 * what it needs, so that this module and the op modules import nothing from the engines.
 * @packageDocumentation
 */
import type { Tensor } from "../core/tensor";
import type { MatView } from "../kernels/gemm";
import { exprKey, type Dim, type Expr, type ExprOf, type Op } from "./expr";
import type { Factor, Split, Term } from "./indexterms";
import type { EmitRef, EmitScope, EntrywiseCode } from "./emit";

/** A dimension during shape inference: a number, a named size, an unknown, or a product. */
export type DimTerm =
  | { readonly k: "n"; readonly v: number }
  | { readonly k: "r"; readonly name: string }
  | { readonly k: "v"; readonly id: number }
  | { readonly k: "p"; readonly fs: readonly DimTerm[] };

/** What a shape rule can do: make and unify dimensions, and report a clash at its node. */
export interface ShapeScope {
  /** A fresh unknown dimension. */
  fresh(): DimTerm;
  /** The dimension 1. */
  readonly one: DimTerm;
  /** A dimension given in the expression (`I(n)`, `alpha(m, n)`); names count as the user's. */
  dim(d: Dim): DimTerm;
  /** The product of two dimensions (`vec`, `kron`). */
  times(a: DimTerm, b: DimTerm): DimTerm;
  /** Make two dimensions equal; false when they cannot be. */
  unify(a: DimTerm, b: DimTerm): boolean;
  isOne(d: DimTerm): boolean;
  /** True when nothing has determined the dimension yet (a fresh unknown). */
  isUnknown(d: DimTerm): boolean;
  /** The shape of a symbol (fresh dimensions for one not given: a column vector when lowercase). */
  symbol(name: string): DimTerm[];
  /** Pad to at least two axes: [] → [1, 1], [n] → [n, 1]. */
  pad(s: readonly DimTerm[]): DimTerm[];
  /** Format a shape for a message. */
  format(s: readonly DimTerm[]): string;
  /**
   * Throw a ShapeError at the node: "shape mismatch in `what`: <operands and their shapes>;
   * `reason`", with the source line and a caret under the node.
   */
  clash(what: string, reason: string, at?: readonly [start: number, length: number]): never;
}

/** What an index or derivative rule can do (the index engine implements it). */
export interface IndexScope {
  /** The variable of differentiation ("" when only expanding). */
  readonly wrt: string;
  /** The variable's (padded) indices in the derivative: ∂X_ab/∂X_kl = δ_ak δ_bl with these k, l. */
  readonly variableIndices: readonly string[];
  /** A fresh summation index of the given size. */
  fresh(size: Dim, hint?: string): string;
  /** The padded shape of a node: scalars [1, 1], vectors [n, 1]. */
  padded(e: Expr): Dim[];
  /** The true shape of a node. */
  shapeOf(e: Expr): Dim[];
  size(i: string): Dim;
  isOne(i: string): boolean;
  /** True when `e` depends on the variable. */
  varies(e: Expr): boolean;
  /** True when a stated fact is about a symbol in `e` (its entries are expanded so that the fact applies: y ∘ y = 𝟏 for signs). */
  hasFacts(e: Expr): boolean;
  /** Expand `e` into index terms with output indices `out`. */
  toIndex(e: Expr, out: readonly string[]): Term[];
  /** The derivative (with respect to the variable) of `e` with output indices `idx`. */
  diff(e: Expr, idx: readonly string[]): Term[];
  /** The derivative of a sum of terms (the product rule, factor by factor). */
  diffTerms(terms: readonly Term[]): Term[];
}

/** What an evaluation rule can use besides its operands' values. */
export interface EvalScope {
  /** The value of a symbol, padded to a matrix. */
  symbol(name: string): Tensor;
  /** The size of a dimension. */
  dim(d: Dim): number;
  /** The shape of a node, when shape information is at hand. */
  nodeShape(e: Expr): number[] | undefined;
  /** The value of a bound index letter (the component form binds k and l). */
  index(letter: string): number;
}

/** How a printer prints operands. */
export interface Printer {
  (e: Expr): string;
  /** Print `e`, in parentheses when its precedence is below `min`. */
  wrap(e: Expr, min: number): string;
  /** The precedence of a node (1 sums, 2 products, 3 negation, 4 postfix, 5 atoms and calls). */
  prec(e: Expr): number;
  /** True when the node is a scalar by its op (a number, a trace, a determinant, a norm, …). */
  scalar(e: Expr): boolean;
  /** How a LaTeX superscript attaches to the node (its op's {@link PrintSpec.latexSup}). */
  latexSup(e: Expr): "bare" | "braced" | undefined;
}

/** How an op prints in each of the three notations. */
export interface PrintSpec<E extends Expr> {
  /** Precedence of the node (default 5: an atom or a call). */
  readonly prec?: number | ((e: E) => number);
  /** Parseable ASCII: `parse(source(e))` gives back an equal expression. */
  source(e: E, p: Printer): string;
  /** Unicode text. */
  text(e: E, p: Printer): string;
  /** KaTeX-compatible LaTeX. */
  latex(e: E, p: Printer): string;
  /**
   * How a LaTeX superscript attaches to the node as its base: `bare` (`A^{T}`, `I^{-1}`), `braced`
   * (`{K}^{T}`, `{dX}^{T}`). Undefined: braced when the node binds looser than an atom (it is
   * parenthesised), else the node is parenthesised and braced (`{(AB)}^{-1}`).
   */
  readonly latexSup?: "bare" | "braced" | ((e: E) => "bare" | "braced");
}

/** How the parser reads an op (an op may have several spellings). */
export type Syntax =
  /** `name(a)` or `name(a, b)` (by arity). */
  | { readonly kind: "call"; readonly names: readonly string[] }
  /** `a tok b`, at the level of sums (+ −) or of products (* : ∘ ⊗). */
  | { readonly kind: "infix"; readonly tokens: readonly string[]; readonly level: "sum" | "product" }
  /** `tok a`. */
  | { readonly kind: "prefix"; readonly tokens: readonly string[] }
  /** `a tok`. */
  | { readonly kind: "postfix"; readonly tokens: readonly string[] }
  /**
   * A constant name, bare or with size arguments (counts allowed, 0 = bare); `node` builds the
   * constant from the sizes written (`I(n)`, `K(m, n)`; none when bare).
   */
  | {
      readonly kind: "constant";
      readonly names: readonly string[];
      readonly sizes: readonly number[];
      readonly node: (dims: readonly Dim[], start: number, end: number) => Expr;
    }
  /** `E(i, j)`: two whole numbers. */
  | { readonly kind: "entry"; readonly names: readonly string[] }
  /** `a tok p` binding like a postfix operator (`X .^ 2`, `X .^ (k + 1)`). */
  | { readonly kind: "power"; readonly tokens: readonly string[] }
  /** `name(a, k)`: an operation along axis k, a whole number counted from 1 (`sum(X, 2)`). */
  | { readonly kind: "axis"; readonly names: readonly string[] }
  /** `name("spec", a, b, …)`: a string (an einsum spec) then any number of operands. */
  | { readonly kind: "spec"; readonly names: readonly string[] }
  /** `name(a, [3, 1, 2])`: an operand then a list of axes counted from 1 (a permutation). */
  | { readonly kind: "axes"; readonly names: readonly string[] }
  /** `vector(1)`, `matrix(1)`: ones of an inferred size (rank by name). */
  | { readonly kind: "ones"; readonly names: readonly string[] };

/** Facts about an op that engines use instead of lists of names. */
export interface Traits {
  /** Applied entry by entry: the shape of its operand, commutes with transposition. */
  readonly elementwise?: boolean;
  /** Always scalar-valued (`tr`, `det`, a number): equal to its own transpose. */
  readonly scalar?: boolean;
  /** Small integers in give exact integers out (verify then compares exactly). */
  readonly polynomial?: boolean;
  /** Notation of the forms only (the parser does not read it). */
  readonly notation?: boolean;
  /**
   * The operand must be positive (log, sqrt) or invertible (inv, det): verify draws such
   * values; "nonzero": not differentiable at 0 (abs, norms, division), so values are random.
   */
  readonly domain?: readonly ("positive" | "invertible" | "nonzero")[];
  /**
   * Every entry is this number (the ones: 1): a sum over its indices that nothing else uses is
   * that number times their sizes (Σ_a 𝟏_a = n).
   */
  readonly uniform?: number;
  /** A product that, with one operand a scalar, scales the other (`s X`, `s ∘ X`). */
  readonly product?: boolean;
  /**
   * Linear in its one operand (diag): a sum of such nodes is the node of the sum,
   * diag(a) − diag(b) = diag(a − b), which the simplifier tries as a factoring.
   */
  readonly linear?: boolean;
  /** The difference of its operands (`a − b`). */
  readonly difference?: boolean;
  /** The mean of all entries of its operand: the entries of X − mean(X) sum to 0. */
  readonly meanOfAll?: boolean;
  /** The identity matrix (of any size): a unit of the matrix product, 1 when it is 1×1. */
  readonly identity?: boolean;
  /**
   * Its value or its operands have more than two axes (α, β, A : B, a ⊗ b): a tree with it is
   * not a matrix-valued Jacobian, which the code generator declines.
   */
  readonly tensorValued?: boolean;
  /** The matrix transpose Aᵀ: (Aᵀ)_ij = A_ji. */
  readonly transposition?: boolean;
  /** The matrix product AB: products of products flatten to one chain. */
  readonly matrixProduct?: boolean;
  /** The negation −a. */
  readonly negation?: boolean;
}

/** A sample use of an op, for the tests that iterate the registry. */
export interface OpExample {
  readonly expr: string;
  /** The variable to differentiate with respect to. */
  readonly wrt: string;
  /** Shapes of the symbols (rectangular where the op allows). */
  readonly shapes: Readonly<Record<string, readonly Dim[]>>;
}

/**
 * The differential rule of an op, for the step-by-step derivations (`symbolic/steps/`):
 * d(op(X, Y)) in terms of the operands and their differentials, written once as a tree in
 * metavariables. `pattern` is the op applied to the metavariables (`X`, `Y`, … as symbols),
 * `result` its differential, in the metavariables and their differentials (`dX`, `dY`). The
 * steps print `d(pattern) = result` as the rule's general statement and apply it by putting
 * the operands and their differentials in for the metavariables.
 */
export interface DifferentialRule {
  /** The rule's name, e.g. "product rule". */
  readonly name: string;
  /** The names of the metavariables, one per operand (`["X", "Y"]`). */
  readonly operands: readonly string[];
  /** The op applied to the metavariables, e.g. XY. */
  readonly pattern: Expr;
  /** Its differential, e.g. dX·Y + X·dY. */
  readonly result: Expr;
  /** Operands the rule takes to be constant (the exponent p of X.^p): the step fails if one varies. */
  readonly constant?: readonly number[];
  /**
   * The rule as a textbook writes it when every operand is a scalar (the scalar chain rule
   * d log(s) = ds/s rather than the entrywise X^(∘−1) ∘ dX); the steps use it there.
   */
  readonly scalar?: DifferentialRule;
  /**
   * The rule's name when all operands but one are constant (the product rule with a constant
   * factor is d(AX) = A dX, "constant factor"); its statement is the rule with the constant's
   * differential put to 0.
   */
  readonly constantFactor?: string;
}

/** A scalar factor base^exp of a product in the simplifier. */
export interface Power {
  readonly base: Expr;
  readonly key: string;
  readonly exp: number;
  /** The base has shape [] (a scalar power s ^ k applies; a 1×1 matrix takes the entrywise .^). */
  readonly bare?: boolean;
}

/** A product in the simplifier: coef · Π scalars · chain[0] chain[1] … (the non-scalar factors). */
export interface Prod {
  readonly coef: number;
  readonly scalars: readonly Power[];
  readonly chain: readonly Expr[];
  /** A scalar added to a matrix (broadcast to every entry), not a multiple of the identity. */
  readonly broadcast?: boolean;
}

/** A typed constant: c (1×1), or c·𝟏 of a known shape (every entry c). */
export interface Constant {
  readonly value: number;
  /** The shape of the ones (undefined: a bare number). */
  readonly ones?: Expr;
}

/**
 * A rewrite the simplifier used, for the steps that show what simplified: a phrase ("collect equal
 * terms") or an identity written as trees (X X⁻¹ = I), printed once by the steps in text and LaTeX.
 */
export type RewriteNote = string | { readonly lhs: Expr; readonly rhs: Expr; readonly where?: string };

/** The rewrites of a simplifier run, each once, in the order first used (keyed by {@link noteKey}). */
export type RewriteTrace = Map<string, RewriteNote>;

/** The key of a note: the phrase, or the identity's two trees. */
export const noteKey = (n: RewriteNote): string =>
  typeof n === "string" ? n : `${exprKey(n.lhs)}=${exprKey(n.rhs)}${n.where ?? ""}`;

/**
 * What an op's simplification rules can use (the simplifier implements it, for one run: the
 * symbols' shapes and symmetry facts at hand).
 */
export interface SimplifyScope {
  /** `e` simplified. */
  simp(e: Expr): Expr;
  /** The op's own rewrites at `e` (its operands simplified). */
  local(e: Expr): Expr;
  /** True when `e` is 1×1 (or a scalar by its op). */
  isScalarShaped(e: Expr): boolean;
  /** An identity (I of any size, or the number 1). */
  isUnit(e: Expr): boolean;
  /** `e` as a constant (a number, 𝟏 of a given shape, c·𝟏). */
  constant(e: Expr): Constant | undefined;
  /** The constant 1 of `e`'s shape (1, 𝟏, 𝟏ᵀ or 𝟏𝟏ᵀ). */
  ones(e: Expr): Expr;
  /** `e` with its operands simplified, folded to a constant when they all are (undefined if not). */
  fold(e: Expr): Expr | undefined;
  /** The transpose of a simplified `e`, pushed to the leaves (a `T` node when it stays one). */
  transposed(e: Expr): Expr;
  /** `e` as a sum of products. */
  sum(e: Expr): Prod[];
  /** An operand `a` of the sum `parent` (a scalar added to a matrix is broadcast). */
  addend(parent: Expr, a: Expr): Prod[];
  /** `e` as one product (a sum that does not reduce to one product is kept whole). */
  prod(e: Expr): Prod;
  /** A simplified factor as a product. */
  atom(e: Expr): Prod;
  /** The product of two products. */
  times(a: Prod, b: Prod): Prod;
  /** Notes a rewrite by its rule (X^(∘−1) ∘ X = 𝟏 as trees) for the steps that show what simplified. */
  note(rule: RewriteNote): void;
  /** The matrix product a·b as a sum of products (distributed over sums when the run expands). */
  product(a: Expr, b: Expr): Prod[];
  /** The negation of a sum. */
  negated(ps: readonly Prod[]): Prod[];
  /** 1/p for a scalar product p. */
  inverted(p: Prod): Prod;
  /** p^k for a scalar product p. */
  raised(p: Prod, k: number): Prod;
  /** The scalar factors of two products merged (exponents of equal bases added). */
  mergePowers(a: readonly Power[], b: readonly Power[]): Power[];
  /** A product as a tree. */
  expr(p: Prod): Expr;
}

/** A rewrite at a node whose operands are simplified: the replacement, or undefined when it does not apply. */
export type Rewrite<E extends Expr> = (e: E, s: SimplifyScope) => Expr | undefined;

/** What the simplifier knows about an op (its generic machinery applies these). */
export interface SimplifyRules<E extends Expr> {
  /** Counts nothing in the expression size (infix arithmetic: +, −, products, ∘, /, :, negation). */
  readonly weightless?: boolean;
  /** Rewrites at the node (its operands simplified), tried in order; the first that applies wins. */
  readonly rewrites?: readonly Rewrite<E>[];
  /**
   * The node as a sum of products (the simplifier collects the terms and factors them). Without
   * it the node is one factor of its own.
   */
  sum?(s: SimplifyScope, e: E): Prod[];
  /** The node is read as a sum only where its shape is known (else its own rewrites apply). */
  readonly sumNeedsShape?: boolean;
  /**
   * The node as a power of a base by a number (the reciprocal is the power −1), so that a 1×1
   * one is a scalar power: (xᵀx)^(∘−1) is 1/(xᵀx). Undefined when it is not one.
   */
  asPower?(e: E): { readonly base: Expr; readonly exp: number } | undefined;
  /**
   * A product of factors that is one node of this op, written as it: exp(x) · (sum(exp(x)))⁻¹
   * is softmax(x). `isVector` tells a column vector; `note` names the rewrite for the steps.
   * Undefined when the product is not one.
   */
  asNode?(p: Prod, isVector: (e: Expr) => boolean, note: (rule: RewriteNote) => void): Prod | undefined;
  /** The node as a constant (`num`, `ones`, c·𝟏), given how its operands read as constants. */
  constant?(e: E, of: (x: Expr) => Constant | undefined, ratio: (x: Expr) => number | undefined): Constant | undefined;
  /** The node as a number (a number, a fraction p/q of numbers). */
  ratio?(e: E): number | undefined;
  /** The node is the inverse of this expression (it cancels next to it in a product chain). */
  inverseOf?(e: E): Expr | undefined;
  /**
   * The node as a quotient: divided by `divisor` it is `result` (adj(M) / det(M) = M⁻¹); `of`
   * reads an operand the same way.
   */
  quotient?(
    e: E,
    of: (x: Expr) => { readonly divisor: Expr; readonly result: Expr } | undefined,
  ): { readonly divisor: Expr; readonly result: Expr } | undefined;
}

/** A matrix value as a strided view with its size (a transpose is its operand's storage, strides swapped). */
export interface MatFactor {
  readonly view: MatView;
  readonly rows: number;
  readonly cols: number;
}

/**
 * What an op's fast evaluation can use (the tree evaluator of a derivative operator implements
 * it: values of fixed subtrees are computed once and kept).
 */
export interface FastScope {
  /** The padded value of a node. */
  value(e: Expr): Tensor;
  /** True when the node depends on the direction (it is evaluated again at every call). */
  varies(e: Expr): boolean;
  /** The shape of a node's value (it does not depend on the direction). */
  shape(e: Expr): readonly number[];
  /** True when the node is 1×1 (a number, a scalar op, a value of one entry). */
  oneByOne(e: Expr): boolean;
  /** True when the node is a number or a fixed node already known to be 1×1 (nothing is evaluated). */
  knownScalar(e: Expr): boolean;
  /** `make()` once per node and `tag` (trees are immutable). */
  memo<T>(tag: string, e: Expr, make: () => T): T;
  /** The vector v of a node that is a diagonal matrix diag(v) (by the ops' {@link SymOpDef.diagonalOf}). */
  diagonalOf(e: Expr): Expr | undefined;
  /** The entries of v for a node diag(v) of a column of more than one entry, else undefined. */
  diagonal(e: Expr): Float64Array | undefined;
  /** A factor of a product as a matrix view (no copy), undefined for a 1×1, a diagonal or a non-matrix. */
  factor(e: Expr): MatFactor | undefined;
  /** A product chain with inverses applied by solves, never formed (undefined when there are none). */
  implicitChain(fs: readonly Expr[]): Tensor | undefined;
  /** The (padded) matrix product of two values. */
  times(a: Tensor, b: Tensor): Tensor;
}

/** A padded shape (rows, columns) of a matrix node. */
export type Padded = readonly [Dim, Dim];

/**
 * How a node's padded shape follows from its operands' padded shapes, without shape inference
 * (the shapes of a tree's many subtrees in one pass).
 */
export interface MatrixShapeRule<E extends Expr> {
  /**
   * The shape from the operands' shapes (a leaf: from the symbols' shapes); undefined when
   * unsure (shape inference then decides), "none" when the node is not a matrix (four axes).
   */
  of(e: E, args: readonly Padded[], symbols: Readonly<Record<string, readonly Dim[]>>): Padded | undefined | "none";
  /** A node of this op whose operand is not a matrix is not one either (products, sums, transposes). */
  readonly through?: boolean;
}

/** What a symmetry rule can ask. */
export interface SymmetryScope {
  isSymmetric(e: Expr): boolean;
  /** The padded shape of a node, when it can be told. */
  shape(e: Expr): Padded | undefined;
  /** Symbols declared symmetric (their differentials too). */
  declared(name: string): boolean;
}

/** How the engine tells that a node is a symmetric matrix (besides 1×1 values and scalar ops). */
export interface SymmetryRules<E extends Expr> {
  /** For a leaf, decided before its shape is known (a symbol declared symmetric, an identity). */
  leaf?(e: E, s: SymmetryScope): boolean;
  /** A square node of this op is symmetric when its operand is (X⁻¹, adj(X), −X, Xᵀ). */
  readonly asOperand?: boolean;
  /** For a square node (diag(v) of a column). */
  square?(e: E, s: SymmetryScope): boolean;
}

/** What an op's display tidying can use (see `tidy` in kinds.ts). */
export interface TidyScope {
  /** `e` tidied. */
  tidy(e: Expr): Expr;
  /** The transpose of a tidied `e` pushed to the leaves (dropped from a symmetric matrix). */
  transpose(e: Expr): Expr;
  /** An identity I (of any size). */
  isIdentity(e: Expr): boolean;
  /** A 1×1 identity (the number 1). */
  isUnit(e: Expr): boolean;
  /** True when the node is a scalar by its op. */
  isScalarOp(e: Expr): boolean;
  /** The padded shape of a node, when it can be told. */
  shape(e: Expr): Padded | undefined;
  /** Scalar factors of a product cancelled against divisions by them in other factors: s · (Aᵀ(r / s)) = Aᵀr. */
  cancelScalars(parts: readonly Expr[]): Expr[];
}

/** A scalar to an integer power, s^k: a factor of the product that {@link SymOpDef.scalarPowers} gives. */
export interface ScalarPower {
  readonly base: Expr;
  readonly exp: number;
}

/** Everything about one symbolic operation. */
export interface SymOpDef<O extends Op = Op> {
  readonly op: O;
  /** Number of operands. */
  readonly arity: 0 | 1 | 2;
  /** The syntax help's line: how to write it (`tr(A), trace(A)`) and what it is (`trace`). */
  readonly help: { readonly usage: string; readonly meaning: string };
  /** How the parser reads it (none: built by the engine only). */
  readonly syntax: readonly Syntax[];
  readonly traits: Traits;
  /** The result shape from the operands' shapes (report clashes with `s.clash`). */
  shape(s: ShapeScope, e: ExprOf<O>, args: DimTerm[][]): DimTerm[];
  /**
   * The node as index terms with output indices `out` (one per padded axis). Without it the
   * node is an opaque leaf: a factor of its own, differentiated by {@link SymOpDef.diff}.
   */
  index?(ix: IndexScope, e: ExprOf<O>, out: readonly string[]): Term[];
  /** The derivative of the opaque leaf `e` with indices `idx` (with respect to `ix.wrt`). */
  diff?(ix: IndexScope, e: ExprOf<O>, idx: readonly string[]): Term[];
  /**
   * For an op whose result index is composite (vec, kron): the leaf `e` with indices `idx`
   * rewritten through the splits of those indices (`splitOf(i)`: the split of i, when it may
   * be consumed), e.g. vec(U)_w with w = (j, i) is U_ij.
   */
  unsplit?(
    e: ExprOf<O>,
    idx: readonly string[],
    splitOf: (i: string) => Split | undefined,
  ): { factors: Factor[]; consumed: Split[] } | undefined;
  readonly print: PrintSpec<ExprOf<O>>;
  /** The value from the operands' (padded) values, through the numeric op. */
  evaluate(args: readonly Tensor[], e: ExprOf<O>, scope: EvalScope): Tensor;
  /**
   * Sample uses (the tests parse and print them, compare the shape rule with the evaluated
   * value's shape, and verify every form of their derivative against autodiff). Every op the
   * parser reads has at least one.
   */
  readonly examples: readonly OpExample[];
  /**
   * The node as code: which runtime helper computes it from its operands' values (see
   * `symbolic/emit.ts`); the code generator (`generate`) lowers trees through it.
   */
  emit?(s: EmitScope, e: ExprOf<O>): EmitRef;
  /** An elementwise op: how each language of the code generator computes it entry by entry. */
  readonly code?: EntrywiseCode;
  /**
   * d(op(args)) in terms of the args and their differentials (the steps of a derivation apply
   * it) in terms of the args and their differentials (the steps of a derivation apply
   * it); every op with operands has one, `test/symbolic/steps-registry.test.ts` checks it.
   */
  readonly differential?: DifferentialRule | ((e: ExprOf<O>) => DifferentialRule);
  /**
   * For an op whose value is best not formed when it multiplies a matrix (the inverse): value·M
   * (`left`) and M·value (`right`) from the operands' padded values. The evaluators of derivative
   * forms apply it in product chains (symbolic/implicitChain.ts).
   */
  readonly implicitProduct?: {
    left(args: readonly Tensor[], M: Tensor): Tensor;
    right(M: Tensor, args: readonly Tensor[]): Tensor;
  };
  /**
   * The node with what its context determines written in, before it is derived: the inferred
   * size of a constant (I, α, β, ones), or another op for an operand of one shape (the inverse
   * of a scalar is the power s^(−1)); `shape` is the node's inferred shape. Undefined: as it is.
   */
  inContext?(e: ExprOf<O>, shape: readonly Dim[], argShapes: readonly (readonly Dim[])[]): Expr | undefined;
  /** `eᵀ` pushed inside `e` (`(AB)ᵀ = BᵀAᵀ`), or undefined to write it as a transpose. */
  transpose?(e: ExprOf<O>, tr: (x: Expr) => Expr, shape: (x: Expr) => readonly Dim[] | undefined): Expr | undefined;
  /**
   * A faster evaluation of the node for the evaluator of derivative operators (fused sums,
   * products read through strides, diagonal matrices never formed): its value, or undefined to
   * evaluate it by {@link SymOpDef.evaluate}.
   */
  fastEval?(e: ExprOf<O>, s: FastScope): Tensor | undefined;
  /**
   * The node as one Einstein contraction of its operands, for the planner of einsum networks
   * (`symbolic/einsumNetwork.ts`): a label per true axis of each operand and of the result.
   * `rank` is the node's true number of axes when its context tells (undefined: unknown);
   * `isScalar` tells an operand of one entry. Undefined when the node is not one here.
   */
  contraction?(
    e: ExprOf<O>,
    rank: number | undefined,
    isScalar: (x: Expr) => boolean,
  ): { readonly inputs: readonly (readonly number[])[]; readonly output: readonly number[] } | undefined;
  /** The node is the diagonal matrix diag(v) of this v (`of` reads an operand the same way). */
  diagonalOf?(e: ExprOf<O>, of: (x: Expr) => Expr | undefined): Expr | undefined;
  /** The node's value as a view of another value (the transpose: its operand's, strides swapped). */
  view?(e: ExprOf<O>, of: (x: Expr) => MatFactor | undefined): MatFactor | undefined;
  /** The padded shape from the operands' padded shapes (see {@link MatrixShapeRule}). */
  readonly matrixShape?: MatrixShapeRule<ExprOf<O>>;
  /** How a node is recognised as symmetric (see {@link SymmetryRules}). */
  readonly symmetry?: SymmetryRules<ExprOf<O>>;
  /** The node as signed terms of a sum (a + b, a − b, −a): sums equal up to the order of terms are one. */
  terms?(e: ExprOf<O>): readonly (readonly [Expr, 1 | -1])[];
  /** The operands may be swapped (A ∘ B = B ∘ A): equal up to their order. */
  readonly commutative?: boolean;
  /**
   * The steps' folding of zeros and units at the node, its operands folded (d of a constant is 0:
   * 0·A = 0, A + 0 = A, 3 − 1 = 2, 1·A = A, A.^1 = A): the folded node, or undefined to keep it.
   */
  prune?(e: ExprOf<O>): Expr | undefined;
  /** The node tidied for display (operands tidied by `s.tidy`); without it, its operands are. */
  tidy?(e: ExprOf<O>, s: TidyScope): Expr;
  /** The divisor of a division node (r / s: s). */
  divisor?(e: ExprOf<O>): Expr | undefined;
  /**
   * The node with one division by the scalar of key `key` removed, through this op (`of` removes
   * it from an operand): (r / s) → r, A(r / s) → Ar, (r / s)ᵀ → rᵀ; undefined when there is none.
   */
  withoutDivision?(
    e: ExprOf<O>,
    key: string,
    of: (x: Expr) => Expr | undefined,
    isUnit: (x: Expr) => boolean,
  ): Expr | undefined;
  /** The op's simplification rules (see {@link SimplifyRules}). */
  readonly simplify?: SimplifyRules<ExprOf<O>>;
  /**
   * A 1×1 node as a product of integer powers of scalars, its operands split by `of` the same
   * way: s⁻¹ is (s, −1), s ^ k is (s, k), s ∘ t and s / t the powers of both; undefined: the node
   * is one power of its own (the index form cancels s · s⁻¹ with them).
   */
  scalarPowers?(e: ExprOf<O>, of: (x: Expr) => ScalarPower[]): ScalarPower[] | undefined;
}

/** @internal Define an op (checks the type of its node against its rules). */
export function defineOp<O extends Op>(def: SymOpDef<O>): SymOpDef<O> {
  return def;
}
