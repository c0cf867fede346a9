import { PayloadTooLargeError, ValidationError } from "../errors";
import { jsonDepth, tooDeepMessage } from "../input/json-depth";
import { MAX_INPUT_DEPTH } from "../input/unsafe-input";

// fatal: a byte sequence that is not UTF-8 throws instead of silently becoming U+FFFD, so the
// value stored is always the value sent. ignoreBOM keeps a leading byte-order mark in the text,
// as before; the manifest parser strips it.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * Reads the body as text within a byte limit: 413 as soon as the declared length or the bytes
 * read pass it, so an oversized upload is never buffered whole. `advice` ends the message.
 * A body that is not valid UTF-8 is refused (422): replacing its bad bytes with U+FFFD would
 * store something other than what the client sent.
 */
export async function readBody(req: Request, maxBytes: number, advice = ""): Promise<string> {
  return decodeUtf8(await readBodyBytes(req, maxBytes, advice));
}

/** The body's bytes within a byte limit (413 past it), for binary bodies such as OTLP protobuf. */
export async function readBodyBytes(req: Request, maxBytes: number, advice = ""): Promise<Buffer> {
  const tooLarge = () =>
    new PayloadTooLargeError(`The body is larger than the limit of ${formatBytes(maxBytes)} per request.${advice ? ` ${advice}` : ""}`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) return Buffer.alloc(0);
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
  return Buffer.concat(chunks);
}

/** The bytes as UTF-8 text, or a 422. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ValidationError([{ path: "", message: "The body is not valid UTF-8: send the text encoded as UTF-8." }]);
  }
}

/**
 * JSON text → value, or a 422 saying why. Nesting is measured on the text before parsing, so a
 * body built to exhaust the parser's stack is refused cheaply; telemetry's batch path skips it
 * (its events are flat and it checks every event's depth itself).
 */
export function parseJsonText(text: string, opts: { checkDepth?: boolean } = {}): unknown {
  if ((opts.checkDepth ?? true) && jsonDepth(text) > MAX_INPUT_DEPTH) throw new ValidationError([{ path: "", message: tooDeepMessage }]);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError([{ path: "", message: `The body is not valid JSON: ${(e as Error).message}` }]);
  }
}

/** The body as JSON within `maxBytes`; with `optional`, an empty body reads as `{}` (moves may be sent without one). */
export async function readJson(req: Request, maxBytes: number, opts: { optional?: boolean } = {}): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (opts.optional && text.trim() === "") return {};
  return parseJsonText(text);
}
