import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

for (const seed of [1, 2, 3]) {
  test(`demo verifies every seed identity (SEED=${seed})`, () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: root,
      env: { ...process.env, SEED: String(seed) },
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const m = /(\d+) of (\d+) identities verified exactly/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.equal(m[1], m[2]);
    assert.ok(Number(m[2]) >= 9);
    assert.doesNotMatch(r.stdout, /✘/);
  });
}
