import { PayloadTooLargeError } from "../errors";

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * Reads the body as text within a byte limit: 413 as soon as the declared length or the bytes
 * read pass it, so an oversized upload is never buffered whole. `advice` ends the message.
 */
export async function readBody(req: Request, maxBytes: number, advice = ""): Promise<string> {
  const tooLarge = () =>
    new PayloadTooLargeError(`The body is larger than the limit of ${formatBytes(maxBytes)} per request.${advice ? ` ${advice}` : ""}`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
