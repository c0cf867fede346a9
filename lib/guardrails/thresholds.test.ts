import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../policy/policy";
import { bindingThreshold, breaches, guardrailThresholds, type ThresholdInputs } from "./thresholds";

const inputs = (over: Partial<ThresholdInputs> = {}): ThresholdInputs => ({
  limits: { p95LatencyMs: 250, maxErrorRate: 0.02, quality: { metric: "precision", min: 0.7 } },
  guardrails: DEFAULT_POLICY.guardrails,
  stable: { p95Ms: 150, errorRate: 0.004 },
  ...over,
});

describe("guardrailThresholds", () => {
  it("draws the manifest limits and the policy's limits relative to stable", () => {
    const t = guardrailThresholds(inputs());
    expect(t.p95.map((x) => [x.source, x.value])).toEqual([
      ["manifest", 250],
      ["relative", 150 * DEFAULT_POLICY.guardrails.latency.maxP95Factor],
    ]);
    expect(t.error_rate.map((x) => [x.source, x.value])).toEqual([
      ["manifest", 0.02],
      ["relative", 0.004 + DEFAULT_POLICY.guardrails.errorRate.maxIncrease],
    ]);
    expect(t.quality).toMatchObject([{ kind: "floor", value: 0.7, label: "precision ≥ 0.7" }]);
  });

  it("uses the policy's factor and increase and their severities", () => {
    const guardrails = {
      ...DEFAULT_POLICY.guardrails,
      latency: { ...DEFAULT_POLICY.guardrails.latency, maxP95Factor: 1.5, severity: "hard" as const },
      errorRate: { maxIncrease: 0.01, severity: "soft" as const },
    };
    const t = guardrailThresholds(inputs({ guardrails }));
    expect(t.p95[1]).toMatchObject({ value: 225, severity: "hard", label: "1.5× stable p95" });
    expect(t.error_rate[1]?.value).toBeCloseTo(0.014, 12);
    expect(t.error_rate[1]).toMatchObject({ severity: "soft", label: "stable + 1 %" });
  });

  it("leaves out relative lines when stable has no data and quality when none is declared", () => {
    const t = guardrailThresholds(
      inputs({ stable: { p95Ms: null, errorRate: null }, limits: { p95LatencyMs: 250, maxErrorRate: 0.02, quality: null } }),
    );
    expect(t.p95.map((x) => x.source)).toEqual(["manifest"]);
    expect(t.error_rate.map((x) => x.source)).toEqual(["manifest"]);
    expect(t.quality).toEqual([]);
  });

  it("picks the line a candidate meets first and never breaches on no data", () => {
    const t = guardrailThresholds(inputs());
    expect(bindingThreshold(t.p95)?.value).toBe(180);
    expect(bindingThreshold(t.error_rate)?.value).toBeCloseTo(0.009, 12);
    expect(breaches(bindingThreshold(t.p95)!, 181)).toBe(true);
    expect(breaches(bindingThreshold(t.p95)!, null)).toBe(false);
    expect(breaches(t.quality[0]!, 0.69)).toBe(true);
    expect(bindingThreshold([])).toBeNull();
  });
});
