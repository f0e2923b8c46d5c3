// The notebook setup (tensorcalc link + project-local kernel spec) works on a
// fresh tree, is idempotent, and repairs a stale link.
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ensureKernelSpec, ensureLink, jupyterEnv, kernelSpec } from "../../scripts/notebooks/setup";

function freshRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nb-setup-"));
  fs.mkdirSync(path.join(root, "node_modules", ".bin"), { recursive: true });
  fs.writeFileSync(path.join(root, "node_modules", ".bin", "tslab"), "#!/bin/sh\n");
  fs.writeFileSync(path.join(root, "package.json"), '{"name":"tensorcalc"}\n');
  return root;
}

describe("notebook setup", () => {
  test("creates node_modules/tensorcalc → the project root, idempotently", () => {
    const root = freshRoot();
    assert.equal(ensureLink(root), "link created");
    assert.equal(fs.readlinkSync(path.join(root, "node_modules", "tensorcalc")), "..");
    assert.equal(fs.realpathSync(path.join(root, "node_modules", "tensorcalc")), fs.realpathSync(root));
    assert.equal(ensureLink(root), "link ok");
  });

  test("replaces a stale link or a copied folder", () => {
    const root = freshRoot();
    fs.symlinkSync("/nonexistent", path.join(root, "node_modules", "tensorcalc"));
    assert.equal(ensureLink(root), "link created");
    assert.equal(fs.readlinkSync(path.join(root, "node_modules", "tensorcalc")), "..");
    fs.rmSync(path.join(root, "node_modules", "tensorcalc"));
    fs.mkdirSync(path.join(root, "node_modules", "tensorcalc"));
    assert.equal(ensureLink(root), "link created");
    assert.equal(fs.readlinkSync(path.join(root, "node_modules", "tensorcalc")), "..");
  });

  test("replaces a link to another folder (cross-checks where it leads)", () => {
    const root = freshRoot();
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "nb-other-"));
    fs.writeFileSync(path.join(other, "package.json"), '{"name":"tensorcalc"}\n');
    fs.symlinkSync(other, path.join(root, "node_modules", "tensorcalc"));
    assert.equal(ensureLink(root), "link created");
    assert.equal(fs.realpathSync(path.join(root, "node_modules", "tensorcalc")), fs.realpathSync(root));
  });

  test("says what to do when the link cannot be made", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "nb-setup-"));
    fs.writeFileSync(path.join(root, "node_modules"), "a file where the folder should be\n");
    assert.throws(() => ensureLink(root), /could not create the link .*node_modules\/tensorcalc → \.\. \(.*\).*ln -s/);
  });

  test("prepare (npm ci's hook) says what is missing in a clone without node_modules", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "nb-prepare-"));
    fs.mkdirSync(path.join(root, "scripts"));
    fs.copyFileSync(
      path.join(__dirname, "..", "..", "scripts", "prepare.cjs"),
      path.join(root, "scripts", "prepare.cjs"),
    );
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "prepare.cjs")], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot build dist\/: TypeScript is not installed in .*node_modules\.\nRun npm ci in /);
    fs.mkdirSync(path.join(root, "dist"));
    fs.writeFileSync(path.join(root, "dist", "index.js"), "");
    const kept = spawnSync(process.execPath, [path.join(root, "scripts", "prepare.cjs")], { encoding: "utf8" });
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(kept.stdout, /keeping the existing dist\//);
  });

  test("writes a tslab kernel spec that starts the project's tslab by absolute path", () => {
    const root = freshRoot();
    assert.equal(ensureKernelSpec(root), "kernel spec written");
    const file = path.join(root, ".jupyter-local", "share", "jupyter", "kernels", "tslab", "kernel.json");
    const spec = JSON.parse(fs.readFileSync(file, "utf8")) as ReturnType<typeof kernelSpec>;
    assert.deepEqual(spec.argv, [
      path.join(root, "node_modules", ".bin", "tslab"),
      "kernel",
      "--config-path",
      "{connection_file}",
    ]);
    assert.ok(path.isAbsolute(spec.argv[0]));
    assert.equal(spec.language, "typescript");
    assert.equal(ensureKernelSpec(root), "kernel spec ok");
    const env = jupyterEnv(root);
    assert.equal(env.JUPYTER_PATH, path.join(root, ".jupyter-local", "share", "jupyter"));
  });

  test("says what is missing when npm ci has not run", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "nb-setup-"));
    assert.throws(() => ensureLink(root), /node_modules is missing; run npm ci first/);
    fs.mkdirSync(path.join(root, "node_modules"));
    assert.throws(() => ensureKernelSpec(root), /tslab is missing; run npm ci first/);
  });
});
