/**
 * The calculator's "Open as notebook" button: opens the scratch notebook with cells that derive, show and verify
 * the current derivation (notebook-link.ts), to change and run them in the browser.
 */
import React from "react";
import { notebookLink, type CalculatorInput } from "./notebook-link";

export default function OpenAsNotebook({ input }: { input: CalculatorInput }): React.JSX.Element {
  return (
    <button
      type="button"
      className="button button--sm button--outline button--primary"
      data-testid="calc-open-notebook"
      title="Open the derivation as a live notebook: cells you can edit and run"
      onClick={() => {
        void notebookLink(input).then((url) => {
          window.location.assign(url);
        });
      }}
    >
      Open as notebook
    </button>
  );
}
