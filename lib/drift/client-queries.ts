/**
 * TanStack Query keys and fetchers of the drift page (lib/query.ts holds the shared factory and
 * getJson). Client-safe: DTO types only.
 */
import { queryOptions } from "@tanstack/react-query";
import { getJson } from "../query";
import type { DriftCellDetail, DriftHeatmap, DriftWindow } from "./queries";

/** The page refreshes at this pace; histograms are hourly and the watch runs every 5 minutes. */
export const DRIFT_REFRESH_MS = 60_000;

export type DriftSelection = { model: string; window: DriftWindow; version: string | null };

export const driftKeys = {
  all: ["drift"] as const,
  heatmap: (s: DriftSelection) => [...driftKeys.all, "heatmap", s.model, s.window, s.version] as const,
  cell: (s: DriftSelection, tenant: string, feature: string) =>
    [...driftKeys.all, "cell", s.model, s.window, s.version, tenant, feature] as const,
};

function search(s: DriftSelection, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ window: s.window, ...(s.version ? { version: s.version } : {}), ...extra });
  return q.toString();
}

export function driftHeatmapQuery(s: DriftSelection) {
  return queryOptions({
    queryKey: driftKeys.heatmap(s),
    queryFn: ({ signal }) =>
      getJson<DriftHeatmap>(`/api/v1/models/${encodeURIComponent(s.model)}/drift?${search(s)}`, { signal, cache: "no-store" }),
    refetchInterval: DRIFT_REFRESH_MS,
  });
}

export function driftCellQuery(s: DriftSelection, tenant: string, feature: string) {
  return queryOptions({
    queryKey: driftKeys.cell(s, tenant, feature),
    queryFn: ({ signal }) =>
      getJson<DriftCellDetail>(`/api/v1/models/${encodeURIComponent(s.model)}/drift/cell?${search(s, { tenant, feature })}`, {
        signal,
        cache: "no-store",
      }),
    refetchInterval: DRIFT_REFRESH_MS,
  });
}

/** The page URL for a selection (window, version filter and the open cell live in the URL). */
export function driftPageHref(s: DriftSelection, cell?: { tenant: string; feature: string } | null): string {
  return `/models/${encodeURIComponent(s.model)}/drift?${search(s, cell ? { tenant: cell.tenant, feature: cell.feature } : {})}`;
}
