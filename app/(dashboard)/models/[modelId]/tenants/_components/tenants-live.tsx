"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { MetricChart } from "@/components/charts/metric-chart";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { versionHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { chartCaption, formatValue, orderVersions, prepareVersionChart, sampleOf, versionColors, type VersionMetric } from "@/lib/telemetry/chart-data";
import { fetchMetrics, fetchTenants, telemetryKeys } from "@/lib/telemetry/chart-queries";
import { rangeAtNow, rangeId, refreshIntervalNow, type ChartRange } from "@/lib/telemetry/chart-range";
import { sortTenantRows, type TenantSortKey } from "@/lib/telemetry/tenant-rows";

const COLUMNS: { key: TenantSortKey; label: string; numeric: boolean }[] = [
  { key: "tenant", label: "Tenant", numeric: false },
  { key: "version", label: "Version", numeric: false },
  { key: "requests", label: "Requests", numeric: true },
  { key: "error_rate", label: "Error rate", numeric: true },
  { key: "p95", label: "p95", numeric: true },
  { key: "quality", label: "Quality", numeric: true },
];

const TENANT_METRICS: VersionMetric[] = ["error_rate", "p95", "quality", "requests"];

/** The tenant table (sortable, worst first by default) and, for `tenant`, its own charts per version. */
export function TenantsLive({
  modelKey,
  range,
  rangeParams,
  tenant,
  version,
  stable,
}: {
  modelKey: string;
  range: ChartRange;
  rangeParams: Record<string, string>;
  tenant: string | null;
  version: string | null;
  stable: string | null;
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

  const rows = table.data ? sortTenantRows(table.data.rows, sort.key, sort.dir) : [];
  const versions = orderVersions([...(table.data?.rows.map((r) => r.version) ?? []), ...(version ? [version] : [])], { stable });

  return (
    <div className="space-y-6">
      {table.error && <p className="text-sm text-red-700">Could not refresh the tenant table: {table.error.message}</p>}
      <Card
        title="Tenants"
        description={
          table.data
            ? `Worst first: error rate, then p95, then requests. ${chartCaption({ from: table.data.from, to: table.data.to, step: table.data.grain === "day" ? 86_400 : table.data.grain === "hour" ? 3600 : 60 }, table.data.rows.reduce((n, r) => n + r.requests, 0), tz)}`
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
            <EmptyState title="No traffic in this range">No tenant sent telemetry for this model{version ? ` on version ${version}` : ""} in this range.</EmptyState>
          </div>
        ) : (
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Tenants">
            <thead className="bg-slate-50">
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={sort.key === c.key ? (sort.dir === "worst" ? "descending" : "ascending") : undefined}
                    className={`px-4 py-2 text-xs font-semibold text-slate-600 uppercase ${c.numeric ? "text-right" : "text-left"}`}
                  >
                    <button
                      type="button"
                      className="uppercase hover:text-slate-900"
                      onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key && s.dir === "worst" ? "best" : "worst" }))}
                    >
                      {c.label}
                      {sort.key === c.key ? (sort.dir === "worst" ? " ↓" : " ↑") : ""}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={`${r.tenant}\u0000${r.version}`} data-testid="tenant-row" data-tenant={r.tenant} className={r.tenant === tenant ? "bg-brand-50" : undefined}>
                  <th scope="row" className="px-4 py-2 text-left font-medium">
                    <Link href={link({ tenant: r.tenant })} className="text-brand-700 hover:underline" aria-current={r.tenant === tenant ? "true" : undefined}>
                      {r.tenant}
                    </Link>
                    {r.pinnedVersion && (
                      <span className="ml-2" title={`Pinned to ${r.pinnedVersion} in production`}>
                        <Badge tone={r.pinned ? "info" : "neutral"}>pinned {r.pinned ? "here" : `to ${r.pinnedVersion}`}</Badge>
                      </span>
                    )}
                  </th>
                  <td className="px-4 py-2">
                    <Link href={versionHref(modelKey, r.version)} className="font-mono text-[13px] text-brand-700 hover:underline">
                      {r.version}
                    </Link>
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatValue("requests", r.requests)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatValue("fraction", r.error_rate)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatValue("ms", r.p95)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatValue("score", r.quality)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      {tenant && (
        <Card title={`Tenant ${tenant}`} description="This tenant's own traffic, one line per version." id="tenant-chart">
          {series.error && <p className="text-sm text-red-700">Could not load this tenant&apos;s series: {series.error.message}</p>}
          {series.data && (
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              {TENANT_METRICS.map((m) => {
                const order = orderVersions(series.data.versions.map((v) => v.version), { stable });
                const chart = prepareVersionChart(series.data, m, { order, colors: versionColors(order, { stable }) });
                return (
                  <MetricChart
                    key={m}
                    testId={`tenant-chart-${m}`}
                    chart={chart}
                    title={{ error_rate: "Error rate", p95: "p95 latency", quality: "Quality (mean score)", requests: "Requests" }[m as string] ?? m}
                    caption={chartCaption(series.data, sampleOf(series.data), tz)}
                    from={Date.parse(series.data.from)}
                    to={Date.parse(series.data.to)}
                  />
                );
              })}
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
