/**
 * The calculator's "Code" panel: the function fAndG (value and gradient, Jacobian or Hessian) that
 * the library's `generate` writes for the derivation, in TypeScript, JavaScript or NumPy, with a
 * language switch and a copy button.
 */
import React, { useMemo, useState } from "react";
import { CODE_LANGUAGES, CODE_WHATS, generate, type CodeLanguage, type CodeWhat, type Derivation } from "tensorcalc";

const languageLabels: Record<CodeLanguage, string> = { ts: "TypeScript", js: "JavaScript", numpy: "NumPy" };

export default function CodePanel({ derivation }: { derivation: Derivation }): React.JSX.Element {
  const scalar = derivation.resultShape.length === 0;
  const whats = scalar ? CODE_WHATS : CODE_WHATS.filter((w) => w === "jacobian");
  const [language, setLanguage] = useState<CodeLanguage>("ts");
  const [chosen, setWhat] = useState<CodeWhat>("gradient");
  const what = whats.includes(chosen) ? chosen : (whats[0] as CodeWhat);
  const [copied, setCopied] = useState(false);
  const code = useMemo(() => {
    try {
      return { source: generate(derivation, { language, what }).source };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [derivation, language, what]);
  return (
    <section className="calc-form-card calc-code" data-testid="calc-code">
      <header>
        <h3>Code</h3>
        <label>
          Language{" "}
          <select
            id="calc-code-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value as CodeLanguage)}
          >
            {CODE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageLabels[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Derivative{" "}
          <select id="calc-code-what" value={what} onChange={(e) => setWhat(e.target.value as CodeWhat)}>
            {whats.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        {"source" in code && (
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            data-testid="calc-code-copy"
            onClick={() => {
              void navigator.clipboard?.writeText(code.source ?? "").then(
                () => {
                  setCopied(true);
                  setTimeout(() => setCopied(false), 1500);
                },
                () => setCopied(false),
              );
            }}
          >
            {copied ? "Copied" : "Copy code"}
          </button>
        )}
      </header>
      <p>
        A function <code>fAndG</code> taking one object of named arguments that returns the value and the {what}{" "}
        (numerator layout), with a check against central differences.{" "}
        {language === "js" && "Plain JavaScript, no dependency."}
        {language === "ts" && "On tensorcalc's API."}
        {language === "numpy" && "Python with NumPy, keyword arguments."}
      </p>
      {"source" in code ? (
        <pre className="calc-code-source" data-testid="calc-code-source">
          <code>{code.source}</code>
        </pre>
      ) : (
        <p className="badge-failed badge-wrap">no code: {code.error}</p>
      )}
    </section>
  );
}
