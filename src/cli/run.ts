/**
 * The `tensorcalc` command line: argument parsing and output, as a pure function for testing.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ParseError, TensorcalcError } from "../core/errors";
import { derive, type Derivation, type FormName } from "../symbolic/derive";
import type { Dim } from "../symbolic/expr";
import { FACTS, type Fact } from "../symbolic/facts";
import { verify } from "../symbolic/verify";
import { catalogue } from "../symbolic/catalogue";
import { checkCatalogueEntry } from "../symbolic/check";
import { FORM_NAMES } from "../symbolic/forms/registry";
import { syntaxHelp } from "../symbolic/syntax";
import { CODE_LANGUAGES, CODE_WHATS, type CodeLanguage, type CodeWhat, generate } from "../symbolic/codegen/generate";
import type { StepRoute } from "../symbolic/steps/types";
import { renderSteps, ROUTES } from "./steps";
import { diagramSvg } from "../diagram/index";

const THEMES = ["auto", "light", "dark"] as const;

/** What a CLI run printed and its exit code (0 ok, 1 verification failed, 2 bad input). */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const FORMS: readonly FormName[] = FORM_NAMES;

export const HELP = `tensorcalc — matrix calculus you can see and check

Usage:
  tensorcalc derive "<expression>" --wrt <symbol> [options]
  tensorcalc catalogue [--verify]
  tensorcalc --help | --version

Derive options:
  --wrt, -w <symbol>     the variable (required)
  --shape, -s <S=dims>   shape of a symbol, repeatable: A=3x2, A=pxm, x=n (vector), s= (scalar), T=bxsxd
  --symmetric <S>        S is a symmetric matrix, repeatable (or S,T): the simplifier uses it; for the
                         variable, the gradient is sym(G) and the form "entries" is G + Gᵀ − G∘I
  --diagonal <D>         D is a diagonal matrix, repeatable (or D,E): for the variable, the gradient is G∘I
  --assume <S=fact>      a fact about a constant's values that the result may use, repeatable:
                         ${Object.entries(FACTS)
                           .map(([f, m]) => `${f}: ${m}`)
                           .join("; ")}
  --form, -f <name>      print one form: ${FORMS.join(", ")}
  --latex                print LaTeX instead of text
  --verify               check every form numerically against the exact Jacobian (autodiff)
  --json                 machine-readable output
  --code <language>      print a function fAndG computing the value and the derivative: ${CODE_LANGUAGES.join(", ")}
  --what <derivative>    with --code: ${CODE_WHATS.join(", ")} (default gradient, or jacobian when Y is not scalar)
  --diagram              print the tensor-network diagram of the derivative as an SVG document: the
                         --form given (tensor, gradient, hessian, kron, entries), else the tensor form
  --theme <name>         with --diagram: ${THEMES.join(", ")} (default auto: follows the reader's dark mode)
  --steps                the derivation step by step, each step a named rule checked with numbers
  --route <name>         the route of --steps: ${ROUTES.join(", ")} (default: gradient for a scalar,
                         else tensor, else kron; index, Ricci calculus, for tensors of three or more axes)

Expressions:
${syntaxHelp()}
Symbols are one letter (plus digits or _sub); lowercase symbols are column vectors unless
--shape says otherwise. An expression that starts with - is read as one (-y'*log(p)); one that
looks like an option (-x) goes after --: tensorcalc derive --wrt x -- -x

Examples:
  tensorcalc derive "A' * B" --wrt A --shape A=pxm --shape B=pxn
  tensorcalc derive "x'Ax" --wrt x --form hessian
  tensorcalc derive "logdet(X)" --wrt X --latex --verify
  tensorcalc derive "A' * B" --wrt A --diagram > d.svg
  tensorcalc derive "A' * B" --wrt A --steps --route tensor
  tensorcalc derive "norm2(A*x - b)^2" --wrt x --form gradient
  tensorcalc derive "sum(log(1 + exp(-y .* (X*w))))" --wrt w --form hessian --verify
  tensorcalc derive "sum(log(1 + exp(-y .* (X*w))))" --wrt w --shape X=mxn --code js

Exit codes: 0 success, 1 a verification failed, 2 bad input (the message says what and where).`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

class UsageError extends Error {}

