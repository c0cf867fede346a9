/**
 * The JSON of `GET /api/v1/models/{model}/metrics` (README → Sending telemetry): `series` is a flat
 * list of points `{t, version, count, error_rate, p50, p95, p99, quality, cost, …}` ordered by
 * version then t — one entry per version per step, null metrics where there is no data — and
 * `versions` gives each version's sample size and its whole-range point (`total`: p95 over the
 * range from merged histograms, not an average of per-step p95s).
 */
import type { MetricsSeries, SeriesPoint } from "./queries";
import type { z } from "zod";
import type { metricsSeriesSchema } from "./contracts";

export type MetricsApiPoint = SeriesPoint & { version: string };

export type MetricsApiBody = z.output<typeof metricsSeriesSchema>;

export function metricsApiBody(s: MetricsSeries): MetricsApiBody {
  return {
    model: s.model,
    version: s.version,
    tenant: s.tenant,
    from: s.from,
    to: s.to,
    step: s.step,
    grain: s.grain,
    sample: s.sample,
    versions: s.versions.map((v) => ({ version: v.version, sample: v.sample, total: v.total })),
    series: s.versions.flatMap((v) => v.points.map((p) => ({ version: v.version, ...p }))),
  };
}
