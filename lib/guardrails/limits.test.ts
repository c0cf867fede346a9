import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { guardrailsPolicy, NOW, release, stats } from "./fixtures";
import { guardrailLimits, limitsOf, type Limits } from "./limits";
import { guardrailThresholds } from "./thresholds";

const POLICY = guardrailsPolicy({
  latency: { maxP95Factor: 1.35 },
  errorRate: { maxIncrease: 0.0075 },
  cost: { maxPer1k: 2 },
  flags: { invalid_output: { maxRate: 0.01 } },
});
const LIMITS: Limits = { p95LatencyMs: 250, maxErrorRate: 0.02, quality: { metric: "precision", min: 0.7 } };
const STABLE = stats("1.0.0", { p95Ms: 183, errorRate: 0.0043 });

describe("guardrailLimits", () => {
  it("lists the manifest, policy and stable-relative limits in the order decisions list their checks", () => {
    expect(guardrailLimits(POLICY, LIMITS, STABLE).map((l) => [l.name, l.source, l.op])).toEqual([
      ["latency_p95", "manifest", "<="],
      ["error_rate", "manifest", "<="],
      ["quality", "manifest", ">="],
      ["cost_per_1k", "policy", "<="],
      ["flag:invalid_output", "policy", "<="],
      ["relative_latency_p95", "relative", "<="],
      ["relative_error_rate", "relative", "<="],
    ]);
  });

  it("derives the relative limits from stable and leaves them out without it", () => {
    const relative = guardrailLimits(POLICY, {}, STABLE).filter((l) => l.source === "relative");
    expect(relative.map((l) => l.threshold)).toEqual([183 * 1.35, 0.0043 + 0.0075]);
    expect(guardrailLimits(POLICY, {}, null).some((l) => l.source === "relative")).toBe(false);
    expect(guardrailLimits(POLICY, {}, { p95Ms: null, errorRate: 0.0043 }).map((l) => l.name)).not.toContain("relative_latency_p95");
  });
});

describe("one source for the chart and the decision", () => {
  it("draws each line at the threshold the decision checks against", () => {
    const decision = decide({ release, policy: POLICY, limits: LIMITS, candidate: stats("2.0.0"), stable: STABLE, now: NOW });
    const judged = Object.fromEntries(decision.checks.map((c) => [c.name, c.threshold]));
    const lines = guardrailThresholds({ limits: LIMITS, guardrails: POLICY, stable: { p95Ms: STABLE.p95Ms, errorRate: STABLE.errorRate } });

    expect(lines.p95.map((t) => t.value)).toEqual([judged.latency_p95, judged.relative_latency_p95]);
    expect(lines.error_rate.map((t) => t.value)).toEqual([judged.error_rate, judged.relative_error_rate]);
    expect(lines.quality.map((t) => t.value)).toEqual([judged.quality]);
    expect(lines.p95[1]?.value).toBeCloseTo(247.05, 9);
    expect(lines.error_rate[1]?.value).toBeCloseTo(0.0118, 12);
  });
});

describe("limitsOf", () => {
  it("reads a manifest's limits and quality floor", () => {
    expect(limitsOf({ limits: { p95_latency_ms: 120, max_error_rate: 0.01 }, quality: { metric: "precision", min: 0.8 } })).toEqual({
      p95LatencyMs: 120,
      maxErrorRate: 0.01,
      quality: { metric: "precision", min: 0.8 },
    });
  });

  it("leaves out what an older or partial manifest does not declare", () => {
    expect(limitsOf(null)).toEqual({ p95LatencyMs: null, maxErrorRate: null, quality: null });
    expect(limitsOf({ limits: { p95_latency_ms: "fast" }, quality: { min: 0.8 } })).toEqual({
      p95LatencyMs: null,
      maxErrorRate: null,
      quality: null,
    });
  });
});
