/**
 * The telemetry endpoints: ingest, prediction lookup, the metrics series and the tenant table.
 * The request body and query strings are the zod schemas the handlers validate with; response
 * schemas are checked against the DTOs with `satisfies`.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { fieldIssueSchema, isoDateTime as iso, modelParam } from "../api/schemas";
import { modelKeySchema } from "../input/identifiers";
import type { SeriesPoint } from "./queries";
import { MAX_BATCH_EVENTS, telemetryBatchSchema, telemetryEventSchema } from "./schemas";
import { MINUTE_S, parseStep } from "./tiers";

// ---------------------------------------------------------------------------------------------
// Query string of GET /api/v1/models/{model}/metrics

const instant = (name: "from" | "to") =>
  z
    .string()
    .trim()
    .refine((v) => /^\d{10,16}$/.test(v) || !Number.isNaN(Date.parse(v)), `${name} must be an ISO 8601 date-time or epoch milliseconds`)
    .transform((v) => (/^\d{10,16}$/.test(v) ? Number(v) : Date.parse(v)))
    .optional()
    .meta({ description: name === "from" ? "Start (inclusive); default: 24 h before `to`." : "End (exclusive); default: now." });

export const metricsQuerySchema = z.object({
  version: z.string().trim().min(1).max(100).optional().meta({ description: "Only this version (default: every version with data)." }),
  tenant: z.string().trim().min(1).max(200).optional().meta({ description: "Only this tenant (default: all tenants together)." }),
  from: instant("from"),
  to: instant("to"),
  step: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const s = parseStep(v);
      if (s === null || s < MINUTE_S || s % MINUTE_S !== 0) {
        ctx.addIssue({ code: "custom", message: "step must be a whole number of minutes: seconds (900) or 1m, 15m, 1h, 6h, 1d" });
        return z.NEVER;
      }
      return s;
    })
    .meta({ description: "Bucket size: seconds or 1m/5m/15m/1h/6h/1d (default: chosen from the range, see the docs)." }),
});
/** Query string of GET /api/v1/models/{model}/tenants (the tenant table). */
export const tenantsQuerySchema = metricsQuerySchema.pick({ version: true, from: true, to: true });

const num = z.number().nullable();
const grainSchema = z.enum(["minute", "hour", "day"]).meta({ description: "Which rows answered: per minute, hour or day." });

export const ingestResultSchema = component(
  "IngestResult",
  z.object({
    accepted: z.number().int().meta({ description: "Events recorded by this request." }),
    duplicates: z.number().int().meta({ description: "Events whose request id was already recorded: not counted again." }),
    rejected: z
      .array(
        z.object({
          index: z.number().int().meta({ description: "The event's position in `events` (0-based)." }),
          issues: z.array(fieldIssueSchema),
        }),
      )
      .meta({ description: "Every invalid event with all its issues; the valid events of the batch are kept." }),
  }),
);

const seriesPointShape = {
  t: iso.meta({ description: "Bucket start." }),
  count: num.meta({ description: "Requests (the sample size); null: no data in the bucket." }),
  errors: num,
  error_rate: num.meta({ description: "Fraction 0..1." }),
  errors_by_class: z
    .object({ schema: z.number(), timeout: z.number(), upstream: z.number(), model: z.number(), other: z.number() })
    .nullable(),
  p50: num.meta({ description: "Latency in ms, from merged histograms (within 1 %)." }),
  p95: num,
  p99: num,
  latency_mean: num,
  quality: num.meta({ description: "Mean score." }),
  quality_count: num,
  accuracy: num.meta({ description: "Correct / labelled, over events carrying both a label and a prediction." }),
  labeled: num,
  cost: num.meta({ description: "Sum." }),
  cost_per_1k: num.meta({ description: "Per 1,000 requests that reported a cost." }),
  tokens_in: num,
  tokens_out: num,
  flags: z.record(z.string(), z.number()).nullable().meta({ description: "Flag → share of requests carrying it." }),
  share: num.meta({ description: "This version's requests / all versions' requests in the bucket (same tenant filter)." }),
};