/** Parse `A=3x2`, `A=pxm`, `x=n`, `s=` into a name and its dimensions. */
export function parseShapeArg(arg: string): [string, Dim[]] {
  const m = /^([A-Za-z](?:\d+|_[A-Za-z0-9]+)?)=(.*)$/.exec(arg);
  if (!m)
    throw new UsageError(
      `--shape expects NAME=DIMS such as A=3x2, A=pxm, x=n or s= (scalar), got ${JSON.stringify(arg)}`,
    );
  const body = m[2].trim();
  if (body === "" || body === "scalar") return [m[1], []];
  const dims = body.split(/[x×,*]/).map((d) => d.trim());
  const out = dims.map((d): Dim => {
    if (/^\d+$/.test(d) && Number(d) >= 1) return Number(d);
    if (/^[A-Za-wyzA-Z_][A-Za-z0-9_]*$/.test(d)) return d;
    throw new UsageError(
      `--shape ${arg}: dimension ${JSON.stringify(d)} must be a positive whole number or a name such as m`,
    );
  });
  return [m[1], out];
}

interface Options {
  command: "derive" | "catalogue" | "help" | "version";
  expr?: string;
  wrt?: string;
  shapes: Record<string, Dim[]>;
  symmetric: string[];
  diagonal: string[];
  assume: Record<string, Fact>;
  form?: FormName;
  latex: boolean;
  verify: boolean;
  json: boolean;
  code?: CodeLanguage;
  what?: CodeWhat;
  steps: boolean;
  route?: StepRoute;
  diagram: boolean;
  theme?: (typeof THEMES)[number];
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    command: "help",
    shapes: {},
    symmetric: [],
    diagonal: [],
    assume: {},
    latex: false,
    verify: false,
    json: false,
    steps: false,
    diagram: false,
  };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--") {
      // everything after -- is an argument (an expression may start with -)
      rest.push(...argv.slice(i + 1));
      break;
    }
    const eq = /^(--[a-z]+)=(.*)$/.exec(a);
    if (eq) {
      argv = [...argv.slice(0, i), eq[1], eq[2], ...argv.slice(i + 1)];
      i--;
      continue;
    }
    if (a === "--help" || a === "-h") return { ...o, command: "help" };
    if (a === "--version" || a === "-v") return { ...o, command: "version" };
    if (a === "--wrt" || a === "-w") o.wrt = value();
    else if (a === "--shape" || a === "-s") {
      const [n, d] = parseShapeArg(value());
      o.shapes[n] = d;
    } else if (a === "--symmetric" || a === "--diagonal") {
      for (const n of value().split(",")) {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(n.trim()))
          throw new UsageError(`${a} expects symbol names such as S or S,T, got ${JSON.stringify(n)}`);
        (a === "--symmetric" ? o.symmetric : o.diagonal).push(n.trim());
      }
    } else if (a === "--assume") {
      const v = value();
      const m = /^([A-Za-z][A-Za-z0-9_]*)=([a-z]+)$/.exec(v.trim());
      if (m === null || !(m[2] in FACTS))
        throw new UsageError(
          `--assume expects S=fact with a fact among ${Object.keys(FACTS).join(", ")} (e.g. --assume Y=probability), got ${JSON.stringify(v)}`,
        );
      o.assume[m[1]] = m[2] as Fact;
    } else if (a === "--form" || a === "-f") {
      const f = value();
      if (!FORMS.includes(f as FormName))
        throw new UsageError(`--form must be one of ${FORMS.join(", ")}, got ${JSON.stringify(f)}`);
      o.form = f as FormName;
    } else if (a === "--latex") o.latex = true;
    else if (a === "--verify") o.verify = true;
    else if (a === "--json") o.json = true;
    else if (a === "--code") {
      const c = value();
      if (!CODE_LANGUAGES.includes(c as CodeLanguage))
        throw new UsageError(`--code must be one of ${CODE_LANGUAGES.join(", ")}, got ${JSON.stringify(c)}`);
      o.code = c as CodeLanguage;
    } else if (a === "--what") {
      const w = value();
      if (!CODE_WHATS.includes(w as CodeWhat))
        throw new UsageError(`--what must be one of ${CODE_WHATS.join(", ")}, got ${JSON.stringify(w)}`);
      o.what = w as CodeWhat;
    } else if (a === "--diagram") o.diagram = true;
    else if (a === "--theme") {
      const t = value();
      if (!THEMES.includes(t as (typeof THEMES)[number]))
        throw new UsageError(`--theme must be one of ${THEMES.join(", ")}, got ${JSON.stringify(t)}`);
      o.theme = t as (typeof THEMES)[number];
    } else if (a === "--steps") o.steps = true;
    else if (a === "--route") {
      const r = value();
      if (!ROUTES.includes(r as StepRoute))
        throw new UsageError(
          `--route must be one of ${ROUTES.filter((x) => x !== "index").join(", ")}, got ${JSON.stringify(r)} (or index: Ricci calculus in index notation, for tensors of any order)`,
        );
      o.route = r as StepRoute;
      o.steps = true;
    } else if (/^--?[A-Za-z][A-Za-z0-9-]*$/.test(a))
      // only what looks like an option is one: -y'*log(p) or -2*x is an expression
      throw new UsageError(
        `unknown option ${a} (see tensorcalc --help); an expression that starts with - goes after --, e.g. tensorcalc derive --wrt x -- "${a}"`,
      );
    else rest.push(a);
  }
  if (rest.length === 0) return o;
  const [cmd, ...args] = rest;
  if (cmd === "derive") {
    if (args.length !== 1)
      throw new UsageError(
        `derive takes one expression in quotes, e.g. tensorcalc derive "A' * B" --wrt A (got ${args.length} arguments)`,
      );
    if (o.wrt === undefined)
      throw new UsageError(`derive needs --wrt <symbol>, the variable to differentiate with respect to`);
    if (o.theme !== undefined && !o.diagram) throw new UsageError(`--theme goes with --diagram`);
    if (o.what !== undefined && o.code === undefined)
      throw new UsageError(`--what goes with --code <language> (${CODE_LANGUAGES.join(", ")})`);
    return { ...o, command: "derive", expr: args[0] };
  }
  if (cmd === "catalogue" || cmd === "catalog") {
    if (args.length > 0) throw new UsageError(`catalogue takes no arguments`);
    return { ...o, command: "catalogue" };
  }
  throw new UsageError(`unknown command ${JSON.stringify(cmd)}; commands: derive, catalogue (see tensorcalc --help)`);
}

