/**
 * The chart pages' queries: keys, API URLs and fetchers, shared by the server prefetch (same
 * key, same DTO) and the browser's polling. Client-safe: server types are imported as types.
 * The browser reads the public API with its session cookie, so the pages draw exactly what
 * `GET /api/v1/models/{m}/metrics` and `/tenants` serve.
 */
import { getJson } from "../query";
import type { MetricsApiBody } from "./api";
import type { TenantTable } from "./tenant-table";

export type MetricsParams = { from: number; to: number; step?: number; tenant?: string; version?: string };

export const telemetryKeys = {
  all: ["telemetry"] as const,
  /** `range` is the range's identity (chart-range.ts rangeId): a preset's window moves, its key does not */
  metrics: (model: string, range: string, filter: { tenant?: string; version?: string; step?: number } = {}) =>
    [...telemetryKeys.all, "metrics", model, range, filter] as const,
  tenants: (model: string, range: string, filter: { version?: string } = {}) =>
    [...telemetryKeys.all, "tenants", model, range, filter] as const,
  window: (model: string, from: number) => [...telemetryKeys.all, "window", model, from] as const,
};

const modelPath = (model: string) => `/api/v1/models/${encodeURIComponent(model)}`;

function query(p: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== "") q.set(k, String(v));
  return q.toString();
}

export function metricsApiUrl(model: string, p: MetricsParams): string {
  return `${modelPath(model)}/metrics?${query({ from: Math.floor(p.from), to: Math.floor(p.to), step: p.step, tenant: p.tenant, version: p.version })}`;
}

export function tenantsApiUrl(model: string, p: { from: number; to: number; version?: string }): string {
  return `${modelPath(model)}/tenants?${query({ from: Math.floor(p.from), to: Math.floor(p.to), version: p.version })}`;
}

export const fetchMetrics = (model: string, p: MetricsParams, signal?: AbortSignal) =>
  getJson<MetricsApiBody>(metricsApiUrl(model, p), { signal, cache: "no-store" });

export const fetchTenants = (model: string, p: { from: number; to: number; version?: string }, signal?: AbortSignal) =>
  getJson<TenantTable>(tenantsApiUrl(model, p), { signal, cache: "no-store" });
