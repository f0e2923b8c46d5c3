/**
 * The live runtime inside the worker: runs compiled cells one after another in one global scope, captures what
 * they print (`console.*`), show (`show`, tslab's `display`) and return (a last expression), renders rich output to
 * HTML, and reports each cell's end with its time or its error (name, message, cell line). It knows its host only
 * through {@link RuntimeHost}, so that it runs in a Web Worker (main.ts) and in Node's `vm` (the unit tests).
 * @packageDocumentation
 */
import type { CellError, CellOutput, DisplayMime, FromWorker, RenderedOutput, ToWorker } from "../model";
import { CellCompileError, cellScriptName, compileCell, sourceColumn, type CompiledCell } from "./compile";
import { formatLog, inspect } from "./inspect";
import { importFrom, ModuleNotFoundError, type ModuleTable } from "./modules";

/** Where the runtime runs. */
export interface RuntimeHost {
  /** The global object the cells' top-level declarations land on. */
  global: Record<string, unknown>;
  /** Runs a classic script in that global scope (a thrown error propagates). */
  runScript(code: string, cell: number): void;
  /** Sends a message to the page. */
  post(message: FromWorker): void;
  /** Milliseconds, for timings. */
  now(): number;
}

/** How rich outputs become HTML (render.ts; the tests pass a stand-in). */
export interface Renderer {
  latex(tex: string): string;
  markdown(md: string): string;
}

/** The display functions a cell can call (`show` through the library's sink, tslab's `display.*`). */
export interface Display {
  latex(s: string): void;
  markdown(s: string): void;
  html(s: string): void;
  svg(s: string): void;
  text(s: string): void;
}

/** The runtime's face: `run` a cell, and the `display` its modules write into. */
export interface Runtime {
  run(message: ToWorker): void;
  display: Display;
}

const consoleStreams = { log: "stdout", info: "stdout", debug: "stdout", warn: "stderr", error: "stderr" } as const;

/**
 * Names of the worker's own global scope that a cell cannot declare at its top level (read-only accessors such
 * as `name` or `location`: a `var` of that name would silently keep the worker's value).
 */
export function reservedGlobals(global: object): Set<string> {
  const names = new Set<string>();
  for (let o: object | null = global; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d && ((d.get && !d.set) || (!d.get && !d.set && d.writable === false))) names.add(key);
    }
  }
  return names;
}

/** An Error of any realm (a cell's own `Error` is that of its scope). */
function isError(e: unknown): e is Error {
  return (
    e instanceof Error ||
    (e !== null &&
      typeof e === "object" &&
      typeof (e as Error).message === "string" &&
      typeof (e as Error).name === "string")
  );
}

/** The 1-based line and column of the innermost frame of cell `cell` in an error's stack. */
export function cellFrame(
  error: unknown,
  cell: number,
  compiled?: CompiledCell,
): { line: number; column: number } | undefined {
  const stack = isError(error) ? error.stack : undefined;
  if (!stack) return undefined;
  const name = cellScriptName(cell).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const m = new RegExp(`${name}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return undefined;
  const line = Number(m[1]);
  const column = Number(m[2]);
  return { line, column: compiled ? sourceColumn(compiled, line, column) : column };
}

/** A thrown value as a cell error. */
export function toCellError(e: unknown, cell: number, compiled?: CompiledCell): CellError {
  if (e instanceof CellCompileError) return { name: e.name, message: e.message, at: e.at, phase: "compile" };
  if (isError(e)) {
    const at = cellFrame(e, cell, compiled);
    return { name: e.name || "Error", message: e.message, ...(at ? { at } : {}), phase: "run" };
  }
  return { name: "Uncaught", message: `the cell threw ${inspect(e)} (not an Error)`, phase: "run" };
}

/** Creates the runtime and installs `__live`, `require` and the console capture on the host's global. */
export function createRuntime(
  host: RuntimeHost,
  modulesFor: (display: Display) => ModuleTable,
  renderer: Renderer,
): Runtime {
  let current: { id: number; cell: number } | null = null;
  let lastId = -1;
  const emit = (output: CellOutput) => {
    const id = current?.id ?? lastId;
    if (id < 0) return;
    let rendered: RenderedOutput = output;
    if (output.kind === "display") {
      try {
        if (output.mime === "text/latex") rendered = { ...output, html: renderer.latex(output.data) };
        else if (output.mime === "text/markdown") rendered = { ...output, html: renderer.markdown(output.data) };
      } catch (e) {
        rendered = { kind: "stream", name: "stderr", text: `could not render the ${output.mime} output: ${e}\n` };
      }
    }
    host.post({ type: "output", id, output: rendered });
  };
  const displayOf = (mime: DisplayMime) => (s: unknown) => emit({ kind: "display", mime, data: String(s) });
  const display: Display = {
    latex: displayOf("text/latex"),
    markdown: displayOf("text/markdown"),
    html: displayOf("text/html"),
    svg: displayOf("image/svg+xml"),
    text: (s) => emit({ kind: "stream", name: "stdout", text: `${s}\n` }),
  };
  const modules = modulesFor(display);
  const reserved = reservedGlobals(host.global);
  const g = host.global;
  const console = g.console as Record<string, (...args: unknown[]) => void>;
  for (const [method, stream] of Object.entries(consoleStreams)) {
    console[method] = (...args: unknown[]) => emit({ kind: "stream", name: stream, text: `${formatLog(args)}\n` });
  }
  console.table = console.dir = (...args: unknown[]) =>
    emit({ kind: "stream", name: "stdout", text: `${args.map((a) => inspect(a)).join(" ")}\n` });
  g.__live = {
    import: (name: string, names: string[], line?: number) => importFrom(modules, name, names, line),
    value: (v: unknown) => {
      // As tslab: a last value that is not null or undefined is console.log'ged.
      if (v !== undefined && v !== null) emit({ kind: "stream", name: "stdout", text: `${formatLog([v])}\n` });
    },
  };
  g.require = (name: unknown) => {
    if (typeof name !== "string") throw new ModuleNotFoundError(`require: expected a module name, got ${typeof name}`);
    return importFrom(modules, name, []);
  };
  return {
    display,
    run(message: ToWorker): void {
      if (message.type !== "run") return;
      const started = host.now();
      current = { id: message.id, cell: message.cell };
      lastId = message.id;
      const done = (error?: CellError) =>
        host.post(
          error
            ? { type: "done", id: message.id, ok: false, ms: host.now() - started, error }
            : { type: "done", id: message.id, ok: true, ms: host.now() - started },
        );
      let compiled: CompiledCell | undefined;
      try {
        compiled = compileCell(message.source, message.cell);
        const clash = compiled.declared.find((n) => reserved.has(n));
        if (clash !== undefined)
          throw new CellCompileError(
            `"${clash}" is a read-only name of the browser's worker scope: a live cell cannot declare it at its top level; rename it`,
            undefined,
          );
        host.runScript(compiled.code, message.cell);
        done();
      } catch (e) {
        done(toCellError(e, message.cell, compiled));
      } finally {
        current = null;
      }
    },
  };
}
