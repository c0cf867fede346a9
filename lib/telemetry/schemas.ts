/**
 * Telemetry inputs (README → Sending telemetry). Client-safe: no database access.
 *
 * `POST /api/v1/telemetry` takes `{events: [...]}` with at most MAX_BATCH_EVENTS events and
 * MAX_BATCH_BYTES bytes (413 beyond either). Every event is validated on its own: a bad event
 * is reported in `rejected` with its index and field issues, and the valid ones are kept.
 *
 * Field rules beyond the types:
 * - `ts`: an ISO 8601 date-time with a zone (`2026-01-15T10:00:00.123Z`) or epoch milliseconds;
 *   at most MAX_FUTURE_MS ahead of the server's clock and not older than the prediction
 *   retention window (older events would be deleted at once and are refused instead).
 * - `tenant` "*" is reserved (the all-tenants rollup rows use it).
 * - `error_class` only with `outcome: "error"`; an error without a class counts as an error
 *   of no class (errors_by_class.other).
 * - `label`: ground truth; `accuracy` counts events that carry both a label and a prediction
 *   (see predictedLabel).
 * - Unknown fields are ignored, so newer clients can send more to an older server.
 */
import { z } from "zod";
import type { FieldIssue } from "../errors";
import { formatPath } from "../input/path";
import { ERROR_CLASSES } from "./error-classes";
import { fastEvent } from "./fast-event";
import { hasUnsafeStructure, unsafeInputIssues } from "../input/unsafe-input";
import { unstorableTextIssues } from "./storable-text";
import type { ingestResultSchema } from "./contracts";

export const MAX_BATCH_EVENTS = 5_000;
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;
/** how far ahead of the server clock an event's ts may be (client clock skew) */
export const MAX_FUTURE_MS = 5 * 60_000;
export const DEFAULT_RETENTION_DAYS = 30;
/** An event's `input` and `output` each, as JSON (UTF-8 bytes): replay keeps requests, not payload dumps. */
export const MAX_REPLAY_FIELD_BYTES = 16 * 1024;

export { ERROR_CLASSES, type ErrorClass } from "./error-classes";

const shortText = (what: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a string`) })
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is longer than ${max} characters`);

const finite = (what: string) =>
  z
    .number({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a number`) })
    .refine(Number.isFinite, `${what} must be a finite number`);

const tsSchema = z.union([z.iso.datetime({ offset: true }), z.number().int().min(0)], {
  error: (iss) =>
    iss.input === undefined
      ? "ts is required"
      : "ts must be an ISO 8601 date-time with a zone (e.g. 2026-01-15T10:00:00Z) or epoch milliseconds",
});

const labelSchema = z.union([z.string().max(256), z.number(), z.boolean()], {
  error: "label must be a string (≤ 256 characters), a number or a boolean",
});

export const telemetryEventSchema = z
  .object({
    request_id: shortText("request_id", 200).meta({ description: "Idempotency key: a request id already recorded counts as a duplicate." }),
    model: shortText("model", 100).meta({ description: "Model key, as registered." }),
    version: shortText("version", 100),
    tenant: shortText("tenant", 200).refine((t) => t !== "*", 'tenant "*" is reserved'),
    ts: tsSchema.meta({ description: "When the prediction was served: ISO 8601 with a zone, or epoch milliseconds." }),
    latency_ms: finite("latency_ms").pipe(z.number().min(0, "latency_ms must not be negative")),
    outcome: z.enum(["ok", "error"], { error: "outcome must be ok or error" }),
    error_class: z.enum(ERROR_CLASSES, { error: `error_class must be one of ${ERROR_CLASSES.join(", ")}` }).optional(),
    score: finite("score")
      .optional()
      .meta({ description: "Confidence or online quality signal; the histogram covers [0, 1] (values outside are clamped there)." }),
    cost: finite("cost").pipe(z.number().min(0, "cost must not be negative")).optional(),
    label: labelSchema.optional().meta({ description: "Ground truth, when it is known." }),
    prediction: z.unknown().optional().meta({ description: "The model's output (any JSON)." }),
    tokens: z
      .object({
        input: z.number({ error: "tokens.input must be a number" }).int("tokens.input must be an integer").min(0).max(1e9),
        output: z.number({ error: "tokens.output must be a number" }).int("tokens.output must be an integer").min(0).max(1e9),
      })
      .optional(),
    flags: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "a flag is a lowercase name such as refusal or policy_violation"))
      .max(16, "at most 16 flags per event")
      .optional(),
    features: z.record(z.string().max(100), z.union([z.number(), z.string().max(200), z.boolean(), z.null()])).optional(),
    input: z
      .record(z.string(), z.unknown(), { error: "input must be a JSON object: the request as the model received it" })
      .optional()
      .meta({
        description: `The request's input, kept for replay when the model's policy captures this request (replay.capture), after its scrub rules; at most ${MAX_REPLAY_FIELD_BYTES / 1024} KiB as JSON.`,
      }),
    output: z
      .record(z.string(), z.unknown(), { error: "output must be a JSON object: the response as it was served" })
      .optional()
      .meta({
        description: `The served output kept with a captured input (default: \`prediction\`); at most ${MAX_REPLAY_FIELD_BYTES / 1024} KiB as JSON.`,
      }),
  })
  .superRefine((e, ctx) => {
    if (e.error_class && e.outcome !== "error") {
      ctx.addIssue({ code: "custom", path: ["error_class"], message: 'error_class is only allowed with outcome "error"' });
    }
  });

