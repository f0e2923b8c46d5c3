/**
 * Executes the tslab notebooks through Jupyter (nbclient, Debian's Python)
 * and reports, per notebook, whether every cell ran, how long it took, and for
 * a failure: the notebook, the cell number, the start of the cell's source and
 * the error text tslab printed.
 *
 * Library use (the tests): `runNotebooks(paths, options)`.
 * Command line (`npm run notebooks:run [-- notebooks/01-….ipynb …]`): runs the
 * given notebooks (default: every `notebooks/*.ipynb`), writes executed copies
 * to `build/notebooks/<name>.ipynb` and `build/notebooks/manifest.json`,
 * prints each notebook's time and the total; exit status 1 if any cell failed.
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureDist, jupyterEnv, projectRoot, setupNotebooks, systemPython } from "./setup";

/** Where a notebook run stopped. */
export interface NotebookFailure {
  /** 1-based position of the failing cell among all cells (markdown included); null if no cell ran. */
  cell: number | null;
  /** What went wrong at the Jupyter level: CellExecutionError, CellTimeoutError, DeadKernelError, … */
  kind: string;
  /** The first non-blank lines of the cell's source. */
  source: string;
  /** The error as the kernel reported it in the cell's outputs (tslab: a stderr stream). */
  reply: string;
  /** What the kernel process wrote to its own stdout/stderr while the cell ran. */
  stderr: string;
}

/** The outcome of executing one notebook. */
export interface NotebookResult {
  notebook: string;
  name: string;
  title: string;
  ok: boolean;
  seconds: number;
  cells: number;
  cellsRun: number;
  output?: string;
  failure?: NotebookFailure;
  /** sha256 of the notebook file and of dist/, taken just before the run (what was executed). */
  sourceHash?: string;
  distHash?: string;
}

export interface RunOptions {
  /** Where executed copies go (none written if omitted). */
  outDir?: string;
  /** Where each kernel's stdout/stderr log goes (default: a fresh temp folder). */
  logDir?: string;
  /** Seconds allowed per cell (default 120). */
  cellTimeout?: number;
  /** Called with each result as soon as its notebook finishes. */
  onResult?: (r: NotebookResult) => void;
}

/** A path relative to the project root when inside it, else absolute. */
export function displayPath(p: string): string {
  const rel = path.relative(projectRoot, path.resolve(p));
  return rel.startsWith("..") || path.isAbsolute(rel) ? path.resolve(p) : rel;
}

/** The committed notebooks, sorted by name. */
export function listNotebooks(dir = path.join(projectRoot, "notebooks")): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The error message in a failure: the first `…Error: message` line of the reply or stderr. */
export function errorMessage(f: NotebookFailure): string {
  for (const text of [f.reply, f.stderr]) {
    const m = /^(?:Uncaught )?([\w$]*(?:Error|Exception)(?::.*)?)$/m.exec(text);
    if (m) return m[1].trim();
  }
  for (const text of [f.reply, f.stderr]) {
    const line = text.split("\n").find((l) => l.trim() !== "");
    if (line) return line.trim();
  }
  return "(no error text)";
}

/** A readable multi-line description of a failed notebook. */
export function formatFailure(r: NotebookResult): string {
  const f = r.failure;
  if (!f) return `${r.notebook}: ok`;
  const where = f.cell === null ? "before any cell ran" : `cell ${f.cell}`;
  const indent = (s: string) =>
    s
      .split("\n")
      .map((l) => "    " + l)
      .join("\n");
  const lines = [`${r.notebook}: ${where} failed (${f.kind})`, `  error: ${errorMessage(f)}`];
  if (f.source) lines.push("  source:", indent(f.source));
  if (f.reply) lines.push("  kernel output:", indent(trimLines(f.reply, 30)));
  if (f.stderr) lines.push("  kernel stderr:", indent(trimLines(f.stderr, 30)));
  return lines.join("\n");
}

function trimLines(s: string, n: number): string {
  const lines = s.split("\n");
  return lines.length <= n ? s : [...lines.slice(0, n), `… (${lines.length - n} more lines)`].join("\n");
}

/**
 * Executes notebooks one at a time, each in a fresh tslab kernel. Sets up the
 * `tensorcalc` link and kernel spec first. Never rejects for a failing cell:
 * look at `ok` / `failure` in the results.
 */