const seriesPointSchema = z.object(seriesPointShape) satisfies z.ZodType<SeriesPoint>;

export const metricsSeriesSchema = component(
  "MetricsSeries",
  z.object({
    model: z.string(),
    version: z.string().nullable(),
    tenant: z.string().nullable(),
    from: iso.meta({ description: "`from` rounded down to the step." }),
    to: iso,
    step: z.number().int().meta({ description: "Seconds." }),
    grain: grainSchema,
    sample: z.number().int().meta({ description: "Requests in range, all versions shown." }),
    versions: z
      .array(
        z.object({
          version: z.string(),
          sample: z.number().int(),
          total: seriesPointSchema.meta({ description: "The whole range in one point (t = from)." }),
        }),
      )
      .meta({ description: "Versions with data in range, by version id." }),
    series: z
      .array(z.object({ version: z.string(), ...seriesPointShape }))
      .meta({ description: "One point per version per step, ordered by version then t; null metrics where there is no data." }),
  }),
);

export const tenantTableSchema = component(
  "TenantTable",
  z.object({
    model: z.string(),
    from: iso.meta({ description: "The range actually covered, rounded out to whole `grain` buckets." }),
    to: iso,
    grain: grainSchema,
    version: z.string().nullable().meta({ description: "Only this version's rows; null for every version." }),
    rows: z
      .array(
        z.object({
          tenant: z.string(),
          version: z.string(),
          requests: z.number().int(),
          errors: z.number().int(),
          error_rate: z.number(),
          p95: num,
          quality: num,
          cost_per_1k: num,
          tokens_in: z.number().int(),
          tokens_out: z.number().int(),
          pinnedVersion: z
            .string()
            .nullable()
            .meta({ description: "The version this tenant is pinned to in production; null when not pinned." }),
          pinned: z.boolean().meta({ description: "This row's version is the tenant's pin." }),
          rank: z.object({
            score: num.meta({
              description:
                "The row's worst signal (p95 ratio, error-rate difference less its 95 % sampling margin, quality drop) in multiples of the guardrail's tolerance; null when not judged.",
            }),
            raw: num.meta({
              description:
                "The same with the whole error-rate difference, sampling margin included: orders rows whose differences are all within noise.",
            }),
            signal: z.enum(["p95", "error_rate", "quality"]).nullable(),
            against: z
              .enum(["stable", "stable_all_tenants", "all_tenants"])
              .nullable()
              .meta({ description: "The base: this tenant's stable row, stable over all tenants, or this version over all tenants." }),
            reason: z.string().meta({ description: 'One line, e.g. "p95 +35 % vs stable" or "too few requests (12 < 500)".' }),
            tooFew: z
              .boolean()
              .meta({ description: "Below the guardrails' minimum sample (this row or its base): not judged, sorted last." }),
            isBase: z.boolean().meta({ description: "A stable row a candidate row of the same tenant is compared with." }),
          }),
          drift: z
            .object({ feature: z.string(), psi: z.number(), level: z.enum(["ok", "warn", "alert"]) })
            .nullable()
            .meta({ description: "The tenant's worst drift (PSI) over the drift window, all versions; null when nothing was judged." }),
        }),
      )
      .meta({
        description:
          "Ranked: tenants by their worst judged row (highest score first), too-few-requests tenants last; a tenant's rows together, a canary's candidate first.",
      }),
    ranking: z.object({
      mode: z.enum(["canary", "all_tenants"]),
      candidate: z.string().nullable(),
      stable: z.string().nullable(),
      minSample: z.number().int().meta({ description: "The guardrails' minimum sample: rows with fewer requests are not judged." }),
    }),
    drift: z
      .object({
        window: z.string(),
        thresholds: z.object({ psiWarn: z.number(), psiAlert: z.number(), jsAlert: z.number(), minSample: z.number().int() }),
      })
      .nullable(),
  }),
);