function shapeText(s: readonly Dim[]): string {
  return s.length === 0 ? "scalar" : s.join("×");
}

function renderDerivation(d: Derivation, o: Options, out: string[]): void {
  const shapes = Object.entries(d.shapes)
    .map(([n, s]) => `${n}: ${shapeText(s)}`)
    .join(", ");
  out.push(o.latex ? `Y = ${d.exprLatex}` : `Y = ${d.exprText}    (${shapes}; Y: ${shapeText(d.resultShape)})`);
  const forms = o.form ? d.forms.filter((f) => f.name === o.form) : d.forms;
  if (o.form && forms.length === 0) {
    const why = d.notApplicable.find((n) => n.name === o.form)?.reason ?? "not available";
    out.push(`The ${o.form} form does not apply: ${why}`);
    return;
  }
  const width = Math.max(...forms.map((f) => f.name.length));
  for (const f of forms)
    out.push(o.latex ? `${f.name.padEnd(width)}  ${f.latex}` : `${f.name.padEnd(width)}  ${f.text}    [${f.title}]`);
  if (!o.form && d.notApplicable.length > 0) {
    out.push(`not applicable: ${d.notApplicable.map((n) => `${n.name} (${n.reason})`).join("; ")}`);
  }
  for (const n of d.notes) out.push(`note: ${n}`);
}

/**
 * Run the CLI on an argument list (without `node` and the script name); returns what it
 * printed and the exit code instead of writing and exiting, so that it can be tested in-process.
 */
