"use client";
import { useQuery } from "@tanstack/react-query";
import { MetricChart, type ChartLine, type ChartMarker } from "@/components/charts/metric-chart";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { Card } from "@/components/ui/card";
import { releaseQuery } from "@/lib/query";
import { chartCaption, formatValue, orderVersions, prepareVersionChart, sampleOf, type VersionMetric } from "@/lib/telemetry/chart-data";
import { fetchMetrics, telemetryKeys } from "@/lib/telemetry/chart-queries";
import type { GuardrailsPolicy, Limits } from "@/lib/guardrails/limits";
import { guardrailThresholds } from "@/lib/guardrails/thresholds";
import { qualityTitle, type QualityMetrics } from "@/lib/registry/quality-label";
import { formatDateTimeMinute } from "@/lib/time/format";

export type ThresholdSources = {
  guardrails: GuardrailsPolicy;
  /** the manifests' limits of the release's versions, by version */
  manifests: Record<string, Limits>;
};

const REFRESH_MS = 10_000;
/** the current window: since the step began, at most this long (what the guardrails look at) */
const WINDOW_MS = 10 * 60_000;
const BEFORE_ROLLOUT_MS = 30 * 60_000;
const MAX_SPAN_MS = 7 * 86_400_000;

const CHARTS: { metric: VersionMetric; key: "p95" | "error_rate" | "quality"; title: string }[] = [
  { metric: "p95", key: "p95", title: "p95 latency" },
  { metric: "error_rate", key: "error_rate", title: "Error rate" },
  { metric: "quality", key: "quality", title: "Quality" },
];

/**
 * Candidate vs stable on the release page: both versions overlaid since shortly before the
 * rollout began, the guardrail thresholds as lines, each step change marked, and the current
 * window's numbers beside. Follows the live release (its query is kept current by the stream).
 */
export function CandidateVsStable({ modelKey, sources }: { modelKey: string; sources: ThresholdSources }) {
  const { data: release } = useQuery(releaseQuery(modelKey));
  const tz = useTimeZoneChoice();
  const stable = release?.stable?.version ?? null;
  const candidate = release && release.state !== "rolled_back" ? (release.candidate?.version ?? null) : null;
  const startedAt = release?.rolloutStartedAt ? Date.parse(release.rolloutStartedAt) : null;
  const stepAt = release?.stepStartedAt ? Date.parse(release.stepStartedAt) : null;

  const series = useQuery({
    queryKey: telemetryKeys.metrics(modelKey, `release:${startedAt ?? "1h"}`, {}),
    queryFn: ({ signal }) => {
      const to = Date.now();
      const from = startedAt ? Math.max(startedAt - BEFORE_ROLLOUT_MS, to - MAX_SPAN_MS) : to - 3_600_000;
      return fetchMetrics(modelKey, { from, to }, signal);
    },
    refetchInterval: REFRESH_MS,
    enabled: !!release?.exists,
  });
  const window = useQuery({
    queryKey: telemetryKeys.window(modelKey, stepAt ?? 0),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return fetchMetrics(modelKey, { from: Math.max(stepAt ?? 0, to - WINDOW_MS), to, step: 60 }, signal);
    },
    refetchInterval: REFRESH_MS,
    enabled: !!release?.exists,
  });
  if (!release?.exists || !stable) return null;

  const versions = candidate ? [stable, candidate] : [stable];
  const order = orderVersions(versions, { stable, candidate });
  const roles = { stable, candidate };
  const qualityMetrics: QualityMetrics = {};
  for (const v of versions) {
    const metric = sources.manifests[v]?.quality?.metric;
    if (metric) qualityMetrics[v] = metric;
  }
  const total = (v: string | null) => window.data?.versions.find((x) => x.version === v)?.total ?? null;
  const stableNow = total(stable);
  const candidateNow = total(candidate);
  const manifest = candidate ? sources.manifests[candidate] : undefined;
  const thresholds = guardrailThresholds({
    limits: manifest ?? {},
    guardrails: sources.guardrails,
    stable: { p95Ms: stableNow?.p95 ?? null, errorRate: stableNow?.error_rate ?? null, quality: stableNow?.quality ?? null },
  });
  const markers: ChartMarker[] = release.steps
    .filter((s) => s.startedAt)
    .map((s) => ({ t: Date.parse(s.startedAt!), label: `${s.percent} %` }));
  const body = series.data;

  return (
    <Card
      title={candidate ? "Candidate vs stable" : "Stable health"}
      id="candidate-vs-stable"
      description={
        candidate
          ? `${candidate} (candidate) against ${stable} (stable); dashed lines are the guardrail thresholds, vertical lines the step changes.`
          : undefined
      }
    >
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="space-y-4">
          {!body && (
            <p className="text-sm text-slate-500">
              {series.error ? `Could not load the metrics: ${series.error.message}` : "Loading the metrics…"}
            </p>
          )}
          {body &&
            CHARTS.map((c) => (
              <MetricChart
                key={c.metric}
                testId={`release-chart-${c.metric}`}
                chart={prepareVersionChart(body, c.metric, { order, roles, only: versions })}
                title={c.metric === "quality" ? qualityTitle(qualityMetrics, candidate ? [candidate] : versions) : c.title}
                caption={chartCaption(body, sampleOf(body, versions), tz)}
                from={Date.parse(body.from)}
                to={Date.parse(body.to)}
                lines={
                  candidate
                    ? thresholds[c.key].map((t): ChartLine => ({ value: t.value, label: t.label, severity: t.severity, kind: t.kind }))
                    : []
                }
                markers={markers}
              />
            ))}
        </div>
        <table className="h-fit text-sm" aria-label="Current window">
          <caption className="mb-2 text-left text-xs text-slate-500">
            Current window: since the step began, at most 10 min{window.data ? ` (from ${formatDateTimeMinute(window.data.from, tz)})` : ""}
          </caption>
          <thead>
            <tr className="text-xs text-slate-500">
              <th scope="col" className="text-left font-medium" />
              {candidate && (
                <th scope="col" className="text-right font-medium">
                  Candidate
                </th>
              )}
              <th scope="col" className="text-right font-medium">
                Stable
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ["Requests", "requests", (p: typeof stableNow) => p?.count ?? 0],
                ["p95", "ms", (p: typeof stableNow) => p?.p95 ?? null],
                ["Error rate", "fraction", (p: typeof stableNow) => p?.error_rate ?? null],
                ["Quality", "score", (p: typeof stableNow) => p?.quality ?? null],
              ] as const
            ).map(([label, unit, get]) => (
              <tr key={label}>
                <th scope="row" className="py-1 text-left font-normal text-slate-600">
                  {label}
                </th>
                {candidate && <td className="py-1 text-right tabular-nums">{formatValue(unit, get(candidateNow))}</td>}
                <td className="py-1 text-right tabular-nums">{formatValue(unit, get(stableNow))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
