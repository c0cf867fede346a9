"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { MetricChart } from "@/components/charts/metric-chart";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { versionHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import {
  chartCaption,
  formatValue,
  orderVersions,
  prepareVersionChart,
  sampleOf,
  VERSION_METRICS,
  type VersionMetric,
} from "@/lib/telemetry/chart-data";
import { fetchMetrics, fetchTenants, telemetryKeys } from "@/lib/telemetry/chart-queries";
import { rangeAtNow, rangeId, refreshIntervalNow, type ChartRange } from "@/lib/telemetry/chart-range";
import { qualityTitle, type QualityMetrics } from "@/lib/registry/quality-label";
import { sortTenantRows, type TenantSortKey } from "@/lib/telemetry/tenant-rows";
import { RankCell, DriftCell, rankingCaption } from "./tenant-cells";

// "Why here" is under the tenant's name on narrow screens, its own column from `sm` up
const COLUMNS: { key: TenantSortKey; label: string; numeric: boolean; className?: string }[] = [
  { key: "tenant", label: "Tenant", numeric: false },
  { key: "version", label: "Version", numeric: false },
  { key: "score", label: "Why here", numeric: false, className: "hidden sm:table-cell" },
  { key: "requests", label: "Requests", numeric: true },
  { key: "error_rate", label: "Error rate", numeric: true },
  { key: "p95", label: "p95", numeric: true },
  { key: "quality", label: "Quality", numeric: true },
  { key: "drift", label: "Drift", numeric: true },
];

const TENANT_METRICS: VersionMetric[] = ["error_rate", "p95", "quality", "requests"];

/**
 * The tenant table (ranked: the tenant to look at first on top; sortable by any column) and,
 * for `tenant`, its own charts per version. Choosing a tenant puts it in the URL and brings its
 * charts into view with the focus on them.
 */
