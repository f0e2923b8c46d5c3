/**
 * A tiny static file server for the built site (website/build), resolving
 * URLs the way Docusaurus' `serve` does: `/a/b` → `a/b.html` or
 * `a/b/index.html`; anything else answers 404 with the site's 404 page.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

/** Maps a URL path to a file under `dir`, or null. */
export function resolveFile(dir: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  const base = path.resolve(dir);
  const target = path.resolve(base, "." + p);
  if (target !== base && !target.startsWith(base + path.sep)) return null;
  for (const candidate of [target, target + ".html", path.join(target, "index.html")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on a free localhost port. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const file = resolveFile(dir, req.url ?? "/");
    const status = file ? 200 : 404;
    const body = file ?? path.join(dir, "404.html");
    res.writeHead(status, { "content-type": types[path.extname(body)] ?? "application/octet-stream" });
    if (fs.existsSync(body)) fs.createReadStream(body).pipe(res);
    else res.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
