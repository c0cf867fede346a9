import { describe, expect, it } from "vitest";
import { evaluateGates, NO_PROD_MESSAGE, type EvaluationUnderTest, type GateResult, type ProdBaseline } from "./gates";
import { policySchema, type PolicyInput } from "../policy/policy";

const policy = (input: PolicyInput) => policySchema.parse(input);
const PROD: ProdBaseline = {
  version: "2026-01-14.1",
  metrics: { f1: 0.91, latency_ms: 40, calibration_error: 0.03 },
  dataset: "holdout-2026-01",
};

type Row = {
  name: string;
  policy: PolicyInput;
  input: EvaluationUnderTest;
  prod?: ProdBaseline;
  passed: boolean;
  /** expected results, compared field by field (only the fields given) */
  results: Partial<GateResult>[];
};

const absolute: Row[] = [
  {
    name: ">= passes at and above the threshold",
    policy: { evalGates: [{ metric: "f1", op: ">=", value: 0.9 }] },
    input: { metrics: { f1: 0.9 } },
    prod: null,
    passed: true,
    results: [
      { gate: "absolute", metric: "f1", value: 0.9, threshold: 0.9, passed: true, skipped: false, message: "f1 = 0.9 meets f1 >= 0.9" },
    ],
  },
  {
    name: ">= fails below the threshold",
    policy: { evalGates: [{ metric: "f1", op: ">=", value: 0.9 }] },
    input: { metrics: { f1: 0.88 } },
    prod: null,
    passed: false,
    results: [{ value: 0.88, passed: false, message: "f1 = 0.88 is below the threshold: the policy requires f1 >= 0.9" }],
  },
  {
    name: "<= passes at and below, fails above",
    policy: {
      evalGates: [
        { metric: "calibration_error", op: "<=", value: 0.05 },
        { metric: "ece", op: "<=", value: 0.05 },
      ],
    },
    input: { metrics: { calibration_error: 0.05, ece: 0.07 } },
    passed: false,
    results: [
      { metric: "calibration_error", passed: true },
      { metric: "ece", passed: false, message: "ece = 0.07 is above the threshold: the policy requires ece <= 0.05" },
    ],
  },
  {
    name: "a missing metric fails with a reason",
    policy: { evalGates: [{ metric: "recall", op: ">=", value: 0.8 }] },
    input: { metrics: { f1: 0.95 } },
    passed: false,
    results: [
      { metric: "recall", value: null, passed: false, message: "recall is missing from the evaluation; the policy requires recall >= 0.8" },
    ],
  },
  {
    name: "floating-point noise at the threshold passes",
    policy: { evalGates: [{ metric: "f1", op: ">=", value: 0.3 }] },
    input: { metrics: { f1: 0.1 + 0.2 - 1e-12 } },
    passed: true,
    results: [{ passed: true }],
  },
  {
    name: "shows the PROD value next to an absolute gate",
    policy: { evalGates: [{ metric: "f1", op: ">=", value: 0.92 }] },
    input: { metrics: { f1: 0.915 } },
    prod: PROD,
    passed: false,
    results: [
      {
        baseline: 0.91,
        baselineVersion: "2026-01-14.1",
        message: "f1 = 0.915 is below the threshold: the policy requires f1 >= 0.92 (PROD 2026-01-14.1: 0.91)",
      },
    ],
  },
  {
    name: "a metric named like an object property is still missing",
    policy: { evalGates: [{ metric: "constructor", op: ">=", value: 0 }] },
    input: { metrics: { f1: 1 } },
    passed: false,
    results: [{ value: null, passed: false }],
  },
];

