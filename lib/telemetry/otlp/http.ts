/**
 * `POST /api/v1/otlp/v1/traces` after authentication: OTLP/HTTP trace exports (protobuf or
 * JSON, optionally gzip) → prediction events → the same ingest as `POST /api/v1/telemetry`
 * (dedupe by request id, limits, partial acceptance). Spans that are not predictions (no
 * `rollgate.request_id`) are counted and ignored; predictions the ingest refuses are the
 * export's rejected spans, as OTLP's partial success reports them.
 */
import "server-only";
import { gunzipSync } from "node:zlib";
import { readBodyBytes, decodeUtf8, parseJsonText } from "../../api/body";
import type { Actor } from "../../auth/actor";
import type { Database } from "../../database/open";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../../errors";
import { ingestBatch, type IngestOptions } from "../ingest";
import { MAX_BATCH_BYTES } from "../schemas";
import { decodeTraceJson } from "./json";
import { isPredictionSpan, spanToEvent } from "./mapping";
import { decodeTraceRequest, encodeTraceResponse } from "./protobuf";
import { OtlpDecodeError, type OtlpSpan } from "./spans";

export type OtlpResult = {
  format: "protobuf" | "json";
  accepted: number;
  duplicates: number;
  ignored: number;
  rejectedSpans: number;
  errorMessage: string;
};

function formatOf(contentType: string | null): "protobuf" | "json" {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  throw new UnsupportedMediaTypeError(
    `OTLP/HTTP traces are read as application/x-protobuf or application/json, not "${contentType ?? "(none)"}".`,
  );
}

function inflate(body: Buffer, encoding: string | null): Buffer {
  const e = (encoding ?? "").trim().toLowerCase();
  if (e === "" || e === "identity") return body;
  if (e !== "gzip") throw new UnsupportedMediaTypeError(`Content-Encoding "${encoding}" is not supported: send gzip or no encoding.`);
  try {
    // the limit applies to what the body expands to, so a small bomb cannot fill memory
    return gunzipSync(body, { maxOutputLength: MAX_BATCH_BYTES });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new PayloadTooLargeError(`The export expands past ${MAX_BATCH_BYTES / 1024 / 1024} MB: send smaller batches.`);
    }
    throw new ValidationError([{ path: "", message: `The body is not valid gzip: ${(e as Error).message}` }]);
  }
}

function decode(format: "protobuf" | "json", bytes: Buffer): OtlpSpan[] {
  try {
    return format === "protobuf" ? decodeTraceRequest(bytes) : decodeTraceJson(parseJsonText(decodeUtf8(bytes)));
  } catch (e) {
    if (e instanceof OtlpDecodeError) {
      throw new ValidationError([
        { path: "", message: `The body is not a valid OTLP ExportTraceServiceRequest (${format}): ${e.message}` },
      ]);
    }
    throw e;
  }
}

export async function ingestOtlpTraces(database: Database, actor: Actor, req: Request, opts: IngestOptions = {}): Promise<OtlpResult> {
  const format = formatOf(req.headers.get("content-type"));
  const raw = await readBodyBytes(req, MAX_BATCH_BYTES, "Send smaller batches (the exporter's maxExportBatchSize).");
  const spans = decode(format, inflate(raw, req.headers.get("content-encoding")));
  const predictions = spans.filter(isPredictionSpan);
  const ignored = spans.length - predictions.length;
  if (predictions.length === 0) return { format, accepted: 0, duplicates: 0, ignored, rejectedSpans: 0, errorMessage: "" };
  const result = await ingestBatch(database, actor, { events: predictions.map(spanToEvent) }, opts);
  const messages = result.rejected.slice(0, 5).map((r) => {
    const s = predictions[r.index];
    return `span ${s?.spanId ?? r.index}: ${r.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`;
  });
  const more = result.rejected.length > 5 ? `; and ${result.rejected.length - 5} more` : "";
  return {
    format,
    accepted: result.accepted,
    duplicates: result.duplicates,
    ignored,
    rejectedSpans: result.rejected.length,
    errorMessage: messages.length ? `${messages.join(" | ")}${more}` : "",
  };
}

/** The OTLP response in the request's encoding, with Rollgate's counts in headers for people. */
export function otlpResponse(r: OtlpResult, requestId: string): Response {
  const headers: Record<string, string> = {
    "x-request-id": requestId,
    "x-rollgate-accepted": String(r.accepted),
    "x-rollgate-duplicates": String(r.duplicates),
    "x-rollgate-ignored-spans": String(r.ignored),
    "cache-control": "no-store",
  };
  if (r.format === "protobuf") {
    return new Response(Buffer.from(encodeTraceResponse(r.rejectedSpans, r.errorMessage)), {
      headers: { ...headers, "content-type": "application/x-protobuf" },
    });
  }
  const body = r.rejectedSpans > 0 ? { partialSuccess: { rejectedSpans: String(r.rejectedSpans), errorMessage: r.errorMessage } } : {};
  return Response.json(body, { headers });
}
