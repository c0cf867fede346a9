// Seeded synthetic telemetry for bench:guardrails: requests, errors and a latency histogram per
// second, drawn the way a fleet would produce them, fast enough for thousands of 10-minute runs.
import { bucketIndex, LATENCY_BUCKETS } from "../../lib/telemetry/histogram";

export type Random = () => number;

/** mulberry32: a seeded generator, so a run can be repeated exactly. */
export function seeded(seed: number): Random {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Binomial(n, p): inversion for a small mean, the normal approximation for a large one. */
export function binomial(random: Random, n: number, p: number): number {
  const mean = n * p;
  if (mean * (1 - p) > 25) return Math.max(0, Math.min(n, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(random))));
  let k = 0;
  let pk = Math.pow(1 - p, n);
  let cdf = pk;
  const u = random();
  while (u > cdf && k < n) {
    pk *= ((n - k) / (k + 1)) * (p / (1 - p));
    cdf += pk;
    k++;
  }
  return k;
}

/** Latencies: lognormal around `medianMs` with log-sd `sigma`, every request slowed by `factor`. */
export type Latency = { medianMs: number; sigma: number; factor: number };

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; |error| < 1.5e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Each histogram bucket's probability under a latency distribution (the lower edges as the product reads them). */
export function bucketProbabilities(l: Latency): Float64Array {
  const p = new Float64Array(LATENCY_BUCKETS);
  const mu = Math.log(l.medianMs * l.factor);
  let previous = 0;
  // walk the buckets by their upper edges: the CDF at each edge, differenced
  for (let i = 0; i < LATENCY_BUCKETS - 1; i++) {
    const upper = Math.pow(1.02, i); // bucket i's upper edge is 1.02^i ms (i ≥ 1); bucket 0 is [0, 1)
    const cdf = phi((Math.log(upper) - mu) / l.sigma);
    p[i] = cdf - previous;
    previous = cdf;
  }
  p[LATENCY_BUCKETS - 1] = 1 - previous;
  return p;
}

/**
 * Adds one second of `n` requests to a histogram: request by request when there are few, as
 * independent Poisson counts per bucket (the multinomial's large-n limit) when there are many.
 */
export function addSecond(random: Random, hist: number[], n: number, probs: Float64Array, l: Latency): number {
  if (n < 200) {
    const mu = Math.log(l.medianMs * l.factor);
    for (let k = 0; k < n; k++) {
      const i = bucketIndex(Math.exp(mu + l.sigma * normal(random)));
      hist[i] = (hist[i] ?? 0) + 1;
    }
    return n;
  }
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const mean = n * probs[i]!;
    if (mean < 1e-4) continue;
    const k = mean > 25 ? Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random))) : poisson(random, mean);
    if (k > 0) {
      hist[i] = (hist[i] ?? 0) + k;
      total += k;
    }
  }
  return total;
}

function poisson(random: Random, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = random();
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}
