/**
 * The lines the release page's charts draw: the guardrail limits (limits.ts) on p95 latency,
 * error rate and quality, each labelled as the chart shows it. The numbers are the ones the
 * decision judges by; the cost and flag limits have no chart and are left out.
 *
 * - p95 latency (ms): `limits.p95_latency_ms`, and `latency.maxP95Factor` × stable's p95.
 * - error rate (fraction): `limits.max_error_rate`, and stable's rate + `errorRate.maxIncrease`.
 * - quality (score): `quality.min` when the manifest declares an online quality floor, and
 *   stable's quality − `quality.maxDecrease` when the policy sets it.
 * A relative line needs stable's value over the window: without it (no stable traffic) it is
 * left out rather than guessed. `binding` is the lowest ceiling (highest floor): the one a
 * candidate meets first.
 */

import { formatPercent } from "../format/numbers";
import { qualityFloorLabel } from "../registry";
import { guardrailLimits, type GuardrailLimit, type GuardrailsPolicy, type Limits, type Severity, type StableBaseline } from "./limits";

export type ThresholdInputs = {
  /** the candidate's manifest limits and quality floor (limitsOf) */
  limits: Limits;
  /** the model policy's guardrails (lib/lifecycle/policy.ts) */
  guardrails: GuardrailsPolicy;
  /** stable's numbers over the same window; null where stable has no data */
  stable: StableBaseline;
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

const pct = (f: number) => formatPercent(f * 100);

function label(limit: GuardrailLimit, input: ThresholdInputs): string {
  const g = input.guardrails;
  if (limit.source === "relative") {
    if (limit.metric === "p95") return `${g.latency.maxP95Factor}× stable p95`;
    if (limit.metric === "quality") return `stable − ${g.quality.maxDecrease ?? 0}`;
    return `stable + ${pct(g.errorRate.maxIncrease)}`;
  }
  if (limit.metric === "p95") return `limit ${limit.threshold} ms`;
  if (limit.metric === "error_rate") return `limit ${pct(limit.threshold)}`;
  return qualityFloorLabel(input.limits.quality?.metric ?? "quality", limit.threshold);
}

export function guardrailThresholds(input: ThresholdInputs): GuardrailThresholds {
  const out: GuardrailThresholds = { p95: [], error_rate: [], quality: [] };
  for (const limit of guardrailLimits(input.guardrails, input.limits, input.stable)) {
    if (limit.metric !== "p95" && limit.metric !== "error_rate" && limit.metric !== "quality") continue;
    out[limit.metric].push({
      metric: limit.metric,
      kind: limit.op === "<=" ? "ceiling" : "floor",
      value: limit.threshold,
      source: limit.source === "relative" ? "relative" : "manifest",
      severity: limit.severity,
      label: label(limit, input),
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
