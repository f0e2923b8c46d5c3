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
 * Run directly: `node --import tsx scripts/notebooks/setup.ts`.
 * @packageDocumentation
 */
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

/** Creates (or repairs) the `node_modules/tensorcalc` link. Returns what it did. */
export function ensureLink(root = projectRoot): string {
  const link = path.join(root, "node_modules", "tensorcalc");
  if (!fs.existsSync(path.join(root, "node_modules"))) {
    throw new Error(`notebooks: ${path.join(root, "node_modules")} is missing; run npm ci first`);
  }
  let current: string | undefined;
  try {
    current = fs.readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current === "..") return "link ok";
  // Something else is there (a stale link or a copy): replace it.
  if (current !== undefined || fs.existsSync(link)) fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
  return "link created";
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