export const predictionSchema = component(
  "Prediction",
  z.object({
    requestId: z.string(),
    time: iso.meta({ description: "When the prediction was served (the event's ts)." }),
    receivedAt: iso,
    tenant: z.string(),
    model: z.string(),
    version: z.string(),
    versionStage: z.string().nullable().meta({ description: "The version's registry stage now." }),
    latencyMs: z.number(),
    outcome: z.string().meta({ description: "ok | error" }),
    errorClass: z.string().nullable(),
    score: num,
    cost: num,
    label: z.string().nullable(),
    prediction: z.unknown().meta({ description: "The model's output as sent (any JSON), or null." }),
    route: z
      .string()
      .nullable()
      .meta({ description: "pin | candidate | shadow | stable | unknown: the version's place in the production release when recorded." }),
  }),
);

const INGEST_RULES = `Records a batch of prediction events: at most ${MAX_BATCH_EVENTS.toLocaleString("en-US")} events and 5 MB.
Every event is validated on its own: invalid events are listed in \`rejected\` with their index and every issue, and the
valid ones are kept. A request id already recorded counts as a duplicate, never twice (resending a batch is safe).
Beyond the schema: \`ts\` at most 5 minutes ahead of the server's clock and not older than the prediction retention
window; \`tenant\` "*" is reserved; \`error_class\` only with \`outcome: "error"\`; an unknown model or version is a rejection.

- 202: \`{accepted, duplicates, rejected}\` — also when some or all events were rejected.
- 413: the body is over 5 MB, or the batch has more than ${MAX_BATCH_EVENTS.toLocaleString("en-US")} events; send smaller batches.
- 422: the body is not JSON, or not an object with an \`events\` array.
- 503 with \`Retry-After\`: the database is unreachable; nothing was written, resend the batch.`;

export const ingestTelemetryRoute = defineRoute({
  method: "POST",
  path: "/api/v1/telemetry",
  operationId: "ingestTelemetry",
  summary: "Record prediction events",
  description: INGEST_RULES,
  tags: ["telemetry"],
  access: { scope: "telemetry:write" },
  body: {
    // read by ingestRequest (lib/telemetry/http.ts): the envelope with telemetryBatchSchema, then
    // each event on its own, so one bad event does not refuse the batch
    read: "raw",
    schema: telemetryBatchSchema.extend({ events: z.array(telemetryEventSchema).meta(telemetryBatchSchema.shape.events.meta() ?? {}) }),
    required: true,
    name: "TelemetryBatch",
    description: "`POST /api/v1/telemetry`: a batch of prediction events (README → Sending telemetry). Unknown event fields are ignored.",
    mediaTypes: ["application/json"],
  },
  responses: { 202: { description: "The batch was processed.", json: ingestResultSchema } },
  errors: ["Unauthorized", "Forbidden", "PayloadTooLarge", "SchemaError", "Unavailable"],
});

