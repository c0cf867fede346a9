/**
 * A model's policy (`Model.policy`, JSON): what a version must score to enter STAGING, how
 * many people must approve it for PROD, and the rollout and guardrail defaults the release
 * and guardrail loops read. One zod schema validates it wherever it is read or edited, and
 * fills in defaults, so `{}` (the column default) is the sensible policy for a new model.
 *
 * Pure and client-safe: the Settings form validates with the same schema as the server.
 *
 * Every object is strict: an unknown key is refused rather than dropped. A policy is a set of
 * release rules, and `aprovals: {required: 2}` silently stripped would ship with one approval.
 * There is deliberately no switch for four-eyes: the registrant can never approve their own
 * version, whatever the policy says.
 */
import { z } from "zod";
import { typeError } from "../input/type-error";
import { ValidationError, type FieldIssue } from "../errors";
import { budgetsSchema } from "../registry";
import { formatPath } from "../input/path";

// ---------------------------------------------------------------------------------------------
// Field builders

/** Metric names as CI reports them: `f1`, `precision@k`, `auc.roc`, `calibration_error`. */
export const METRIC_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:@/-]{0,99}$/;

export const metricNameSchema = z.string(typeError("must be a metric name (a string)")).regex(METRIC_NAME, {
  error: "must be a metric name: 1–100 letters, digits or _ . : @ / -, starting with a letter, digit or _",
});

const fraction = (what: string) =>
  z
    .number(typeError(`must be ${what}: a number from 0 to 1`))
    .min(0, `must be ${what}: a number from 0 to 1`)
    .max(1, `must be ${what}: a number from 0 to 1`);

/** A sequential test's chance of acting on a healthy candidate over the whole watch. */
const falseAlarmRate = z
  .number(typeError("must be a probability, e.g. 0.01 for 1 %"))
  .min(0.0001, "must be at least 0.0001 (0.01 %)")
  .max(0.2, "must be at most 0.2 (20 %)");

const wholeNumber = (min: number, max: number, unit: string) => {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.number(typeError(message)).int(message).min(min, message).max(max, message);
};

const severitySchema = z.enum(["hard", "soft"], typeError('must be "hard" (roll back) or "soft" (hold and alert)'));

// ---------------------------------------------------------------------------------------------
// Sections

/** `f1 >= 0.90`, `calibration_error <= 0.05`: the evaluation's own value against a constant. */
export const absoluteGateSchema = z.strictObject({
  metric: metricNameSchema,
  op: z.enum([">=", "<="], typeError('must be ">=" (at least) or "<=" (at most)')),
  value: z.number(typeError("must be a number: the threshold")),
});

/**
 * How far a metric may get worse than the PROD version's. `maxDrop` is in the metric's own
 * units and always positive: for higher_is_better it is how far the value may fall, for
 * lower_is_better how far it may rise.
 */
export const regressionGateSchema = z.strictObject({
  metric: metricNameSchema,
  direction: z.enum(["higher_is_better", "lower_is_better"], typeError('must be "higher_is_better" or "lower_is_better"')),
  maxDrop: z
    .number(typeError("must be a number: how much worse than PROD the metric may be"))
    .min(0, "must be 0 or more (0: no regression at all)"),
});

/**
 * The replay gate: the share of replayed cases on which the new version and the PROD version
 * give the same decision. It applies when CI attaches a replay; `required: true` also fails
 * an evaluation that comes without one (otherwise leaving the replay out skips the gate).
 */
/**
 * A scrub rule: what happens to one field of a captured request's input and output before
 * anything is stored. `field` is a bare key (`email`: that key at any depth) or a dotted path
 * from the root (`customer.email`; arrays on the way are walked element by element).
 * `drop` removes the field; `hash` replaces its value with `hmac-sha256:<hex>` under the
 * installation's scrub key, so the same customer id gives the same token and can still be
 * grouped on, but not be read back.
 */
