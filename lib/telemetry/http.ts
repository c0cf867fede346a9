/**
 * The body of `POST /api/v1/telemetry` after authentication: read the body within 5 MB (413
 * past it, with the limit in the message), parse it, ingest it, answer 202. The route handler
 * calls this, and so does bench/ingest's server, so the benchmark measures the product's path.
 */
import "server-only";
import type { Actor } from "../auth/actor";
import type { Database } from "../database/open";
import { parseJsonText, readBody } from "../api/body";
import { AppError } from "../errors";
import { telemetryRefusals, telemetryWrites } from "../metrics/instruments";
import { ingestBatch, type IngestOptions } from "./ingest";
import { MAX_BATCH_BYTES, type IngestResult } from "./schemas";
import { mayHoldUnstorableText } from "./storable-text";

export async function ingestRequest(
  database: Database,
  actor: Actor,
  req: Request,
  opts: IngestOptions = {},
): Promise<{ status: 202; body: IngestResult }> {
  const started = performance.now();
  try {
    const text = await readBody(req, MAX_BATCH_BYTES, "Send smaller batches.");
    const body = parseJsonText(text, { checkDepth: false });
    const result = await ingestBatch(database, actor, body, { checkText: mayHoldUnstorableText(text), ...opts });
    telemetryWrites.observe({}, (performance.now() - started) / 1000);
    return { status: 202, body: result };
  } catch (e) {
    telemetryRefusals.inc({ status: e instanceof AppError ? String(e.status) : "500" });
    throw e;
  }
}
