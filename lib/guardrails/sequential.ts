/**
 * Always-valid comparisons of a candidate with stable: the guardrail may look after every batch
 * of telemetry and still roll back a healthy candidate with probability at most `alpha`.
 *
 * The statistic is the mixture sequential probability ratio test (mSPRT) of Robbins, as used for
 * always-valid p-values by Johari, Koomen, Pekelis and Walsh ("Always valid inference", 2017):
 * with the difference estimate θ̂, its variance V and a normal mixing distribution N(θ0, τ²)
 * over the alternative,
 *
 *   Λ(τ) = sqrt(V / (V + τ²)) · exp( τ² (θ̂ − θ0)² / (2 V (V + τ²)) ),
 *
 * a nonnegative martingale under θ = θ0 (in the normal approximation), so by Ville's inequality
 * P(Λ ever ≥ 1/α) ≤ α. A large effect is seen soonest by a wide mixture and a small one by a
 * narrow one, so Λ here is the average over a grid of τ (scaled to the baseline), which is again a
 * martingale: one test that is quick on a 20× breach and still finds a 2× one.
 *
 * Proportions (errors, slow requests, flags) enter with the variance of (x + 1) / (n + 2), not of
 * x / n, so a handful of requests with 0 or n events never looks certain. Pure and client-safe.
 */

/**
 * Events of one kind (errors, requests slower than a threshold, a flag) among requests; for a
 * mean of scores, `requests` is the scored sample, `mean` its mean and `events` 0.
 */
export type Counts = { events: number; requests: number; mean?: number };

/** Scores (online quality in [0, 1]): how many, their mean, and the variance of one score. */
export type Scores = { n: number; mean: number; variance: number };

export type Verdict = "worse" | "not_worse" | "unsure";

export type Comparison = {
  verdict: Verdict;
  /** how much worse the candidate is: its rate − stable's (or − the reference rate); stable's mean − its mean for quality */
  difference: number;
  /** Λ for "the candidate is no worse" (rejected at ≥ 1/α: confident worse) */
  worseStatistic: number;
  /** Λ for "the candidate is worse by at least the allowance + the minimum detectable effect" (rejected: confident not worse) */
  notWorseStatistic: number;
  /** 1/α: either statistic reaching it decides */
  bound: number;
  candidate: Counts;
  /** the stable side, or null for a one-sample test against a fixed rate */
  stable: Counts | null;
};

/** Mixing scales, as multiples of the effect the test is tuned for: wide enough for 20× breaches. */
const TAU_MULTIPLES = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

/** The variance of a rate's estimate, from (x + 1) / (n + 2): never 0, even at 0 or n events. */
export function rateVariance(c: Counts): number {
  if (c.requests <= 0) return Infinity;
  const p = (c.events + 1) / (c.requests + 2);
  return (p * (1 - p)) / c.requests;
}

export const rate = (c: Counts) => (c.requests > 0 ? c.events / c.requests : 0);

/** The normal-mixture likelihood ratio for one τ (see above). */
export function mixtureRatio(difference: number, variance: number, tau: number): number {
  if (!(variance > 0) || !Number.isFinite(variance)) return 0;
  const t2 = tau * tau;
  const logRatio = 0.5 * Math.log(variance / (variance + t2)) + (t2 * difference * difference) / (2 * variance * (variance + t2));
  return Math.exp(Math.min(logRatio, 700));
}

/** Λ averaged over the τ grid scaled by `effect`: an always-valid statistic for θ = θ0. */
export function mixtureStatistic(difference: number, variance: number, effect: number): number {
  let sum = 0;
  for (const m of TAU_MULTIPLES) sum += mixtureRatio(difference, variance, m * effect);
  return sum / TAU_MULTIPLES.length;
}

export type CompareOptions = {
  /** the chance of calling a healthy candidate worse, over the whole watch */
  alpha: number;
  /** the smallest increase worth acting on, as an absolute rate (e.g. 0.005 = half a point) */
  minEffect: number;
  /** an increase below this is tolerated even when it is certain (the policy's allowance); default 0 */
  allowance?: number;
};

/**
 * Candidate against stable, two-sample: "worse" when the candidate's rate is confidently above
 * stable's and by more than the allowance; "not_worse" when it is confidently below stable's +
 * allowance + minEffect; "unsure" until one of them is.
 */
export function compareRates(candidate: Counts, stable: Counts, opts: CompareOptions): Comparison {
  const variance = rateVariance(candidate) + rateVariance(stable);
  return judge(candidate, stable, rate(candidate) - rate(stable), variance, opts);
}

/**
 * The variance of a mean of scores in [0, 1], with one pseudo-score of the largest possible
 * variance (¼) mixed in, so a lone score, or a few equal ones, never look certain.
 */
export function scoreMeanVariance(s: Scores): number {
  if (s.n <= 0) return Infinity;
  return (s.n * Math.max(0, s.variance) + 0.25) / (s.n + 1) / s.n;
}

/**
 * Candidate against stable where lower is worse (quality): "worse" when the candidate's mean is
 * confidently below stable's by more than the allowance.
 */
export function compareScores(candidate: Scores, stable: Scores, opts: CompareOptions): Comparison {
  const variance = scoreMeanVariance(candidate) + scoreMeanVariance(stable);
  const evidence = (s: Scores): Counts => ({ events: 0, requests: s.n, mean: s.mean });
  return judge(evidence(candidate), evidence(stable), stable.mean - candidate.mean, variance, opts);
}

/**
 * Candidate against stable for a rate where lower is worse (accuracy from labels): the rates of
 * misses compared, so "worse" means confidently less accurate by more than the allowance.
 */
export function compareAccuracy(candidate: Counts, stable: Counts, opts: CompareOptions): Comparison {
  const variance = rateVariance(candidate) + rateVariance(stable);
  return judge(candidate, stable, rate(stable) - rate(candidate), variance, opts);
}

/** Candidate against a fixed reference rate, one-sample (e.g. "at most 5 % slower than the limit": p95). */
export function compareToRate(candidate: Counts, reference: number, opts: CompareOptions): Comparison {
  return judge(candidate, null, rate(candidate) - reference, rateVariance(candidate), opts);
}

function judge(candidate: Counts, stable: Counts | null, difference: number, variance: number, opts: CompareOptions): Comparison {
  const effect = Math.max(opts.minEffect, 1e-6);
  const bound = 1 / opts.alpha;
  // one-sided: only evidence on the side each hypothesis is rejected by counts
  const worseStatistic = difference > 0 ? mixtureStatistic(difference, variance, effect) : 0;
  // "not worse" is judged against the level a rollback needs: the allowance plus the effect worth finding
  const level = (opts.allowance ?? 0) + effect;
  const notWorseStatistic = difference < level ? mixtureStatistic(difference - level, variance, effect) : 0;
  const verdict: Verdict =
    worseStatistic >= bound && difference > (opts.allowance ?? 0) ? "worse" : notWorseStatistic >= bound ? "not_worse" : "unsure";
  return { verdict, difference, worseStatistic, notWorseStatistic, bound, candidate, stable };
}

/** The verdict as the release page says it. */
export function describeVerdict(v: Verdict): string {
  return v === "worse" ? "confident worse" : v === "not_worse" ? "confident not worse" : "not enough evidence yet";
}
