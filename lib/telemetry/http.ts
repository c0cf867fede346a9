/**
 * The body of `POST /api/v1/telemetry` after authentication: read the body within 5 MB (413
 * past it, with the limit in the message), parse it, ingest it, answer 202. The route handler
 * calls this, and so does bench/ingest's server, so the benchmark measures the product's path.
 */
import "server-only";
import type { Actor } from "../auth/actor";
import type { Database } from "../database/open";
import { PayloadTooLargeError, ValidationError } from "../errors";
import { ingestBatch, type IngestOptions } from "./ingest";
import { MAX_BATCH_BYTES, type IngestResult } from "./schemas";

const tooLarge = () =>
  new PayloadTooLargeError(`The body is larger than the limit of ${MAX_BATCH_BYTES / 1024 / 1024} MB per request. Send smaller batches.`);

async function readLimited(req: Request): Promise<string> {
  if (Number(req.headers.get("content-length") ?? "0") > MAX_BATCH_BYTES) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BATCH_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function ingestRequest(
  database: Database,
  actor: Actor,
  req: Request,
  opts: IngestOptions = {},
): Promise<{ status: 202; body: IngestResult }> {
  const text = await readLimited(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new ValidationError([{ path: "", message: `The body is not valid JSON: ${(e as Error).message}` }]);
  }
  return { status: 202, body: await ingestBatch(database, actor, body, opts) };
}