export type TelemetryEvent = z.output<typeof telemetryEventSchema>;

/** The batch envelope; events are validated one by one (validateEvent), not here. */
export const telemetryBatchSchema = z.object({
  events: z
    .array(z.unknown(), { error: "events must be an array of events" })
    .meta({ description: `Up to ${MAX_BATCH_EVENTS.toLocaleString("en-US")} events; the body up to 5 MB.` }),
});

export type RejectedEvent = { index: number; issues: FieldIssue[] };
export type IngestResult = z.output<typeof ingestResultSchema>;

export type ValidEvent = TelemetryEvent;

/** Validates one event on its own: the parsed event with `atMs` (ts in epoch ms), or its issues. */
export function validateEvent(
  raw: unknown,
  opts: { now: number; retentionDays: number; checkText?: boolean },
): { ok: true; event: ValidEvent; atMs: number } | { ok: false; issues: FieldIssue[] } {
  // The two free-form fields, walked for structure on every event: a prediction thousands of
  // levels deep would fail the batch's write (and every event in it), and a `__proto__` key
  // would vanish from features (zod's record drops it). Either refuses this event alone.
  if (isObject(raw)) {
    for (const field of ["prediction", "features", "input", "output"] as const) {
      const v = raw[field];
      if (typeof v !== "object" || v === null || !hasUnsafeStructure(v)) continue;
      const issues = unsafeInputIssues(v, { prefix: [field], depthPathLength: 1, checkText: false, limit: 1, pathInMessage: true });
      if (issues.length > 0) return { ok: false, issues };
    }
    for (const field of ["input", "output"] as const) {
      const v = raw[field];
      if (v === undefined || typeof v !== "object" || v === null) continue;
      const bytes = Buffer.byteLength(JSON.stringify(v), "utf8");
      if (bytes > MAX_REPLAY_FIELD_BYTES) {
        return {
          ok: false,
          issues: [
            {
              path: field,
              message: `${field} is ${bytes.toLocaleString("en-US")} bytes as JSON; the limit is ${MAX_REPLAY_FIELD_BYTES.toLocaleString("en-US")} bytes. Leave large payloads (documents, images) out, or send a reference to them.`,
            },
          ],
        };
      }
    }
  }
  let e = fastEvent(raw);
  if (!e) {
    const parsed = telemetryEventSchema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
    }
    e = parsed.data;
  }
  const ms = typeof e.ts === "number" ? e.ts : Date.parse(e.ts);
  if (ms > opts.now + MAX_FUTURE_MS) {
    return { ok: false, issues: [{ path: "ts", message: "ts is more than 5 minutes in the future (check the client's clock)" }] };
  }
  if (ms < opts.now - opts.retentionDays * 86_400_000) {
    return {
      ok: false,
      issues: [{ path: "ts", message: `ts is older than the retention window of ${opts.retentionDays} days` }],
    };
  }
  if (opts.checkText !== false) {
    const issues = unstorableTextIssues(e);
    if (issues.length > 0) return { ok: false, issues };
  }
  return { ok: true, event: e, atMs: ms };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The predicted class used for accuracy: a scalar prediction itself, or the `label` field of an
 * object prediction ({label: "fraud", score: 0.93}); null when neither applies.
 */
export function predictedLabel(prediction: unknown): string | null {
  if (prediction === null || prediction === undefined) return null;
  if (typeof prediction === "string" || typeof prediction === "number" || typeof prediction === "boolean") {
    return String(prediction);
  }
  if (typeof prediction === "object" && !Array.isArray(prediction)) {
    const l = (prediction as Record<string, unknown>).label;
    if (typeof l === "string" || typeof l === "number" || typeof l === "boolean") return String(l);
  }
  return null;
}
