/**
 * "Diagram" under a form of the calculator: the form drawn as a tensor network
 * (`d.diagram(form)` of the library, written as SVG by `diagramSvg`, light or dark with the
 * site's theme). Collapsed until opened; the picture is drawn when it opens. The index form is
 * the tensor form's wires with their letters, so it opens the tensor form's picture.
 */
import React from "react";
import { DRAWN_FORMS, diagramSvg, type derive, type FormName } from "tensorcalc";
import { LazyDetails } from "./LazyDetails";

/** The form whose picture a form's panel shows (none for forms written as notation). */
export function drawnFormOf(form: string): FormName | undefined {
  if (form === "index") return "tensor";
  return (DRAWN_FORMS as readonly string[]).includes(form) ? (form as FormName) : undefined;
}

/** An SVG document from the library, shown inline (it holds no script: plain shapes and text). */
export function Svg({ svg, testId }: { svg: string; testId?: string }): React.JSX.Element {
  return <div className="calc-diagram-svg" data-testid={testId} dangerouslySetInnerHTML={{ __html: svg }} />;
}

export function DiagramPanel({
  derivation,
  form,
}: {
  derivation: ReturnType<typeof derive>;
  form: string;
}): React.JSX.Element | null {
  const drawn = drawnFormOf(form);
  if (drawn === undefined) return null;
  return (
    <LazyDetails
      className="calc-diagram"
      testId={`diagram-${form}`}
      summary="Diagram"
      render={() => (
        <>
          {drawn !== form && <p className="calc-diagram-note">The index form's wires are those of the tensor form:</p>}
          <Svg svg={diagramSvg(derivation.diagram(drawn))} testId={`diagram-svg-${form}`} />
          <p className="calc-diagram-note">
            Boxes are tensors, wires their axes (rows leave on the left, columns on the right, further axes at the
            bottom); joined wires are contracted, and the free wires <em>i, j, k, l</em> are the axes of the result in
            order. Identity tensors (δ, α, β) are bare wires: they only join the wires they meet.
          </p>
        </>
      )}
    />
  );
}
