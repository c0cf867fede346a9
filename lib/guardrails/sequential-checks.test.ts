import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../policy/policy";
import { latencyHistogramOf, percentile } from "../telemetry/histogram";
import { decide, describeSequential, type Check, type DecideInput, type WindowStats } from "./decide";
import { guardrailsPolicy as policy, NOW, release, stats } from "./fixtures";
import { sequentialChecks, slowerThan } from "./sequential-checks";

/** n requests whose latencies spread evenly over [lo, hi] ms, as the window query would summarize them. */
function timed(version: string, n: number, lo: number, hi: number, over: Partial<WindowStats> = {}): WindowStats {
  const latencies = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / Math.max(1, n - 1));
  const latencyHist = latencyHistogramOf(latencies);
  return stats(version, { requests: n, errorRate: 0.002, p95Ms: percentile(latencyHist, 0.95), latencyHist, ...over });
}

function input(over: Partial<DecideInput> = {}): DecideInput {
  return {
    release,
    policy: DEFAULT_POLICY.guardrails,
    limits: {},
    candidate: timed("2.0.0", 1000, 100, 200),
    stable: timed("1.0.0", 19_000, 100, 200),
    now: NOW,
    ...over,
  };
}

const byName = (d: { checks: Check[] }, name: string) => d.checks.find((c) => c.name === name);

describe("the latency test", () => {
  it("counts the requests read as slower than a limit the way the p95 is read", () => {
    const hist = latencyHistogramOf([10, 20, 30, 400, 500]);
    expect(slowerThan(hist, 100)).toBe(2);
    expect(slowerThan(hist, 1000)).toBe(0);
    expect(slowerThan(undefined, 1)).toBe(0);
  });

  it("holds a candidate confidently slower than 1.2 × stable's p95, naming the share above the limit", () => {
    const d = decide(input({ candidate: timed("2.0.0", 1000, 150, 300) }));
    expect(d.outcome).toBe("hold");
    const c = byName(d, "relative_latency_p95")!;
    expect(c).toMatchObject({ passed: false, severity: "soft", sequential: { verdict: "worse", reference: 0.05 } });
    expect(describeSequential(c)).toMatch(
      /^p95 latency \d+ ms vs limit 2\d\d ms: [\d.]+ % of requests slower than the limit, 5 % allowed: confident worse/,
    );
  });

  it("is confident a candidate like stable is not slower", () => {
    const c = byName(decide(input()), "relative_latency_p95")!;
    expect(c.sequential?.verdict).toBe("not_worse");
    expect(c.passed).toBe(true);
  });

  it("holds a severe slowdown below the minimum sample", () => {
    const d = decide(input({ candidate: timed("2.0.0", 60, 400, 800) }));
    expect(d.outcome).toBe("hold");
    expect(d.reason).toMatch(/^holding: p95 latency .* confident worse/);
  });
});

describe("quality and flags against stable", () => {
  const quality = policy({ quality: { maxDecrease: 0.02 } });

  it("compares mean scores when the policy sets quality.maxDecrease, and not otherwise", () => {
    const candidate = stats("2.0.0", { quality: 0.8, qualityVariance: 0.01 });
    const stable = stats("1.0.0", { requests: 19_000, quality: 0.9, qualitySample: 19_000, qualityVariance: 0.01 });
    const d = decide(input({ policy: quality, candidate, stable }));
    expect(byName(d, "relative_quality")).toMatchObject({ passed: false, threshold: 0.88, sequential: { verdict: "worse" } });
    expect(d.outcome).toBe("hold");
    expect(d.reason).toMatch(/quality 0\.8 vs stable 0\.9: confident worse .*1000 \/ 19000 scored/);
    expect(byName(decide(input({ candidate, stable })), "relative_quality")).toBeUndefined();
  });

  it("compares accuracy from labels where there are no scores", () => {
    const candidate = stats("2.0.0", { quality: 0.7 });
    const stable = stats("1.0.0", { requests: 19_000, quality: 0.9, qualitySample: 19_000 });
    expect(byName(decide(input({ policy: quality, candidate, stable })), "relative_quality")?.sequential?.verdict).toBe("worse");
  });

  it("rolls back on a flag's rate confidently above stable's by more than maxIncrease", () => {
    const flags = policy({ flags: { invalid_output: { maxRate: 0.5, maxIncrease: 0.01 } } });
    const d = decide(
      input({
        policy: flags,
        candidate: stats("2.0.0", { flags: { invalid_output: 80 } }),
        stable: stats("1.0.0", { requests: 19_000, flags: { invalid_output: 190 } }),
      }),
    );
    expect(d.outcome).toBe("rollback");
    expect(byName(d, "relative_flag:invalid_output")).toMatchObject({ passed: false, value: 0.08, threshold: 0.02 });
    expect(d.reason).toMatch(/flag invalid_output 8 % vs stable 1 %: confident worse/);
  });
});

describe("the false-alarm budgets", () => {
  it("shares the rollback budget among hard checks and the hold budget among soft ones, except checks with their own", () => {
    const bounds = (p: DecideInput["policy"]) => sequentialChecks(input({ policy: p })).map((c) => [c.name, c.sequential?.bound]);
    expect(bounds(DEFAULT_POLICY.guardrails)).toEqual([
      ["relative_error_rate", 100],
      ["relative_latency_p95", 100],
    ]);
    const more = policy({
      quality: { maxDecrease: 0.05 },
      flags: { invalid_output: { maxRate: 0.5, maxIncrease: 0.01 } },
      sequential: { falseHoldRate: 0.02 },
    });
    expect(bounds(more)).toEqual([
      ["relative_error_rate", 200],
      ["relative_latency_p95", 100],
      ["relative_quality", 100],
      ["relative_flag:invalid_output", 200],
    ]);
    expect(bounds(policy({ latency: { falseRollbackRate: 0.001 } }))).toEqual([
      ["relative_error_rate", 100],
      ["relative_latency_p95", 1000],
    ]);
    expect(sequentialChecks(input({ policy: policy({ sequential: { enabled: false } }) }))).toEqual([]);
  });
});