export const SCRUB_FIELD = /^[A-Za-z0-9_$-]{1,100}(\.[A-Za-z0-9_$-]{1,100}){0,15}$/;
export const scrubRuleSchema = z.strictObject({
  name: z
    .string(typeError("must be the rule's name, e.g. drop-email"))
    .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "must be a rule name: 1–64 lowercase letters, digits or _ . -, e.g. drop-email"),
  field: z
    .string(typeError("must be a field name (email) or a dotted path (customer.email)"))
    .regex(SCRUB_FIELD, "must be a field name (email) or a dotted path (customer.email): letters, digits, _ $ -, dots between"),
  action: z.enum(["drop", "hash"], typeError('must be "drop" (remove the field) or "hash" (keep a keyed hash of it)')),
});
export type ScrubRule = z.output<typeof scrubRuleSchema>;

/**
 * Which production requests are kept for replay: `rate` of each tenant's requests (chosen by
 * request id, so a retried request is chosen the same way) and at most `maxPerTenantPerDay`
 * of one tenant in one UTC day. Absent: nothing is captured.
 */
export const replayCaptureSchema = z.strictObject({
  rate: fraction("the share of each tenant's production requests kept for replay"),
  maxPerTenantPerDay: z
    .number(typeError("must be a whole number of requests from 1 to 1000000"))
    .int("must be a whole number of requests from 1 to 1000000")
    .min(1, "must be a whole number of requests from 1 to 1000000")
    .max(1_000_000, "must be a whole number of requests from 1 to 1000000")
    .default(1000),
});

export const replayPolicySchema = z.strictObject({
  minAgreement: fraction("an agreement ratio").optional(),
  required: z.boolean(typeError("must be true or false")).default(false),
  capture: replayCaptureSchema.optional(),
  scrub: z
    .array(scrubRuleSchema, typeError("must be a list of scrub rules: [{name, field, action}]"))
    .max(100, "at most 100 scrub rules")
    .default([]),
  /** days a captured request is kept; frozen sets keep their own copy for setRetentionDays */
  retentionDays: z
    .number(typeError("must be a whole number of days from 1 to 3650"))
    .int("must be a whole number of days from 1 to 3650")
    .min(1, "must be a whole number of days from 1 to 3650")
    .max(3650, "must be a whole number of days from 1 to 3650")
    .default(30),
  setRetentionDays: z
    .number(typeError("must be a whole number of days from 1 to 3650"))
    .int("must be a whole number of days from 1 to 3650")
    .min(1, "must be a whole number of days from 1 to 3650")
    .max(3650, "must be a whole number of days from 1 to 3650")
    .default(365),
});
export type ReplayPolicy = z.output<typeof replayPolicySchema>;

/** The independence window when a policy does not set one, in days. */
export const DEFAULT_INDEPENDENCE_DAYS = 30;

/**
 * Who may approve: `team:<team key>` (every member of the team) or `user:<email>`. Team keys are
 * the lower-case slugs Settings → Teams shows; emails are compared lower-case.
 */
export const reviewerRefSchema = z
  .string(typeError('must be "team:<team key>" or "user:<email>"'))
  .trim()
  .transform((v) => (v.toLowerCase().startsWith("user:") ? `user:${v.slice(5).trim().toLowerCase()}` : v))
  .pipe(
    z.string().regex(/^(team:[a-z0-9][a-z0-9-]{0,62}[a-z0-9]|user:[^\s@]+@[^\s@]+\.[^\s@]+)$/, {
      error: 'must be "team:<team key>" (like team:payments-risk) or "user:<email>" (like user:risk-officer@example.com)',
    }),
  );

/**
 * A named-reviewer rule: met when `required` distinct people it names have approved. Every rule
 * of a policy must be met (lib/policy/reviewers.ts has the counting).
 */
