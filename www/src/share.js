// Share links: the open files, compressed (deflate-raw via the browser's CompressionStream) and
// base64url-encoded into the URL fragment. The fragment never reaches any server.
const PREFIX = "#share=";

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** `files` ([{ name, text }], active index) → a fragment `#share=…`. */
export async function encodeShare(files, active = 0) {
  const json = JSON.stringify({ v: 1, active, files: files.map(({ name, text }) => [name, text]) });
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw"));
  return PREFIX + toBase64Url(packed);
}

/** A fragment → { files, active }, or null when it is not a share link (or is damaged). */
export async function decodeShare(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
    const data = JSON.parse(new TextDecoder().decode(bytes));
    if (data?.v !== 1 || !Array.isArray(data.files)) return null;
    const files = data.files
      .filter((f) => Array.isArray(f) && typeof f[0] === "string" && typeof f[1] === "string")
      .map(([name, text]) => ({ name, text }));
    if (!files.length) return null;
    const active = Number.isInteger(data.active) && data.active < files.length ? data.active : 0;
    return { files, active };
  } catch {
    return null;
  }
}
