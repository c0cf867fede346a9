/**
 * The lines a candidate must stay within, as the guardrails judge it (lib/guardrails): the
 * candidate manifest's own limits and the policy's limits relative to stable.
 * Pure and client-safe; the release chart draws them and the guardrail evaluator can judge
 * with the same numbers.
 *
 * - p95 latency (ms): `limits.p95_latency_ms`, and `latency.maxP95Factor` × stable's p95.
 * - error rate (fraction): `limits.max_error_rate`, and stable's rate + `errorRate.maxIncrease`.
 * - quality (score): `quality.min` when the manifest declares an online quality floor.
 * A relative line needs stable's value over the window: without it (no stable traffic) it is
 * left out rather than guessed. `binding` is the lowest ceiling (highest floor): the one a
 * candidate meets first.
 */

import { qualityFloorLabel } from "./quality-label";

export type Severity = "hard" | "soft";

export type ThresholdInputs = {
  /** the candidate's manifest (limits and the optional quality floor) */
  limits: { p95_latency_ms: number; max_error_rate: number } | null;
  quality: { metric: string; min: number } | null;
  /** the model policy's guardrails (lib/lifecycle/policy.ts) */
  guardrails: {
    latency: { maxP95Factor: number; severity: Severity };
    errorRate: { maxIncrease: number; severity: Severity };
    limits: { severity: Severity };
    quality: { severity: Severity };
  };
  /** stable's numbers over the same window; null where stable has no data */
  stable: { p95: number | null; error_rate: number | null };
};

export type Threshold = {
  metric: "p95" | "error_rate" | "quality";
  /** ceiling: the candidate must stay at or below; floor: at or above */
  kind: "ceiling" | "floor";
  value: number;
  source: "manifest" | "relative";
  severity: Severity;
  label: string;
};

export type GuardrailThresholds = Record<Threshold["metric"], Threshold[]>;

const pct = (f: number) => `${String(Number((f * 100).toFixed(2)))} %`;

export function guardrailThresholds(input: ThresholdInputs): GuardrailThresholds {
  const g = input.guardrails;
  const out: GuardrailThresholds = { p95: [], error_rate: [], quality: [] };
  if (input.limits) {
    out.p95.push({
      metric: "p95",
      kind: "ceiling",
      value: input.limits.p95_latency_ms,
      source: "manifest",
      severity: g.limits.severity,
      label: `limit ${input.limits.p95_latency_ms} ms`,
    });
    out.error_rate.push({
      metric: "error_rate",
      kind: "ceiling",
      value: input.limits.max_error_rate,
      source: "manifest",
      severity: g.limits.severity,
      label: `limit ${pct(input.limits.max_error_rate)}`,
    });
  }
  if (input.stable.p95 !== null) {
    out.p95.push({
      metric: "p95",
      kind: "ceiling",
      value: input.stable.p95 * g.latency.maxP95Factor,
      source: "relative",
      severity: g.latency.severity,
      label: `${g.latency.maxP95Factor}× stable p95`,
    });
  }
  if (input.stable.error_rate !== null) {
    out.error_rate.push({
      metric: "error_rate",
      kind: "ceiling",
      value: input.stable.error_rate + g.errorRate.maxIncrease,
      source: "relative",
      severity: g.errorRate.severity,
      label: `stable + ${pct(g.errorRate.maxIncrease)}`,
    });
  }
  if (input.quality) {
    out.quality.push({
      metric: "quality",
      kind: "floor",
      value: input.quality.min,
      source: "manifest",
      severity: g.quality.severity,
      label: qualityFloorLabel(input.quality.metric, input.quality.min),
    });
  }
  return out;
}

/** The threshold a candidate meets first: the lowest ceiling, or the highest floor; null when none. */
export function bindingThreshold(list: readonly Threshold[]): Threshold | null {
  let best: Threshold | null = null;
  for (const t of list) {
    if (!best) best = t;
    else if (t.kind === "ceiling" ? t.value < best.value : t.value > best.value) best = t;
  }
  return best;
}

/** Whether a candidate value breaches a threshold; null (no data) never breaches. */
export function breaches(t: Threshold, value: number | null): boolean {
  if (value === null) return false;
  return t.kind === "ceiling" ? value > t.value : value < t.value;
}