const regression: Row[] = [
  {
    name: "no PROD version yet: skipped and said so",
    policy: { maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }] },
    input: { metrics: { f1: 0.5 } },
    prod: null,
    passed: true,
    results: [
      { gate: "regression", metric: "f1", passed: true, skipped: true, baseline: null, baselineVersion: null, message: NO_PROD_MESSAGE },
    ],
  },
  {
    name: "higher_is_better: a drop within maxDrop passes (0.91 → 0.90 with 0.01 allowed)",
    policy: { maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }] },
    input: { metrics: { f1: 0.9 } },
    passed: true,
    results: [
      {
        value: 0.9,
        threshold: 0.01,
        baseline: 0.91,
        baselineVersion: "2026-01-14.1",
        passed: true,
        message: "f1 = 0.9 vs 0.91 in PROD 2026-01-14.1 (down 0.01): within the allowed 0.01",
      },
    ],
  },
  {
    name: "higher_is_better: a larger drop fails with value, baseline and allowance",
    policy: { maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }] },
    input: { metrics: { f1: 0.89 } },
    passed: false,
    results: [{ passed: false, message: "f1 = 0.89 dropped 0.02 from 0.91 in PROD 2026-01-14.1; the policy allows at most 0.01" }],
  },
  {
    name: "higher_is_better: an improvement passes",
    policy: { maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0 }] },
    input: { metrics: { f1: 0.95 } },
    passed: true,
    results: [{ passed: true, message: "f1 = 0.95 vs 0.91 in PROD 2026-01-14.1 (better): within the allowed 0" }],
  },
  {
    name: "lower_is_better: a rise beyond maxDrop fails",
    policy: { maxRegression: [{ metric: "latency_ms", direction: "lower_is_better", maxDrop: 5 }] },
    input: { metrics: { latency_ms: 48 } },
    passed: false,
    results: [{ passed: false, message: "latency_ms = 48 rose 8 from 40 in PROD 2026-01-14.1; the policy allows at most 5" }],
  },
  {
    name: "lower_is_better: a rise within maxDrop and a fall both pass",
    policy: {
      maxRegression: [
        { metric: "latency_ms", direction: "lower_is_better", maxDrop: 5 },
        { metric: "calibration_error", direction: "lower_is_better", maxDrop: 0 },
      ],
    },
    input: { metrics: { latency_ms: 45, calibration_error: 0.02 } },
    passed: true,
    results: [
      { passed: true, message: "latency_ms = 45 vs 40 in PROD 2026-01-14.1 (up 5): within the allowed 5" },
      { passed: true, message: "calibration_error = 0.02 vs 0.03 in PROD 2026-01-14.1 (better): within the allowed 0" },
    ],
  },
  {
    name: "missing from the evaluation: fails with a reason",
    policy: { maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }] },
    input: { metrics: { auc: 0.97 } },
    passed: false,
    results: [
      {
        value: null,
        baseline: 0.91,
        passed: false,
        message: "f1 is missing from the evaluation; the policy compares it with 0.91 in PROD 2026-01-14.1",
      },
    ],
  },
  {
    name: "PROD has no value for the metric: skipped and said so",
    policy: { maxRegression: [{ metric: "auc", direction: "higher_is_better", maxDrop: 0.01 }] },
    input: { metrics: { auc: 0.5 } },
    passed: true,
    results: [
      { passed: true, skipped: true, baseline: null, message: "PROD version 2026-01-14.1 has no recorded auc: regression gate skipped" },
    ],
  },
  {
    name: "names the dataset PROD was measured on when it differs",
    policy: { maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }] },
    input: { metrics: { f1: 0.8 }, dataset: "holdout-2026-02" },
    passed: false,
    results: [
      { message: "f1 = 0.8 dropped 0.11 from 0.91 in PROD 2026-01-14.1 (measured on holdout-2026-01); the policy allows at most 0.01" },
    ],
  },
];

