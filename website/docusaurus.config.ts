/**
 * The tensorcalc site: hand-written guide (docs/guide), pages generated from
 * the executed notebooks (docs/notebooks, by scripts/site/build.ts), the API
 * reference generated from the TSDoc comments (docs/api, typedoc), offline
 * search, and math rendered at build time by KaTeX (CSS bundled locally).
 */
import * as path from "node:path";
import type { Config, PluginModule } from "@docusaurus/types";
import type * as Preset from "@docusaurus/preset-classic";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { themes as prismThemes } from "prism-react-renderer";
import remarkMathHeadings from "../scripts/site/remark-math-headings";
import liveRuntimePlugin from "../scripts/site/live-runtime-plugin";
import remarkLiveExamples from "../scripts/site/remark-live-examples";

const root = path.resolve(__dirname, "..");
const docsPath = path.join(root, "docs");

const config: Config = {
  title: "tensorcalc",
  tagline: "Matrix and tensor calculus you can see and check",
  favicon: "img/favicon.svg",
  // Browsers ask for /favicon.ico whatever the page links: one is shipped (website/static/favicon.ico).
  headTags: [{ tagName: "link", attributes: { rel: "icon", href: "/favicon.ico", sizes: "32x32" } }],
  // Live notebooks: the Edit/Run buttons of notebook cells (the rest loads on the first Edit or Run).
  clientModules: [path.join(__dirname, "src", "live", "page", "client-module.ts")],
  url: "http://localhost:3000",
  baseUrl: "/",
  onBrokenLinks: "throw",
  onBrokenAnchors: "throw",
  onDuplicateRoutes: "throw",
  markdown: {
    // .md files are CommonMark (generated pages contain `{` and `<` in math
    // and outputs); .mdx files are MDX.
    format: "detect",
    hooks: { onBrokenMarkdownLinks: "throw" },
  },
  i18n: { defaultLocale: "en", locales: ["en"] },
  presets: [
    [
      "classic",
      {
        docs: {
          path: "../docs",
          routeBasePath: "docs",
          sidebarPath: path.join(__dirname, "sidebars.ts"),
          numberPrefixParser: false,
          beforeDefaultRemarkPlugins: [remarkMathHeadings],
          // the guide's complete programs become live cells, as the notebooks' cells are
          remarkPlugins: [remarkMath, remarkLiveExamples],
          rehypePlugins: [[rehypeKatex, { strict: false, throwOnError: false }]],
        },
        blog: false,
        pages: {
          beforeDefaultRemarkPlugins: [remarkMathHeadings],
          remarkPlugins: [remarkMath],
          rehypePlugins: [[rehypeKatex, { strict: false, throwOnError: false }]],
        },
        theme: {
          customCss: [require.resolve("katex/dist/katex.min.css"), path.join(__dirname, "src/css/custom.css")],
        },
      } satisfies Preset.Options,
    ],
  ],
  staticDirectories: ["static", path.join(root, "build", "site-static")],
  plugins: [
    // The calculator page imports the library itself: `tensorcalc` resolves to
    // its TypeScript sources (compiled by Docusaurus' loader like the site's
    // own code; the library has no runtime dependencies). The CommonJS dist/
    // trips webpack's module concatenation on tsc's `export *` helpers.
    () => ({
      name: "tensorcalc-library",
      configureWebpack: () => ({
        resolve: { alias: { tensorcalc$: path.join(root, "src", "index.ts") } },
      }),
    }),
    // The live notebooks' runtime (a Web Worker script: library, transpiler, renderers), at /live/<hashed name>.
    liveRuntimePlugin as PluginModule,
    [
      "docusaurus-plugin-typedoc",
      {
        entryPoints: [path.join(root, "src/index.ts")],
        tsconfig: path.join(root, "tsconfig.build.json"),
        out: path.join(docsPath, "api"),
        readme: "none",
        excludePrivate: true,
        excludeInternal: true,
        disableSources: true,
        hideGenerator: true,
        parametersFormat: "table",
        skipErrorChecking: true,
        sidebar: { autoConfiguration: true, pretty: true },
      },
    ],
  ],
  themes: [
    [
      "@easyops-cn/docusaurus-search-local",
      {
        hashed: true,
        indexDocs: true,
        indexPages: true,
        indexBlog: false,
        docsRouteBasePath: "/docs",
        docsDir: docsPath,
        language: ["en"],
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
        // KaTeX writes each formula three times: the visual HTML, the MathML and the TeX source (an
        // annotation). Index only the MathML's text, so that search results read "commutation matrix K"
        // rather than "KKK".
        ignoreCssSelectors: [".katex-html", ".katex-mathml annotation"],
      },
    ],
  ],
  themeConfig: {
    navbar: {
      title: "tensorcalc",
      logo: { alt: "tensorcalc", src: "img/favicon.svg" },
      items: [
        { type: "docSidebar", sidebarId: "guide", position: "left", label: "Guide" },
        { type: "docSidebar", sidebarId: "notebooks", position: "left", label: "Notebooks" },
        { type: "docSidebar", sidebarId: "api", position: "left", label: "API" },
        { to: "/calculator", position: "left", label: "Calculator" },
      ],
    },
    footer: {
      style: "dark",
      copyright: "tensorcalc, MIT licensed. Built with Docusaurus; math by KaTeX.",
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ["bash", "json"],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
