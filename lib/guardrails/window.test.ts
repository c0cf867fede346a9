import { describe, expect, it } from "vitest";
import { latencyHistogramOf } from "../telemetry/histogram";
import { recentRows, stepWindow, summarize } from "./window";

const row = (over: Partial<Parameters<typeof summarize>[1][number]> = {}) => ({
  count: 0,
  errorCount: 0,
  latencyHist: [] as number[],
  scoreCount: 0,
  scoreSum: 0,
  labelCount: 0,
  correctCount: 0,
  costCount: 0,
  costSum: 0,
  flags: {},
  ...over,
});

describe("summarize", () => {
  it("merges histograms before taking p95, and adds counts and flags", () => {
    const fast = Array.from({ length: 90 }, () => 10);
    const slow = Array.from({ length: 10 }, () => 1000);
    const s = summarize("v", [
      row({ count: 90, errorCount: 1, latencyHist: latencyHistogramOf(fast), flags: { invalid_output: 2 } }),
      row({ count: 10, errorCount: 3, latencyHist: latencyHistogramOf(slow), flags: { invalid_output: 1, toxic: 1 } }),
    ]);
    expect(s.requests).toBe(100);
    expect(s.errorRate).toBeCloseTo(0.04);
    // p95 of the merged window is in the slow tail; an average of per-minute p95s would not be
    expect(s.p95Ms).toBeGreaterThan(900);
    expect(s.flags).toEqual({ invalid_output: 3, toxic: 1 });
  });

  it("uses scores for quality, labels when there are no scores, and nulls without data", () => {
    expect(summarize("v", [row({ count: 4, scoreCount: 4, scoreSum: 3.2 })]).quality).toBeCloseTo(0.8);
    expect(summarize("v", [row({ count: 4, labelCount: 4, correctCount: 3 })])).toMatchObject({ quality: 0.75, qualitySample: 4 });
    expect(summarize("v", [])).toMatchObject({ requests: 0, errorRate: null, p95Ms: null, quality: null, costPer1k: null });
  });

  it("reports cost per 1,000 requests", () => {
    expect(summarize("v", [row({ count: 10, costCount: 10, costSum: 0.02 })]).costPer1k).toBeCloseTo(2);
  });
});

describe("stepWindow", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  it("starts when the step began, at most capMinutes back", () => {
    expect(stepWindow(new Date("2026-01-01T11:55:00Z"), now, 10).from.toISOString()).toBe("2026-01-01T11:55:00.000Z");
    expect(stepWindow(new Date("2026-01-01T09:00:00Z"), now, 10).from.toISOString()).toBe("2026-01-01T11:50:00.000Z");
  });
});

describe("recentRows", () => {
  const minutes = (...counts: number[]) => counts.map((count, i) => ({ bucket: i, count }));
  it("takes the newest minutes until they hold the minimum sample", () => {
    expect(recentRows(minutes(3000, 3000, 3000), 500).map((r) => r.bucket)).toEqual([2]);
    expect(recentRows(minutes(300, 300, 300, 300), 500).map((r) => r.bucket)).toEqual([2, 3]);
    expect(recentRows(minutes(100, 100), 500).map((r) => r.bucket)).toEqual([0, 1]);
    expect(recentRows([], 500)).toEqual([]);
  });
});

describe("quality variance", () => {
  it("is the variance of one score, from the sums of scores and their squares; none for accuracy", () => {
    // scores 0.5, 0.7, 0.9: mean 0.7, E[x²] = 1.55 / 3
    const s = summarize("v", [row({ count: 3, scoreCount: 3, scoreSum: 2.1, scoreSumSq: 1.55 })]);
    expect(s.qualityVariance).toBeCloseTo(1.55 / 3 - 0.49, 12);
    expect(summarize("v", [row({ count: 4, labelCount: 4, correctCount: 3 })]).qualityVariance).toBeNull();
  });
});
