/**
 * The browser the site tests drive: Debian's Chromium through playwright-core, headless, in a
 * fresh profile (removed by the caller), with the flags this machine needs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Chromium's path (CHROMIUM_PATH, else Debian's). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A headless Chromium in a fresh profile directory, 1280×900; returns it and the profile to remove. */
export async function launchChromium(prefix: string): Promise<{ context: BrowserContext; profile: string }> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
    viewport: { width: 1280, height: 900 },
  });
  return { context, profile };
}
