/**
 * The page's side of the runtime worker: fetches the runtime script once (Cache Storage where the browser has it,
 * so that a later visit does not download it again; the file name carries a content hash), starts workers from it,
 * and ends a worker at once on Stop or when a cell runs past the time limit.
 * @packageDocumentation
 */
import globalData from "@generated/globalData";
import type { FromWorker, ToWorker } from "../model";

/** The runtime's URL and size, published by the site's live-runtime plugin. */
export function runtimeInfo(): { url: string; bytes: number } {
  const data = (globalData as Record<string, Record<string, unknown> | undefined>)["tensorcalc-live-runtime"];
  const info = data?.default as { url?: string; bytes?: number } | undefined;
  if (!info?.url) throw new Error("this build of the site has no live runtime (the tensorcalc-live-runtime plugin)");
  return { url: info.url, bytes: info.bytes ?? 0 };
}

const cacheName = "tensorcalc-live-runtime";
let script: Promise<{ url: string; bytes: number; ms: number; cached: boolean }> | null = null;

async function fetchRuntime(url: string): Promise<{ blob: Blob; cached: boolean }> {
  const cache = typeof caches === "undefined" ? undefined : await caches.open(cacheName).catch(() => undefined);
  const hit = await cache?.match(url);
  if (hit) return { blob: await hit.blob(), cached: true };
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the live runtime ${url} could not be loaded (HTTP ${res.status})`);
  if (cache) {
    await cache.put(url, res.clone()).catch(() => undefined);
    // Runtimes of older builds go.
    for (const req of await cache.keys()) if (new URL(req.url).pathname !== url) await cache.delete(req);
  }
  return { blob: await res.blob(), cached: false };
}

/** The runtime script as a Blob URL, fetched on the first call only. */
export function runtimeScript(): Promise<{ url: string; bytes: number; ms: number; cached: boolean }> {
  script ??= (async () => {
    const started = performance.now();
    const { blob, cached } = await fetchRuntime(runtimeInfo().url);
    return { url: URL.createObjectURL(blob), bytes: blob.size, ms: performance.now() - started, cached };
  })();
  script.catch(() => (script = null));
  return script;
}

/** One runtime worker. */
export class RuntimeWorker {
  private readonly worker: Worker;
  readonly ready: Promise<void>;
  private ended = false;
  private started = false;

  constructor(scriptUrl: string, onMessage: (m: FromWorker) => void, onCrash: (message: string) => void) {
    this.worker = new Worker(scriptUrl, { name: "tensorcalc-live" });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.addEventListener("message", (e: MessageEvent<FromWorker>) => {
        if (e.data.type === "ready") {
          this.started = true;
          resolve();
        } else onMessage(e.data);
      });
      this.worker.addEventListener("error", (e: ErrorEvent) => {
        e.preventDefault();
        const message = e.message || "the runtime worker failed (out of memory?)";
        reject(new Error(`the live runtime did not start: ${message}`));
        // A worker that never started is not restarted (it would fail again); one that ran is.
        if (!this.ended && this.started) onCrash(message);
      });
    });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  terminate(): void {
    this.ended = true;
    this.worker.terminate();
  }
}