const replay: Row[] = [
  {
    name: "no replay gate in the policy: no result even with a replay attached",
    policy: {},
    input: { metrics: { f1: 1 }, replay: { baseline_version: "2026-01-14.1", cases: 10, agreement: 0.1 } },
    passed: true,
    results: [],
  },
  {
    name: "attached and high enough: passes",
    policy: { replay: { minAgreement: 0.97 } },
    input: { metrics: { f1: 1 }, replay: { baseline_version: "2026-01-14.1", cases: 5000, agreement: 0.982 } },
    passed: true,
    results: [
      {
        gate: "replay",
        metric: "replay.agreement",
        value: 0.982,
        threshold: 0.97,
        baselineVersion: "2026-01-14.1",
        passed: true,
        message: "replay agreement 0.982 on 5000 cases vs 2026-01-14.1 meets >= 0.97",
      },
    ],
  },
  {
    name: "attached and too low: fails",
    policy: { replay: { minAgreement: 0.97 } },
    input: { metrics: { f1: 1 }, replay: { baseline_version: "2026-01-14.1", cases: 5000, agreement: 0.95 } },
    passed: false,
    results: [{ passed: false, message: "replay agreement 0.95 on 5000 cases vs 2026-01-14.1 is below the required 0.97" }],
  },
  {
    name: "run against a version that is not PROD: fails",
    policy: { replay: { minAgreement: 0.97 } },
    input: { metrics: { f1: 1 }, replay: { baseline_version: "2026-01-10.3", cases: 5000, agreement: 0.99 } },
    passed: false,
    results: [{ passed: false, message: "the replay ran against 2026-01-10.3, but PROD is 2026-01-14.1; replay against 2026-01-14.1" }],
  },
  {
    name: "not attached and not required: skipped and said so",
    policy: { replay: { minAgreement: 0.97 } },
    input: { metrics: { f1: 1 } },
    passed: true,
    results: [
      {
        passed: true,
        skipped: true,
        value: null,
        message: "no replay attached: replay gate skipped (it applies when a replay is attached)",
      },
    ],
  },
  {
    name: "not attached but required: fails",
    policy: { replay: { minAgreement: 0.97, required: true } },
    input: { metrics: { f1: 1 } },
    passed: false,
    results: [
      {
        passed: false,
        message: "no replay attached; the policy requires a replay against PROD 2026-01-14.1 with replay agreement with PROD >= 0.97",
      },
    ],
  },
  {
    name: "required but nothing in PROD to replay against: skipped",
    policy: { replay: { minAgreement: 0.97, required: true } },
    input: { metrics: { f1: 1 } },
    prod: null,
    passed: true,
    results: [{ passed: true, skipped: true, message: "no PROD version yet: replay gate skipped" }],
  },
  {
    name: "no PROD yet but a replay attached: its agreement still counts",
    policy: { replay: { minAgreement: 0.97 } },
    input: { metrics: { f1: 1 }, replay: { baseline_version: "2026-01-10.3", cases: 100, agreement: 0.9 } },
    prod: null,
    passed: false,
    results: [{ passed: false, baselineVersion: "2026-01-10.3" }],
  },
];

describe.each([
  ["absolute gates", absolute],
  ["regression vs PROD", regression],
  ["replay agreement", replay],
])("%s", (_title, rows) => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const outcome = evaluateGates(policy(row.policy), row.input, row.prod === undefined ? PROD : row.prod);
    expect(outcome.passed).toBe(row.passed);
    expect(outcome.results).toHaveLength(row.results.length);
    row.results.forEach((expected, i) => expect(outcome.results[i]).toMatchObject(expected));
    expect(outcome.reasons).toEqual(outcome.results.filter((r) => !r.passed).map((r) => r.message));
  });
});

describe("evaluateGates", () => {
  it("passes with no gates at all", () => {
    expect(evaluateGates(policy({}), { metrics: { f1: 0.1 } }, PROD)).toEqual({ passed: true, results: [], reasons: [] });
  });

  it("lists every failed gate, in policy order: absolute, regression, replay", () => {
    const outcome = evaluateGates(
      policy({
        evalGates: [
          { metric: "f1", op: ">=", value: 0.9 },
          { metric: "recall", op: ">=", value: 0.8 },
        ],
        maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }],
        replay: { minAgreement: 0.97 },
      }),
      { metrics: { f1: 0.85 }, replay: { baseline_version: "2026-01-14.1", cases: 100, agreement: 0.9 } },
      PROD,
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.results.map((r) => [r.gate, r.metric, r.passed])).toEqual([
      ["absolute", "f1", false],
      ["absolute", "recall", false],
      ["regression", "f1", false],
      ["replay", "replay.agreement", false],
    ]);
    expect(outcome.reasons).toHaveLength(4);
  });

  it("gives every result a rule in words", () => {
    const outcome = evaluateGates(
      policy({
        evalGates: [{ metric: "f1", op: ">=", value: 0.9 }],
        maxRegression: [
          { metric: "f1", direction: "higher_is_better", maxDrop: 0.01 },
          { metric: "latency_ms", direction: "lower_is_better", maxDrop: 5 },
        ],
        replay: { minAgreement: 0.97 },
      }),
      { metrics: { f1: 0.95, latency_ms: 40 } },
      PROD,
    );
    expect(outcome.results.map((r) => r.rule)).toEqual([
      "f1 >= 0.9",
      "f1 may drop at most 0.01 below PROD",
      "latency_ms may rise at most 5 above PROD",
      "replay agreement with PROD >= 0.97",
    ]);
  });
});
