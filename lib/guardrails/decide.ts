/**
 * The guardrail decision: given a release, the model's guardrail policy, the candidate's
 * manifest limits and the window stats of candidate and stable, what the loop should do.
 * Pure (no clock, no database): the loop and the "evaluate now" path call it with what they
 * read, and the table-driven tests call it with what they construct.
 */
import type { PrometheusReading } from "./prometheus";
import { formatCompact, formatCount, formatMs } from "../format/numbers";
import { guardrailLimits, type GuardrailLimit, type GuardrailsPolicy, type Limits, type Severity } from "./limits";
import { describeVerdict, type Counts, type Verdict } from "./sequential";
import { sequentialChecks } from "./sequential-checks";

export type { GuardrailsPolicy, Limits, Severity };
export type Outcome = "waiting" | "healthy" | "advance" | "hold" | "rollback" | "complete";

export type WindowStats = {
  version: string;
  requests: number;
  errors: number;
  errorRate: number | null;
  p95Ms: number | null;
  /** mean online score, or accuracy where only labels exist; null without either */
  quality: number | null;
  qualitySample: number;
  costPer1k: number | null;
  costSample: number;
  /** flag → requests carrying it */
  flags: Record<string, number>;
  /** the variance of one online score, where quality is their mean; null for accuracy or none */
  qualityVariance?: number | null;
  /** the merged latency histogram (telemetry/histogram.ts): read by the decision, not stored with it */
  latencyHist?: number[];
};

export type ReleaseSnapshot = {
  state: "idle" | "ramping" | "paused" | "rolled_back";
  candidateVersion: string | null;
  stableVersion: string | null;
  previousStableVersion: string | null;
  steps: number[];
  stepIndex: number;
  bakeMinutes: number;
  stepStartedAt: Date | null;
  completedAt: Date | null;
};

export type Check = {
  name: string;
  severity: Severity;
  value: number;
  threshold: number;
  /** `<=`: value must not exceed threshold; `>=`: must reach it */
  op: "<=" | ">=";
  sample: number;
  passed: boolean;
  /** a Prometheus check: the query as sent */
  query?: string;
  /** a sequential comparison with stable: the verdict, its statistic against the bound, the evidence on both sides */
  sequential?: {
    verdict: Verdict;
    statistic: number;
    bound: number;
    candidate: Counts;
    stable: Counts;
    /** a one-sample test's reference rate: the share of requests a p95 lets be slower than its limit */
    reference?: number;
  };
};

export type Decision = {
  outcome: Outcome;
  /** post-promotion: the watched version is the new stable; there is no candidate */
  phase: "canary" | "post_promotion";
  checks: Check[];
  reason: string;
  /** minutes until the bake time ends (healthy, not yet elapsed) */
  bakeRemainingMinutes: number | null;
  nextPercent: number | null;
};

export type DecideInput = {
  release: ReleaseSnapshot;
  policy: GuardrailsPolicy;
  limits: Limits;
  /** the version under watch: the candidate, or after promotion the new stable */
  candidate: WindowStats;
  /** the baseline; null after promotion (the previous stable serves nothing) */
  stable: WindowStats | null;
  /**
   * The watched version's newest minutes holding at least the minimum sample (window.ts): the
   * absolute limits are judged on these, so a late breach is not diluted. Default: `candidate`.
   */
  recent?: WindowStats;
  /** the policy's Prometheus checks as read for this evaluation (prometheus.ts); none when it has none */
  prometheus?: readonly PrometheusReading[];
  now: Date;
};

/** Whether a release is still inside its post-promotion watch. */
export function inPostPromotionWindow(release: ReleaseSnapshot, policy: GuardrailsPolicy, now: Date): boolean {
  if (release.candidateVersion || !release.completedAt || !release.previousStableVersion || release.state !== "idle") return false;
  return now.getTime() - release.completedAt.getTime() < policy.postPromotionMinutes * 60_000;
}

const pct = (v: number) => `${formatCompact(v * 100)} %`;

/** A check as a person reads it: "p95 412 ms > 1.2 × stable 300 ms (soft)". */
export function describeCheck(c: Check): string {
  if (c.sequential) return describeSequential(c);
  const rel = c.passed ? c.op : c.op === "<=" ? ">" : "<";
  const fmt = c.name.startsWith("prometheus:")
    ? formatCompact
    : c.name.includes("latency")
      ? formatMs
      : c.name.includes("cost")
        ? formatCompact
        : c.name === "quality" || c.name === "relative_quality"
          ? formatCompact
          : pct;
  const label = checkLabel(c.name);
  const relative = c.name.startsWith("relative");
  // the fixed limits read the window's newest minutes (window.ts): say so, as their sample is smaller
  const sample = relative || c.name.startsWith("prometheus:") ? `${c.sample} requests` : `newest ${c.sample} requests`;
  return `${label} ${fmt(c.value)} ${rel} ${relative ? "stable-based limit " : "limit "}${fmt(c.threshold)} (${c.severity}, ${sample})`;
}

