/**
 * Chart-data preparation: from the metrics API's body (api.ts) to the rows recharts draws.
 * Pure and client-safe (types only from the server modules). The renderers in
 * components/charts only draw what these functions decide:
 *
 * - Null stays null. A bucket without requests is `null` in its row, drawn as a gap
 *   (`connectNulls={false}`); a series with no point at all is reported as empty so the chart
 *   says "no data" instead of drawing a flat zero. A real zero (requests, none failed) stays 0.
 * - Values stay in the API's units (ms, fractions 0..1, score, $ per 1,000 requests, tokens);
 *   `formatValue` turns them into text for axes, tooltips and captions.
 * - Versions are ordered stable first, then the candidate, then the rest by version id; each
 *   version has one colour on every chart of every page (version-colours.ts).
 */
import { formatCount, roundTo } from "../format/numbers";
import type { MetricsApiBody, MetricsApiPoint } from "./api";
import type { ErrorsByClass } from "./queries";
import { versionLabel, versionStyles, type VersionRoles } from "./version-colours";

export type { VersionRoles } from "./version-colours";
import { formatAxisTick, formatDateTimeMinute, formatRangeMinute, UTC, type TimeZoneChoice } from "../time/format";

export type Unit = "ms" | "fraction" | "score" | "usd_per_1k" | "tokens" | "requests";

export type ChartRow = { t: number } & Record<string, number | null>;
export type ChartSeries = { key: string; label: string; color: string; dashed?: boolean; /** non-null points */ points: number };
export type PreparedChart = {
  rows: ChartRow[];
  series: ChartSeries[];
  unit: Unit;
  /** the width of one bucket (one row) */
  stepMs: number;
  /** no series has a single point: show "no data", never an axis of zeros */
  empty: boolean;
};

// ---------------------------------------------------------------------------------------------
// Versions: order and colours

