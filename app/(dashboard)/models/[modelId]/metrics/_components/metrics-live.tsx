"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { MetricChart } from "@/components/charts/metric-chart";
import { ShareChart } from "@/components/charts/share-chart";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import {
  chartCaption,
  orderVersions,
  prepareErrorClassChart,
  prepareFlagChart,
  prepareShareChart,
  prepareVersionChart,
  sampleOf,
  VERSION_METRICS,
  type VersionMetric,
} from "@/lib/telemetry/chart-data";
import { fetchMetrics, telemetryKeys } from "@/lib/telemetry/chart-queries";
import { rangeAtNow, rangeId, refreshIntervalNow, type ChartRange } from "@/lib/telemetry/chart-range";
import { qualityTitle, type QualityMetrics } from "@/lib/registry/quality-label";

const PER_VERSION: VersionMetric[] = ["p95", "error_rate", "quality", "accuracy", "cost_per_1k", "tokens"];

/** Every chart of the Metrics tab, one line per version, refreshed on an interval. */
export function MetricsLive({
  modelKey,
  range,
  tenant,
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
  const q = useQuery({
    queryKey: telemetryKeys.metrics(modelKey, rangeId(range), { tenant: tenant ?? undefined }),
    queryFn: ({ signal }) => fetchMetrics(modelKey, { ...rangeAtNow(range), tenant: tenant ?? undefined }, signal),
    refetchInterval: refreshIntervalNow(range),
  });
  const body = q.data;
  const tz = useTimeZoneChoice();
  const order = body
    ? orderVersions(
        body.versions.map((v) => v.version),
        { stable, candidate },
      )
    : [];
  const [picked, setPicked] = useState<string | null>(null);
  const breakdown = picked && order.includes(picked) ? picked : (order[0] ?? null);
  if (!body)
    return <p className="text-sm text-slate-500">{q.error ? `Could not load the metrics: ${q.error.message}` : "Loading the metrics…"}</p>;
  const roles = { stable, candidate };
  const from = Date.parse(body.from);
  const to = Date.parse(body.to);
  const caption = chartCaption(body, sampleOf(body), tz);
  const requested = rangeAtNow(range);
  const rangeMs = requested.to - requested.from;

  return (
    <div className="space-y-4">
      {q.error && <p className="text-sm text-red-700">Live refresh failed: {q.error.message} (showing the last data received).</p>}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        {PER_VERSION.map((m) => (
          <MetricChart
            key={m}
            testId={`chart-${m}`}
            chart={prepareVersionChart(body, m, { order, roles })}
            title={m === "quality" ? qualityTitle(qualityMetrics, order) : VERSION_METRICS[m].label}
            caption={caption}
            from={from}
            to={to}
            rangeMs={rangeMs}
            emptyText={
              m === "tokens" ? "No tokens reported in this range" : m === "accuracy" ? "No labelled events in this range" : undefined
            }
          />
        ))}
      </div>
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="breakdown-version" className="text-slate-600">
          Errors by class and safety flags for
        </label>
        <select
          id="breakdown-version"
          value={breakdown ?? ""}
          onChange={(e) => setPicked(e.target.value)}
          className="rounded border border-slate-300 px-2 py-1"
        >
          {order.map((v) => (
            <option key={v} value={v}>
              {v}
              {v === stable ? " (stable)" : v === candidate ? " (candidate)" : ""}
            </option>
          ))}
        </select>
      </div>
      {breakdown && (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <MetricChart
            testId="chart-error-classes"
            chart={prepareErrorClassChart(body, breakdown)}
            title={`Error rate by class · ${breakdown}`}
            caption={chartCaption(body, sampleOf(body, [breakdown]), tz)}
            from={from}
            to={to}
            rangeMs={rangeMs}
          />
          <MetricChart
            testId="chart-flags"
            chart={prepareFlagChart(body, breakdown)}
            title={`Safety-flag rates · ${breakdown}`}
            caption={chartCaption(body, sampleOf(body, [breakdown]), tz)}
            from={from}
            to={to}
            rangeMs={rangeMs}
            emptyText="No safety flags reported in this range"
          />
        </div>
      )}
      <ShareChart
        testId="chart-share"
        chart={prepareShareChart(body, { order, roles })}
        caption={caption}
        from={from}
        to={to}
        rangeMs={rangeMs}
      />
    </div>
  );
}
