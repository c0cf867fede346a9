import { describe, expect, it } from "vitest";
import {
  compareAccuracy,
  compareRates,
  compareScores,
  compareToRate,
  describeVerdict,
  mixtureRatio,
  mixtureStatistic,
  rateVariance,
  scoreMeanVariance,
} from "./sequential";

describe("the mixture likelihood ratio", () => {
  it("matches the closed form computed by hand", () => {
    // θ̂ = 0.02, V = 1e-4, τ = 0.01: ½·ln(1/2) + (1e-4 · 4e-4) / (2 · 1e-4 · 2e-4) = 1 − 0.34657 → e^0.65343
    expect(mixtureRatio(0.02, 1e-4, 0.01)).toBeCloseTo(1.92212, 5);
    // no difference: only the penalty sqrt(V / (V + τ²)) is left
    expect(mixtureRatio(0, 1e-4, 0.01)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(mixtureRatio(0.5, 0, 0.01)).toBe(0);
    expect(Number.isFinite(mixtureRatio(1, 1e-12, 0.5))).toBe(true);
  });

  it("averages over the τ grid, so the statistic is at most the best single τ", () => {
    const grid = [0.25, 0.5, 1, 2, 4, 8, 16, 32].map((m) => mixtureRatio(0.03, 2e-5, m * 0.005));
    expect(mixtureStatistic(0.03, 2e-5, 0.005)).toBeCloseTo(grid.reduce((a, b) => a + b) / grid.length, 9);
    expect(mixtureStatistic(0.03, 2e-5, 0.005)).toBeLessThanOrEqual(Math.max(...grid));
  });

  it("takes a rate's variance from (x + 1) / (n + 2), never 0", () => {
    expect(rateVariance({ events: 3, requests: 10 })).toBeCloseTo(((4 / 12) * (8 / 12)) / 10, 12);
    expect(rateVariance({ events: 0, requests: 5 })).toBeGreaterThan(0);
    expect(rateVariance({ events: 5, requests: 5 })).toBeGreaterThan(0);
    expect(rateVariance({ events: 0, requests: 0 })).toBe(Infinity);
  });
});

const opts = { alpha: 0.005, minEffect: 0.005 };

describe("candidate against stable", () => {
  it("calls a 20× error rate worse within a second of traffic at 50 req/s, but not from a handful of requests", () => {
    expect(compareRates({ events: 20, requests: 100 }, { events: 19, requests: 1900 }, opts).verdict).toBe("worse");
    expect(compareRates({ events: 3, requests: 3 }, { events: 10, requests: 1000 }, opts).verdict).toBe("unsure");
  });

  it("is unsure on equal rates early, and confident not worse once the evidence excludes the minimum effect", () => {
    const early = compareRates({ events: 1, requests: 100 }, { events: 19, requests: 1900 }, opts);
    expect(early.verdict).toBe("unsure");
    expect(describeVerdict(early.verdict)).toBe("not enough evidence yet");
    const late = compareRates({ events: 500, requests: 50_000 }, { events: 9500, requests: 950_000 }, opts);
    expect(late.verdict).toBe("not_worse");
    expect(late.notWorseStatistic).toBeGreaterThanOrEqual(late.bound);
    expect(late.worseStatistic).toBe(0);
  });

  it("does not roll back for an increase inside the allowance, however certain", () => {
    // 1.2 % against 1 % over millions of requests: certainly worse, by 0.2 points
    const c = { events: 12_000, requests: 1_000_000 };
    const s = { events: 190_000, requests: 19_000_000 };
    expect(compareRates(c, s, opts).verdict).toBe("worse");
    expect(compareRates(c, s, { ...opts, allowance: 0.003 }).verdict).toBe("not_worse");
  });

  it("records the evidence on both sides and the bound", () => {
    const r = compareRates({ events: 40, requests: 200 }, { events: 38, requests: 3800 }, opts);
    expect(r).toMatchObject({ bound: 200, candidate: { events: 40, requests: 200 }, stable: { events: 38, requests: 3800 } });
    expect(r.difference).toBeCloseTo(0.19, 10);
  });
});

describe("candidate against a fixed rate", () => {
  it("says a p95 is above its limit when confidently more than 5 % of requests are slower than it", () => {
    expect(compareToRate({ events: 60, requests: 300 }, 0.05, opts).verdict).toBe("worse");
    expect(compareToRate({ events: 16, requests: 300 }, 0.05, opts).verdict).toBe("unsure");
    expect(compareToRate({ events: 200, requests: 20_000 }, 0.05, { alpha: 0.005, minEffect: 0.02 }).verdict).toBe("not_worse");
  });
});

describe("means of scores and accuracy", () => {
  it("mixes one pseudo-score of variance ¼ into a mean's variance", () => {
    // n = 3, variance 0: (0 + 0.25) / 4 / 3
    expect(scoreMeanVariance({ n: 3, mean: 0.9, variance: 0 })).toBeCloseTo(0.25 / 4 / 3, 12);
    // n = 99, variance 0.01: (0.99 + 0.25) / 100 / 99
    expect(scoreMeanVariance({ n: 99, mean: 0.8, variance: 0.01 })).toBeCloseTo(1.24 / 100 / 99, 12);
    expect(scoreMeanVariance({ n: 0, mean: 0, variance: 0 })).toBe(Infinity);
  });

  it("calls a quality drop worse only past the allowance, and a single score never certain", () => {
    const stable = { n: 20_000, mean: 0.9, variance: 0.01 };
    const drop = compareScores({ n: 1000, mean: 0.8, variance: 0.01 }, stable, { ...opts, minEffect: 0.02, allowance: 0.02 });
    expect(drop).toMatchObject({ verdict: "worse", candidate: { events: 0, requests: 1000, mean: 0.8 } });
    expect(drop.difference).toBeCloseTo(0.1, 12);
    expect(compareScores({ n: 1000, mean: 0.89, variance: 0.01 }, stable, { ...opts, minEffect: 0.02, allowance: 0.02 }).verdict).toBe(
      "not_worse",
    );
    expect(compareScores({ n: 1, mean: 0.1, variance: 0 }, stable, { ...opts, minEffect: 0.02 }).verdict).toBe("unsure");
  });

  it("compares accuracy as a rate where lower is worse", () => {
    const r = compareAccuracy({ events: 700, requests: 1000 }, { events: 18_000, requests: 20_000 }, { ...opts, minEffect: 0.02 });
    expect(r.verdict).toBe("worse");
    expect(r.difference).toBeCloseTo(0.2, 12);
    expect(compareAccuracy({ events: 950, requests: 1000 }, { events: 18_000, requests: 20_000 }, opts).worseStatistic).toBe(0);
  });
});
