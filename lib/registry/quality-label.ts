/**
 * What the quality chart draws is the mean of the `score` each event reports; the manifest's
 * `quality.metric` says what that score measures (and its guardrail floor is stated in the same
 * metric), so the chart is titled with it rather than with a generic "quality".
 */

/** version → the metric its manifest names as its online quality signal */
export type QualityMetrics = Record<string, string>;

export function qualityTitle(metrics: QualityMetrics, versions: readonly string[]): string {
  const named = versions.filter((v) => metrics[v]);
  const names = [...new Set(named.map((v) => metrics[v]!))];
  if (names.length === 0) return "Quality — mean score";
  if (names.length === 1) return `Quality — ${names[0]}`;
  return `Quality — ${named.map((v) => `${metrics[v]} (${v})`).join(", ")}`;
}

/** A guardrail floor's label, naming the metric the title names: "precision_at_review ≥ 0.81". */
export function qualityFloorLabel(metric: string, min: number): string {
  return `${metric} ≥ ${min}`;
}

/** The metric a manifest names, if any (manifests are stored as JSON). */
export function manifestQualityMetric(manifest: unknown): string | null {
  if (typeof manifest !== "object" || manifest === null) return null;
  const q = (manifest as { quality?: { metric?: unknown } }).quality;
  return typeof q?.metric === "string" && q.metric.trim() ? q.metric.trim() : null;
}
