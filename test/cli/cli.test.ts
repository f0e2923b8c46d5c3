/**
 * The `tensorcalc` command, spawned as `node dist/cli/main.js` (npm test builds dist first).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli, parseShapeArg } from "../../src/cli/run";
import { cli } from "../helpers/cli";

test("derive prints every form of the seed's derivative", () => {
  const r = cli("derive", "A' * B", "--wrt", "A", "--shape", "A=pxm", "--shape", "B=pxn");
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^Y = AᵀB\s+\(A: p×m, B: p×n; Y: m×n\)$/);
  assert.match(lines[1], /^tensor\s+αBᵀ:β\s+\[Fourth-order tensor \(α\/β\)\]$/);
  assert.match(lines[2], /^index\s+δ_il B_kj\s/);
  assert.match(lines[3], /^kron\s+\(Bᵀ ⊗ I\)K_pm\s/);
  assert.match(lines[4], /^component\s+E_klᵀ B\s/);
  assert.match(lines[5], /^differential\s+dAᵀ B\s/);
  assert.match(lines[6], /^not applicable: gradient \(the expression is not scalar-valued\)/);
});

test("--form picks one form, --latex prints LaTeX, --verify checks it", () => {
  const r = cli("derive", "x'Ax", "--wrt", "x", "--form", "hessian", "--latex", "--verify");
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /hessian\s+\\frac\{\\partial\^\{2\} \\left\(x\^\{T\} A x\\right\)\}\{\\partial x\\, \\partial x\^\{T\}\} = A \+ A\^\{T\}/,
  );
  assert.match(r.stdout, /verify \(d1=2, exact: integer values\):/);
  assert.match(r.stdout, /ok {3}hessian: max \|error\| = 0/);
  const g = cli("derive", "logdet(X)", "-w", "X", "-f", "gradient");
  assert.match(g.stdout, /gradient\s+X⁻ᵀ/);
});

test("--json gives machine-readable forms and the verification", () => {
  const r = cli("derive", "tr(A*X)", "--wrt", "X", "--shape", "A=3x2", "--json", "--verify");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    forms: { name: string; text: string }[];
    shapes: Record<string, unknown>;
    verify: { ok: boolean };
  };
  assert.deepEqual(j.shapes, { A: [3, 2], X: [2, 3] });
  assert.equal(j.forms.find((f) => f.name === "gradient")?.text, "Aᵀ");
  assert.equal(j.verify.ok, true);
});

test("--help and --version", () => {
  const h = cli("--help");
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage:\n {2}tensorcalc derive "<expression>" --wrt <symbol>/);
  const v = cli("--version");
  assert.equal(v.code, 0);
  assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+/);
  assert.equal(cli().code, 0, "no arguments prints the help");
});

test("bad input: exit code 2 and a clear message (caret for parse errors)", () => {
  const p = cli("derive", "A * (B", "--wrt", "A");
  assert.equal(p.code, 2);
  assert.equal(p.stdout, "");
  assert.equal(
    p.stderr,
    "tensorcalc: parse error at position 6: expected ')' to close the '(' at position 4, found the end of the expression\n  A * (B\n        ^\n",
  );
  const s = cli("derive", "A*B", "--wrt", "A", "-s", "A=2x3", "-s", "B=4x5");
  assert.equal(s.code, 2);
  assert.match(s.stderr, /shape mismatch in the product: A has shape \[2, 3\] and B has shape \[4, 5\]/);
  assert.match(s.stderr, /\n {2}A\*B\n {2}\^\^\^\n$/);
  const cases: [string[], RegExp][] = [
    [["derive", "A"], /derive needs --wrt <symbol>/],
    [["derive", "--wrt", "A"], /derive takes one expression in quotes/],
    [["derive", "A", "--wrt"], /--wrt needs a value/],
    [["derive", "A", "--wrt", "A", "--form", "pretty"], /--form must be one of tensor, index/],
    [["derive", "A", "--wrt", "A", "--shape", "A3x2"], /--shape expects NAME=DIMS/],
    [["derive", "A", "--wrt", "A", "--shape", "A=0x2"], /dimension "0" must be a positive whole number/],
    [["derive", "A", "--wrt", "B"], /B does not appear in it/],
    [["integrate", "A"], /unknown command "integrate"/],
    [["derive", "A", "--wrt", "A", "--frobnicate"], /unknown option --frobnicate/],
    [["derive", "tr(A)", "--wrt", "A", "--shape", "A=2x3"], /tr needs a square matrix/],
  ];
  for (const [args, re] of cases) {
    const r = cli(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, re, args.join(" "));
  }
});

test("Kronecker products get composite indices", () => {
  const r = cli("derive", "kron(A, B)", "--wrt", "A", "--shape", "A=mxn", "--shape", "B=pxq", "--latex");
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /index\s+\\frac\{\\partial \\left\(A \\otimes B\\right\)_\{\(ab\)\(cd\)\}\}\{\\partial A_\{kl\}\} = \\delta_\{ak\} \\delta_\{cl\} B_\{bd\}/,
  );
});

test("catalogue lists and verifies every row", () => {
  const r = cli("catalogue", "--verify");
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /ok {3}seed-AtB-A/);
  assert.match(r.stdout, /(\d+)\/\1 rows verified/);
});

test("in-process runCli and shape arguments", () => {
  assert.deepEqual(parseShapeArg("A=3x2"), ["A", [3, 2]]);
  assert.deepEqual(parseShapeArg("A=p×m"), ["A", ["p", "m"]]);
  assert.deepEqual(parseShapeArg("x=n"), ["x", ["n"]]);
  assert.deepEqual(parseShapeArg("s="), ["s", []]);
  assert.equal(
    runCli(["derive", "A' * B", "--wrt=B", "--form=kron"]).stdout.split("\n")[1],
    "kron  I ⊗ Aᵀ    [vec–Kronecker (Magnus–Neudecker) DF = ∂vec(Y)/∂vec(B)ᵀ]",
  );
});

test("diag from the command line: listed in --help, derived and verified", () => {
  const help = cli("--help");
  assert.match(help.stdout, /\n {2}diag\(x\), diag\(X\) +vector → diagonal matrix; square matrix → its diagonal\n/);
  const r = cli("derive", "a' * diag(x) * b", "--wrt", "x", "--form", "gradient", "--verify");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^gradient\s+a ∘ b\s/m);
  assert.match(r.stdout, /ok +gradient: max \|error\| = 0/);
});

test("--json: a bad input also prints { error: { kind, message, position } } on stdout; exit code and stderr unchanged", () => {
  const parseErr = cli("derive", "A + * B", "--wrt", "A", "--json");
  assert.equal(parseErr.code, 2);
  assert.match(parseErr.stderr, /^tensorcalc: parse error at position 4: .*\n {2}A \+ \* B\n {6}\^\n$/);
  assert.deepEqual(JSON.parse(parseErr.stdout), {
    error: {
      kind: "ParseError",
      message: "parse error at position 4: expected an operand (a symbol, a number or '('), found '*'",
      position: 4,
      length: 1,
    },
  });
  const shape = cli("derive", "B + A * x", "--wrt", "x", "--shape", "A=3x2", "--shape", "x=3", "--json");
  assert.equal(shape.code, 2);
  const e = (JSON.parse(shape.stdout) as { error: { kind: string; message: string; position: number } }).error;
  assert.equal(e.kind, "ShapeError");
  assert.match(e.message, /^shape mismatch in the product: A has shape \[3, 2\] and x has shape \[3\]/);
  assert.equal(e.position, 4, "the position of A * x in the expression");
  assert.match(shape.stderr, /\n {2}B \+ A \* x\n {6}\^{5}\n$/);
  const usage = cli("derive", "A", "--json");
  assert.equal(usage.code, 2);
  assert.deepEqual(JSON.parse(usage.stdout), {
    error: {
      kind: "UsageError",
      message: "derive needs --wrt <symbol>, the variable to differentiate with respect to",
      position: null,
      length: null,
    },
  });
  const plain = cli("derive", "A + * B", "--wrt", "A");
  assert.equal(plain.code, 2);
  assert.equal(plain.stdout, "", "without --json nothing goes to stdout");
});

test("an expression that starts with - is read as one, with and without --; an option-like one is explained", () => {
  for (const args of [
    ["derive", "-y'*log(p)", "--wrt", "p"],
    ["derive", "--wrt", "p", "--", "-y'*log(p)"],
  ]) {
    const r = cli(...args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Y = −yᵀ log\(p\)/, args.join(" "));
  }
  const x = cli("derive", "--wrt", "x", "--", "-x");
  assert.equal(x.code, 0, x.stderr);
  assert.match(x.stdout, /^Y = −x\b/);
  const bad = cli("derive", "-x", "--wrt", "x");
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /unknown option -x .*goes after --, e\.g\. tensorcalc derive --wrt x -- "-x"/);
});

test("--verify checks the operator paths of at(values) too", () => {
  const r = cli("derive", "softmax(B*x)", "--wrt", "x", "--verify");
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const p of ["apply", "applyT", "entry", "toDense", "toVec"])
    assert.match(r.stdout, new RegExp(`ok {3}at\\(\\)\\.${p}: `));
});