export const approvalRuleSchema = z
  .strictObject({
    reviewers: z
      .array(reviewerRefSchema, typeError('must be a list like ["team:payments-risk", "user:lead@example.com"]'))
      .min(1, 'needs at least one reviewer: a team ("team:payments-risk") or a person ("user:lead@example.com")')
      .max(50, "may name at most 50 reviewers"),
    required: wholeNumber(1, 10, "approvers").default(1),
  })
  .superRefine((rule, ctx) => {
    const seen = new Set<string>();
    rule.reviewers.forEach((r, i) => {
      if (seen.has(r)) ctx.addIssue({ code: "custom", path: ["reviewers", i], message: `names ${r} twice` });
      seen.add(r);
    });
  });

export type ApprovalRule = z.output<typeof approvalRuleSchema>;

/**
 * Four-eyes is always on; the number of distinct approvers and the independence window are
 * settings. `independenceDays`: an approval by someone the registrant created, or whose role
 * the registrant granted, within this many days does not count (lib/lifecycle/independence.ts).
 * `rules` name who may approve: with none, any approver counts; with rules, only the people they
 * name may approve, and every rule must be met (lib/policy/reviewers.ts). Weakening any of these
 * waits for a second admin (policy-service.ts).
 */
export const approvalsPolicySchema = z.strictObject({
  required: wholeNumber(1, 10, "approvers").default(1),
  independenceDays: wholeNumber(0, 3650, "days").default(DEFAULT_INDEPENDENCE_DAYS),
  rules: z
    .array(approvalRuleSchema, typeError('must be a list of rules like {reviewers: ["team:payments-risk"], required: 1}'))
    .max(10, "may have at most 10 rules")
    .default(() => []),
});

function isPercent(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= 100;
}

const rolloutStepsSchema = z
  .array(z.number(typeError("must be a whole percentage from 1 to 100")), typeError("must be a list of percentages, e.g. [5, 25, 50, 100]"))
  .min(1, "needs at least one step (100 for a single switch)")
  .max(20, "may have at most 20 steps")
  .superRefine((steps, ctx) => {
    steps.forEach((step, i) => {
      const previous = steps[i - 1];
      if (!isPercent(step)) {
        ctx.addIssue({ code: "custom", path: [i], message: `must be a whole percentage from 1 to 100 (got ${step})` });
      } else if (previous !== undefined && isPercent(previous) && step <= previous) {
        ctx.addIssue({ code: "custom", path: [i], message: `steps must increase: ${step} is not above the previous step (${previous})` });
      }
    });
    const last = steps[steps.length - 1];
    if (last !== undefined && isPercent(last) && last !== 100) {
      ctx.addIssue({ code: "custom", path: [steps.length - 1], message: `the last step must be 100 so a rollout completes (got ${last})` });
    }
  });

export const DEFAULT_ROLLOUT_STEPS = [5, 25, 50, 100];

/** Ramp steps (percent of routing keys on the candidate) and the bake time at each step. */
export const rolloutPolicySchema = z.strictObject({
  steps: rolloutStepsSchema.default(() => [...DEFAULT_ROLLOUT_STEPS]),
  bakeMinutes: wholeNumber(0, 7 * 24 * 60, "minutes").default(30),
});

const prometheusCheckSchema = z
  .strictObject({
    name: metricNameSchema,
    query: z
      .string(typeError("must be a PromQL query"))
      .trim()
      .min(1, "must be a PromQL query")
      .max(2000, "may be at most 2,000 characters"),
    max: z.number(typeError("must be a number: the highest value the query may return")).optional(),
    min: z.number(typeError("must be a number: the lowest value the query may return")).optional(),
    severity: severitySchema.default("hard"),
  })
  .superRefine((c, ctx) => {
    if ((c.max === undefined) === (c.min === undefined)) {
      ctx.addIssue({ code: "custom", path: ["max"], message: "needs exactly one of max or min: the bound the query's value must keep" });
    }
  });

export type PrometheusCheck = z.output<typeof prometheusCheckSchema>;

