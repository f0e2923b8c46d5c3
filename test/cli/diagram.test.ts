/**
 * `tensorcalc derive … --diagram`: the SVG of the derivative's diagram on standard output, and
 * errors in the user's terms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { derive, diagramSvg } from "../../src/index";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli";

test("--diagram prints the SVG of the tensor form: the one the library draws", () => {
  const r = cli("derive", "A' * B", "--wrt", "A", "--diagram");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(r.stdout, /<title>αBᵀ:β<\/title>/);
  assert.equal(r.stdout, diagramSvg(derive("A' * B", "A").diagram()));
});

test("--diagram --form hessian --theme dark draws that form in the dark theme", () => {
  const r = cli("derive", "x'Ax", "--wrt", "x", "--form", "hessian", "--diagram", "--theme", "dark");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /<title>A \+ Aᵀ<\/title>/);
  assert.ok(r.stdout.includes("#0d1117") && !r.stdout.includes("prefers-color-scheme"));
});

test("--diagram of a form without a diagram, and --theme alone, are usage errors with the reason", () => {
  const r = cli("derive", "A' * B", "--wrt", "A", "--form", "differential", "--diagram");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no diagram for the differential form: .*dX.*draw the tensor form/);
  const t = cli("derive", "A' * B", "--wrt", "A", "--theme", "dark");
  assert.equal(t.code, 2);
  assert.match(t.stderr, /--theme goes with --diagram/);
  const u = cli("derive", "A' * B", "--wrt", "A", "--diagram", "--theme", "pink");
  assert.equal(u.code, 2);
  assert.match(u.stderr, /--theme must be one of auto, light, dark/);
});

test("the README's command writes the README's picture, byte for byte", () => {
  const r = cli("derive", "A' * B", "--wrt", "A", "--diagram");
  assert.equal(r.code, 0, r.stderr);
  const committed = readFileSync(join(__dirname, "..", "..", "docs", "img", "diagrams", "seed.svg"), "utf8");
  assert.equal(r.stdout, committed, "docs/img/diagrams/seed.svg is stale: run npm run diagrams");
});