const CHECK_LABELS: Record<string, string> = {
  latency_p95: "p95 latency",
  error_rate: "error rate",
  quality: "quality",
  cost_per_1k: "cost per 1k",
  relative_latency_p95: "p95 latency",
  relative_error_rate: "error rate",
  relative_quality: "quality",
};

const checkLabel = (name: string) =>
  CHECK_LABELS[name] ?? name.replace(/^(relative_)?flag:/, "flag ").replace(/^prometheus:/, "prometheus ");

/** The candidate's value a limit is judged on, and the requests behind it. */
function measure(limit: GuardrailLimit, c: WindowStats): { value: number | null; sample: number } {
  switch (limit.metric) {
    case "p95":
      return { value: c.p95Ms, sample: c.requests };
    case "error_rate":
      return { value: c.errorRate, sample: c.requests };
    case "quality":
      return { value: c.quality, sample: c.qualitySample };
    case "cost_per_1k":
      return { value: c.costPer1k, sample: c.costSample };
    case "flag":
      return { value: c.requests ? (c.flags[limit.flag] ?? 0) / c.requests : null, sample: c.requests };
  }
}

/** Stable's numbers the relative limits are set from. */
function baseline(stable: WindowStats | null) {
  if (!stable) return null;
  const flagRates: Record<string, number> = {};
  if (stable.requests > 0) for (const [flag, n] of Object.entries(stable.flags)) flagRates[flag] = n / stable.requests;
  return {
    p95Ms: stable.p95Ms,
    errorRate: stable.errorRate,
    quality: stable.quality,
    flagRates: stable.requests > 0 ? flagRates : undefined,
  };
}

/**
 * A limit without a value or a sample is not checked: no data never passes or fails. The
 * absolute limits are judged on the recent part of the window; the relative ones on all of it,
 * as stable's side is, and not at all where a sequential test (`replaced`) judges them.
 */
function checksFor(input: DecideInput, replaced: ReadonlySet<string>): Check[] {
  const out: Check[] = [];
  for (const limit of guardrailLimits(input.policy, input.limits, baseline(input.stable))) {
    if (replaced.has(limit.name)) continue;
    const { value, sample } = measure(limit, limit.source === "relative" ? input.candidate : (input.recent ?? input.candidate));
    if (value === null || sample === 0) continue;
    const { name, severity, threshold, op } = limit;
    out.push({ name, severity, value, threshold, op, sample, passed: op === "<=" ? value <= threshold : value >= threshold });
  }
  return out;
}

/** The Prometheus checks that have a value; one without is not judged (the decision waits). */
function prometheusChecks(input: DecideInput): Check[] {
  const readings = new Map((input.prometheus ?? []).map((r) => [r.name, r]));
  const out: Check[] = [];
  for (const c of input.policy.prometheus) {
    const r = readings.get(c.name);
    if (!r || r.value === null) continue;
    const op = c.max !== undefined ? "<=" : ">=";
    const threshold = (c.max ?? c.min) as number;
    const passed = op === "<=" ? r.value <= threshold : r.value >= threshold;
    out.push({
      name: `prometheus:${c.name}`,
      severity: c.severity,
      value: r.value,
      threshold,
      op,
      sample: input.candidate.requests,
      passed,
      query: r.query,
    });
  }
  return out;
}

const fmtStatistic = (v: number) => (v >= 1e6 ? v.toExponential(1) : v >= 10 ? formatCount(Math.round(v)) : formatCompact(v));

/** The two sides of a sequential check as a person reads them: "error rate 20 % vs stable 1 %". */
function sides(c: Check): string {
  const q = c.sequential!;
  if (c.name === "relative_latency_p95") {
    return (
      `p95 latency ${formatMs(c.value)} vs limit ${formatMs(c.threshold)}: ${pct(q.candidate.events / q.candidate.requests)} of requests ` +
      `slower than the limit, ${pct(q.reference ?? 0)} allowed`
    );
  }
  if (c.name === "relative_quality") {
    return `quality ${formatCompact(c.value)} vs stable ${formatCompact(q.stable.mean ?? q.stable.events / q.stable.requests)}`;
  }
  return `${checkLabel(c.name)} ${pct(c.value)} vs stable ${pct(q.stable.events / q.stable.requests)}`;
}

/** "error rate 20 % vs stable 1 %: confident worse (statistic 1,331 ≥ 100; 100 / 1900 requests)" */
export function describeSequential(c: Check): string {
  const q = c.sequential!;
  const evidence =
    q.reference !== undefined
      ? `${q.candidate.requests} requests`
      : `${q.candidate.requests} / ${q.stable.requests} ${c.name === "relative_quality" ? "scored" : "requests"}`;
  return (
    `${sides(c)}: ${describeVerdict(q.verdict)} ` +
    `(statistic ${fmtStatistic(q.statistic)} ${q.statistic >= q.bound ? "≥" : "<"} ${formatCompact(q.bound)}; ${evidence})`
  );
}

