/**
 * Applies a model's eval gates to one evaluation. Pure: the service loads the policy and the
 * PROD baseline and stores what this returns, so the rules are tested without a database.
 *
 * Rules:
 * - An absolute gate fails when its metric is missing: a gate nobody measured did not pass.
 * - A regression gate compares with the PROD version's recorded metrics. With no PROD version
 *   yet, or when PROD has no value recorded for the metric, it is skipped and says so (a
 *   result with `passed: true, skipped: true`), so the reviewer sees it was not applied.
 * - The replay gate (policy `replay.minAgreement`) applies when a replay is attached. The
 *   replay must have been run against the PROD version; one against another version fails
 *   (its agreement says nothing about PROD). Without a replay the gate is skipped, unless the
 *   policy sets `replay.required`, in which case the evaluation fails; with no PROD version
 *   there is nothing to replay against, so a required replay is skipped too.
 * - Comparisons allow a relative tolerance of 1e-9: metrics computed in floating point
 *   (0.91 − 0.90 = 0.010000000000000009) must not fail a gate written as 0.01.
 */
import { formatNumber } from "../format/numbers";
import type { AbsoluteGate, Policy, RegressionGate } from "../policy";

export type GateKind = "absolute" | "regression" | "replay";

/** One gate's verdict; stored on the Evaluation row (`gates`) and shown to reviewers. */
export type GateResult = {
  gate: GateKind;
  /** the rule in words, e.g. `f1 >= 0.9`, `f1 may drop at most 0.01 below PROD` */
  rule: string;
  /** the metric (`replay.agreement` for the replay gate) */
  metric: string;
  /** the evaluation's value; null when it was not reported */
  value: number | null;
  /** absolute gate: the threshold; regression: the allowed drop; replay: the minimum agreement */
  threshold: number | null;
  /** PROD's value of the metric (null when there is no PROD version or it has none); replay: absent */
  baseline?: number | null;
  /** the PROD version compared with; replay: the version the replay ran against */
  baselineVersion?: string | null;
  passed: boolean;
  /** the gate could not apply (no PROD version yet, no replay attached) and did not block */
  skipped: boolean;
  message: string;
};

export type EvaluationUnderTest = {
  metrics: Readonly<Record<string, number>>;
  dataset?: string;
  replay?: { baseline_version: string; cases: number; agreement: number } | null;
};

/** The PROD version's metrics from its most relevant evaluation; null when nothing is in PROD. */
export type ProdBaseline = {
  version: string;
  metrics: Readonly<Record<string, number>>;
  /** the dataset PROD's metrics were measured on, to say so when it differs */
  dataset?: string | null;
} | null;

export type GateOutcome = { passed: boolean; results: GateResult[]; reasons: string[] };

export const NO_PROD_MESSAGE = "no PROD version yet: regression gate skipped";

const fmt = formatNumber;

function tolerance(reference: number): number {
  return 1e-9 * Math.max(1, Math.abs(reference));
}

