// A notebook imports "tensorcalc" in a plain Jupyter client right after a fresh install, with no
// project script run in between: a copy of the working tree, `npm ci` (whose `prepare` makes the
// node_modules/tensorcalc link and the tslab kernel spec, and builds dist/), then nbclient straight
// from Debian's Python — not the project's runner — executes a notebook.
import { after, before, describe, test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const notebook = "01-question-and-conventions.ipynb";

// Plain nbclient: run every cell, stop at the first error, print one JSON line.
const NBCLIENT = `
import json, os, sys, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="tslab", timeout=120, startup_timeout=120,
                        resources={"metadata": {"path": os.path.dirname(path)}})
error = ""
try:
    client.execute()
except CellExecutionError as e:
    error = str(e)[:3000]
outputs = [o.get("output_type") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
print(json.dumps({"error": error, "outputs": outputs}))
`;

describe("after a fresh npm ci, plain nbclient runs a notebook", { timeout: 600_000 }, () => {
  let copy = "";
  let installSeconds = 0;
  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "tc-fresh-"));
    // The working tree as a fresh clone would have it (tracked and new files, nothing ignored).
    const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter((f) => f !== "" && fs.existsSync(path.join(root, f)));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(copy, f));
    }
    const started = Date.now();
    const r = spawnSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: copy,
      encoding: "utf8",
      timeout: 400_000,
    });
    installSeconds = (Date.now() - started) / 1000;
    assert.equal(r.status, 0, `npm ci failed in ${copy}:\n${r.stdout}\n${r.stderr}`);
  });
  after(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  test("npm ci made the link, the kernel spec and dist/", () => {
    assert.equal(fs.readlinkSync(path.join(copy, "node_modules", "tensorcalc")), "..");
    assert.ok(fs.existsSync(path.join(copy, "dist", "index.js")), "prepare did not build dist/");
    const spec = path.join(copy, ".jupyter-local", "share", "jupyter", "kernels", "tslab", "kernel.json");
    const argv = (JSON.parse(fs.readFileSync(spec, "utf8")) as { argv: string[] }).argv;
    assert.equal(argv[0], path.join(copy, "node_modules", ".bin", "tslab"));
    console.log(`npm ci (with prepare) took ${installSeconds.toFixed(1)} s`);
  });

  test(`${notebook} runs through plain nbclient`, () => {
    const local = path.join(copy, ".jupyter-local");
    const started = Date.now();
    const r = spawnSync("/usr/bin/python3", ["-c", NBCLIENT, path.join(copy, "notebooks", notebook)], {
      cwd: copy,
      encoding: "utf8",
      timeout: 300_000,
      env: {
        ...process.env,
        JUPYTER_PATH: path.join(local, "share", "jupyter"),
        JUPYTER_RUNTIME_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "tc-fresh-rt-")),
        PYDEVD_DISABLE_FILE_VALIDATION: "1",
      },
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as { error: string; outputs: string[] };
    assert.equal(out.error, "", `a cell failed:\n${out.error}`);
    assert.ok(!out.outputs.includes("error"), "a cell has an error output");
    assert.ok(out.outputs.includes("display_data"), `no show() output among ${out.outputs.join(", ")}`);
    console.log(`nbclient ran ${notebook} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
