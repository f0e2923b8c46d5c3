/**
 * The in-browser calculator: type a matrix expression and the variable, and
 * the library's symbolic engine (bundled into the page; no server) derives
 * the derivative in every form, renders each with KaTeX, and checks each one
 * numerically against the exact Jacobian (`verify`).
 */
import React, { useMemo, useState } from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import { derive, verify, syntaxEntries, DifferentiationError, ParseError, ShapeError, type Fact } from "tensorcalc";
import TeX from "../components/TeX";
import { formatShapes, parseShapes } from "../calculator/shapes";
import CodePanel from "../calculator/CodePanel";
import { StepsPanel } from "../calculator/Steps";
import { DiagramPanel } from "../calculator/Diagram";
import OpenAsNotebook from "../calculator/OpenAsNotebook";
import { formatFacts, parseFacts } from "../calculator/facts";

interface Example {
  label: string;
  expr: string;
  wrt: string;
  shapes: Record<string, (number | string)[]>;
  /** The variable is a symmetric or a diagonal matrix. */
  structure?: Structure;
  /** Facts about constants the result may use (`assume`). */
  assume?: Record<string, Fact>;
}

/** What the variable is known to be. */
type Structure = "general" | "symmetric" | "diagonal";

const examples: Example[] = [
  { label: "∂(AᵀB)/∂A", expr: "A' * B", wrt: "A", shapes: { A: ["p", "m"], B: ["p", "n"] } },
  { label: "∂(AᵀB)/∂B", expr: "A' * B", wrt: "B", shapes: { A: ["p", "m"], B: ["p", "n"] } },
  { label: "∂(AXB)/∂X", expr: "A * X * B", wrt: "X", shapes: { A: ["m", "p"], X: ["p", "q"], B: ["q", "n"] } },
  { label: "∂tr(XᵀBX)/∂X", expr: "tr(X' * B * X)", wrt: "X", shapes: { X: ["m", "n"], B: ["m", "m"] } },
  { label: "∂ log|det X|/∂X", expr: "logdet(X)", wrt: "X", shapes: { X: ["n", "n"] } },
  {
    label: "∂tr(AX)/∂X, X symmetric",
    expr: "tr(A * X)",
    wrt: "X",
    shapes: { A: ["n", "n"], X: ["n", "n"] },
    structure: "symmetric",
  },
  { label: "∂X⁻¹/∂X", expr: "inv(X)", wrt: "X", shapes: { X: ["n", "n"] } },
  { label: "∂(xᵀBx)/∂x", expr: "x' * B * x", wrt: "x", shapes: { x: ["n"], B: ["n", "n"] } },
  { label: "∂(aᵀdiag(x)b)/∂x", expr: "a' * diag(x) * b", wrt: "x", shapes: { a: ["n"], x: ["n"], b: ["n"] } },
  { label: "least squares", expr: "norm2(A*x - b)^2", wrt: "x", shapes: { A: ["m", "n"], x: ["n"], b: ["m"] } },
  {
    label: "logistic regression",
    expr: "sum(log(1 + exp(-y .* (X*w))))",
    wrt: "w",
    shapes: { X: ["m", "n"], w: ["n"], y: ["m"] },
  },
  {
    label: "softmax cross-entropy",
    expr: "-y' * log(softmax(W*x))",
    wrt: "W",
    shapes: { y: ["m"], W: ["m", "n"], x: ["n"] },
  },
  {
    label: "row-wise softmax cross-entropy",
    expr: "-sum(Y .* log(softmax(X*W, 2)))",
    wrt: "W",
    shapes: { X: ["m", "d"], W: ["d", "c"], Y: ["m", "c"] },
    assume: { Y: "probability" },
  },
  {
    label: "attention head, ∂/∂Q",
    expr: "sum(softmax(X*Q*(X*K)' / c, 2) * X * V .* G)",
    wrt: "Q",
    shapes: { X: ["s", "d"], Q: ["d", "k"], K: ["d", "k"], V: ["d", "v"], G: ["s", "v"], c: [] },
  },
  {
    label: "CP decomposition loss (tensors)",
    expr: 'sum((T - einsum("ir,jr,kr->ijk", A, B, C)) .^ 2)',
    wrt: "A",
    shapes: { T: ["i", "j", "k"], A: ["i", "r"], B: ["j", "r"], C: ["k", "r"] },
  },
];

/** The syntax line: every operation the parser reads, from the library's registry. */
const syntax = syntaxEntries().filter((s) => s.op !== "sym" && s.op !== "num");

