import type { PreparedChart } from "./chart-data";

/**
 * How much of a chart's range has data: the buckets where at least one series has a value,
 * times the bucket width. A mostly empty 24 h reads like a quiet day unless the chart says
 * that only 3 h of it were measured.
 */
export type Coverage = { coveredMs: number; rangeMs: number; partial: boolean };

/**
 * `rangeMs`: the span the reader asked for, when known; the series' own span can be up to a
 * bucket longer, its start being rounded down to a bucket boundary.
 */
export function chartCoverage(
  chart: Pick<PreparedChart, "rows" | "series" | "stepMs">,
  from: number,
  to: number,
  requestedMs?: number,
): Coverage {
  const rangeMs = requestedMs ?? Math.max(0, to - from);
  let coveredMs = 0;
  for (const row of chart.rows) {
    if (!chart.series.some((s) => typeof row[s.key] === "number")) continue;
    // the last bucket may run past the end of the range; only its part inside counts
    const start = Math.max(row.t, from);
    coveredMs += Math.max(0, Math.min(row.t + chart.stepMs, to) - start);
  }
  coveredMs = Math.min(coveredMs, rangeMs);
  return { coveredMs, rangeMs, partial: coveredMs > 0 && coveredMs < rangeMs };
}

/** A span as people say it, to the minute: "45 min", "3 h 10 min", "24 h", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under 1 min";
  // "24 h" as the range picker says it; days from two on
  const d = minutes >= 2 * 1440 ? Math.floor(minutes / 1440) : 0;
  const h = Math.floor((minutes - d * 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** "Data for 3 h 10 min of the 24 h shown", or null when the whole range (or none of it) has data. */
export function coverageText(c: Coverage): string | null {
  if (!c.partial) return null;
  return `Data for ${formatSpan(c.coveredMs)} of the ${formatSpan(c.rangeMs)} shown`;
}
