/**
 * What a live cell can import: the library's public API as `tensorcalc`, and tslab's display helpers as `tslab`
 * (`display.html`, `display.svg`, `display.latex`, `display.markdown`, `display.text`, as in a tslab notebook).
 * Any other module, or a name a module does not export, is a {@link ModuleNotFoundError} that says so.
 * @packageDocumentation
 */

/** An import that the live runtime cannot resolve. */
export class ModuleNotFoundError extends Error {
  override name = "ModuleNotFoundError";
}

/** The modules of the live runtime, by name. */
export type ModuleTable = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const available = (modules: ModuleTable) =>
  Object.keys(modules)
    .map((m) => `"${m}"`)
    .join(" and ");

/**
 * The module `name` (checked to export every one of `names`), as `import { …names } from name` on cell line `line`.
 * @throws ModuleNotFoundError for a module the runtime does not have, or a missing export.
 */
export function importFrom(
  modules: ModuleTable,
  name: string,
  names: readonly string[],
  line?: number,
): Readonly<Record<string, unknown>> {
  const where = line === undefined ? "" : ` (line ${line})`;
  if (!Object.prototype.hasOwnProperty.call(modules, name)) {
    throw new ModuleNotFoundError(
      `cannot import "${name}"${where}: a live cell can import only ${available(modules)} ` +
        `(the library's public API and tslab's display helpers); run the notebook in Jupyter to use other modules`,
    );
  }
  const mod = modules[name];
  const missing = names.filter((n) => !Object.prototype.hasOwnProperty.call(mod, n));
  if (missing.length > 0) {
    const what = missing.map((n) => `"${n}"`).join(", ");
    throw new ModuleNotFoundError(
      missing.includes("default")
        ? `"${name}" has no default export${where}: import its names, import { … } from "${name}"`
        : `"${name}" has no export named ${what}${where}` +
            (name === "tensorcalc" ? ": see the API reference for the public API" : ""),
    );
  }
  return mod;
}
