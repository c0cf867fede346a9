/**
 * The canary's comparisons with stable as sequential tests (sequential.ts), one per check:
 *
 * - `relative_error_rate`: the error rates, two-sample; worse beyond `errorRate.maxIncrease`.
 * - `relative_latency_p95`: "p95 at most maxP95Factor × stable's p95" is "at most 5 % of the
 *   candidate's requests slower than that limit", so the share of requests above it is tested
 *   against 5 %, one-sample (the limit is taken from stable's window, which holds 19× the
 *   traffic at a 5 % canary). The share is counted on the latency histogram exactly as the p95
 *   is read from it, so "confident worse" and "p95 above the line" agree.
 * - `relative_quality` (when `quality.maxDecrease` is set): mean online score, or accuracy where
 *   only labels exist; worse when confidently lower by more than maxDecrease.
 * - `relative_flag:<flag>` (when the flag's `maxIncrease` is set): the share of requests carrying
 *   the flag; worse beyond maxIncrease.
 *
 * The false-alarm budgets: a check with its own `falseRollbackRate` uses it; the hard checks
 * without one share `sequential.falseRollbackRate` equally, and the soft ones
 * `sequential.falseHoldRate` (a union bound), so the chance that a healthy candidate is rolled
 * back, or held, by any of them stays within the policy's figure. Pure.
 */
import { bucketValueMs } from "../telemetry";
import type { Check, DecideInput, Severity, WindowStats } from "./decide";
import {
  compareAccuracy,
  compareRates,
  compareScores,
  compareToRate,
  type Comparison,
  type CompareOptions,
  type Counts,
} from "./sequential";

/** The share of requests a p95 lets be slower than it. */
export const P95_TAIL = 0.05;

/** Requests whose latency reads as above `limitMs` (bucket values, as percentiles are read). */
export function slowerThan(hist: readonly number[] | undefined, limitMs: number): number {
  let n = 0;
  if (!hist) return 0;
  for (let i = 0; i < hist.length; i++) if (bucketValueMs(i) > limitMs) n += hist[i] ?? 0;
  return n;
}

const share = (s: WindowStats, flag: string): Counts => ({ events: s.flags[flag] ?? 0, requests: s.requests });

type Spec = {
  /** hard checks share the false-rollback budget, soft ones the false-hold budget */
  severity: Severity;
  /** the check's own false-alarm rate; unset: a share of its severity's budget */
  ownRate: number | undefined;
  run(opts: { alpha: number }): Check | null;
};

function check(base: Omit<Check, "passed" | "sequential">, r: Comparison, extra: { reference?: number } = {}): Check {
  const statistic = r.verdict === "not_worse" ? r.notWorseStatistic : r.worseStatistic;
  return {
    ...base,
    passed: r.verdict !== "worse",
    sequential: { verdict: r.verdict, statistic, bound: r.bound, candidate: r.candidate, stable: r.stable ?? r.candidate, ...extra },
  };
}

