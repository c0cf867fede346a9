/**
 * Fixed histograms stored in every rollup row (MetricMinute.latencyHist / scoreHist and the
 * coarser tiers), so percentiles merge exactly across minutes, tenants and versions: merging
 * is adding counts bucket by bucket. Client-safe (no database access): charts may use it too.
 *
 * Latency buckets (milliseconds), log-spaced with ratio GAMMA = 1.02 (each bucket's width is
 * 2 % of its lower edge):
 *   index 0                      underflow   [0, 1 ms)
 *   index i, 1 ≤ i ≤ LOG_BUCKETS [GAMMA^(i-1), GAMMA^i) ms        (1 ms … ≈ 60.5 s)
 *   index LATENCY_BUCKETS - 1    overflow    [GAMMA^LOG_BUCKETS, ∞)
 * A percentile is reported as its bucket's representative value 2·lo·hi/(lo+hi), which is
 * within (GAMMA − 1)/(GAMMA + 1) ≈ 0.99 % of every value in the bucket, so for latencies in
 * [1 ms, 60 s] the relative error of p50/p95/p99 against the exact nearest-rank percentile of
 * the raw samples is at most LATENCY_RELATIVE_ERROR. Below 1 ms the answer is 1 ms (absolute
 * error < 1 ms); above the top edge it is the top edge (a floor: "at least 60 s").
 *
 * Stored arrays may be shorter than the bucket count: trailing zero buckets are trimmed on
 * write (most latencies sit far below 60 s), and every reader treats a missing entry as 0.
 *
 * Score buckets: SCORE_BUCKETS equal buckets over [0, 1]; index = floor(score · 100). Scores
 * outside [0, 1] are clamped into the first / last bucket (their exact values still count in
 * the score mean, which comes from scoreSum / scoreCount, not from the histogram).
 */

export const GAMMA = 1.02;
export const LATENCY_MIN_MS = 1;
export const LATENCY_MAX_MS = 60_000;
const LN_GAMMA = Math.log(GAMMA);
/** log-spaced buckets between 1 ms and 60 s (the last one's upper edge is just above 60 s) */
export const LOG_BUCKETS = Math.ceil(Math.log(LATENCY_MAX_MS / LATENCY_MIN_MS) / LN_GAMMA);
/** underflow + log buckets + overflow */
export const LATENCY_BUCKETS = LOG_BUCKETS + 2;
export const OVERFLOW_INDEX = LATENCY_BUCKETS - 1;
/** the bound on a percentile's relative error for latencies in [1 ms, 60 s] */
export const LATENCY_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

export const SCORE_BUCKETS = 100;

// EDGES[i] = the lower edge of bucket i (i ≥ 1): computed once, as bucketIndex runs per event
const EDGES = Float64Array.from({ length: OVERFLOW_INDEX + 2 }, (_, i) => (i === 0 ? 0 : LATENCY_MIN_MS * Math.pow(GAMMA, i - 1)));

/** Lower edge of bucket i in ms (0 for the underflow bucket). */
export function bucketLowerMs(i: number): number {
  if (i <= 0) return 0;
  return EDGES[Math.min(i, OVERFLOW_INDEX)]!;
}

/** Upper edge of bucket i in ms (Infinity for the overflow bucket). */
export function bucketUpperMs(i: number): number {
  if (i >= OVERFLOW_INDEX) return Infinity;
  return EDGES[i + 1]!;
}

/** The bucket a latency falls in. Negative or NaN latencies count as underflow. */
export function bucketIndex(ms: number): number {
  if (!(ms >= LATENCY_MIN_MS)) return 0;
  let i = Math.floor(Math.log(ms / LATENCY_MIN_MS) / LN_GAMMA) + 1;
  // floating point: keep the edges exact (an edge value belongs to the bucket it opens)
  if (ms < bucketLowerMs(i)) i -= 1;
  else if (ms >= bucketUpperMs(i)) i += 1;
  return i > LOG_BUCKETS ? OVERFLOW_INDEX : i;
}

/** The value reported for a percentile that falls in bucket i (see the header for the bounds). */
export function bucketValueMs(i: number): number {
  if (i <= 0) return LATENCY_MIN_MS;
  if (i >= OVERFLOW_INDEX) return bucketLowerMs(OVERFLOW_INDEX);
  const lo = bucketLowerMs(i);
  const hi = bucketUpperMs(i);
  return (2 * lo * hi) / (lo + hi);
}

export function scoreBucketIndex(score: number): number {
  if (!(score > 0)) return 0; // ≤ 0 and NaN
  if (score >= 1) return SCORE_BUCKETS - 1;
  return Math.min(SCORE_BUCKETS - 1, Math.floor(score * SCORE_BUCKETS));
}

/** Representative score of a score bucket: its midpoint. */
export function scoreBucketValue(i: number): number {
  return (Math.max(0, Math.min(SCORE_BUCKETS - 1, i)) + 0.5) / SCORE_BUCKETS;
}

export type Hist = ArrayLike<number | null | undefined>;

export function histTotal(hist: Hist): number {
  let n = 0;
  for (let i = 0; i < hist.length; i++) n += hist[i] ?? 0;
  return n;
}

/**
 * The nearest-rank percentile (q in (0, 1]) as a bucket index, or -1 when the histogram is
 * empty: the first bucket whose cumulative count reaches ceil(q · total).
 */
export function percentileIndex(hist: Hist, q: number, total = histTotal(hist)): number {
  if (total <= 0) return -1;
  const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * total));
  let cum = 0;
  for (let i = 0; i < hist.length; i++) {
    cum += hist[i] ?? 0;
    if (cum >= rank) return i;
  }
  return hist.length - 1;
}

/** Latency percentile in ms from (merged) bucket counts; null for an empty histogram. */
export function percentile(hist: Hist, q: number, total?: number): number | null {
  const i = percentileIndex(hist, q, total);
  return i < 0 ? null : bucketValueMs(i);
}

/** Score percentile from (merged) score bucket counts; null when empty. */
export function scorePercentile(hist: Hist, q: number): number | null {
  const i = percentileIndex(hist, q);
  return i < 0 ? null : scoreBucketValue(i);
}

/** Adds `src` into `into` bucket by bucket, growing it as needed; returns `into`. */
export function mergeInto(into: number[], src: Hist | null | undefined): number[] {
  if (!src) return into;
  for (let i = 0; i < src.length; i++) {
    const v = src[i] ?? 0;
    if (v === 0) continue;
    while (into.length <= i) into.push(0);
    into[i] = (into[i] ?? 0) + v;
  }
  return into;
}

/** The bucket-wise sum of any number of histograms (of any stored lengths). */
export function merge(...hists: (Hist | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const h of hists) mergeInto(out, h);
  return out;
}

/** Drops trailing zero buckets (how arrays are stored). */
export function trimTrailingZeros(hist: number[]): number[] {
  let n = hist.length;
  while (n > 0 && !hist[n - 1]) n--;
  return n === hist.length ? hist : hist.slice(0, n);
}

/** Builds a latency histogram from raw samples (tests, benches, demo data). */
export function latencyHistogramOf(samples: Iterable<number>): number[] {
  const h: number[] = [];
  for (const ms of samples) {
    const i = bucketIndex(ms);
    while (h.length <= i) h.push(0);
    h[i] = (h[i] ?? 0) + 1;
  }
  return h;
}