/** A sequential check whose point estimate is past its threshold but not yet confidently so. */
function undecided(c: Check): boolean {
  if (c.sequential?.verdict !== "unsure") return false;
  return c.op === "<=" ? c.value > c.threshold : c.value < c.threshold;
}

export function decide(input: DecideInput): Decision {
  const { release, policy, candidate, stable, now } = input;
  const phase: Decision["phase"] = release.candidateVersion ? "canary" : "post_promotion";
  const base = { phase, bakeRemainingMinutes: null, nextPercent: null };
  const min = policy.minSample;
  const sequential = sequentialChecks(input);

  const short: string[] = [];
  if (candidate.requests < min)
    short.push(`${phase === "canary" ? "candidate" : "new stable"} ${candidate.version} ${candidate.requests} / ${min} requests`);
  if (phase === "canary" && stable && stable.requests < min) short.push(`stable ${stable.version} ${stable.requests} / ${min} requests`);
  if (phase === "canary" && !stable) short.push(`no stable version to compare with`);
  if (short.length) {
    // confident evidence needs no minimum sample: a breach acts as soon as it shows
    const worse = sequential.filter((c) => !c.passed);
    const hard = worse.filter((c) => c.severity === "hard");
    if (hard.length) {
      return {
        ...base,
        outcome: "rollback",
        checks: worse,
        reason: `rolled back to stable ${release.stableVersion}: ${hard.map(describeSequential).join("; ")}`,
      };
    }
    if (worse.length) {
      return { ...base, outcome: "hold", checks: worse, reason: `holding: ${worse.map(describeSequential).join("; ")}; a person decides` };
    }
    return { ...base, outcome: "waiting", checks: [], reason: `waiting for data: ${short.join("; ")}` };
  }

  // the sequential tests replace the point comparisons with stable they stand for
  const checks = [...checksFor(input, new Set(sequential.map((c) => c.name))), ...sequential, ...prometheusChecks(input)];
  const hard = checks.filter((c) => !c.passed && c.severity === "hard");
  const soft = checks.filter((c) => !c.passed && c.severity === "soft");
  if (hard.length) {
    const to = phase === "canary" ? `stable ${release.stableVersion}` : `previous stable ${release.previousStableVersion}`;
    return { ...base, outcome: "rollback", checks, reason: `rolled back to ${to}: ${hard.map(describeCheck).join("; ")}` };
  }
  // a check that could not be read is neither passed nor failed: nothing moves until it can be
  const unread = (input.prometheus ?? []).filter((r) => r.value === null);
  if (unread.length) {
    return {
      ...base,
      outcome: "waiting",
      checks,
      reason: `waiting for Prometheus: ${unread.map((r) => `${r.name}: ${r.problem}`).join("; ")}`,
    };
  }
  if (soft.length) {
    return { ...base, outcome: "hold", checks, reason: `holding: ${soft.map(describeCheck).join("; ")}; a person decides` };
  }
  // past a threshold but not yet confidently: neither advance nor act
  const pending = sequential.filter(undecided);
  if (pending.length) {
    return { ...base, outcome: "waiting", checks, reason: `waiting for evidence: ${pending.map(describeSequential).join("; ")}` };
  }
  if (phase === "post_promotion") {
    const left = release.completedAt
      ? Math.max(0, Math.ceil((release.completedAt.getTime() + policy.postPromotionMinutes * 60_000 - now.getTime()) / 60_000))
      : 0;
    return { ...base, outcome: "healthy", checks, reason: `healthy after promotion — watched for ${left} more min` };
  }
  if (release.state === "paused") {
    return { ...base, outcome: "healthy", checks, reason: "healthy — the rollout is paused; a person resumes it" };
  }
  const startedAt = release.stepStartedAt?.getTime() ?? now.getTime();
  const remainingMs = startedAt + release.bakeMinutes * 60_000 - now.getTime();
  const last = release.stepIndex >= release.steps.length - 1;
  const next = last ? 100 : (release.steps[release.stepIndex + 1] ?? 100);
  if (remainingMs > 0) {
    const minutes = Math.ceil(remainingMs / 60_000);
    return {
      ...base,
      outcome: "healthy",
      checks,
      bakeRemainingMinutes: minutes,
      nextPercent: next,
      reason: last ? `healthy — completes the promotion in ${minutes} min` : `healthy — advances to ${next} % in ${minutes} min`,
    };
  }
  if (last)
    return {
      ...base,
      outcome: "complete",
      checks,
      nextPercent: 100,
      reason: `healthy for the bake time at ${release.steps[release.stepIndex] ?? 100} % — promotion completed`,
    };
  return {
    ...base,
    outcome: "advance",
    checks,
    nextPercent: next,
    reason: `healthy for ${release.bakeMinutes} min — advanced to ${next} %`,
  };
}
