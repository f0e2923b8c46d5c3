/**
 * Prepares everything the tslab notebooks need, idempotently:
 *
 * - `node_modules/tensorcalc` → a symlink to the project root, so cells can
 *   `import { ... } from "tensorcalc"` (tslab refuses relative imports from
 *   outside the notebook's folder; a package name resolves through
 *   package.json's `main`/`types`, i.e. the built `dist/`).
 * - a `tslab` kernel spec in `.jupyter-local/share/jupyter/kernels/tslab/`
 *   (inside the project, gitignored) that starts the project's own tslab by
 *   its absolute path. Equivalent to
 *   `tslab install --prefix .jupyter-local --binary <abs path of node_modules/.bin/tslab>`,
 *   written directly so it needs no Python and takes no time.
 *
 * `jupyterEnv()` gives the environment (JUPYTER_PATH, …) under which Jupyter
 * finds that kernel spec.
 *
 * npm's `prepare` script (scripts/prepare.cjs, run after every `npm ci` / `npm install`) runs this file, so the
 * notebooks import the library in any Jupyter front end right after setup; `npm run notebooks`,
 * `npm run notebooks:run` and the notebook tests repair the link (an `npm install <pkg>` prunes it).
 *
 * Run directly: `node --import tsx scripts/notebooks/setup.ts`.
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The project root (two levels above this file). */
export const projectRoot = path.resolve(__dirname, "..", "..");

/** Debian's Python, which has Jupyter (the `python3` on PATH may not). */
export const systemPython = "/usr/bin/python3";

/** Where the project-local Jupyter data (kernel spec, runtime files) lives. */
export const jupyterLocal = path.join(projectRoot, ".jupyter-local");

/** The kernel spec tslab runs under. */
export function kernelSpec(root = projectRoot): { argv: string[]; display_name: string; language: string } {
  const tslab = path.join(root, "node_modules", ".bin", "tslab");
  return {
    argv: [tslab, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript",
    language: "typescript",
  };
}

/**
 * Creates (or repairs) the `node_modules/tensorcalc` link, then cross-checks it: the link must lead to
 * this project's own package.json. Returns what it did; throws an Error that says what to do when it cannot.
 */
export function ensureLink(root = projectRoot): string {
  const modules = path.join(root, "node_modules");
  const link = path.join(modules, "tensorcalc");
  if (!fs.existsSync(modules)) {
    throw new Error(`notebooks: ${modules} is missing; run npm ci first`);
  }
  let current: string | undefined;
  try {
    current = fs.readlinkSync(link);
  } catch {
    current = undefined;
  }
  let did = "link ok";
  if (current !== ".." || !linkLeadsHome(root)) {
    try {
      // Something else is there (a stale link, a copy, an installed package): replace it.
      if (current !== undefined || fs.existsSync(link)) fs.rmSync(link, { recursive: true, force: true });
      fs.symlinkSync("..", link, "dir");
    } catch (e) {
      throw new Error(
        `notebooks: could not create the link ${link} → .. (${(e as Error).message}); the notebooks import ` +
          `"tensorcalc" through it. Create it by hand (ln -s .. node_modules/tensorcalc) or run npm ci again`,
      );
    }
    did = "link created";
  }
  if (!linkLeadsHome(root)) {
    throw new Error(`notebooks: ${link} does not lead to ${path.join(root, "package.json")}; remove it and run npm ci`);
  }
  return did;
}

/** Whether `node_modules/tensorcalc/package.json` is the project's own package.json. */
function linkLeadsHome(root: string): boolean {
  try {
    const via = fs.realpathSync(path.join(root, "node_modules", "tensorcalc", "package.json"));
    return via === fs.realpathSync(path.join(root, "package.json"));
  } catch {
    return false;
  }
}

/**
 * Builds `dist/` (the notebooks import the built library) when `dist/index.js` is missing, with the project's
 * TypeScript (`node_modules/.bin/tsc` may be tslab's fork). Returns what it did; throws if the build fails.
 */
export function ensureDist(root = projectRoot): string {
  if (fs.existsSync(path.join(root, "dist", "index.js"))) return "dist ok";
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  if (!fs.existsSync(tsc)) throw new Error(`notebooks: dist/ is missing and ${tsc} is not installed; run npm ci`);
  console.log("notebooks: dist/ is missing; building it (npm run build)");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("notebooks: npm run build failed (see above); the notebooks need dist/");
  return "dist built";
}

/** Writes the tslab kernel spec under `.jupyter-local` unless it is already there. */
export function ensureKernelSpec(root = projectRoot): string {
  const tslab = path.join(root, "node_modules", ".bin", "tslab");
  if (!fs.existsSync(tslab)) throw new Error(`notebooks: ${tslab} is missing; run npm ci first`);
  const dir = path.join(root, ".jupyter-local", "share", "jupyter", "kernels", "tslab");
  const file = path.join(dir, "kernel.json");
  const text = JSON.stringify(kernelSpec(root), null, 1) + "\n";
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return "kernel spec ok";
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, text);
  return "kernel spec written";
}

/** The environment under which Jupyter finds the project's kernel spec. */
export function jupyterEnv(root = projectRoot): NodeJS.ProcessEnv {
  const local = path.join(root, ".jupyter-local");
  const runtime = path.join(local, "runtime");
  fs.mkdirSync(runtime, { recursive: true });
  return {
    ...process.env,
    JUPYTER_PATH: path.join(local, "share", "jupyter"),
    JUPYTER_RUNTIME_DIR: runtime,
    // Keep Jupyter from reading or writing the user's own config/data.
    JUPYTER_CONFIG_DIR: path.join(local, "config"),
    JUPYTER_DATA_DIR: path.join(local, "share", "jupyter"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

/** Link + kernel spec; returns a one-line summary. */
export function setupNotebooks(root = projectRoot): string {
  return `${ensureLink(root)}, ${ensureKernelSpec(root)}`;
}

if (require.main === module) {
  try {
    console.log(`notebooks setup: ${setupNotebooks()}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