type Outcome =
  | { ok: true; derivation: ReturnType<typeof derive>; report: ReturnType<typeof verify> | null; verifyError?: string }
  | { ok: false; error: string; kind: ErrorKind };

type ErrorKind = "parse" | "shape" | "differentiation" | "input" | "other";

const kindLabels: Record<ErrorKind, string> = {
  parse: "Parse error",
  shape: "Shape error",
  differentiation: "Cannot differentiate",
  input: "Input error",
  other: "Error",
};

/** The kind of an error (by class: names do not survive minification). */
function errorKind(e: unknown): ErrorKind {
  if (e instanceof ParseError) return "parse";
  if (e instanceof ShapeError) return "shape";
  if (e instanceof DifferentiationError) return "differentiation";
  if (e instanceof Error && (e.message.startsWith("shapes:") || e.message.startsWith("facts:"))) return "input";
  return "other";
}

function compute(expr: string, wrt: string, shapesSrc: string, structure: Structure, factsSrc: string): Outcome {
  try {
    const shapes = parseShapes(shapesSrc);
    const assume = parseFacts(factsSrc);
    const v = wrt.trim();
    const derivation = derive(expr, v, shapes, {
      ...(structure === "symmetric" ? { symmetric: [v] } : structure === "diagonal" ? { diagonal: [v] } : {}),
      ...(Object.keys(assume).length > 0 ? { assume } : {}),
    });
    try {
      return { ok: true, derivation, report: verify(derivation, { seed: 1 }) };
    } catch (e) {
      return { ok: true, derivation, report: null, verifyError: (e as Error).message };
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), kind: errorKind(e) };
  }
}

function CopyButton({ text }: { text: string }): React.JSX.Element {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button button--sm button--outline button--secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? "Copied" : "Copy LaTeX"}
    </button>
  );
}

function formatError(x: number): string {
  return x === 0 ? "0" : x.toExponential(1);
}

/**
 * A message split into its text (which wraps) and the caret lines parse and shape errors end with (the
 * expression, then `^^^` under the problem), which keep their spacing.
 */
function splitCaret(error: string): { message: string; caret?: string } {
  const m = /\n( {2}[^\n]*\n {2} *\^+)\s*$/.exec(error);
  if (!m) return { message: error };
  return { message: error.slice(0, m.index).trim(), caret: m[1].replace(/^ {2}/gm, "") };
}