export const otlpTracesRoute = defineRoute({
  method: "POST",
  path: "/api/v1/otlp/v1/traces",
  operationId: "ingestOtlpTraces",
  summary: "Record prediction events from OpenTelemetry traces (OTLP/HTTP)",
  description:
    "Point an OTLP/HTTP exporter at `<rollgate>/api/v1/otlp` (`OTEL_EXPORTER_OTLP_ENDPOINT`; it appends `/v1/traces`) with " +
    "`Authorization: Bearer <token>` (`OTEL_EXPORTER_OTLP_HEADERS`). Protobuf or JSON, optionally gzip; the limits of " +
    "`POST /api/v1/telemetry` apply to the decompressed body. A span carrying `rollgate.request_id` becomes a prediction " +
    "event (README → OpenTelemetry lists the attributes): start time, duration as latency, error from the span status. " +
    "Other spans are ignored and counted (`x-rollgate-ignored-spans`). Predictions the ingest refuses are reported as " +
    "OTLP partial success (`rejectedSpans`, `errorMessage` naming the span and the field); the rest are recorded, and a " +
    "request id already recorded is a duplicate (`x-rollgate-duplicates`), so an exporter's retry records nothing twice.",
  tags: ["telemetry"],
  access: { scope: "telemetry:write" },
  body: {
    read: "raw",
    schema: z.object({ resourceSpans: z.array(z.unknown()) }),
    required: true,
    name: "ExportTraceServiceRequest",
    description: "An OTLP `ExportTraceServiceRequest` (opentelemetry-proto, collector/trace/v1).",
    mediaTypes: ["application/x-protobuf", "application/json"],
  },
  responses: {
    200: {
      description: "Exported: an `ExportTraceServiceResponse` in the request's encoding.",
      json: z.object({
        partialSuccess: z.object({ rejectedSpans: z.string(), errorMessage: z.string() }).optional(),
      }),
      media: { "application/x-protobuf": { description: "The same response in protobuf." } },
      headers: {
        "x-rollgate-accepted": "Prediction events recorded.",
        "x-rollgate-duplicates": "Prediction events whose request id was already recorded.",
        "x-rollgate-ignored-spans": "Spans without `rollgate.request_id`, not predictions.",
      },
    },
  },
  errors: ["Unauthorized", "Forbidden", "PayloadTooLarge", "UnsupportedMediaType", "SchemaError", "Unavailable"],
});

/** The 404 of the prediction lookup: the error body, and which models' samples left the id out. */
export const predictionNotFoundSchema = component(
  "PredictionNotFound",
  z.object({
    error: z.object({
      code: z.literal("not_found"),
      message: z.string(),
      notStored: z
        .array(
          z.object({
            model: z.string().meta({ description: "The model's key." }),
            sampleRate: z.number().meta({ description: "Its policy's `predictions.sampleRate` now." }),
          }),
        )
        .optional()
        .meta({
          description:
            "Present when sampling explains the missing row: the models (the one named by `model`, else every model keeping " +
            "fewer than all requests) whose request-level sample leaves this id out. Such requests are counted in the metrics.",
        }),
    }),
  }),
  "The `Error` body of a missing prediction, with `notStored` when sampling explains it.",
);

export const getPredictionRoute = defineRoute({
  method: "GET",
  path: "/api/v1/predictions/{request_id}",
  operationId: "getPrediction",
  summary: "Which model version served a request",
  description: "The recorded prediction with its model version, the version's stage now and its place in the release when recorded.",
  tags: ["telemetry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { request_id: { schema: z.string(), description: "The request id the event was sent with." } },
  query: z.object({
    model: modelKeySchema.optional().meta({
      description: "The model the request was sent to, if known: a 404 then says for certain whether its sampling left the id out.",
    }),
  }),
  responses: {
    200: { description: "The prediction.", json: predictionSchema },
    404: {
      description:
        "No prediction with this request id is recorded (`not_found`): never sent, older than the retention window, or left out " +
        "by the model's request-level sampling (policy `predictions.sampleRate`; then `notStored` names the model and the message says so).",
      json: predictionNotFoundSchema,
    },
  },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

export const getMetricsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/metrics",
  operationId: "getMetrics",
  summary: "Metrics series per version",
  description:
    "Requests, error rate, latency percentiles, quality, accuracy, cost, tokens and flags per version and step over a range " +
    "(default: the last 24 h). Null means no data, never zero. 422 for a bad query or a range the store cannot answer.",
  tags: ["telemetry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: metricsQuerySchema,
  responses: { 200: { description: "The series.", json: metricsSeriesSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const getTenantTableRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/tenants",
  operationId: "getTenantTable",
  summary: "Per tenant × version: requests, error rate, p95, quality",
  description: "Over a range (default: the last 24 h), worst first, with each tenant's production pin.",
  tags: ["telemetry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: tenantsQuerySchema,
  responses: { 200: { description: "The tenant table.", json: tenantTableSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const telemetryContracts = [ingestTelemetryRoute, otlpTracesRoute, getPredictionRoute, getMetricsRoute, getTenantTableRoute];
