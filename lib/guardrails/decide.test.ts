import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../policy/policy";
import { decide, inPostPromotionWindow, type DecideInput, type ReleaseSnapshot } from "./decide";
import { guardrailsPolicy as policy, minutesAgo, NOW, release, stats } from "./fixtures";

function input(over: Partial<DecideInput> = {}): DecideInput {
  return {
    release,
    policy: DEFAULT_POLICY.guardrails,
    limits: { p95LatencyMs: 300, maxErrorRate: 0.01, quality: { metric: "score", min: 0.8 } },
    candidate: stats("2.0.0"),
    stable: stats("1.0.0"),
    now: NOW,
    ...over,
  };
}

const failed = (d: ReturnType<typeof decide>) => d.checks.filter((c) => !c.passed).map((c) => `${c.name}:${c.severity}`);

describe("decide", () => {
  const cases: { name: string; in: Partial<DecideInput>; outcome: string; failed?: string[]; reason?: RegExp }[] = [
    {
      name: "no data at all",
      in: { candidate: stats("2.0.0", { requests: 0, errorRate: null, p95Ms: null }) },
      outcome: "waiting",
      reason: /candidate 2\.0\.0 0 \/ 500 requests/,
    },
    {
      name: "candidate below min sample",
      in: { candidate: stats("2.0.0", { requests: 120 }) },
      outcome: "waiting",
      reason: /waiting for data: candidate 2\.0\.0 120 \/ 500 requests/,
    },
    {
      name: "stable below min sample",
      in: { stable: stats("1.0.0", { requests: 499 }) },
      outcome: "waiting",
      reason: /stable 1\.0\.0 499 \/ 500/,
    },
    {
      name: "below sample with terrible numbers: the sequential test does not wait for the sample",
      in: { candidate: stats("2.0.0", { requests: 100, errorRate: 0.9 }) },
      outcome: "rollback",
      failed: ["relative_error_rate:hard"],
    },
    {
      name: "below sample even with terrible numbers, the fixed-threshold method",
      in: { policy: policy({ sequential: { enabled: false } }), candidate: stats("2.0.0", { requests: 100, errorRate: 0.9 }) },
      outcome: "waiting",
    },
    {
      name: "p95 over limit (hard by default)",
      in: { candidate: stats("2.0.0", { p95Ms: 400 }), stable: stats("1.0.0", { p95Ms: 350 }) },
      outcome: "rollback",
      failed: ["latency_p95:hard"],
    },
    {
      name: "p95 over limit, limits soft",
      in: {
        policy: policy({ limits: { severity: "soft" } }),
        candidate: stats("2.0.0", { p95Ms: 400 }),
        stable: stats("1.0.0", { p95Ms: 350 }),
      },
      outcome: "hold",
      failed: ["latency_p95:soft"],
    },
    {
      name: "error rate over limit",
      in: { candidate: stats("2.0.0", { errorRate: 0.041 }), stable: stats("1.0.0", { errorRate: 0.04 }) },
      outcome: "rollback",
      failed: ["error_rate:hard"],
      reason: /error rate 4\.1 % > limit 1 % \(hard, newest 1000 requests\)/,
    },
    {
      name: "quality below minimum (soft by default)",
      in: { candidate: stats("2.0.0", { quality: 0.7 }) },
      outcome: "hold",
      failed: ["quality:soft"],
    },
    {
      name: "quality hard",
      in: { policy: policy({ quality: { severity: "hard" } }), candidate: stats("2.0.0", { quality: 0.7 }) },
      outcome: "rollback",
      failed: ["quality:hard"],
    },
    { name: "no scores: quality not judged", in: { candidate: stats("2.0.0", { quality: null, qualitySample: 0 }) }, outcome: "advance" },
    {
      name: "cost per 1k over maximum (soft)",
      in: { policy: policy({ cost: { maxPer1k: 0.5 } }) },
      outcome: "hold",
      failed: ["cost_per_1k:soft"],
    },
    {
      name: "cost hard",
      in: { policy: policy({ cost: { maxPer1k: 0.5, severity: "hard" } }) },
      outcome: "rollback",
      failed: ["cost_per_1k:hard"],
    },
    {
      name: "flag rate over maximum (hard)",
      in: {
        policy: policy({ flags: { invalid_output: { maxRate: 0.005 } } }),
        candidate: stats("2.0.0", { flags: { invalid_output: 6 } }),
      },
      outcome: "rollback",
      failed: ["flag:invalid_output:hard"],
    },
    {
      name: "flag rate at maximum passes",
      in: {
        policy: policy({ flags: { invalid_output: { maxRate: 0.005 } } }),
        candidate: stats("2.0.0", { flags: { invalid_output: 5 } }),
      },
      outcome: "advance",
    },
    {
      name: "flag soft",
      in: {
        policy: policy({ flags: { toxic: { maxRate: 0.001, severity: "soft" } } }),
        candidate: stats("2.0.0", { flags: { toxic: 2 } }),
      },
      outcome: "hold",
      failed: ["flag:toxic:soft"],
    },
    {
      name: "relative p95 (soft by default)",
      in: { candidate: stats("2.0.0", { p95Ms: 290 }), stable: stats("1.0.0", { p95Ms: 200 }) },
      outcome: "hold",
      failed: ["relative_latency_p95:soft"],
    },
    {
      name: "relative p95 within factor",
      in: { candidate: stats("2.0.0", { p95Ms: 240 }), stable: stats("1.0.0", { p95Ms: 200 }) },
      outcome: "advance",
    },
    {
      name: "relative error rate above the allowance, not yet confidently: waits for evidence",
      in: { candidate: stats("2.0.0", { errorRate: 0.008 }), stable: stats("1.0.0", { errorRate: 0.002 }) },
      outcome: "waiting",
      reason: /waiting for evidence: error rate 0\.8 % vs stable 0\.2 %: not enough evidence yet/,
    },
    {
      name: "relative error rate, the fixed-threshold method (sequential off): point estimates decide",
      in: {
        policy: policy({ sequential: { enabled: false } }),
        candidate: stats("2.0.0", { errorRate: 0.008 }),
        stable: stats("1.0.0", { errorRate: 0.002 }),
      },
      outcome: "rollback",
      failed: ["relative_error_rate:hard"],
    },
    {
      name: "relative error rate confidently worse",
      in: {
        candidate: stats("2.0.0", { errorRate: 0.009, requests: 20_000 }),
        stable: stats("1.0.0", { errorRate: 0.001, requests: 20_000 }),
      },
      outcome: "rollback",
      failed: ["relative_error_rate:hard"],
      reason: /confident worse/,
    },
    {
      name: "a severe breach is rolled back below the minimum sample",
      in: { candidate: stats("2.0.0", { errorRate: 0.2, requests: 100 }), stable: stats("1.0.0", { errorRate: 0.01, requests: 1900 }) },
      outcome: "rollback",
      failed: ["relative_error_rate:hard"],
      reason: /rolled back to stable 1\.0\.0: error rate 20 % vs stable 1 %: confident worse \(statistic .* ≥ 100; 100 \/ 1900 requests\)/,
    },
    {
      name: "a mild excess below the minimum sample still waits for data",
      in: { candidate: stats("2.0.0", { errorRate: 0.03, requests: 100 }), stable: stats("1.0.0", { errorRate: 0.01, requests: 1900 }) },
      outcome: "waiting",
      reason: /waiting for data: candidate 2\.0\.0 100 \/ 500 requests/,
    },
    {
      name: "relative error rate configured looser",
      in: {
        policy: policy({ errorRate: { maxIncrease: 0.01 } }),
        candidate: stats("2.0.0", { errorRate: 0.008 }),
        stable: stats("1.0.0", { errorRate: 0.002 }),
      },
      outcome: "advance",
    },
    {
      name: "hard wins over soft",
      in: { candidate: stats("2.0.0", { errorRate: 0.05, quality: 0.1 }) },
      outcome: "rollback",
      failed: ["error_rate:hard", "quality:soft", "relative_error_rate:hard"],
    },
    {
      name: "healthy, bake not elapsed",
      in: { release: { ...release, stepStartedAt: minutesAgo(3) } },
      outcome: "healthy",
      reason: /advances to 25 % in 7 min/,
    },
    { name: "healthy for the bake time", in: {}, outcome: "advance", reason: /advanced to 25 %/ },
    { name: "last step, bake elapsed", in: { release: { ...release, stepIndex: 3 } }, outcome: "complete" },
    {
      name: "last step, bake not elapsed",
      in: { release: { ...release, stepIndex: 3, stepStartedAt: minutesAgo(1) } },
      outcome: "healthy",
      reason: /completes the promotion in 9 min/,
    },
    { name: "paused and healthy: no advance", in: { release: { ...release, state: "paused" } }, outcome: "healthy", reason: /paused/ },
    {
      name: "paused and hard breach: rolls back",
      in: { release: { ...release, state: "paused" }, candidate: stats("2.0.0", { errorRate: 0.5 }) },
      outcome: "rollback",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = decide(input(c.in));
      expect(d.outcome).toBe(c.outcome);
      if (c.failed) expect(failed(d)).toEqual(c.failed);
      if (c.reason) expect(d.reason).toMatch(c.reason);
      if (c.outcome === "waiting" && d.reason.startsWith("waiting for data")) expect(d.checks).toEqual([]);
    });
  }

  it("every check carries value, threshold and sample", () => {
    const d = decide(input({ candidate: stats("2.0.0", { p95Ms: 412 }), stable: stats("1.0.0", { p95Ms: 300 }) }));
    expect(d.checks.find((c) => c.name === "relative_latency_p95")).toMatchObject({
      value: 412,
      threshold: 360,
      sample: 1000,
      passed: false,
      severity: "soft",
    });
  });

  it("judges the absolute limits on the recent minutes, so a late breach is not diluted by the healthy hours", () => {
    // 20,000 requests at 0.2 %, then the newest minute at 5 %: 0.44 % over the window, 5 % recently
    const whole = stats("2.0.0", { requests: 21_000, errors: 140, errorRate: 140 / 21_000 });
    const recent = stats("2.0.0", { requests: 1000, errorRate: 0.05 });
    const d = decide(input({ candidate: whole, stable: stats("1.0.0", { requests: 20_000 }), recent }));
    expect(d.outcome).toBe("rollback");
    expect(d.checks.find((c) => c.name === "error_rate")).toMatchObject({ value: 0.05, sample: 1000, passed: false });
    expect(
      decide(input({ candidate: whole, stable: stats("1.0.0", { requests: 20_000 }) })).checks.find((c) => c.name === "error_rate")?.passed,
    ).toBe(true);
  });

  it("compares quality with stable on point estimates when the sequential tests are off, as a score", () => {
    const d = decide(
      input({
        policy: policy({ sequential: { enabled: false }, quality: { maxDecrease: 0.02 } }),
        candidate: stats("2.0.0", { quality: 0.85 }),
        stable: stats("1.0.0", { quality: 0.9 }),
      }),
    );
    expect(d.outcome).toBe("hold");
    expect(d.reason).toMatch(/quality 0\.85 < stable-based limit 0\.88 \(soft, 1000 requests\)/);
  });

  describe("post-promotion window", () => {
    const promoted: ReleaseSnapshot = {
      ...release,
      state: "idle",
      candidateVersion: null,
      stableVersion: "2.0.0",
      previousStableVersion: "1.0.0",
      stepStartedAt: null,
      completedAt: minutesAgo(10),
    };
    it("is watched until postPromotionMinutes have passed", () => {
      expect(inPostPromotionWindow(promoted, DEFAULT_POLICY.guardrails, NOW)).toBe(true);
      expect(inPostPromotionWindow({ ...promoted, completedAt: minutesAgo(31) }, DEFAULT_POLICY.guardrails, NOW)).toBe(false);
      expect(inPostPromotionWindow({ ...promoted, previousStableVersion: null }, DEFAULT_POLICY.guardrails, NOW)).toBe(false);
    });
    it("a hard breach rolls back to the previous stable", () => {
      const d = decide(input({ release: promoted, candidate: stats("2.0.0", { errorRate: 0.2 }), stable: null }));
      expect(d).toMatchObject({ outcome: "rollback", phase: "post_promotion" });
      expect(d.reason).toMatch(/previous stable 1\.0\.0/);
      expect(d.checks.some((c) => c.name.startsWith("relative"))).toBe(false);
    });
    it("healthy stays healthy (nothing to advance)", () => {
      expect(decide(input({ release: promoted, candidate: stats("2.0.0"), stable: null })).outcome).toBe("healthy");
    });
    it("waits for the minimum sample", () => {
      expect(decide(input({ release: promoted, candidate: stats("2.0.0", { requests: 10, errorRate: 0.5 }), stable: null })).outcome).toBe(
        "waiting",
      );
    });
  });
});
