/**
 * Landing page: the seed question (Y = AᵀB: what are ∂Y/∂A and ∂Y/∂B?)
 * answered at a glance in each form, with links to the notebook pages where
 * each statement is derived and checked with numbers.
 */
import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import { useAllDocsData } from "@docusaurus/plugin-content-docs/client";
import TeX from "../components/TeX";

interface Ref {
  /** Doc id of a notebook page (docs/notebooks/<name>.md). */
  notebook: string;
  label: string;
}

interface Answer {
  title: string;
  lead: React.ReactNode;
  wrtA: string;
  wrtB: string;
  note?: string;
  refs: Ref[];
  guide: { to: string; label: string };
}

const answers: Answer[] = [
  {
    title: "Fourth-order tensors",
    lead: "With the identity tensors α and β and the double contraction “:”,",
    wrtA: String.raw`\p{Y}{A} = \alpha B^T : \beta`,
    wrtB: String.raw`\p{Y}{B} = A^T \alpha`,
    note: String.raw`\alpha_{ijk\ell} = \delta_{ik}\delta_{j\ell},\quad \beta_{ijk\ell} = \delta_{i\ell}\delta_{jk}`,
    refs: [
      { notebook: "notebooks/02-identity-tensors", label: "α and β" },
      { notebook: "notebooks/04-fourth-order-gradients", label: "derivation and check" },
    ],
    guide: { to: "/docs/guide/forms", label: "kinds 1 and 2 in the guide" },
  },
  {
    title: "vec and Kronecker products",
    lead: "Stacking columns turns the same derivative into ordinary matrices:",
    wrtA: String.raw`\p{\vec Y}{\vec A} = (B^T \otimes I)\,K`,
    wrtB: String.raw`\p{\vec Y}{\vec B} = I \otimes A^T`,
    note: String.raw`K\,\vec(A) = \vec(A^T)`,
    refs: [{ notebook: "notebooks/05-vec-kronecker", label: "derivation and check" }],
    guide: { to: "/docs/guide/conventions", label: "vec and K conventions" },
  },
  {
    title: "Component-wise",
    lead: (
      <>
        One entry of <TeX math="A" /> or <TeX math="B" /> at a time, with the single-entry matrix <TeX math="E_{ij}" />:
      </>
    ),
    wrtA: String.raw`\p{Y}{A_{ij}} = E_{ij}^T B`,
    wrtB: String.raw`\p{Y}{B_{ij}} = A^T E_{ij}`,
    note: String.raw`\p{Y_{ij}}{A_{k\ell}} = \delta_{i\ell} B_{kj},\quad \p{Y_{ij}}{B_{k\ell}} = A_{ki}\,\delta_{j\ell}`,
    refs: [
      { notebook: "notebooks/06-component-wise", label: "derivation and check" },
      { notebook: "notebooks/07-full-circle", label: "all forms are the same numbers" },
    ],
    guide: { to: "/docs/guide/layout-traps", label: "index maps and layout traps" },
  },
];

function useDocIds(): Set<string> {
  const all = useAllDocsData();
  const ids = new Set<string>();
  for (const plugin of Object.values(all)) {
    for (const version of plugin.versions) for (const doc of version.docs) ids.add(doc.id);
  }
  return ids;
}

function AnswerCard({ a, ids }: { a: Answer; ids: Set<string> }): React.JSX.Element {
  const refs = a.refs.filter((r) => ids.has(r.notebook));
  return (
    <section className="answer-card">
      <h3>{a.title}</h3>
      <p>{a.lead}</p>
      <TeX block math={a.wrtA} />
      <TeX block math={a.wrtB} />
      {a.note && <TeX block math={a.note} />}
      <div className="answer-links">
        {refs.map((r) => (
          <span key={r.notebook}>
            <Link to={`/docs/${r.notebook}`}>{r.label}</Link>
            {" · "}
          </span>
        ))}
        <Link to={a.guide.to}>{a.guide.label}</Link>
      </div>
    </section>
  );
}

export default function Home(): React.JSX.Element {
  const ids = useDocIds();
  return (
    <Layout title="∂(AᵀB)/∂A, derived and checked" description="Matrix and tensor calculus you can see and check">
      <header className="hero-tc">
        <div className="container">
          <h1>tensorcalc</h1>
          <p className="question-box">
            A TypeScript library and notebooks for matrix and tensor calculus. The question it starts from: for{" "}
            <TeX math={String.raw`Y = A^T B`} /> with <TeX math={String.raw`A \in \mathbb{R}^{p\times m}`} /> and{" "}
            <TeX math={String.raw`B \in \mathbb{R}^{p\times n}`} />, what are <TeX math={String.raw`\p{Y}{A}`} /> and{" "}
            <TeX math={String.raw`\p{Y}{B}`} />?
          </p>
          <p>
            <Link className="button button--primary button--lg" to="/docs/getting-started">
              Get started
            </Link>{" "}
            <Link className="button button--secondary button--lg" to="/calculator">
              Try the calculator
            </Link>
          </p>
        </div>
      </header>
      <main className="container">
        <h2>The answer, three ways</h2>
        <p>
          The same derivative written as fourth-order tensors, as vec–Kronecker matrices and component by component.
          Numerator layout: <TeX math={String.raw`\left(\p{Y}{X}\right)_{ijk\ell} = \p{Y_{ij}}{X_{k\ell}}`} />. Every
          line is checked numerically on rectangular matrices in the linked notebook.
        </p>
        <div className="answers">
          {answers.map((a) => (
            <AnswerCard key={a.title} a={a} ids={ids} />
          ))}
        </div>
        <h2>Check it yourself</h2>
        <p>
          Derive any matrix expression in every form in the <Link to="/calculator">calculator</Link>
          {ids.has("identities") && (
            <>
              , browse the <Link to="/docs/identities">identity catalogue</Link> (the seed, the Matrix Cookbook and
              Magnus–Neudecker, each verified)
            </>
          )}
          , or check the closed form yourself with the library:
        </p>
        <pre>
          <code>{`import { randint, transpose, matmul, jacobian, alpha, beta, ddot, dot, assertClose } from "tensorcalc";

const A = randint([3, 2], { seed: 1 }), B = randint([3, 4], { seed: 2 });
const J = jacobian((A) => matmul(transpose(A), B), A);   // shape [2, 4, 3, 2]
assertClose(J, ddot(dot(alpha(2, 4), transpose(B)), beta(2, 3)));   // αBᵀ:β`}</code>
        </pre>
      </main>
    </Layout>
  );
}
