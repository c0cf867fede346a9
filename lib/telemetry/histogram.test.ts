import { describe, expect, it } from "vitest";
import {
  GAMMA,
  LATENCY_BUCKETS,
  LATENCY_RELATIVE_ERROR,
  LOG_BUCKETS,
  OVERFLOW_INDEX,
  SCORE_BUCKETS,
  bucketIndex,
  bucketLowerMs,
  bucketUpperMs,
  latencyHistogramOf,
  merge,
  percentile,
  scoreBucketIndex,
  scorePercentile,
  trimTrailingZeros,
} from "./histogram";

/** A small deterministic PRNG, so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal latencies around `medianMs`. */
function latencies(n: number, medianMs: number, sigma: number, seed: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.max(1e-12, r());
    const v = r();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    out.push(Math.min(59_000, Math.max(1, medianMs * Math.exp(sigma * z))));
  }
  return out;
}

/** The exact nearest-rank percentile of raw samples. */
function exactPercentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe("latency buckets", () => {
  it("cover 1 ms … 60 s with 556 log buckets of 2 % width, plus underflow and overflow", () => {
    expect(LOG_BUCKETS).toBe(556);
    expect(LATENCY_BUCKETS).toBe(558);
    expect(bucketUpperMs(LOG_BUCKETS)).toBeGreaterThanOrEqual(60_000);
    expect(bucketLowerMs(LOG_BUCKETS)).toBeLessThan(60_000);
    for (let i = 1; i <= LOG_BUCKETS; i++) {
      const width = (bucketUpperMs(i) - bucketLowerMs(i)) / bucketLowerMs(i);
      expect(width).toBeLessThanOrEqual(0.02 + 1e-12);
    }
  });

  it("puts every value in the bucket whose edges contain it, edges opening their bucket", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(0.999)).toBe(0);
    expect(bucketIndex(-5)).toBe(0);
    expect(bucketIndex(Number.NaN)).toBe(0);
    expect(bucketIndex(1)).toBe(1);
    expect(bucketIndex(1.0199)).toBe(1);
    expect(bucketIndex(GAMMA)).toBe(2);
    expect(bucketIndex(60_000)).toBe(LOG_BUCKETS);
    expect(bucketIndex(61_000)).toBe(OVERFLOW_INDEX);
    expect(bucketIndex(Infinity)).toBe(OVERFLOW_INDEX);
    for (let i = 1; i <= LOG_BUCKETS; i++) expect(bucketIndex(bucketLowerMs(i))).toBe(i);
    const r = rng(7);
    for (let k = 0; k < 20_000; k++) {
      const ms = Math.exp(r() * Math.log(60_000));
      const i = bucketIndex(ms);
      expect(ms).toBeGreaterThanOrEqual(bucketLowerMs(i));
      expect(ms).toBeLessThan(bucketUpperMs(i));
    }
  });
});

describe("percentile", () => {
  it("is null for an empty histogram", () => {
    expect(percentile([], 0.95)).toBeNull();
    expect(percentile([0, 0, 0], 0.5)).toBeNull();
  });

  it(`stays within ${(LATENCY_RELATIVE_ERROR * 100).toFixed(2)} % of the exact nearest-rank percentile`, () => {
    let worst = 0;
    for (const [median, sigma, n, seed] of [
      [25, 0.4, 5_000, 1],
      [180, 1.1, 20_000, 2],
      [3, 0.8, 1_000, 3],
      [2_500, 0.6, 7, 4],
      [40, 2.5, 50_000, 5],
    ] as const) {
      const samples = latencies(n, median, sigma, seed);
      const hist = latencyHistogramOf(samples);
      for (const q of [0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
        const exact = exactPercentile(samples, q);
        const est = percentile(hist, q)!;
        const rel = Math.abs(est - exact) / exact;
        worst = Math.max(worst, rel);
        expect(rel).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR + 1e-12);
      }
    }
    // the bound is tight enough to matter: close to 1 %, never more
    expect(LATENCY_RELATIVE_ERROR).toBeLessThan(0.01);
    expect(worst).toBeGreaterThan(0);
  });

  it("of merged histograms equals the histogram of all samples (merging is exact)", () => {
    const parts = [latencies(3_000, 30, 0.5, 11), latencies(500, 400, 0.3, 12), latencies(10, 5, 0.1, 13)];
    const merged = merge(...parts.map(latencyHistogramOf));
    const all = latencyHistogramOf(parts.flat());
    expect(trimTrailingZeros(merged)).toEqual(trimTrailingZeros(all));
    const samples = parts.flat();
    for (const q of [0.5, 0.95, 0.99]) {
      const rel = Math.abs(percentile(merged, q)! - exactPercentile(samples, q)) / exactPercentile(samples, q);
      expect(rel).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR + 1e-12);
    }
  });

  it("merges arrays of different stored lengths and ignores nulls", () => {
    expect(merge([1, 2], [0, 0, 3], null, [null, 1])).toEqual([1, 3, 3]);
    expect(trimTrailingZeros([0, 2, 0, 0])).toEqual([0, 2]);
  });

  it("answers 1 ms below the range and the top edge above it", () => {
    expect(percentile(latencyHistogramOf([0.2, 0.3]), 0.5)).toBe(1);
    expect(percentile(latencyHistogramOf([120_000]), 0.99)).toBe(bucketLowerMs(OVERFLOW_INDEX));
  });
});

describe("score buckets", () => {
  it("split [0, 1] into 100 buckets and clamp scores outside it", () => {
    expect(SCORE_BUCKETS).toBe(100);
    expect(scoreBucketIndex(0)).toBe(0);
    expect(scoreBucketIndex(0.005)).toBe(0);
    expect(scoreBucketIndex(0.01)).toBe(1);
    expect(scoreBucketIndex(0.999)).toBe(99);
    expect(scoreBucketIndex(1)).toBe(99);
    expect(scoreBucketIndex(-3)).toBe(0);
    expect(scoreBucketIndex(7)).toBe(99);
    const h = new Array(100).fill(0);
    h[scoreBucketIndex(0.42)] += 3;
    h[scoreBucketIndex(0.9)] += 1;
    expect(scorePercentile(h, 0.5)).toBeCloseTo(0.425, 10);
    expect(scorePercentile(h, 1)).toBeCloseTo(0.905, 10);
  });
});