function valueOf(metrics: Readonly<Record<string, number>>, name: string): number | null {
  const v = Object.prototype.hasOwnProperty.call(metrics, name) ? metrics[name] : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function absoluteResult(gate: AbsoluteGate, input: EvaluationUnderTest, prod: ProdBaseline): GateResult {
  const rule = `${gate.metric} ${gate.op} ${fmt(gate.value)}`;
  const value = valueOf(input.metrics, gate.metric);
  // PROD's value is context for the reviewer, not part of the rule.
  const baseline = prod ? valueOf(prod.metrics, gate.metric) : null;
  const context = prod && baseline !== null ? ` (PROD ${prod.version}: ${fmt(baseline)})` : "";
  const base = {
    gate: "absolute" as const,
    rule,
    metric: gate.metric,
    value,
    threshold: gate.value,
    baseline,
    baselineVersion: prod?.version ?? null,
    skipped: false,
  };
  if (value === null) {
    return { ...base, passed: false, message: `${gate.metric} is missing from the evaluation; the policy requires ${rule}${context}` };
  }
  const slack = tolerance(gate.value);
  const passed = gate.op === ">=" ? value >= gate.value - slack : value <= gate.value + slack;
  if (passed) return { ...base, passed, message: `${gate.metric} = ${fmt(value)} meets ${rule}${context}` };
  const side = gate.op === ">=" ? "below" : "above";
  return { ...base, passed, message: `${gate.metric} = ${fmt(value)} is ${side} the threshold: the policy requires ${rule}${context}` };
}

function regressionResult(gate: RegressionGate, input: EvaluationUnderTest, prod: ProdBaseline): GateResult {
  const higher = gate.direction === "higher_is_better";
  const rule = higher
    ? `${gate.metric} may drop at most ${fmt(gate.maxDrop)} below PROD`
    : `${gate.metric} may rise at most ${fmt(gate.maxDrop)} above PROD`;
  const value = valueOf(input.metrics, gate.metric);
  const base = { gate: "regression" as const, rule, metric: gate.metric, value, threshold: gate.maxDrop };
  if (prod === null) {
    return { ...base, baseline: null, baselineVersion: null, passed: true, skipped: true, message: NO_PROD_MESSAGE };
  }
  const baseline = valueOf(prod.metrics, gate.metric);
  const withBaseline = { ...base, baseline, baselineVersion: prod.version };
  if (baseline === null) {
    return {
      ...withBaseline,
      passed: true,
      skipped: true,
      message: `PROD version ${prod.version} has no recorded ${gate.metric}: regression gate skipped`,
    };
  }
  const where = `${fmt(baseline)} in PROD ${prod.version}${
    prod.dataset && input.dataset && prod.dataset !== input.dataset ? ` (measured on ${prod.dataset})` : ""
  }`;
  if (value === null) {
    return {
      ...withBaseline,
      passed: false,
      skipped: false,
      message: `${gate.metric} is missing from the evaluation; the policy compares it with ${where}`,
    };
  }
  // How much worse than PROD, in the metric's units; negative when better.
  const worse = higher ? baseline - value : value - baseline;
  const passed = worse <= gate.maxDrop + tolerance(gate.maxDrop);
  if (passed) {
    const change = worse > 0 ? `${higher ? "down" : "up"} ${fmt(worse)}` : worse < 0 ? "better" : "unchanged";
    return {
      ...withBaseline,
      passed,
      skipped: false,
      message: `${gate.metric} = ${fmt(value)} vs ${where} (${change}): within the allowed ${fmt(gate.maxDrop)}`,
    };
  }
  return {
    ...withBaseline,
    passed,
    skipped: false,
    message: `${gate.metric} = ${fmt(value)} ${higher ? "dropped" : "rose"} ${fmt(worse)} from ${where}; the policy allows at most ${fmt(gate.maxDrop)}`,
  };
}

function replayResult(policy: Policy, input: EvaluationUnderTest, prod: ProdBaseline): GateResult | null {
  const min = policy.replay.minAgreement;
  if (min === undefined) return null;
  const rule = `replay agreement with PROD >= ${fmt(min)}`;
  const replay = input.replay ?? null;
  const base = { gate: "replay" as const, rule, metric: "replay.agreement", threshold: min };
  if (replay === null) {
    const value = { ...base, value: null, baselineVersion: prod?.version ?? null };
    if (prod === null) return { ...value, passed: true, skipped: true, message: "no PROD version yet: replay gate skipped" };
    if (policy.replay.required) {
      return {
        ...value,
        passed: false,
        skipped: false,
        message: `no replay attached; the policy requires a replay against PROD ${prod.version} with ${rule}`,
      };
    }
    return {
      ...value,
      passed: true,
      skipped: true,
      message: "no replay attached: replay gate skipped (it applies when a replay is attached)",
    };
  }
  const withValue = { ...base, value: replay.agreement, baselineVersion: replay.baseline_version };
  if (prod !== null && replay.baseline_version !== prod.version) {
    return {
      ...withValue,
      passed: false,
      skipped: false,
      message: `the replay ran against ${replay.baseline_version}, but PROD is ${prod.version}; replay against ${prod.version}`,
    };
  }
  const what = `replay agreement ${fmt(replay.agreement)} on ${replay.cases} cases vs ${replay.baseline_version}`;
  const passed = replay.agreement >= min - tolerance(min);
  return passed
    ? { ...withValue, passed, skipped: false, message: `${what} meets >= ${fmt(min)}` }
    : { ...withValue, passed, skipped: false, message: `${what} is below the required ${fmt(min)}` };
}

/**
 * Every gate of the policy applied to one evaluation, in policy order: absolute gates, then
 * regression gates, then the replay gate. `reasons` are the messages of the failed gates.
 */
export function evaluateGates(policy: Policy, input: EvaluationUnderTest, prod: ProdBaseline): GateOutcome {
  const results: GateResult[] = [
    ...policy.evalGates.map((g) => absoluteResult(g, input, prod)),
    ...policy.maxRegression.map((g) => regressionResult(g, input, prod)),
  ];
  const replay = replayResult(policy, input, prod);
  if (replay) results.push(replay);
  const reasons = results.filter((r) => !r.passed).map((r) => r.message);
  return { passed: reasons.length === 0, results, reasons };
}
