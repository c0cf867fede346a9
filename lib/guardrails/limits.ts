/**
 * The limits a watched version must stay within: its manifest's latency and error-rate limits
 * and quality floor, the policy's cost and flag ceilings, and the policy's limits relative to
 * stable. The decision (decide.ts) judges these and the release page draws them
 * (thresholds.ts), so a line on the chart is the number the guardrails judge by.
 * Pure and client-safe.
 */
import type { Policy } from "../policy";

export type Severity = "hard" | "soft";

export type GuardrailsPolicy = Policy["guardrails"];

/** A version's manifest limits and quality floor; null (or absent) where it declares none. */
export type Limits = {
  p95LatencyMs?: number | null;
  maxErrorRate?: number | null;
  quality?: { metric: string; min: number } | null;
};

/** Stable's numbers over the window; a relative limit is left out where stable has none. */
export type StableBaseline = {
  p95Ms: number | null;
  errorRate: number | null;
  quality?: number | null;
  /** flag → share of stable's requests carrying it */
  flagRates?: Record<string, number>;
};

export type GuardrailLimit = {
  /** the check's name, as decisions store it */
  name: string;
  /** where the number comes from: the version's manifest, the policy alone, or stable's window */
  source: "manifest" | "policy" | "relative";
  severity: Severity;
  threshold: number;
  /** `<=`: the value must not exceed the threshold; `>=`: must reach it */
  op: "<=" | ">=";
} & ({ metric: "p95" | "error_rate" | "quality" | "cost_per_1k" } | { metric: "flag"; flag: string });

/** The manifest's limits and quality floor of a version, tolerant of older manifests. */
export function limitsOf(manifest: unknown): Limits {
  const m = (manifest ?? {}) as {
    limits?: { p95_latency_ms?: unknown; max_error_rate?: unknown };
    quality?: { metric?: unknown; min?: unknown };
  };
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const q =
    m.quality && typeof m.quality.metric === "string" && num(m.quality.min) !== null
      ? { metric: m.quality.metric, min: m.quality.min as number }
      : null;
  return { p95LatencyMs: num(m.limits?.p95_latency_ms), maxErrorRate: num(m.limits?.max_error_rate), quality: q };
}

/** Every limit that applies, in the order decisions list their checks; relative ones need `stable`. */
export function guardrailLimits(policy: GuardrailsPolicy, limits: Limits, stable: StableBaseline | null): GuardrailLimit[] {
  const out: GuardrailLimit[] = [];
  if (limits.p95LatencyMs != null) {
    out.push({
      name: "latency_p95",
      metric: "p95",
      source: "manifest",
      severity: policy.limits.severity,
      threshold: limits.p95LatencyMs,
      op: "<=",
    });
  }
  if (limits.maxErrorRate != null) {
    out.push({
      name: "error_rate",
      metric: "error_rate",
      source: "manifest",
      severity: policy.limits.severity,
      threshold: limits.maxErrorRate,
      op: "<=",
    });
  }
  if (limits.quality) {
    out.push({
      name: "quality",
      metric: "quality",
      source: "manifest",
      severity: policy.quality.severity,
      threshold: limits.quality.min,
      op: ">=",
    });
  }
  if (policy.cost.maxPer1k !== undefined) {
    out.push({
      name: "cost_per_1k",
      metric: "cost_per_1k",
      source: "policy",
      severity: policy.cost.severity,
      threshold: policy.cost.maxPer1k,
      op: "<=",
    });
  }
  for (const [flag, rule] of Object.entries(policy.flags)) {
    out.push({ name: `flag:${flag}`, metric: "flag", flag, source: "policy", severity: rule.severity, threshold: rule.maxRate, op: "<=" });
  }
  if (stable?.p95Ms != null) {
    out.push({
      name: "relative_latency_p95",
      metric: "p95",
      source: "relative",
      severity: policy.latency.severity,
      threshold: stable.p95Ms * policy.latency.maxP95Factor,
      op: "<=",
    });
  }
  if (stable?.errorRate != null) {
    out.push({
      name: "relative_error_rate",
      metric: "error_rate",
      source: "relative",
      severity: policy.errorRate.severity,
      threshold: stable.errorRate + policy.errorRate.maxIncrease,
      op: "<=",
    });
  }
  if (stable?.quality != null && policy.quality.maxDecrease !== undefined) {
    out.push({
      name: "relative_quality",
      metric: "quality",
      source: "relative",
      severity: policy.quality.severity,
      threshold: stable.quality - policy.quality.maxDecrease,
      op: ">=",
    });
  }
  for (const [flag, rule] of Object.entries(policy.flags)) {
    const base = stable?.flagRates?.[flag];
    if (rule.maxIncrease === undefined || stable?.flagRates === undefined) continue;
    out.push({
      name: `relative_flag:${flag}`,
      metric: "flag",
      flag,
      source: "relative",
      severity: rule.severity,
      threshold: (base ?? 0) + rule.maxIncrease,
      op: "<=",
    });
  }
  return out;
}
