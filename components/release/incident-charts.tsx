"use client";
import { useQuery } from "@tanstack/react-query";
import { MetricChart, type ChartMarker } from "@/components/charts/metric-chart";
import { chartCaption, orderVersions, prepareVersionChart, sampleOf, type VersionMetric } from "@/lib/telemetry/chart-data";
import { fetchMetrics, telemetryKeys } from "@/lib/telemetry/chart-queries";
import type { VersionRoles } from "@/lib/telemetry/version-colours";

const BEFORE_MS = 60 * 60_000;
const AFTER_MS = 60 * 60_000;
const REFRESH_MS = 30_000;

const CHARTS: { metric: VersionMetric; title: string }[] = [
  { metric: "p95", title: "p95 latency" },
  { metric: "error_rate", title: "Error rate" },
];

/**
 * The rolled-back version and the one traffic went back to, from the rollout's start (at most
 * an hour before the rollback) until an hour after it, with the rollback marked. Coloured as on
 * every other chart of the model, from the release's current stable and candidate.
 */
export function IncidentCharts({
  modelKey,
  fromVersion,
  toVersion,
  rolloutStartedAt,
  rolledBackAt,
  roles,
}: {
  modelKey: string;
  fromVersion: string;
  toVersion: string;
  rolloutStartedAt: string | null;
  rolledBackAt: string;
  roles: VersionRoles;
}) {
  const rollback = Date.parse(rolledBackAt);
  const started = rolloutStartedAt ? Date.parse(rolloutStartedAt) : null;
  const from = Math.max(started ?? rollback - BEFORE_MS, rollback - BEFORE_MS) - 5 * 60_000;
  const q = useQuery({
    queryKey: telemetryKeys.metrics(modelKey, `incident:${rollback}`, {}),
    queryFn: ({ signal }) => fetchMetrics(modelKey, { from, to: Math.min(rollback + AFTER_MS, Date.now()) }, signal),
    refetchInterval: () => (Date.now() < rollback + AFTER_MS ? REFRESH_MS : false),
  });
  const body = q.data;
  if (!body)
    return <p className="text-sm text-slate-500">{q.error ? `Could not load the metrics: ${q.error.message}` : "Loading the metrics…"}</p>;
  const versions = [fromVersion, toVersion];
  const order = orderVersions(versions, roles);
  const markers: ChartMarker[] = [
    ...(started && started >= Date.parse(body.from) ? [{ t: started, label: "rollout started" }] : []),
    { t: rollback, label: "rollback" },
  ];
  return (
    <div className="grid grid-cols-1 gap-4 2xl:grid-cols-2">
      {CHARTS.map((c) => (
        <MetricChart
          key={c.metric}
          testId={`incident-chart-${c.metric}`}
          chart={prepareVersionChart(body, c.metric, { order, roles, only: versions })}
          title={c.title}
          caption={chartCaption(body, sampleOf(body, versions))}
          from={Date.parse(body.from)}
          to={Date.parse(body.to)}
          markers={markers}
        />
      ))}
    </div>
  );
}
