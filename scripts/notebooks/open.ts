/**
 * `npm run notebooks`: repairs the `tensorcalc` link and the project-local
 * tslab kernel spec if needed, builds `dist/` if it is missing, then opens Jupyter Notebook
 * (Debian's, /usr/bin/jupyter-notebook) on `notebooks/`, listening on
 * localhost only. Extra arguments are passed to Jupyter, e.g.
 * `npm run notebooks -- --no-browser --port 8899`.
 * Run `npm run build` again after changing src/ so the notebooks see the
 * current library (restart the kernel). Stop with Ctrl-C.
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureDist, jupyterEnv, projectRoot, setupNotebooks, systemPython } from "./setup";

try {
  console.log(`notebooks: ${setupNotebooks()}, ${ensureDist()}`);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const notebookDir = path.join(projectRoot, "notebooks");
const args = [`--notebook-dir=${notebookDir}`, "--ip=127.0.0.1", ...process.argv.slice(2)];
// Jupyter refuses to run as root unless told (containers, CI machines).
if (typeof process.getuid === "function" && process.getuid() === 0 && !args.includes("--allow-root"))
  args.push("--allow-root");
const [cmd, cmdArgs] = fs.existsSync("/usr/bin/jupyter-notebook")
  ? ["/usr/bin/jupyter-notebook", args]
  : [systemPython, ["-m", "notebook", ...args]];
const child = spawn(cmd, cmdArgs, { env: jupyterEnv(), stdio: "inherit" });
child.on("close", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
