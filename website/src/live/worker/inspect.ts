/**
 * What `console.log` prints, as Node (and so tslab) prints it, for the values a notebook logs: strings as they
 * are, `%s`/`%d`/`%i`/`%f`/`%j`/`%o`/`%O`/`%%` substitutions, and other values through a small `util.inspect`
 * (the `nodejs.util.inspect.custom` hook first: tensors and tensorcalc errors print as in the notebook).
 * @packageDocumentation
 */

const custom = Symbol.for("nodejs.util.inspect.custom");
const maxDepth = 2;
const maxItems = 100;
const lineWidth = 72;

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(new RegExp(q, "g"), `\\${q}`);
  return q + body + q;
}

function keyText(k: string | symbol): string {
  if (typeof k === "symbol") return `[${k.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

function numberText(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

/** Items in brackets: on one line when short, else one per line. */
function wrap(open: string, items: string[], close: string, indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(", ")} ${close}`;
  if (flat.length <= lineWidth && !flat.includes("\n")) return flat;
  const inner = indent + "  ";
  return `${open}\n${items.map((i) => inner + i.replace(/\n/g, "\n" + inner)).join(",\n")}\n${indent}${close}`;
}

function constructorName(o: object): string | undefined {
  const proto = Object.getPrototypeOf(o) as { constructor?: { name?: string } } | null;
  if (proto === null) return "[Object: null prototype]";
  const name = proto.constructor?.name;
  return name && name !== "Object" ? name : undefined;
}

/** Node's `util.inspect(value)` for the common cases (depth 2, cycles shown as [Circular]). */
export function inspect(value: unknown, depth = 0, seen: object[] = [], indent = ""): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return numberText(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return value.toString();
    case "function": {
      const src = Function.prototype.toString.call(value);
      const name = (value as { name?: string }).name;
      if (/^class\b/.test(src)) return `[class ${name || "(anonymous)"}]`;
      return `[Function: ${name || "(anonymous)"}]`;
    }
  }
  if (value === null) return "null";
  const o = value as Record<string | symbol, unknown>;
  const hook = o[custom];
  if (typeof hook === "function") {
    const r: unknown = hook.call(o, maxDepth - depth, {}, inspect);
    return typeof r === "string" ? r : inspect(r, depth, seen, indent);
  }
  if (seen.includes(o)) return "[Circular]";
  if (value instanceof Error) return value.stack && !/^\s*at /m.test(value.stack) ? value.stack : errorText(value);
  if (value instanceof Date) return isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (depth > maxDepth) return Array.isArray(value) ? "[Array]" : `[${constructorName(o) ?? "Object"}]`;
  const next = [...seen, o];
  const sub = (v: unknown) => inspect(v, depth + 1, next, indent + "  ");
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = value as ArrayLike<unknown>;
    const items: string[] = [];
    for (let i = 0; i < Math.min(arr.length, maxItems); i++) items.push(sub(arr[i]));
    if (arr.length > maxItems) items.push(`... ${arr.length - maxItems} more items`);
    const name = Array.isArray(value) ? "" : `${constructorName(o) ?? "TypedArray"}(${arr.length}) `;
    return name + wrap("[", items, "]", indent);
  }
  if (value instanceof Map) {
    const items = [...value.entries()].slice(0, maxItems).map(([k, v]) => `${sub(k)} => ${sub(v)}`);
    return `Map(${value.size}) ${wrap("{", items, "}", indent)}`;
  }
  if (value instanceof Set) {
    const items = [...value.values()].slice(0, maxItems).map(sub);
    return `Set(${value.size}) ${wrap("{", items, "}", indent)}`;
  }
  const keys = [...Object.keys(o), ...Object.getOwnPropertySymbols(o)];
  const items = keys.slice(0, maxItems).map((k) => `${keyText(k)}: ${sub(o[k])}`);
  const name = constructorName(o);
  return (name ? `${name} ` : "") + wrap("{", items, "}", indent);
}

/** `Name: message` of an error whose stack holds only frames (the frames are of the runtime, not the cell). */
function errorText(e: Error): string {
  return e.message ? `${e.name}: ${e.message}` : e.name;
}

/** What `console.log(...args)` writes (without the final newline), with Node's format substitutions. */
export function formatLog(args: readonly unknown[]): string {
  if (args.length === 0) return "";
  const rest = [...args];
  let head = "";
  if (typeof rest[0] === "string" && rest.length > 1 && /%[sdifjoOc%]/.test(rest[0])) {
    const fmt = rest.shift() as string;
    head = fmt.replace(/%([sdifjoOc%])/g, (m, c: string) => {
      if (c === "%") return "%";
      if (rest.length === 0) return m;
      const v = rest.shift();
      switch (c) {
        case "s":
          return typeof v === "string" ? v : typeof v === "object" && v !== null ? inspect(v, 1) : String(v);
        case "d":
        case "i": {
          const n = typeof v === "bigint" ? v : Number(v);
          return typeof n === "bigint" ? `${n}n` : numberText(c === "i" ? Math.trunc(n) : n);
        }
        case "f":
          return numberText(Number(v));
        case "j":
          try {
            return JSON.stringify(v);
          } catch {
            return "[Circular]";
          }
        case "c":
          return "";
        default:
          return inspect(v);
      }
    });
    if (rest.length === 0) return head;
    head += " ";
  }
  return head + rest.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
}