export function TenantsLive({
  modelKey,
  range,
  rangeParams,
  tenant,
  version,
  stable,
  candidate,
  qualityMetrics,
}: {
  modelKey: string;
  range: ChartRange;
  rangeParams: Record<string, string>;
  tenant: string | null;
  version: string | null;
  stable: string | null;
  candidate: string | null;
  qualityMetrics: QualityMetrics;
}) {
  const id = rangeId(range);
  const tz = useTimeZoneChoice();
  const interval = refreshIntervalNow(range);
  const [sort, setSort] = useState<{ key: TenantSortKey | null; dir: "worst" | "best" }>({ key: null, dir: "worst" });
  const table = useQuery({
    queryKey: telemetryKeys.tenants(modelKey, id, { version: version ?? undefined }),
    queryFn: ({ signal }) => fetchTenants(modelKey, { ...rangeAtNow(range), version: version ?? undefined }, signal),
    refetchInterval: interval,
  });
  const series = useQuery({
    queryKey: telemetryKeys.metrics(modelKey, id, { tenant: tenant ?? undefined }),
    queryFn: ({ signal }) => fetchMetrics(modelKey, { ...rangeAtNow(range), tenant: tenant ?? undefined }, signal),
    refetchInterval: interval,
    enabled: tenant !== null,
  });
  const base = `/models/${encodeURIComponent(modelKey)}/tenants`;
  const link = (p: Record<string, string | null>) => {
    const q = new URLSearchParams(rangeParams);
    for (const [k, v] of Object.entries({ tenant, version, ...p })) if (v) q.set(k, v);
    return `${base}?${q.toString()}`;
  };

  const charts = useRef<HTMLDivElement>(null);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!tenant || shown.current === tenant || !charts.current) return;
    shown.current = tenant;
    charts.current.scrollIntoView({ block: "start", behavior: "smooth" });
    charts.current.focus({ preventScroll: true });
  }, [tenant]);

  const rows = table.data ? sortTenantRows(table.data.rows, sort.key, sort.dir) : [];
  const versions = orderVersions([...(table.data?.rows.map((r) => r.version) ?? []), ...(version ? [version] : [])], { stable });

  return (
    <div className="space-y-6">
      {table.error && <p className="text-sm text-red-700">Could not refresh the tenant table: {table.error.message}</p>}
      <Card
        title="Tenants"
        description={
          table.data
            ? `${rankingCaption(table.data.ranking)} ${chartCaption(
                {
                  from: table.data.from,
                  to: table.data.to,
                  step: table.data.grain === "day" ? 86_400 : table.data.grain === "hour" ? 3600 : 60,
                },
                table.data.rows.reduce((n, r) => n + r.requests, 0),
                tz,
              )}`
            : undefined
        }
        actions={
          <form method="get" action={base} className="flex items-center gap-2 text-sm">
            {Object.entries(rangeParams).map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
            {tenant && <input type="hidden" name="tenant" value={tenant} />}
            <label className="text-slate-600" htmlFor="version-filter">
              Version
            </label>
            <select id="version-filter" name="version" defaultValue={version ?? ""} className="rounded border border-slate-300 px-2 py-1">
              <option value="">All versions</option>
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                  {v === stable ? " (stable)" : ""}
                </option>
              ))}
            </select>
            <button type="submit" className="rounded-md border border-slate-200 px-2.5 py-1 font-medium text-slate-700">
              Filter
            </button>
          </form>
        }
        flush
      >
        {rows.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No traffic in this range">
              No tenant sent telemetry for this model{version ? ` on version ${version}` : ""} in this range.
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Tenants">
              <thead className="bg-slate-50">
                <tr>
                  {COLUMNS.map((c) => (
                    <th
                      key={c.key}
                      scope="col"
                      aria-sort={sort.key === c.key ? (sort.dir === "worst" ? "descending" : "ascending") : undefined}
                      className={`px-4 py-2 text-xs font-semibold whitespace-nowrap text-slate-600 uppercase ${c.numeric ? "text-right" : "text-left"} ${c.className ?? ""}`}
                      title={
                        c.key === "drift" && table.data?.drift
                          ? `The tenant's worst PSI over the last ${table.data.drift.window}, any feature or the score distribution`
                          : undefined
                      }
                    >
                      <button
                        type="button"
                        className="uppercase hover:text-slate-900"
                        onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key && s.dir === "worst" ? "best" : "worst" }))}
                      >
                        {c.key === "drift" && table.data?.drift ? `Drift ${table.data.drift.window}` : c.label}
                        {sort.key === c.key ? (sort.dir === "worst" ? " ↓" : " ↑") : ""}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <tr
                    key={`${r.tenant}\u0000${r.version}`}
                    data-testid="tenant-row"
                    data-tenant={r.tenant}
                    data-version={r.version}
                    className={r.tenant === tenant ? "bg-brand-50" : undefined}
                  >
                    <th scope="row" className="px-4 py-2 text-left font-medium whitespace-nowrap">
                      <Link
                        href={link({ tenant: r.tenant })}
                        scroll={false}
                        className="text-brand-700 hover:underline"
                        aria-current={r.tenant === tenant ? "true" : undefined}
                        aria-label={`${r.tenant}: show its charts`}
                      >
                        {r.tenant}
                      </Link>
                      {r.pinnedVersion && (
                        <span className="ml-2" title={`Pinned to ${r.pinnedVersion} in production`}>
                          <Badge tone={r.pinned ? "info" : "neutral"}>pinned {r.pinned ? "here" : `to ${r.pinnedVersion}`}</Badge>
                        </span>
                      )}
                      <div className="mt-0.5 font-normal sm:hidden">
                        <RankCell rank={r.rank} />
                      </div>
                    </th>
                    <td className="px-4 py-2 whitespace-nowrap">
                      <Link href={versionHref(modelKey, r.version)} className="font-mono text-[13px] text-brand-700 hover:underline">
                        {r.version}
                      </Link>
                    </td>
                    <td className="hidden px-4 py-2 sm:table-cell" data-testid="tenant-reason">
                      <RankCell rank={r.rank} />
                    </td>
                    <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatValue("requests", r.requests)}</td>
                    <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatValue("fraction", r.error_rate)}</td>
                    <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatValue("ms", r.p95)}</td>
                    <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatValue("score", r.quality)}</td>
                    <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">
                      <DriftCell drift={r.drift} window={table.data?.drift?.window ?? null} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {tenant && (
        <div
          ref={charts}
          tabIndex={-1}
          data-testid="tenant-charts"
          className="scroll-mt-4 rounded-lg focus:outline-2 focus:outline-offset-2 focus:outline-brand-500"
        >
          <Card title={`Tenant ${tenant}`} description="This tenant's own traffic, one line per version." id="tenant-chart">
            {series.error && <p className="text-sm text-red-700">Could not load this tenant&apos;s series: {series.error.message}</p>}
            {series.data && (
              <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
                {TENANT_METRICS.map((m) => {
                  const roles = { stable, candidate };
                  const order = orderVersions(
                    series.data.versions.map((v) => v.version),
                    roles,
                  );
                  const chart = prepareVersionChart(series.data, m, { order, roles });
                  return (
                    <MetricChart
                      key={m}
                      testId={`tenant-chart-${m}`}
                      chart={chart}
                      title={m === "quality" ? qualityTitle(qualityMetrics, order) : VERSION_METRICS[m].label}
                      caption={chartCaption(series.data, sampleOf(series.data), tz)}
                      from={Date.parse(series.data.from)}
                      to={Date.parse(series.data.to)}
                      rangeMs={rangeAtNow(range).to - rangeAtNow(range).from}
                    />
                  );
                })}
              </div>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
