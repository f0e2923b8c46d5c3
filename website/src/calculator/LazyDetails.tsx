/**
 * A collapsed panel whose contents are computed only while it is open (a derivation's steps or
 * picture can be costly); an error while computing them is shown in the panel.
 */
import React, { useState } from "react";

export function LazyDetails({
  className,
  testId,
  summary,
  render,
}: {
  className: string;
  testId: string;
  summary: string;
  render: () => React.ReactNode;
}): React.JSX.Element {
  const [open, setOpen] = useState(false);
  let body: React.ReactNode = null;
  if (open) {
    try {
      body = render();
    } catch (e) {
      body = <p className="badge-failed badge-wrap">{(e as Error).message}</p>;
    }
  }
  return (
    <details
      className={className}
      data-testid={testId}
      onToggle={(e) => setOpen((e.currentTarget as unknown as { open: boolean }).open)}
    >
      <summary>{summary}</summary>
      {body}
    </details>
  );
}
