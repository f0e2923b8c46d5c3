/**
 * The calculator's shape box: `A: p×m, B: p×n`, `A: [3, 2]; x: n`, `s: scalar`, `X: b×s×d` (any number of axes).
 * Each entry is a one-letter symbol (optionally with digits or `_suffix`, as
 * in the expression parser), a colon, and its dimensions separated by `×`,
 * `x` or `,` (optionally in brackets); a dimension is a positive integer or a
 * name. Errors say which entry is wrong and why.
 */

export type Dim = number | string;

/** Parses the shape box; an empty box gives `{}` (the engine names unknown dimensions). */
export function parseShapes(src: string): Record<string, Dim[]> {
  const out: Record<string, Dim[]> = {};
  const entries: string[] = [];
  let depth = 0;
  let cur = "";
  // Split on `;`, newlines, or commas outside brackets that start a new `name:` entry.
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "[" || c === "(") depth++;
    if (c === "]" || c === ")") depth = Math.max(0, depth - 1);
    const startsEntry = c === "," && depth === 0 && /^\s*[A-Za-zαβ][A-Za-z0-9_]*\s*:/.test(src.slice(i + 1));
    if (c === ";" || c === "\n" || startsEntry) {
      entries.push(cur);
      cur = "";
    } else cur += c;
  }
  entries.push(cur);
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") continue;
    const m = /^([A-Za-z](?:\d+|_[A-Za-z0-9]+)?)\s*:\s*(.*)$/.exec(entry);
    if (!m) {
      throw new Error(`shapes: "${entry}" should look like "A: p×m" (a symbol, a colon, its dimensions)`);
    }
    const [, name, rest] = m;
    if (name in out) throw new Error(`shapes: ${name} is given twice`);
    const body = rest.trim().replace(/^[[(]\s*|\s*[\])]$/g, "");
    if (body === "" || /^scalar$/i.test(body)) {
      out[name] = [];
      continue;
    }
    const dims = body
      .split(/\s*(?:×|,|\bx\b|(?<=\d)x(?=\w)|(?<=\w)x(?=\d))\s*/)
      // "nxn", "bxsxd": one-letter dimension names joined by x
      .flatMap((d) => (/^[A-Za-z](?:x[A-Za-z])+$/.test(d) ? d.split("x") : [d]));
    out[name] = dims.map((d) => {
      if (/^\d+$/.test(d)) {
        const n = Number(d);
        if (n < 1) throw new Error(`shapes: ${name} has a dimension of size ${n}; sizes start at 1`);
        return n;
      }
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(d)) return d;
      throw new Error(`shapes: ${name}: "${d}" is not a dimension (a positive integer or a name such as n)`);
    });
  }
  return out;
}

/** The box text for a shapes object (inverse of parseShapes for the calculator's examples). */
export function formatShapes(shapes: Record<string, Dim[]>): string {
  return Object.entries(shapes)
    .map(([k, v]) => `${k}: ${v.length === 0 ? "scalar" : v.join("×")}`)
    .join(", ");
}