function specs(input: DecideInput, candidate: WindowStats, stable: WindowStats): Spec[] {
  const g = input.policy;
  const out: Spec[] = [];
  const options = (alpha: number, minEffect: number, allowance: number): CompareOptions => ({ alpha, minEffect, allowance });

  out.push({
    severity: g.errorRate.severity,
    ownRate: g.errorRate.falseRollbackRate,
    run: ({ alpha }) => {
      if (candidate.requests === 0 || stable.requests === 0) return null;
      const c = { events: candidate.errors, requests: candidate.requests };
      const s = { events: stable.errors, requests: stable.requests };
      const r = compareRates(c, s, options(alpha, g.errorRate.minEffect ?? g.sequential.errorRateMinEffect, g.errorRate.maxIncrease));
      return check(
        {
          name: "relative_error_rate",
          severity: g.errorRate.severity,
          value: candidate.errorRate ?? c.events / c.requests,
          threshold: (stable.errorRate ?? s.events / s.requests) + g.errorRate.maxIncrease,
          op: "<=",
          sample: candidate.requests,
        },
        r,
      );
    },
  });

  out.push({
    severity: g.latency.severity,
    ownRate: g.latency.falseRollbackRate,
    run: ({ alpha }) => {
      if (stable.p95Ms === null || candidate.p95Ms === null || !candidate.latencyHist || candidate.requests === 0) return null;
      const limit = stable.p95Ms * g.latency.maxP95Factor;
      const c = { events: slowerThan(candidate.latencyHist, limit), requests: candidate.requests };
      const r = compareToRate(c, P95_TAIL, options(alpha, g.latency.minEffect, 0));
      const s = { events: slowerThan(stable.latencyHist, limit), requests: stable.requests };
      return check(
        {
          name: "relative_latency_p95",
          severity: g.latency.severity,
          value: candidate.p95Ms,
          threshold: limit,
          op: "<=",
          sample: c.requests,
        },
        { ...r, stable: s },
        { reference: P95_TAIL },
      );
    },
  });

  const maxDecrease = g.quality.maxDecrease;
  if (maxDecrease !== undefined) {
    out.push({
      severity: g.quality.severity,
      ownRate: g.quality.falseRollbackRate,
      run: ({ alpha }) => {
        if (candidate.quality === null || stable.quality === null || candidate.qualitySample === 0 || stable.qualitySample === 0)
          return null;
        const opts = options(alpha, g.quality.minEffect, maxDecrease);
        const scored = candidate.qualityVariance != null && stable.qualityVariance != null;
        const r = scored
          ? compareScores(
              { n: candidate.qualitySample, mean: candidate.quality, variance: candidate.qualityVariance ?? 0 },
              { n: stable.qualitySample, mean: stable.quality, variance: stable.qualityVariance ?? 0 },
              opts,
            )
          : compareAccuracy(
              { events: Math.round(candidate.quality * candidate.qualitySample), requests: candidate.qualitySample },
              { events: Math.round(stable.quality * stable.qualitySample), requests: stable.qualitySample },
              opts,
            );
        return check(
          {
            name: "relative_quality",
            severity: g.quality.severity,
            value: candidate.quality,
            threshold: stable.quality - maxDecrease,
            op: ">=",
            sample: candidate.qualitySample,
          },
          r,
        );
      },
    });
  }

  for (const [flag, rule] of Object.entries(g.flags)) {
    const maxIncrease = rule.maxIncrease;
    if (maxIncrease === undefined) continue;
    out.push({
      severity: rule.severity,
      ownRate: rule.falseRollbackRate,
      run: ({ alpha }) => {
        if (candidate.requests === 0 || stable.requests === 0) return null;
        const c = share(candidate, flag);
        const s = share(stable, flag);
        return check(
          {
            name: `relative_flag:${flag}`,
            severity: rule.severity,
            value: c.events / c.requests,
            threshold: s.events / s.requests + maxIncrease,
            op: "<=",
            sample: c.requests,
          },
          compareRates(c, s, options(alpha, rule.minEffect, maxIncrease)),
        );
      },
    });
  }
  return out;
}

/** The sequential checks of a canary; none when the policy turns them off or there is no stable to compare with. */
export function sequentialChecks(input: DecideInput): Check[] {
  const { policy, candidate, stable, release } = input;
  if (!policy.sequential.enabled || !release.candidateVersion || !stable) return [];
  const list = specs(input, candidate, stable);
  const budget = { hard: policy.sequential.falseRollbackRate, soft: policy.sequential.falseHoldRate };
  const shared = (severity: Severity) =>
    budget[severity] / Math.max(1, list.filter((s) => s.severity === severity && s.ownRate === undefined).length);
  return list.flatMap((s) => s.run({ alpha: s.ownRate ?? shared(s.severity) }) ?? []);
}
