// The Markdown math in the committed notebooks renders with KaTeX (what the
// site uses), so no \eqalign or other macros KaTeX lacks slip in.
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { extractMath, katexError } from "../../scripts/notebooks/math";
import { listNotebooks } from "../../scripts/notebooks/runner";

describe("notebook Markdown math renders with KaTeX", () => {
  for (const file of listNotebooks()) {
    test(path.basename(file), () => {
      const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string[] }[] };
      let spans = 0;
      const problems: string[] = [];
      nb.cells.forEach((cell, i) => {
        if (cell.cell_type !== "markdown") return;
        for (const m of extractMath(cell.source.join(""))) {
          spans++;
          const err = katexError(m.tex, m.display);
          if (err) problems.push(`cell ${i + 1}: ${err}\n  in: ${m.tex.trim().slice(0, 120)}`);
        }
      });
      assert.deepEqual(problems, [], problems.join("\n"));
      assert.ok(spans > 0, "no math found: the notebooks explain with formulas");
    });
  }
});

describe("extractMath", () => {
  test("finds inline and display math, skipping code and escaped dollars", () => {
    const spans = extractMath("a $x_1$ b `$not$` c\n$$\n\\alpha:H\n$$\n```\n$no$\n```\ncost \\$5 and $y$");
    assert.deepEqual(
      spans.map((s) => [s.tex, s.display]),
      [
        ["x_1", false],
        ["\n\\alpha:H\n", true],
        ["y", false],
      ],
    );
  });
  test("an unclosed dollar is reported with its position", () => {
    assert.throws(() => extractMath("text $x + 1"), /unclosed \$ at offset 5/);
    assert.throws(() => extractMath("$$ a"), /unclosed \$\$ at offset 0/);
  });
  test("KaTeX rejects what it cannot render, e.g. \\eqalign", () => {
    assert.match(katexError("\\eqalign{a&=b}", true) ?? "", /Undefined control sequence: \\eqalign/);
    assert.equal(katexError("\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", true), undefined);
  });
});
