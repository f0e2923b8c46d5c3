import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "build/**",
      "website/build/**",
      "website/.docusaurus/**",
      "docs/api/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // "\operatorname" in a string is "operatorname": a LaTeX command that lost its backslash
      "no-useless-escape": "error",
    },
  },
);
