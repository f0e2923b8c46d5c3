/**
 * Symbolic engine benchmark: deriving + simplifying every catalogue row (all forms built),
 * beside SymPy's MatrixSymbol.diff on the same expressions (bench/sympy_peer.py, Debian's
 * /usr/bin/python3 with python3-sympy). Target: < 10 ms per row for tensorcalc. Forms are
 * built lazily, so a second table times det(X) with the gradient form only against all forms.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { catalogue, derive, deriveEntry, verify, parse, type Expr, type Dim } from "../src";
import { ms, PYTHON, table, time } from "./harness";

export const title = "Symbolic engine (derive + simplify + forms) vs SymPy MatrixSymbol.diff";

/** Translate an expression to SymPy over MatrixSymbols (undefined when SymPy has no counterpart). */
function toSympy(e: Expr): string | undefined {
  const r = (x: Expr): string | undefined => toSympy(x);
  const [a, b] = e.args as readonly Expr[];
  const two = (f: (x: string, y: string) => string): string | undefined => {
    const x = r(a);
    const y = r(b);
    return x === undefined || y === undefined ? undefined : f(x, y);
  };
  const one = (f: (x: string) => string): string | undefined => {
    const x = r(a);
    return x === undefined ? undefined : f(x);
  };
  switch (e.op) {
    case "sym":
      return e.name;
    case "num":
      return String(e.value);
    case "T":
      return one((x) => `(${x}).T`);
    case "mul":
      return two((x, y) => `(${x})*(${y})`);
    case "add":
      return two((x, y) => `(${x})+(${y})`);
    case "sub":
      return two((x, y) => `(${x})-(${y})`);
    case "neg":
      return one((x) => `-(${x})`);
    case "had":
      return two((x, y) => `HadamardProduct(${x}, ${y})`);
    case "kron":
      return two((x, y) => `KroneckerProduct(${x}, ${y})`);
    case "tr":
      return one((x) => `Trace(${x})`);
    case "det":
      return one((x) => `Determinant(${x})`);
    case "logdet":
      return one((x) => `log(Determinant(${x}))`);
    case "inv":
      return one((x) => `Inverse(${x})`);
    default:
      return undefined;
  }
}

interface PeerReply {
  sympy: string;
  rows: Record<string, { best: number; median: number; result?: string } | { error: string }>;
}

function sympyPeer(rows: unknown[]): { reply?: PeerReply; reason?: string } {
  const r = spawnSync(PYTHON, [join(__dirname, "sympy_peer.py")], {
    input: JSON.stringify({ rows }),
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.error) return { reason: `${PYTHON} could not run (${r.error.message})` };
  if (r.status === 3) return { reason: r.stderr.trim() || "sympy unavailable" };
  if (r.status !== 0)
    return { reason: `sympy peer failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-1)[0]}` };
  try {
    return { reply: JSON.parse(r.stdout) as PeerReply };
  } catch {
    return { reason: `sympy peer printed no JSON: ${r.stdout.slice(0, 200)}` };
  }
}

export function run(): void {
  console.log(`## ${title}\n`);
  const rows = catalogue.map((entry) => {
    const t = time(() => deriveEntry(entry).forms, { minMs: 200, minRuns: 5 });
    const d = deriveEntry(entry);
    const tv = time(() => verify(d), { minMs: 100, minRuns: 3 });
    const padded: Record<string, Dim[]> = {};
    for (const [n, s] of Object.entries(d.shapes))
      padded[n] = s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : [...s];
    return { entry, t, tv, sympy: toSympy(parse(entry.expr)), symbols: padded };
  });
  const peer = sympyPeer(
    rows
      .filter((r) => r.sympy !== undefined)
      .map((r) => ({ id: r.entry.id, expr: r.sympy, wrt: r.entry.wrt, symbols: r.symbols })),
  );
  if (peer.reason) console.log(`SymPy column unavailable: ${peer.reason}\n`);
  else
    console.log(
      `SymPy ${peer.reply?.sympy} (single process, \`expr.diff(X)\` on MatrixSymbols with symbolic sizes).\n`,
    );
  const out = rows.map((r) => {
    const s = peer.reply?.rows[r.entry.id];
    const sym = s === undefined ? "—" : "error" in s ? `fails (${s.error.split(":")[0]})` : ms(s.median);
    const ratio = s !== undefined && !("error" in s) ? `${(s.median / r.t.median).toFixed(1)}×` : "—";
    return [
      r.entry.id,
      `\`${r.entry.expr}\` wrt ${r.entry.wrt}`,
      ms(r.t.median),
      r.t.median < 10 ? "yes" : "**no**",
      ms(r.tv.median),
      sym,
      ratio,
    ];
  });
  console.log(
    table(
      [
        "row",
        "expression",
        "tensorcalc derive (median)",
        "< 10 ms",
        "verify all forms (median)",
        "SymPy diff (median)",
        "SymPy / tensorcalc",
      ],
      out,
    ),
  );
  // lazy forms: det(X) by X, one form against all of them
  const det = catalogue.find((e) => e.id === "mc-det");
  if (det !== undefined) {
    const one = time(() => derive(det.expr, det.wrt, det.shapes).form("gradient"), { minMs: 300, minRuns: 20 });
    const every = time(() => derive(det.expr, det.wrt, det.shapes).forms, { minMs: 300, minRuns: 20 });
    const s = peer.reply?.rows[det.id];
    const sym = s !== undefined && !("error" in s) ? s.median : undefined;
    console.log(
      `\n${table(
        ["det(X) by X", "median", "SymPy diff / this"],
        [
          [
            "derive + gradient form only (lazy forms)",
            ms(one.median),
            sym === undefined ? "—" : `${(sym / one.median).toFixed(2)}×`,
          ],
          ["derive + all forms", ms(every.median), sym === undefined ? "—" : `${(sym / every.median).toFixed(2)}×`],
          ["SymPy `Determinant(X).diff(X)`", sym === undefined ? "—" : ms(sym), "1×"],
        ],
      )}`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.t.median));
  const ok = peer.reply ? Object.values(peer.reply.rows).filter((s) => !("error" in s)).length : 0;
  console.log(
    `\nSlowest derive: ${ms(worst)} (${worst < 10 ? "within" : "over"} the 10 ms budget). SymPy differentiated ${ok} of ${rows.length} rows; tensorcalc all ${rows.length}, each in every form.`,
  );
}

if (require.main === module) run();