/**
 * What the guardrail loop compares a candidate with. Each check has a severity: a hard breach
 * rolls back, a soft breach holds the ramp and alerts. Relative checks compare with the
 * stable version over the same window; nothing is judged below `minSample` requests.
 */
export const guardrailsPolicySchema = z.strictObject({
  minSample: wholeNumber(1, 10_000_000, "requests").default(500),
  /** how long after a rollout completes the new stable version is still watched */
  postPromotionMinutes: wholeNumber(0, 7 * 24 * 60, "minutes").default(30),
  /** candidate p95 latency may be at most this factor of stable's (1.2 = 20 % slower) */
  latency: z
    .strictObject({
      maxP95Factor: z
        .number(typeError("must be a factor of stable p95 latency, at least 1 (1.2 = 20 % slower)"))
        .min(1, "must be at least 1 (1.2 = 20 % slower than stable)")
        .default(1.2),
      severity: severitySchema.default("soft"),
      /** sequential test: the smallest excess share of requests above the limit worth finding (0.02 = 7 % above it where 5 % may be) */
      minEffect: fraction("a share of requests").default(0.02),
      falseRollbackRate: falseAlarmRate.optional(),
    })
    .prefault({}),
  /** candidate error rate may exceed stable's by at most this many points (a fraction: 0.005 = 0.5 %) */
  errorRate: z
    .strictObject({
      maxIncrease: fraction("an error-rate increase").default(0.005),
      severity: severitySchema.default("hard"),
      /** sequential test: the smallest increase worth finding; unset: sequential.errorRateMinEffect */
      minEffect: fraction("an error-rate increase").optional(),
      falseRollbackRate: falseAlarmRate.optional(),
    })
    .prefault({}),
  /**
   * The comparisons with stable as sequential tests (lib/guardrails/sequential.ts): looked at
   * after every batch, they roll back a healthy candidate with probability at most
   * falseRollbackRate over the whole watch (hold it: falseHoldRate), shared among the checks
   * that set no rate of their own, and need no minimum sample to act on a severe breach.
   */
  sequential: z
    .strictObject({
      enabled: z.boolean(typeError("must be true or false")).default(true),
      /** shared among the hard checks (a breach rolls back) */
      falseRollbackRate: falseAlarmRate.default(0.01),
      /** shared among the soft checks (a breach holds the ramp) */
      falseHoldRate: falseAlarmRate.default(0.01),
      /** the smallest error-rate increase the test is tuned to find (a fraction: 0.005 = 0.5 points) */
      errorRateMinEffect: fraction("an error-rate increase").default(0.005),
    })
    .prefault({}),
  /** the manifest's own limits (p95_latency_ms, max_error_rate) */
  limits: z.strictObject({ severity: severitySchema.default("hard") }).prefault({}),
  /** the manifest's online quality floor (quality.metric >= quality.min), when declared */
  quality: z
    .strictObject({
      severity: severitySchema.default("soft"),
      /** candidate quality may be below stable's by at most this much (score or accuracy); unset: not compared with stable */
      maxDecrease: fraction("a quality decrease").optional(),
      /** sequential test: the smallest decrease beyond maxDecrease worth finding */
      minEffect: fraction("a quality decrease").default(0.02),
      falseRollbackRate: falseAlarmRate.optional(),
    })
    .prefault({}),
  /** the window judged is the current step's, capped at this many minutes (the most recent) */
  windowMinutes: wholeNumber(1, 24 * 60, "minutes").default(10),
  /** cost per 1,000 requests (in the unit the telemetry reports cost in); unset: not checked */
  cost: z
    .strictObject({
      maxPer1k: z.number(typeError("must be a cost per 1,000 requests")).positive("must be a positive cost per 1,000 requests").optional(),
      severity: severitySchema.default("soft"),
    })
    .prefault({}),
  /**
   * Checks read from the team's own Prometheus (ROLLGATE_PROMETHEUS_URL), as Argo Rollouts' and
   * Flagger's analyses do: an instant PromQL query per check, templated with {{model}},
   * {{candidate}} and {{stable}}, whose single value must stay within max (or reach min).
   */
  prometheus: z
    .array(prometheusCheckSchema, typeError('must be a list of checks like {name: "gpu_oom", query: "…", max: 0}'))
    .max(10, "may have at most 10 checks")
    .superRefine((checks, ctx) => {
      const seen = new Set<string>();
      checks.forEach((c, i) => {
        if (seen.has(c.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `names the check "${c.name}" twice` });
        seen.add(c.name);
      });
    })
    .default(() => []),
  /** safety flags (e.g. invalid_output): the share of requests carrying each may be at most maxRate */
  flags: z
    .record(
      metricNameSchema,
      z.strictObject({
        maxRate: fraction("a share of requests"),
        severity: severitySchema.default("hard"),
        /** the candidate's share may exceed stable's by at most this much; unset: not compared with stable */
        maxIncrease: fraction("an increase in the share of requests").optional(),
        /** sequential test: the smallest increase beyond maxIncrease worth finding */
        minEffect: fraction("an increase in the share of requests").default(0.005),
        falseRollbackRate: falseAlarmRate.optional(),
      }),
    )
    .default(() => ({})),
});