export async function runNotebooks(paths: string[], options: RunOptions = {}): Promise<NotebookResult[]> {
  setupNotebooks();
  if (!fs.existsSync(path.join(projectRoot, "dist", "index.js"))) {
    throw new Error("notebooks: dist/index.js is missing; run `npm run build` first");
  }
  if (!fs.existsSync(systemPython)) throw new Error(`notebooks: ${systemPython} (with Jupyter) is missing`);
  // A fresh log folder per run, so that concurrent runs never share a kernel log.
  const logDir = options.logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "nb-logs-"));
  const args = [
    path.join(__dirname, "execute.py"),
    "--log-dir",
    logDir,
    "--timeout",
    String(options.cellTimeout ?? 120),
  ];
  if (options.outDir) args.push("--out-dir", options.outDir);
  args.push(...paths);
  // Hash the inputs before executing, so the manifest describes what actually ran
  // even if a notebook or dist/ changes while the kernels work.
  const distHash = hashDist();
  const sourceHashes = new Map(paths.map((p) => [displayPath(p), fs.existsSync(p) ? hashFile(p) : ""]));
  const results: NotebookResult[] = [];
  const child = spawn(systemPython, args, { env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let pending = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.startsWith("{")) continue;
      const r = JSON.parse(line) as NotebookResult;
      r.notebook = displayPath(r.notebook);
      r.sourceHash = sourceHashes.get(r.notebook) ?? "";
      r.distHash = distHash;
      results.push(r);
      options.onResult?.(r);
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const code: number = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  // A notebook the executor never reported on (it crashed) counts as failed.
  for (const p of paths) {
    const rel = displayPath(p);
    if (!results.some((r) => r.notebook === rel)) {
      const name = path.basename(p, ".ipynb");
      results.push({
        notebook: rel,
        name,
        title: "",
        ok: false,
        seconds: 0,
        cells: 0,
        cellsRun: 0,
        failure: {
          cell: null,
          kind: `executor exit ${code}`,
          source: "",
          reply: stderr.trim().slice(-4000),
          stderr: "",
        },
      });
    }
  }
  return results;
}

/** sha256 of a file's bytes. */
export function hashFile(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** sha256 over every file under dist/ (relative path + contents, in sorted order). */
export function hashDist(dist = path.join(projectRoot, "dist")): string {
  const h = createHash("sha256");
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const f of walk(dist).sort()) {
    h.update(path.relative(dist, f) + "\0");
    h.update(fs.readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

/** One notebook's entry in build/notebooks/manifest.json. */
export interface ManifestEntry {
  name: string;
  title: string;
  source: string;
  executed: string;
  ok: boolean;
  seconds: number;
  cells: number;
  /** sha256 of the committed notebook file when it was executed. */
  sourceHash: string;
  /** sha256 of dist/ (see hashDist) when it was executed. */
  distHash: string;
}

/**
 * Writes (merges into) `<outDir>/manifest.json`: entries for the given results
 * replace earlier ones; entries for notebooks that no longer exist are dropped.
 * The site compares sourceHash/distHash with the current files to tell whether
 * an executed copy is fresh.
 */
export function writeManifest(results: NotebookResult[], outDir: string): string {
  const file = path.join(outDir, "manifest.json");
  let entries: ManifestEntry[] = [];
  try {
    entries = (JSON.parse(fs.readFileSync(file, "utf8")) as { notebooks: ManifestEntry[] }).notebooks ?? [];
  } catch {
    entries = [];
  }
  const currentDist = hashDist();
  for (const r of results) {
    const abs = path.resolve(projectRoot, r.notebook);
    const entry: ManifestEntry = {
      name: r.name,
      title: r.title,
      source: path.relative(projectRoot, abs),
      executed: path.relative(projectRoot, path.join(outDir, `${r.name}.ipynb`)),
      ok: r.ok,
      seconds: r.seconds,
      cells: r.cells,
      sourceHash: r.sourceHash ?? (fs.existsSync(abs) ? hashFile(abs) : ""),
      distHash: r.distHash ?? currentDist,
    };
    entries = entries.filter((e) => e.name !== r.name);
    entries.push(entry);
  }
  entries = entries.filter((e) => fs.existsSync(path.resolve(projectRoot, e.source)));
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const manifest = {
    description:
      "Executed copies of notebooks/*.ipynb (scripts/notebooks/runner.ts). An entry is fresh when sourceHash matches the notebook file and distHash matches dist/.",
    generated: new Date().toISOString(),
    distHash: results[0]?.distHash ?? currentDist,
    totalSeconds: Math.round(entries.reduce((s, e) => s + e.seconds, 0) * 1000) / 1000,
    notebooks: entries,
  };
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n");
  fs.renameSync(tmp, file); // atomic: a concurrent reader sees the old or the new manifest
  return file;
}

/** The default output folder for executed copies. */
export const buildDir = path.join(projectRoot, "build", "notebooks");

async function main(argv: string[]): Promise<number> {
  const paths = argv.length > 0 ? argv.map((p) => path.resolve(p)) : listNotebooks();
  if (paths.length === 0) {
    console.error("notebooks: no notebooks/*.ipynb to run");
    return 1;
  }
  // Executed copies of committed notebooks go to build/notebooks (with the
  // manifest); those of other notebooks (e.g. test fixtures) to a temp folder.
  const notebooksDir = path.join(projectRoot, "notebooks");
  const committed = paths.every((p) => path.dirname(p) === notebooksDir);
  const outDir = committed ? buildDir : fs.mkdtempSync(path.join(os.tmpdir(), "nb-run-"));
  console.log(`notebooks: ${setupNotebooks()}, ${ensureDist()}; executing ${paths.length} notebook(s) with tslab`);
  const started = Date.now();
  const results = await runNotebooks(paths, {
    outDir,
    onResult: (r) => console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.seconds.toFixed(1).padStart(5)} s  ${r.notebook}`),
  });
  const written = committed ? `, ${path.relative(projectRoot, writeManifest(results, outDir))}` : "";
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) console.error("\n" + formatFailure(r));
  const total = (Date.now() - started) / 1000;
  console.log(
    `notebooks: ${results.length - failed.length}/${results.length} ok in ${total.toFixed(1)} s; executed copies${written} in ${displayPath(outDir)}/`,
  );
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
