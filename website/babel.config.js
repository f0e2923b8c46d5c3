/**
 * Babel for the site (Docusaurus picks this file up instead of its default
 * preset). Same as Docusaurus' preset except for the client: it targets
 * current browsers WITHOUT loose mode. Docusaurus' default client preset is
 * ES5 + loose, which compiles `[...map.values()]` to `[].concat(iterator)` and
 * breaks the library's symbolic engine, which the calculator page bundles.
 */
module.exports = function babelConfig(api) {
  const isServer = api.caller((caller) => caller && caller.name) === "server";
  return {
    compact: true,
    presets: [
      isServer
        ? [require.resolve("@babel/preset-env"), { targets: { node: "current" } }]
        : [
            require.resolve("@babel/preset-env"),
            {
              targets: "chrome >= 100, edge >= 100, firefox >= 100, safari >= 15.4",
              bugfixes: true,
              loose: false,
              modules: false,
            },
          ],
      [require.resolve("@babel/preset-react"), { runtime: "automatic" }],
      require.resolve("@babel/preset-typescript"),
    ],
  };
};