export function runCli(argv: readonly string[]): CliResult {
  const out: string[] = [];
  try {
    const o = parseArgs(argv);
    if (o.command === "help") return { code: 0, stdout: HELP + "\n", stderr: "" };
    if (o.command === "version") return { code: 0, stdout: version() + "\n", stderr: "" };
    if (o.command === "catalogue") {
      let failed = 0;
      for (const e of catalogue) {
        if (o.verify) {
          const c = checkCatalogueEntry(e);
          if (!c.ok) failed++;
          out.push(`${c.ok ? "ok  " : "FAIL"} ${e.id.padEnd(18)} ${e.ref}`);
        } else out.push(`${e.id.padEnd(18)} ${e.expr.padEnd(22)} wrt ${e.wrt}   ${e.ref}`);
      }
      if (o.verify) out.push(`${catalogue.length - failed}/${catalogue.length} rows verified`);
      return { code: failed > 0 ? 1 : 0, stdout: out.join("\n") + "\n", stderr: "" };
    }
    const d = derive(o.expr ?? "", o.wrt ?? "", o.shapes, {
      ...(o.symmetric.length > 0 ? { symmetric: o.symmetric } : {}),
      ...(o.diagonal.length > 0 ? { diagonal: o.diagonal } : {}),
      ...(Object.keys(o.assume).length > 0 ? { assume: o.assume } : {}),
    });
    if (o.code !== undefined) {
      const code = generate(d, { language: o.code, ...(o.what ? { what: o.what } : {}) });
      const stdout = o.json
        ? JSON.stringify(
            {
              language: code.language,
              what: code.what,
              entry: code.entry,
              check: code.check,
              args: code.args,
              source: code.source,
            },
            null,
            2,
          ) + "\n"
        : code.source;
      return { code: 0, stdout, stderr: "" };
    }
    if (o.diagram) {
      const svg = diagramSvg(d.diagram(o.form), { theme: o.theme ?? "auto" });
      return { code: 0, stdout: svg, stderr: "" };
    }
    if (o.steps) {
      const r = renderSteps(d, o.route, o.json ? "json" : o.latex ? "latex" : "text");
      return { code: r.code, stdout: r.stdout, stderr: "" };
    }
    const report = o.verify ? verify(d) : undefined;
    if (o.json) {
      const json = {
        expr: d.exprText,
        exprLatex: d.exprLatex,
        wrt: d.wrt,
        shapes: d.shapes,
        resultShape: d.resultShape,
        forms: d.forms
          .filter((f) => !o.form || f.name === o.form)
          .map((f) => ({ name: f.name, title: f.title, text: f.text, latex: f.latex })),
        notApplicable: d.notApplicable,
        notes: d.notes,
        ...(report
          ? {
              verify: {
                ok: report.ok,
                exact: report.exact,
                dims: report.dims,
                forms: report.forms,
                paths: report.paths,
              },
            }
          : {}),
      };
      return { code: report && !report.ok ? 1 : 0, stdout: JSON.stringify(json, null, 2) + "\n", stderr: "" };
    }
    renderDerivation(d, o, out);
    if (report) {
      out.push(
        `verify (${
          Object.entries(report.dims)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ") || "no named dims"
        }, ${report.exact ? "exact: integer values" : "random values"}):`,
      );
      for (const f of [...report.forms, ...report.paths])
        out.push(`  ${f.ok ? "ok  " : "FAIL"} ${f.name}: max |error| = ${f.maxAbsError}`);
    }
    return { code: report && !report.ok ? 1 : 0, stdout: out.join("\n") + "\n", stderr: "" };
  } catch (e) {
    const json = argv.some((a) => a === "--json" || a.startsWith("--json="));
    if (e instanceof UsageError || e instanceof TensorcalcError) {
      const stdout = json
        ? JSON.stringify({ error: errorJson(e, e instanceof UsageError ? "UsageError" : e.name) }, null, 2) + "\n"
        : "";
      return { code: 2, stdout, stderr: `tensorcalc: ${e.message}\n` };
    }
    const stdout = json ? JSON.stringify({ error: errorJson(e as Error, "InternalError") }, null, 2) + "\n" : "";
    return { code: 2, stdout, stderr: `tensorcalc: internal error: ${(e as Error).stack ?? String(e)}\n` };
  }
}

/** What `--json` prints for an error. */
export interface CliErrorJson {
  /** ParseError, ShapeError, DifferentiationError, … or UsageError (bad arguments), InternalError (a bug). */
  kind: string;
  /** The message without the caret lines. */
  message: string;
  /** 0-based offset in the expression of what the error points at, or null. */
  position: number | null;
  /** How many characters the caret underlines, or null. */
  length: number | null;
}

/**
 * The error as JSON: the caret lines the message ends with (parse and shape errors: the expression, then `^^^`
 * under the offending part) give the position and the length; a ParseError's own position wins.
 */
export function errorJson(e: Error, kind: string): CliErrorJson {
  const text = String(e?.message ?? e);
  const caret = /\n {2}([^\n]*)\n {2}( *)(\^+)\s*$/.exec(text);
  const message = (caret ? text.slice(0, caret.index) : text).trim();
  let position: number | null = caret ? caret[2].length : null;
  const length: number | null = caret ? caret[3].length : null;
  if (e instanceof ParseError) position = e.position;
  return { kind, message, position, length };
}
