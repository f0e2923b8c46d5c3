/**
 * Edited cells in a URL: `#live=<payload>`, the payload being JSON `{ v: 1, page, cells: [[number, source], …] }`
 * compressed with deflate (the browser's CompressionStream) and written in base64url. The calculator's "Open as
 * notebook" writes the same payload for the scratch page (page "scratch"). Reading checks everything and says what
 * was wrong; it never throws anything but a {@link LinkError}.
 * @packageDocumentation
 */

/** What a link carries. */
export interface LinkPayload {
  v: 1;
  /** The notebook's name (`04-fourth-order-gradients`) or `scratch`. */
  page: string;
  /** The edited cells: 1-based cell number and source. */
  cells: [number, string][];
}

/** A link whose cells cannot be read. */
export class LinkError extends Error {
  override name = "LinkError";
}

/** The most a link may hold, uncompressed (a notebook's cells are a few KB). */
const maxBytes = 512 * 1024;
export const hashPrefix = "#live=";

type ByteStream = ReadableWritablePair<Uint8Array, Uint8Array>;

async function pipe(bytes: Uint8Array, stream: ByteStream, limit?: number) {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  const reader = out.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (limit !== undefined && total > limit) {
      await reader.cancel();
      throw new LinkError(`the link's cells are larger than ${limit / 1024} KB`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new LinkError("the link is not base64url text (was it cut or changed?)");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  let s: string;
  try {
    s = atob(b64);
  } catch {
    throw new LinkError("the link is not base64url text (was it cut or changed?)");
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The payload as URL-safe text. */
export async function encodeLink(payload: LinkPayload): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(payload));
  return toBase64Url(await pipe(json, new CompressionStream("deflate-raw") as unknown as ByteStream));
}

/** Reads a payload written by {@link encodeLink}; checks its form. @throws LinkError saying what is wrong. */
export async function decodeLink(text: string): Promise<LinkPayload> {
  if (text === "") throw new LinkError("the link has no cells after #live=");
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(
      await pipe(fromBase64Url(text), new DecompressionStream("deflate-raw") as unknown as ByteStream, maxBytes),
    );
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError("the link's cells could not be decompressed (was the link cut?)");
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new LinkError("the link's cells are not JSON");
  }
  const p = value as Partial<LinkPayload> | null;
  if (p === null || typeof p !== "object" || p.v !== 1)
    throw new LinkError("the link was written by another version of the live notebooks (expected v: 1)");
  if (typeof p.page !== "string") throw new LinkError("the link does not say which page its cells belong to");
  if (
    !Array.isArray(p.cells) ||
    !p.cells.every(
      (c) => Array.isArray(c) && c.length === 2 && Number.isInteger(c[0]) && c[0] >= 1 && typeof c[1] === "string",
    )
  )
    throw new LinkError("the link's cells should be a list of [cell number, source] pairs");
  return { v: 1, page: p.page, cells: p.cells };
}
