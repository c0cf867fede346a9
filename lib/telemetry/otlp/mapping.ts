/**
 * A span → a prediction event (README → OpenTelemetry). A span is a prediction when it carries
 * `rollgate.request_id`; model, version and tenant may sit on the span or on its resource (a
 * service serving one model version sets them once). Everything else about the event comes from
 * the span itself: when it started, how long it took, whether its status is an error.
 */
import { ERROR_CLASSES } from "../error-classes";
import type { AttrValue, OtlpSpan } from "./spans";

export const ATTR = {
  requestId: "rollgate.request_id",
  model: "rollgate.model",
  version: "rollgate.version",
  tenant: "rollgate.tenant",
  errorClass: "rollgate.error_class",
  score: "rollgate.score",
  cost: "rollgate.cost",
  tokensIn: "rollgate.tokens.input",
  tokensOut: "rollgate.tokens.output",
  flags: "rollgate.flags",
  label: "rollgate.label",
  prediction: "rollgate.prediction",
  featurePrefix: "rollgate.feature.",
} as const;

const STATUS_ERROR = 2;

export function isPredictionSpan(span: OtlpSpan): boolean {
  return span.attributes.has(ATTR.requestId);
}

function attr(span: OtlpSpan, key: string): AttrValue | undefined {
  return span.attributes.has(key) ? span.attributes.get(key) : span.resource.get(key);
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The event as POST /api/v1/telemetry would receive it; the ingest validates it like any other. */
export function spanToEvent(span: OtlpSpan): Record<string, unknown> {
  const error = span.statusCode === STATUS_ERROR;
  const declared = attr(span, ATTR.errorClass) ?? attr(span, "error.type");
  const errorClass =
    error && typeof declared === "string" && (ERROR_CLASSES as readonly string[]).includes(declared) ? declared : undefined;
  const tokensIn = attr(span, ATTR.tokensIn) ?? attr(span, "gen_ai.usage.input_tokens");
  const tokensOut = attr(span, ATTR.tokensOut) ?? attr(span, "gen_ai.usage.output_tokens");
  const features: Record<string, AttrValue> = {};
  for (const [k, v] of span.attributes) if (k.startsWith(ATTR.featurePrefix)) features[k.slice(ATTR.featurePrefix.length)] = v;
  const flags = attr(span, ATTR.flags);
  const durationNs = span.endNs > span.startNs ? span.endNs - span.startNs : 0n;
  return defined({
    request_id: attr(span, ATTR.requestId),
    model: attr(span, ATTR.model),
    version: attr(span, ATTR.version),
    tenant: attr(span, ATTR.tenant),
    ts: Number(span.startNs / 1_000_000n),
    latency_ms: Number(durationNs) / 1e6,
    outcome: error ? "error" : "ok",
    error_class: errorClass,
    score: attr(span, ATTR.score),
    cost: attr(span, ATTR.cost),
    tokens: tokensIn !== undefined || tokensOut !== undefined ? { input: tokensIn ?? 0, output: tokensOut ?? 0 } : undefined,
    flags: flags === undefined ? undefined : Array.isArray(flags) ? flags : [flags],
    label: attr(span, ATTR.label),
    prediction: attr(span, ATTR.prediction),
    features: Object.keys(features).length > 0 ? features : undefined,
  });
}
