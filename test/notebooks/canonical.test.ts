// Every committed notebook is in canonical form, and canonicalize() is a
// stable, idempotent normal form that keeps what the author wrote.
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import {
  canonicalize,
  joinSource,
  KERNELSPEC,
  longCodeLines,
  MAX_CODE_LINE,
  splitSource,
} from "../../scripts/notebooks/canonical";
import { listNotebooks } from "../../scripts/notebooks/runner";

interface Cell {
  cell_type: string;
  id: string;
  source: string[];
  metadata: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

describe("committed notebooks", () => {
  const files = [...listNotebooks(), ...listNotebooks(path.join(__dirname, "fixtures"))];
  for (const file of files) {
    test(`${path.relative(process.cwd(), file)} is canonical (npm run notebooks:canonical)`, () => {
      const text = fs.readFileSync(file, "utf8");
      assert.equal(text, canonicalize(text, file), `${file} is not canonical; run npm run notebooks:canonical`);
    });
    test(`${path.relative(process.cwd(), file)} has no code line over ${MAX_CODE_LINE} characters`, () => {
      const long = longCodeLines(fs.readFileSync(file, "utf8"), file);
      assert.deepEqual(long, [], long.join("\n"));
    });
  }
});

describe("canonical form and Jupyter agree", () => {
  // nbformat (Jupyter's own reader/writer) validates each committed notebook and,
  // writing it back, produces the identical text: saving from Jupyter and then
  // running notebooks:canonical changes only what the author changed.
  const files = [...listNotebooks(), ...listNotebooks(path.join(__dirname, "fixtures"))];
  const script = [
    "import json, sys, nbformat",
    "out = {}",
    "for f in sys.argv[1:]:",
    "    text = open(f, encoding='utf-8').read()",
    "    nb = nbformat.reads(text, as_version=4)",
    "    try:",
    "        nbformat.validate(nb)",
    "        problem = ''",
    "    except nbformat.ValidationError as e:",
    "        problem = str(e).splitlines()[0]",
    "    out[f] = {'valid': problem, 'roundtrip': nbformat.writes(nb) + '\\n' == text}",
    "print(json.dumps(out))",
  ].join("\n");
  test("every notebook is valid nbformat 4.5 and survives nbformat's writer unchanged", () => {
    const r = spawnSync("/usr/bin/python3", ["-c", script, ...files], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, { valid: string; roundtrip: boolean }>;
    for (const f of files) {
      assert.equal(out[f].valid, "", `${f}: ${out[f].valid}`);
      assert.ok(out[f].roundtrip, `${f}: nbformat writes it differently`);
    }
  });
});

describe("canonicalize", () => {
  const messy = JSON.stringify({
    cells: [
      { cell_type: "markdown", metadata: { collapsed: true }, source: "# T\n\ntext\n\n" },
      {
        cell_type: "code",
        execution_count: 7,
        id: "random-id",
        metadata: { tags: ["x"], scrolled: true },
        outputs: [{ output_type: "stream", name: "stdout", text: "hi\n" }],
        source: ["const a = 1;\r\n", "console.log(a)\n"],
      },
    ],
    metadata: { kernelspec: { name: "other" }, widgets: {} },
    nbformat: 4,
    nbformat_minor: 2,
  });

  test("drops outputs, counts and volatile metadata; keeps sources and tags", () => {
    const nb = JSON.parse(canonicalize(messy)) as {
      cells: Cell[];
      metadata: Record<string, unknown>;
      nbformat_minor: number;
    };
    assert.equal(nb.nbformat_minor, 5);
    assert.deepEqual(nb.metadata.kernelspec, KERNELSPEC);
    assert.deepEqual(Object.keys(nb.metadata), ["kernelspec", "language_info"]);
    assert.deepEqual(nb.cells[0].source, ["# T\n", "\n", "text"]);
    assert.deepEqual(nb.cells[0].metadata, {});
    assert.equal(nb.cells[1].execution_count, null);
    assert.deepEqual(nb.cells[1].outputs, []);
    assert.deepEqual(nb.cells[1].metadata, { tags: ["x"] });
    assert.deepEqual(nb.cells[1].source, ["const a = 1;\n", "console.log(a)"]);
    assert.match(nb.cells[1].id, /^[0-9a-f]{8}$/);
  });

  test("1-space indent, sorted keys, trailing newline", () => {
    const text = canonicalize(messy);
    assert.ok(text.endsWith("}\n"));
    assert.match(text, /^\{\n "cells": \[\n  \{\n   "cell_type"/);
  });

  test("reports what is wrong, naming the file", () => {
    assert.throws(() => canonicalize("{", "x.ipynb"), /x\.ipynb: not valid JSON/);
    assert.throws(() => canonicalize("{}", "x.ipynb"), /x\.ipynb: not a notebook \(no "cells" list\)/);
    assert.throws(() => canonicalize('{"cells":[],"nbformat":3}', "x.ipynb"), /nbformat 3 is not supported/);
    assert.throws(
      () => canonicalize('{"cells":[{"cell_type":"code","source":""},{"cell_type":"heading","source":""}]}', "x.ipynb"),
      /x\.ipynb: cell 2: unknown cell_type "heading"/,
    );
    assert.throws(
      () => canonicalize('{"cells":[{"cell_type":"code","source":3}]}', "x.ipynb"),
      /cell 1: "source" must be/,
    );
  });

  const cellArb = fc.record({
    cell_type: fc.constantFrom("markdown", "code", "raw"),
    source: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 4 })),
    metadata: fc.record({ tags: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }), other: fc.integer() }),
    outputs: fc.array(fc.record({ output_type: fc.constant("stream"), text: fc.string() }), { maxLength: 2 }),
    execution_count: fc.option(fc.nat()),
  });

  test("property: idempotent, keeps cell types and sources (modulo trailing blanks), unique ids", () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 8 }), (cells) => {
        const once = canonicalize(JSON.stringify({ cells, nbformat: 4 }));
        assert.equal(canonicalize(once), once);
        const nb = JSON.parse(once) as { cells: Cell[] };
        assert.equal(nb.cells.length, cells.length);
        nb.cells.forEach((c, i) => {
          assert.equal(c.cell_type, cells[i].cell_type);
          const original = joinSource(cells[i].source, "").replace(/\r\n/g, "\n").replace(/\s+$/, "");
          assert.equal(c.source.join(""), original);
        });
        assert.equal(new Set(nb.cells.map((c) => c.id)).size, nb.cells.length);
      }),
    );
  });

  test("long code lines are reported with cell, line and length; markdown is not checked", () => {
    const nb = JSON.stringify({
      cells: [
        { cell_type: "markdown", source: "x".repeat(300) },
        { cell_type: "code", source: ["const a = 1;\n", `const s = "${"é".repeat(90)}";`] },
        { cell_type: "code", source: "y".repeat(100) },
      ],
    });
    assert.deepEqual(longCodeLines(nb, "x.ipynb"), [
      `x.ipynb: cell 2, line 2 has 103 characters (at most 100): const s = "${"é".repeat(29)}…`,
    ]);
  });

  test("the command line fails on a long code line, naming it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-long-"));
    const file = path.join(dir, "long.ipynb");
    fs.writeFileSync(file, canonicalize(JSON.stringify({ cells: [{ cell_type: "code", source: "z".repeat(101) }] })));
    const script = path.join(__dirname, "..", "..", "scripts", "notebooks", "canonical.ts");
    const r = spawnSync(process.execPath, ["--import", "tsx", script, "--check", file], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /long\.ipynb: cell 1, line 1 has 101 characters \(at most 100\)/);
  });

  test("property: splitSource is Jupyter's line split and joins back", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const lines = splitSource(s);
        assert.equal(lines.join(""), s);
        lines.slice(0, -1).forEach((l) => assert.ok(l.endsWith("\n") && l.indexOf("\n") === l.length - 1));
      }),
    );
  });
});