export function orderVersions(versions: readonly string[], roles: VersionRoles = {}): string[] {
  const rank = (v: string) => (v === roles.stable ? 0 : v === roles.candidate ? 1 : 2);
  return [...new Set(versions)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Metrics, one line per version

export type VersionMetric = "p95" | "p50" | "p99" | "error_rate" | "quality" | "accuracy" | "cost_per_1k" | "tokens" | "requests";

export const VERSION_METRICS: Record<VersionMetric, { label: string; unit: Unit; value: (p: MetricsApiPoint) => number | null }> = {
  p95: { label: "p95 latency", unit: "ms", value: (p) => p.p95 },
  p50: { label: "p50 latency", unit: "ms", value: (p) => p.p50 },
  p99: { label: "p99 latency", unit: "ms", value: (p) => p.p99 },
  error_rate: { label: "Error rate", unit: "fraction", value: (p) => p.error_rate },
  quality: { label: "Quality (mean score)", unit: "score", value: (p) => p.quality },
  accuracy: { label: "Accuracy (labelled)", unit: "fraction", value: (p) => p.accuracy },
  cost_per_1k: { label: "Cost per 1k requests", unit: "usd_per_1k", value: (p) => p.cost_per_1k },
  // tokens are sums that read 0 when a sender never reports them: only a bucket with some counts as data
  tokens: {
    label: "Tokens (input + output)",
    unit: "tokens",
    value: (p) =>
      p.count === null ? null : (p.tokens_in ?? 0) + (p.tokens_out ?? 0) > 0 ? (p.tokens_in ?? 0) + (p.tokens_out ?? 0) : null,
  },
  requests: { label: "Requests", unit: "requests", value: (p) => p.count },
};

/** The buckets of the body in time order: one row per step, whether or not any version has data. */
function bucketTimes(body: MetricsApiBody): number[] {
  const from = Date.parse(body.from);
  const to = Date.parse(body.to);
  const stepMs = body.step * 1000;
  const out: number[] = [];
  for (let t = from; t < to; t += stepMs) out.push(t);
  return out;
}

function pointsByVersion(body: MetricsApiBody): Map<string, Map<number, MetricsApiPoint>> {
  const out = new Map<string, Map<number, MetricsApiPoint>>();
  for (const p of body.series) {
    let m = out.get(p.version);
    if (!m) out.set(p.version, (m = new Map()));
    m.set(Date.parse(p.t), p);
  }
  return out;
}

function finish(body: MetricsApiBody, rows: ChartRow[], series: Omit<ChartSeries, "points">[], unit: Unit): PreparedChart {
  const counted = series.map((s) => ({ ...s, points: rows.filter((r) => r[s.key] !== null && r[s.key] !== undefined).length }));
  return { rows, series: counted, unit, stepMs: body.step * 1000, empty: counted.every((s) => s.points === 0) };
}

/** A line per version, coloured and labelled the same on every chart (version-colours.ts). */
function versionSeries(versions: readonly string[], roles: VersionRoles): Omit<ChartSeries, "points">[] {
  const styles = versionStyles(versions, roles);
  return versions.map((v) => ({ key: v, label: versionLabel(v, roles), color: styles[v]!.colour, dashed: styles[v]!.dashed }));
}

/** One line per version for `metric`, in `order` (versions absent from the body are skipped). */
export function prepareVersionChart(
  body: MetricsApiBody,
  metric: VersionMetric,
  opts: { order: readonly string[]; roles: VersionRoles; only?: readonly string[] },
): PreparedChart {
  const def = VERSION_METRICS[metric];
  const byVersion = pointsByVersion(body);
  const versions = opts.order.filter((v) => byVersion.has(v) && (!opts.only || opts.only.includes(v)));
  const rows = bucketTimes(body).map((t) => {
    const row: ChartRow = { t };
    for (const v of versions) {
      const p = byVersion.get(v)?.get(t);
      row[v] = p ? def.value(p) : null;
    }
    return row;
  });
  return finish(body, rows, versionSeries(versions, opts.roles), def.unit);
}

// ---------------------------------------------------------------------------------------------
// One version broken down: errors by class, safety flags

export const ERROR_CLASSES = ["timeout", "upstream", "model", "schema", "other"] as const satisfies readonly (keyof ErrorsByClass)[];
const CLASS_COLORS: Record<(typeof ERROR_CLASSES)[number], string> = {
  timeout: "#dc2626",
  upstream: "#ea580c",
  model: "#7c3aed",
  schema: "#0891b2",
  other: "#64748b",
};

/**
 * Error rate by class for one version: a line per class that has errors in the range (rate =
 * that class's errors / requests). With requests but no errors at all, one "all classes" line
 * at a real 0 — the version served and nothing failed.
 */
export function prepareErrorClassChart(body: MetricsApiBody, version: string): PreparedChart {
  const points = pointsByVersion(body).get(version) ?? new Map<number, MetricsApiPoint>();
  const seen = ERROR_CLASSES.filter((c) => [...points.values()].some((p) => (p.errors_by_class?.[c] ?? 0) > 0));
  const rows = bucketTimes(body).map((t) => {
    const p = points.get(t);
    const row: ChartRow = { t };
    if (seen.length === 0) row.all = p?.error_rate ?? null;
    for (const c of seen) row[c] = p?.count ? (p.errors_by_class?.[c] ?? 0) / p.count : null;
    return row;
  });
  const series = seen.length
    ? seen.map((c) => ({ key: c, label: c, color: CLASS_COLORS[c] }))
    : [{ key: "all", label: "all classes", color: CLASS_COLORS.other }];
  return finish(body, rows, series, "fraction");
}

const FLAG_COLORS = ["#db2777", "#ca8a04", "#4f46e5", "#0d9488", "#9333ea", "#65a30d"];

/**
 * Safety-flag rates for one version: a line per flag name seen in the range (events flagged /
 * requests; 0 in a bucket with requests but none flagged). No flag ever seen → no series: the
 * chart says no flags were reported, which is not the same as no data.
 */
export function prepareFlagChart(body: MetricsApiBody, version: string): PreparedChart {
  const points = pointsByVersion(body).get(version) ?? new Map<number, MetricsApiPoint>();
  const names = [...new Set([...points.values()].flatMap((p) => Object.keys(p.flags ?? {})))].sort();
  const rows = bucketTimes(body).map((t) => {
    const p = points.get(t);
    const row: ChartRow = { t };
    for (const n of names) row[n] = p?.count ? (p.flags?.[n] ?? 0) : null;
    return row;
  });
  return finish(
    body,
    rows,
    names.map((n, i) => ({ key: n, label: n, color: FLAG_COLORS[i % FLAG_COLORS.length]! })),
    "fraction",
  );
}

/**
 * Traffic share per version, stacked to 1: a bucket without any request is null for every
 * version (a gap); in a bucket with requests, a version that served none has a real 0.
 */
export function prepareShareChart(body: MetricsApiBody, opts: { order: readonly string[]; roles: VersionRoles }): PreparedChart {
  const byVersion = pointsByVersion(body);
  const versions = opts.order.filter((v) => byVersion.has(v));
  const rows = bucketTimes(body).map((t) => {
    const row: ChartRow = { t };
    const counts = versions.map((v) => byVersion.get(v)?.get(t)?.count ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    versions.forEach((v, i) => (row[v] = total > 0 ? counts[i]! / total : null));
    return row;
  });
  return finish(body, rows, versionSeries(versions, opts.roles), "fraction");
}

/** Whether the value at `index` has no non-null neighbour: a lone point a line cannot show, drawn as a dot. */
export function isIsolated(rows: readonly ChartRow[], key: string, index: number): boolean {
  const v = rows[index]?.[key];
  if (v === null || v === undefined) return false;
  const prev = rows[index - 1]?.[key];
  const next = rows[index + 1]?.[key];
  return (prev === null || prev === undefined) && (next === null || next === undefined);
}

// ---------------------------------------------------------------------------------------------
// Text

/** A value as text in its unit; null is "no data", never "0". */
/** `extraDigits`: more decimals than usual, for axis labels that would otherwise repeat. */
export function formatValue(unit: Unit, v: number | null | undefined, extraDigits = 0): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "no data";
  const x = extraDigits;
  switch (unit) {
    case "ms":
      return v >= 1000 ? `${roundTo(v / 1000, 2 + x)} s` : `${roundTo(v, (v >= 100 ? 0 : 1) + x)} ms`;
    case "fraction":
      return `${roundTo(v * 100, (v * 100 >= 10 ? 1 : 2) + x)} %`;
    case "score":
      return roundTo(v, 3 + x);
    case "usd_per_1k":
      return `$${v >= 100 ? roundTo(v, x) : roundTo(v, 2 + x)}`;
    case "tokens":
    case "requests":
      return v >= 1_000_000 ? `${roundTo(v / 1_000_000, 1)}M` : v >= 10_000 ? `${roundTo(v / 1000, 1)}k` : formatCount(Math.round(v));
  }
}

/** The step as people say it: 60 → "1 min", 900 → "15 min", 3600 → "1 h", 86400 → "1 d". */
export function formatStep(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A bucket's time, to the minute with its zone: "2026-01-15 09:15 UTC" (lib/time/format.ts). */
export function formatInstant(ms: number, tz: TimeZoneChoice = UTC): string {
  return formatDateTimeMinute(ms, tz);
}

/** An axis tick: time of day for ranges within two days, the date beyond. */
export function formatTick(ms: number, rangeMs: number, tz: TimeZoneChoice = UTC): string {
  return formatAxisTick(ms, rangeMs, tz);
}

/** What every chart says about itself: range, step and sample size. */
export function chartCaption(body: Pick<MetricsApiBody, "from" | "to" | "step">, sample: number, tz: TimeZoneChoice = UTC): string {
  const requests = `${formatCount(sample)} ${sample === 1 ? "request" : "requests"}`;
  return `${formatRangeMinute(Date.parse(body.from), Date.parse(body.to), tz)} · step ${formatStep(body.step)} · ${requests}`;
}

/** Requests of the given versions over the whole range (the sample a chart drew from). */
export function sampleOf(body: MetricsApiBody, versions?: readonly string[]): number {
  return body.versions.filter((v) => !versions || versions.includes(v.version)).reduce((n, v) => n + v.sample, 0);
}
