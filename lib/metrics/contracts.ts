/** The route contract of `GET /metrics` (README → Prometheus). */
import { defineRoute } from "../api/contract";

export const metricsRoute = defineRoute({
  method: "GET",
  path: "/metrics",
  operationId: "getPrometheusMetrics",
  summary: "Prometheus metrics",
  description:
    "The text exposition format 0.0.4: the control plane's HTTP requests by route group, background job runs, guardrail " +
    "decisions, telemetry write latency, refusals and queue depth, routing NOTIFY lag, data-plane streams, and per model " +
    "and version the serving counters from the rollups (`rollgate_model_requests_total`, `rollgate_model_errors_total{class}`, " +
    "`rollgate_model_latency_seconds`); per tenant too (`rollgate_model_tenant_*`) for the tenants `ROLLGATE_METRICS_TENANTS` " +
    "names. Needs a token with `metrics:read`, unless `ROLLGATE_METRICS_PUBLIC=true`.",
  tags: ["metrics"],
  access: { scope: "metrics:read" },
  responses: { 200: { description: "The metrics.", media: { "text/plain; version=0.0.4": {} } } },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

export const metricsContracts = [metricsRoute];
