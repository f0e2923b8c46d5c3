/**
 * The scratch notebook: a live notebook page whose cells come from its link (`#live=…`), such as the calculator's
 * "Open as notebook"; without a link it starts with one example cell. The cells run in the browser like those of
 * the notebook pages (website/src/live).
 */
import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";

export default function ScratchNotebook(): React.JSX.Element {
  return (
    <Layout title="Scratch notebook" description="TypeScript cells that run against tensorcalc in your browser">
      <main className="container margin-vert--lg nb-scratch">
        <h1>Scratch notebook</h1>
        <p>
          TypeScript cells that run in your browser against the library (
          <code>import … from &quot;tensorcalc&quot;</code>
          ), sharing one scope in order as in Jupyter. <strong>Link</strong> puts your cells into the address, to share
          them. The <Link to="/docs/notebooks/00-index">notebooks</Link> are live in the same way.
        </p>
        <div className="nb-live-bar" data-notebook="scratch" />
        <div className="nb-scratch-cells" />
      </main>
    </Layout>
  );
}
