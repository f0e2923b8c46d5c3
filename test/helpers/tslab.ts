/**
 * Runs code as if inside a tslab kernel: tslab's jupyter module in require.cache (as the kernel
 * loads it), whose `./public` display records each call. Returns the calls, in order.
 */
export function inTslab(f: () => void): [string, string][] {
  const calls: [string, string][] = [];
  const key = "/fake-kernel/node_modules/tslab/dist/jupyter.js";
  const cache = require.cache as Record<string, unknown>;
  const display = {
    latex: (s: string) => calls.push(["latex", s]),
    markdown: (s: string) => calls.push(["markdown", s]),
    html: (s: string) => calls.push(["html", s]),
  };
  cache[key] = { exports: { lastWriteDisplayData: () => undefined }, require: () => ({ display }) };
  try {
    f();
  } finally {
    delete cache[key];
  }
  return calls;
}