/**
 * Drift alert thresholds (lib/drift/policy.ts applies them). PSI and JS distance are unitless;
 * a cell with fewer than `minSample` events in the window is not judged.
 */
export const driftPolicySchema = z
  .strictObject({
    psiWarn: z.number(typeError("must be a PSI value above 0")).gt(0, "must be a PSI value above 0").default(0.1),
    psiAlert: z.number(typeError("must be a PSI value above 0")).gt(0, "must be a PSI value above 0").default(0.25),
    jsAlert: z
      .number(typeError("must be a Jensen–Shannon distance from 0 to 1"))
      .gt(0, "must be a Jensen–Shannon distance above 0 and at most 1")
      .max(1, "must be a Jensen–Shannon distance above 0 and at most 1")
      .default(0.1),
    minSample: wholeNumber(1, 10_000_000, "events").default(500),
    /** the window the drift watch judges, in hours */
    windowHours: wholeNumber(1, 7 * 24, "hours").default(24),
  })
  .superRefine((d, ctx) => {
    if (d.psiAlert <= d.psiWarn) {
      ctx.addIssue({ code: "custom", path: ["psiAlert"], message: `must be above psiWarn (${d.psiWarn}): alert is the stronger level` });
    }
  });

/**
 * Request-level prediction rows (lib/telemetry/sampling.ts): a model at high traffic may keep
 * them for a share of its requests only. The metrics count every request whatever the share;
 * which request ids are kept follows from the id alone, so anyone can tell whether one was.
 */
export const predictionsPolicySchema = z.strictObject({
  sampleRate: fraction("the share of requests whose request-level prediction row is kept").default(1),
});
export type PredictionsPolicy = z.output<typeof predictionsPolicySchema>;

function duplicates<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) out.push(i);
    seen.add(k);
  });
  return out;
}