function Results({ outcome }: { outcome: Outcome }): React.JSX.Element {
  if (!outcome.ok) {
    const { message, caret } = splitCaret(outcome.error);
    return (
      <div className="calc-error" role="alert" data-testid="calc-error" data-kind={outcome.kind}>
        <strong>{kindLabels[outcome.kind]}</strong>
        <div className="calc-error-message">{message}</div>
        {caret && <pre className="calc-error-caret">{caret}</pre>}
      </div>
    );
  }
  const { derivation: d, report } = outcome;
  return (
    <div data-testid="calc-results">
      <TeX block math={`Y = ${d.exprLatex}`} />
      <p>
        Shapes:{" "}
        {Object.entries(d.shapes)
          .map(([k, v]) => `${k}: ${v.length ? v.join("×") : "scalar"}`)
          .join(", ")}
        ; the result has shape [{d.resultShape.join(", ")}], so the Jacobian has shape [
        {[...d.resultShape, ...d.wrtShape].join(", ")}] (numerator layout).
        {report && (
          <>
            {" "}
            {report.ok ? (
              <span className="badge-verified" data-testid="verified-all">
                all forms verified
              </span>
            ) : (
              <span className="badge-failed">verification failed</span>
            )}{" "}
            against the exact Jacobian at{" "}
            {Object.entries(report.dims)
              .map(([k, v]) => `${k} = ${v}`)
              .join(", ") || "the given sizes"}
            {report.exact ? ", exactly (integer values)" : ", within tolerance"}.
          </>
        )}
        {outcome.verifyError && <span className="badge-failed badge-wrap">not checked: {outcome.verifyError}</span>}
      </p>
      {d.notes.map((n) => (
        <p key={n} className="calc-note" data-testid="calc-note">
          Note: {n}
        </p>
      ))}
      {d.forms.map((form) => {
        const check = report?.forms.find((f) => f.name === form.name);
        return (
          <section key={form.name} className="calc-form-card" data-form={form.name}>
            <header>
              <h3>{form.title}</h3>
              {check &&
                (check.ok ? (
                  <span className="badge-verified" title={check.detail}>
                    verified · max error {formatError(check.maxAbsError)}
                  </span>
                ) : (
                  <span className="badge-failed" title={check.detail}>
                    failed · max error {formatError(check.maxAbsError)}
                  </span>
                ))}
              <CopyButton text={form.latex} />
            </header>
            <TeX block math={form.latex} />
            <p>
              <code>{form.text}</code>
            </p>
            <DiagramPanel derivation={d} form={form.name} />
            <StepsPanel derivation={d} form={form.name} />
          </section>
        );
      })}
      <CodePanel derivation={d} />
      {d.notApplicable.length > 0 && (
        <details>
          <summary>Forms that do not apply</summary>
          <ul>
            {d.notApplicable.map((n) => (
              <li key={n.name}>
                <strong>{n.name}</strong>: {n.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export default function Calculator(): React.JSX.Element {
  const [expr, setExpr] = useState(examples[0].expr);
  const [wrt, setWrt] = useState(examples[0].wrt);
  const [shapes, setShapes] = useState(formatShapes(examples[0].shapes));
  const [structure, setStructure] = useState<Structure>("general");
  const [facts, setFacts] = useState("");
  const outcome = useMemo(() => compute(expr, wrt, shapes, structure, facts), [expr, wrt, shapes, structure, facts]);
  return (
    <Layout
      title="Calculator"
      description="Derive a matrix derivative in every form and check it with numbers, in your browser"
    >
      <main className="container margin-vert--lg">
        <h1>Matrix derivative calculator</h1>
        <p>
          Type an expression and the variable: the symbolic engine derives the derivative in every form (tensor, index,
          vec–Kronecker, component, differential, gradient) and checks each one against the exact Jacobian computed by
          automatic differentiation. Everything runs in your browser. See{" "}
          <Link to="/docs/guide/forms">the forms of a matrix derivative</Link>.
        </p>
        <details className="calc-syntax">
          <summary>Syntax</summary>
          <ul>
            {syntax.map((s) => (
              <li key={s.op}>
                <code>{s.usage}</code> {s.meaning}
              </li>
            ))}
          </ul>
        </details>
        <div className="calc-form">
          <div className="calc-row">
            <div>
              <label htmlFor="calc-expr">Expression</label>
              <input
                id="calc-expr"
                value={expr}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setExpr(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="calc-wrt">With respect to</label>
              <input
                id="calc-wrt"
                value={wrt}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setWrt(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="calc-shapes">Shapes (optional)</label>
              <input
                id="calc-shapes"
                value={shapes}
                spellCheck={false}
                autoComplete="off"
                placeholder="A: p×m, B: p×n"
                onChange={(e) => setShapes(e.target.value)}
              />
            </div>
          </div>
          <div className="calc-structure">
            The variable is{" "}
            {(["symmetric", "diagonal"] as const).map((kind) => (
              <React.Fragment key={kind}>
                <label>
                  <input
                    type="checkbox"
                    id={`calc-${kind}`}
                    checked={structure === kind}
                    onChange={(e) => setStructure(e.target.checked ? kind : "general")}
                  />{" "}
                  {kind}
                </label>{" "}
              </React.Fragment>
            ))}
            (a square matrix; the gradient is then the one on the symmetric or diagonal matrices,{" "}
            <Link to="/docs/guide/symmetric">see the guide</Link>)
          </div>
          <div className="calc-facts">
            <label htmlFor="calc-facts">Facts about the data (optional)</label>
            <input
              id="calc-facts"
              value={facts}
              spellCheck={false}
              autoComplete="off"
              placeholder="Y: probability, y: sign"
              onChange={(e) => setFacts(e.target.value)}
            />{" "}
            (<code>probability</code>: each row sums to 1; <code>sign</code>: entries ±1;{" "}
            <Link to="/docs/guide/along-an-axis#facts-about-the-data">see the guide</Link>)
          </div>
          <div className="calc-examples">
            Examples:{" "}
            {examples.map((ex) => (
              <button
                key={ex.label}
                type="button"
                className="button button--sm button--outline button--primary"
                onClick={() => {
                  setExpr(ex.expr);
                  setWrt(ex.wrt);
                  setShapes(formatShapes(ex.shapes));
                  setStructure(ex.structure ?? "general");
                  setFacts(formatFacts(ex.assume ?? {}));
                }}
              >
                {ex.label}
              </button>
            ))}
          </div>
        </div>
        {outcome.ok && (
          <OpenAsNotebook
            input={{
              expr,
              wrt,
              shapes: outcome.derivation.shapes,
              structure,
              assume: outcome.derivation.options.assume,
            }}
          />
        )}
        <Results outcome={outcome} />
      </main>
    </Layout>
  );
}
