/**
 * What the control plane counts about itself, by name, so every place that records a figure
 * uses the same metric (README → Prometheus lists them).
 */
import { counter, histogram } from "./registry";

export const httpRequests = counter("rollgate_http_requests_total", "HTTP requests answered, by route group and status class.");
export const httpDuration = histogram("rollgate_http_request_duration_seconds", "Time to answer an HTTP request, by route group.");
export const jobRuns = counter("rollgate_job_runs_total", "Passes of the background jobs, by job and outcome (ok, failed).");
export const guardrailDecisions = counter(
  "rollgate_guardrail_decisions_total",
  "Guardrail evaluations of a running release, by outcome (advance, hold, rollback, waiting, …).",
);
export const telemetryWrites = histogram("rollgate_telemetry_write_seconds", "Time to write one telemetry batch (the transaction).");
export const telemetryRefusals = counter("rollgate_telemetry_refusals_total", "Telemetry batches refused, by reason (HTTP status).");

/**
 * A path's route group: a handful of names, so a scanner requesting random paths cannot grow
 * the number of series. Data-plane paths are named by what they serve.
 */
export function routeGroup(path: string): string {
  const p = path.split("?")[0] ?? "/";
  if (p === "/metrics") return "metrics";
  if (p.startsWith("/_next/")) return "static";
  if (p.startsWith("/api/auth/")) return "auth";
  if (p.startsWith("/api/health")) return "health";
  if (/^\/api\/v1\/models\/[^/]+\/routes\/stream$/.test(p)) return "data_plane.stream";
  if (/^\/api\/v1\/models\/[^/]+\/(routes|resolve)$/.test(p)) return "data_plane.routes";
  if (p === "/api/v1/telemetry" || p.startsWith("/api/v1/otlp/")) return "api.telemetry";
  if (/^\/api\/v1\/models\/[^/]+\/versions/.test(p)) return "api.registry";
  if (/^\/api\/v1\/models\/[^/]+\/release/.test(p)) return "api.release";
  if (/^\/api\/v1\/models\/[^/]+\/policy$/.test(p)) return "api.policy";
  if (p.startsWith("/api/v1/audit")) return "api.audit";
  if (p.startsWith("/api/")) return "api.other";
  return "page";
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
