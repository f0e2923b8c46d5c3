#!/usr/bin/env node
/*
 * npm's `prepare` script. npm runs it after every `npm ci` and `npm install` in this tree, before `npm pack`,
 * and when another project installs tensorcalc from a path or a git URL. Plain JavaScript, so that it can
 * say what is missing in a clone without node_modules. It
 *
 * 1. (in a development tree, when tsx is installed) sets up the notebooks: the node_modules/tensorcalc → ..
 *    link and the project-local tslab kernel spec (scripts/notebooks/setup.ts). A failure is a warning:
 *    the library still installs, and every notebook script repairs the link;
 * 2. builds dist/ with the project's TypeScript (node_modules/.bin/tsc may be tslab's fork).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const tsx = path.join(root, "node_modules", "tsx");
const say = (s) => console.log(`tensorcalc prepare: ${s}`);

if (fs.existsSync(tsx) && fs.existsSync(path.join(root, "scripts", "notebooks", "setup.ts"))) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", "notebooks", "setup.ts")], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.status === 0) say(r.stdout.trim());
  else
    console.warn(
      `tensorcalc prepare: warning: the notebook setup failed, so the notebooks cannot import "tensorcalc" yet:\n` +
        `${(r.stderr || r.stdout).trim()}\n(npm run notebooks repairs it)`,
    );
}

if (!fs.existsSync(tsc)) {
  if (fs.existsSync(path.join(root, "dist", "index.js"))) {
    say("TypeScript is not installed here; keeping the existing dist/");
    process.exit(0);
  }
  console.error(
    `tensorcalc prepare: cannot build dist/: TypeScript is not installed in ${path.join(root, "node_modules")}.\n` +
      `Run npm ci in ${root} first, or install tensorcalc from a git URL or from a tarball made by npm pack.`,
  );
  process.exit(1);
}
const started = Date.now();
const b = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});
if (b.status !== 0) {
  console.error("tensorcalc prepare: building dist/ failed (the TypeScript errors are above)");
  process.exit(1);
}
say(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
