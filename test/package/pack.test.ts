// Using tensorcalc from another project: the package npm would make ships LICENSE and the built dist/, and
// a project that installs the tarball (offline: no dependencies) can require it, import it and run the CLI.
// npm test builds dist/ first; --ignore-scripts keeps npm pack from rebuilding it under the other tests.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the npm package", () => {
  let tmp = "";
  before(() => {
    assert.ok(fs.existsSync(path.join(root, "dist", "index.js")), "dist/ is missing: run npm run build first");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tc-pack-"));
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("has a prepare script that builds dist/ with the project's TypeScript, and an MIT LICENSE", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      license: string;
    };
    assert.equal(pkg.scripts.prepare, "node scripts/prepare.cjs");
    assert.match(fs.readFileSync(path.join(root, "scripts", "prepare.cjs"), "utf8"), /"typescript", "bin", "tsc"/);
    assert.equal(pkg.license, "MIT");
    const license = fs.readFileSync(path.join(root, "LICENSE"), "utf8");
    assert.match(license, /^MIT License\n\nCopyright \(c\) the tensorcalc authors\n/);
  });

  test("npm pack --dry-run lists LICENSE, README.md, package.json and dist/index.js (+ .d.ts, the CLI)", () => {
    const r = npm(["pack", "--dry-run", "--json", "--ignore-scripts"], root);
    assert.equal(r.status, 0, r.stderr);
    const [info] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    for (const f of ["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js"]) {
      assert.ok(files.includes(f), `${f} is not in the package`);
    }
    assert.deepEqual(
      files.filter((f) => /^(src|test|node_modules|notebooks|website)\//.test(f)),
      [],
      "sources or tests in the package",
    );
  });

  test("a project that installs the packed tarball (offline) can require it, import it and run the CLI", () => {
    const started = Date.now();
    const packed = npm(["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], root);
    assert.equal(packed.status, 0, packed.stderr);
    const tgz = path.join(tmp, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
    const project = path.join(tmp, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), '{ "name": "uses-tensorcalc", "version": "1.0.0" }\n');
    const installed = npm(["install", "--offline", "--no-audit", "--no-fund", tgz], project);
    assert.equal(installed.status, 0, installed.stderr);
    const cjs = spawnSync(
      process.execPath,
      [
        "-e",
        'const t = require("tensorcalc"); console.log(t.derive("tr(A * X)", "X", { A: [3, 2] }).form("gradient").text)',
      ],
      { cwd: project, encoding: "utf8" },
    );
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.equal(cjs.stdout.trim(), "Aᵀ");
    fs.writeFileSync(
      path.join(project, "esm.mjs"),
      'import { matmul, eye, verify, derive } from "tensorcalc";\n' +
        'console.log(matmul(eye(2), eye(2)).shape.join("x"), verify(derive("A\' * B", "A")).ok);\n',
    );
    const esm = spawnSync(process.execPath, ["esm.mjs"], { cwd: project, encoding: "utf8" });
    assert.equal(esm.status, 0, esm.stderr);
    assert.equal(esm.stdout.trim(), "2x2 true");
    const bin = spawnSync(path.join(project, "node_modules", ".bin", "tensorcalc"), ["--version"], {
      cwd: project,
      encoding: "utf8",
    });
    assert.equal(bin.status, 0, bin.stderr);
    const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string })
      .version;
    assert.equal(bin.stdout.trim(), version);
    console.log(`pack + offline install + three runs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