export const policySchema = z
  .strictObject({
    budgets: budgetsSchema.prefault({}),
    evalGates: z
      .array(absoluteGateSchema, typeError('must be a list of gates like {metric: "f1", op: ">=", value: 0.9}'))
      .default(() => []),
    maxRegression: z
      .array(regressionGateSchema, typeError('must be a list like {metric: "f1", direction: "higher_is_better", maxDrop: 0.01}'))
      .default(() => []),
    replay: replayPolicySchema.prefault({}),
    approvals: approvalsPolicySchema.prefault({}),
    rollout: rolloutPolicySchema.prefault({}),
    guardrails: guardrailsPolicySchema.prefault({}),
    drift: driftPolicySchema.prefault({}),
    predictions: predictionsPolicySchema.prefault({}),
  })
  .superRefine((p, ctx) => {
    for (const i of duplicates(p.evalGates, (g) => `${g.metric} ${g.op}`)) {
      const g = p.evalGates[i];
      ctx.addIssue({
        code: "custom",
        path: ["evalGates", i],
        message: `repeats the gate "${g?.metric} ${g?.op}"; keep one threshold per metric and direction`,
      });
    }
    for (const i of duplicates(p.maxRegression, (g) => g.metric)) {
      ctx.addIssue({
        code: "custom",
        path: ["maxRegression", i],
        message: `repeats the regression gate for "${p.maxRegression[i]?.metric}"; keep one per metric`,
      });
    }
    for (const i of duplicates(p.replay.scrub, (r) => r.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["replay", "scrub", i, "name"],
        message: `repeats the scrub rule name "${p.replay.scrub[i]?.name}"; each rule needs its own name`,
      });
    }
    if (p.replay.required && p.replay.minAgreement === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["replay", "minAgreement"],
        message: "is needed when replay.required is true: the agreement a replay must reach",
      });
    }
  });

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type DriftPolicy = z.output<typeof driftPolicySchema>;
export type AbsoluteGate = z.output<typeof absoluteGateSchema>;
export type RegressionGate = z.output<typeof regressionGateSchema>;

/** The policy of a model whose `policy` column is `{}`. */
export const DEFAULT_POLICY: Policy = policySchema.parse({});

// ---------------------------------------------------------------------------------------------
// Parsing with API-ready issues

const FOUR_EYES_KEYS = new Set(["fourEyes", "allowSelfApproval", "selfApproval", "allowRegistrant"]);

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
};

// Structural messages; value rules carry their own.
const policyErrorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === "invalid_type") {
    if (iss.input === undefined) return "is required";
    return `must be ${EXPECTED[iss.expected] ?? iss.expected}`;
  }
  return undefined;
};

function unknownKeyMessage(path: readonly PropertyKey[], key: string): string {
  if (FOUR_EYES_KEYS.has(key)) {
    return "is not a setting: four-eyes is always on (the registrant can never approve their own version, admins included)";
  }
  if (path.length >= 3 && path[path.length - 3] === "approvals" && path[path.length - 2] === "rules") {
    return "is not a rule setting: a rule has reviewers and required";
  }
  if (path[path.length - 1] === "approvals") {
    return "is not a setting: approvals has required (distinct approvers), independenceDays and rules (named reviewers)";
  }
  return "is not a policy setting (check the spelling)";
}

export type PolicyParse = { ok: true; policy: Policy } | { ok: false; issues: FieldIssue[] };

/**
 * Validates stored or edited policy JSON and fills in defaults. Issues carry paths from the
 * policy root, e.g. `policy.evalGates[0].value`, and report every bad field at once.
 * `null`/`undefined` count as `{}`.
 */
export function parsePolicy(json: unknown): PolicyParse {
  const result = policySchema.safeParse(json ?? {}, { error: policyErrorMap });
  if (result.success) return { ok: true, policy: result.data };
  const issues: FieldIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: formatPath(["policy", ...issue.path, key]), message: unknownKeyMessage(issue.path, key) });
      }
    } else {
      issues.push({ path: formatPath(["policy", ...issue.path]), message: issue.message });
    }
  }
  return { ok: false, issues };
}

/**
 * The stored policy of a model, or a 422 naming every bad field. A broken policy is reported,
 * not replaced by defaults: that would apply gates and approval counts nobody chose.
 */
export function policyOrThrow(json: unknown, doing: string): Policy {
  const parsed = parsePolicy(json);
  if (parsed.ok) return parsed.policy;
  throw new ValidationError(
    parsed.issues.map((i) => ({
      path: i.path,
      message: `The model's stored policy is invalid (${i.message}); an admin must fix it on the model's Settings tab before ${doing}.`,
    })),
  );
}
