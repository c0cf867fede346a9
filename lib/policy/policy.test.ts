import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { budgetsFromPolicy } from "../registry/service";
import { DEFAULT_POLICY, parsePolicy, policyOrThrow, type PolicyInput } from "./policy";

function issuesOf(json: unknown) {
  const parsed = parsePolicy(json);
  if (parsed.ok) throw new Error("expected issues");
  return parsed.issues;
}

describe("DEFAULT_POLICY", () => {
  it("is what an empty policy means", () => {
    expect(DEFAULT_POLICY).toEqual({
      budgets: { maxErrorRate: 0.05 },
      evalGates: [],
      maxRegression: [],
      replay: { required: false, scrub: [], retentionDays: 30, setRetentionDays: 365 },
      approvals: { required: 1, independenceDays: 30, rules: [] },
      rollout: { steps: [5, 25, 50, 100], bakeMinutes: 30 },
      guardrails: {
        minSample: 500,
        postPromotionMinutes: 30,
        latency: { maxP95Factor: 1.2, severity: "soft", minEffect: 0.02 },
        errorRate: { maxIncrease: 0.005, severity: "hard" },
        sequential: { enabled: true, falseRollbackRate: 0.01, falseHoldRate: 0.01, errorRateMinEffect: 0.005 },
        limits: { severity: "hard" },
        quality: { severity: "soft", minEffect: 0.02 },
        windowMinutes: 10,
        cost: { severity: "soft" },
        prometheus: [],
        flags: {},
      },
      drift: { psiWarn: 0.1, psiAlert: 0.25, jsAlert: 0.1, minSample: 500, windowHours: 24 },
      predictions: { sampleRate: 1 },
    });
  });

  it("takes per-flag maxima and a cost maximum, and names a bad flag rule by path", () => {
    const ok = parsePolicy({ guardrails: { cost: { maxPer1k: 2 }, flags: { invalid_output: { maxRate: 0.005 } } } });
    expect(ok.ok && ok.policy.guardrails.flags).toEqual({ invalid_output: { maxRate: 0.005, severity: "hard", minEffect: 0.005 } });
    const bad = parsePolicy({ guardrails: { flags: { invalid_output: { maxRate: 5 } }, cost: { maxPer1k: -1 } } });
    expect(bad.ok ? [] : bad.issues.map((i) => i.path).sort()).toEqual([
      "policy.guardrails.cost.maxPer1k",
      "policy.guardrails.flags.invalid_output.maxRate",
    ]);
  });

  it("is also what null and undefined mean", () => {
    expect(parsePolicy(null)).toEqual({ ok: true, policy: DEFAULT_POLICY });
    expect(parsePolicy(undefined)).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it("does not share its default arrays between parses", () => {
    const a = parsePolicy({});
    const b = parsePolicy({});
    if (!a.ok || !b.ok) throw new Error("expected valid");
    a.policy.rollout.steps.push(7);
    expect(b.policy.rollout.steps).toEqual([5, 25, 50, 100]);
  });
});

describe("parsePolicy", () => {
  it("keeps what is set and fills in the rest", () => {
    const input: PolicyInput = {
      evalGates: [
        { metric: "f1", op: ">=", value: 0.9 },
        { metric: "calibration_error", op: "<=", value: 0.05 },
      ],
      maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }],
      replay: { minAgreement: 0.97 },
      approvals: { required: 2 },
      guardrails: { errorRate: { severity: "soft" } },
    };
    const parsed = parsePolicy(input);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.policy.evalGates).toEqual(input.evalGates);
    expect(parsed.policy.maxRegression).toEqual(input.maxRegression);
    expect(parsed.policy.replay).toEqual({ minAgreement: 0.97, required: false, scrub: [], retentionDays: 30, setRetentionDays: 365 });
    expect(parsed.policy.approvals.required).toBe(2);
    expect(parsed.policy.guardrails.errorRate).toEqual({ maxIncrease: 0.005, severity: "soft" });
    expect(parsed.policy.guardrails.latency).toEqual({ minEffect: 0.02, maxP95Factor: 1.2, severity: "soft" });
    expect(parsed.policy.rollout).toEqual({ steps: [5, 25, 50, 100], bakeMinutes: 30 });
  });

  it("reports every bad field at once with paths from the policy root", () => {
    const issues = issuesOf({
      evalGates: [{ metric: "f1", op: ">", value: "high" }, { op: ">=" }],
      maxRegression: [{ metric: "f1", direction: "up", maxDrop: -1 }],
      approvals: { required: 0 },
      rollout: { steps: [5, 3, 50], bakeMinutes: 1.5 },
      guardrails: { minSample: 0, latency: { maxP95Factor: 0.9, severity: "fatal" } },
    });
    expect(issues.map((i) => i.path)).toEqual([
      "policy.evalGates[0].op",
      "policy.evalGates[0].value",
      "policy.evalGates[1].metric",
      "policy.evalGates[1].value",
      "policy.maxRegression[0].direction",
      "policy.maxRegression[0].maxDrop",
      "policy.approvals.required",
      "policy.rollout.steps[1]",
      "policy.rollout.steps[2]",
      "policy.rollout.bakeMinutes",
      "policy.guardrails.minSample",
      "policy.guardrails.latency.maxP95Factor",
      "policy.guardrails.latency.severity",
    ]);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath["policy.evalGates[0].value"]).toBe("must be a number: the threshold");
    expect(byPath["policy.evalGates[1].metric"]).toBe("is required");
    expect(byPath["policy.rollout.steps[1]"]).toBe("steps must increase: 3 is not above the previous step (5)");
    expect(byPath["policy.rollout.steps[2]"]).toBe("the last step must be 100 so a rollout completes (got 50)");
    expect(byPath["policy.approvals.required"]).toBe("must be a whole number of approvers from 1 to 10");
  });

  it("refuses unknown keys instead of dropping them", () => {
    expect(issuesOf({ aprovals: { required: 2 } })).toEqual([
      { path: "policy.aprovals", message: "is not a policy setting (check the spelling)" },
    ]);
    expect(issuesOf({ evalGates: [{ metric: "f1", op: ">=", value: 0.9, severity: "hard" }] })).toEqual([
      { path: "policy.evalGates[0].severity", message: "is not a policy setting (check the spelling)" },
    ]);
  });

  it("has no switch for four-eyes and says so", () => {
    const issues = issuesOf({ approvals: { required: 1, fourEyes: false, allowSelfApproval: true } });
    expect(issues.map((i) => i.path)).toEqual(["policy.approvals.fourEyes", "policy.approvals.allowSelfApproval"]);
    for (const issue of issues) expect(issue.message).toContain("four-eyes is always on");
  });

  it("refuses a policy that is not an object", () => {
    expect(issuesOf("strict")).toEqual([{ path: "policy", message: "must be an object" }]);
    expect(issuesOf([])).toEqual([{ path: "policy", message: "must be an object" }]);
  });

  it("refuses duplicate gates for the same metric and direction", () => {
    const issues = issuesOf({
      evalGates: [
        { metric: "f1", op: ">=", value: 0.9 },
        { metric: "f1", op: "<=", value: 0.999 },
        { metric: "f1", op: ">=", value: 0.8 },
      ],
      maxRegression: [
        { metric: "f1", direction: "higher_is_better", maxDrop: 0.01 },
        { metric: "f1", direction: "lower_is_better", maxDrop: 0.01 },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(["policy.evalGates[2]", "policy.maxRegression[1]"]);
  });

  it("needs a minimum agreement when a replay is required", () => {
    expect(issuesOf({ replay: { required: true } })).toEqual([
      { path: "policy.replay.minAgreement", message: "is needed when replay.required is true: the agreement a replay must reach" },
    ]);
    expect(parsePolicy({ replay: { required: true, minAgreement: 0.97 } }).ok).toBe(true);
  });

  it.each([
    [{ replay: { minAgreement: 1.2 } }, "policy.replay.minAgreement"],
    [{ guardrails: { errorRate: { maxIncrease: 2 } } }, "policy.guardrails.errorRate.maxIncrease"],
    [{ budgets: { maxErrorRate: 5 } }, "policy.budgets.maxErrorRate"],
    [{ budgets: { maxErrorRate: 0 } }, "policy.budgets.maxErrorRate"],
    [{ budgets: { p95LatencyMs: -1 } }, "policy.budgets.p95LatencyMs"],
    [{ rollout: { steps: [] } }, "policy.rollout.steps"],
    [{ rollout: { steps: [0, 100] } }, "policy.rollout.steps[0]"],
    [{ evalGates: [{ metric: "f 1", op: ">=", value: 1 }] }, "policy.evalGates[0].metric"],
    [{ evalGates: { f1: 0.9 } }, "policy.evalGates"],
  ])("refuses %j at %s", (json, path) => {
    expect(issuesOf(json).map((i) => i.path)).toEqual([path]);
  });
});

describe("budgets stay compatible with the registry", () => {
  it.each([{}, { budgets: {} }, { budgets: { p95LatencyMs: 120 } }, { budgets: { maxErrorRate: 0.01, p95LatencyMs: 80 } }])(
    "reads %j as the registry does",
    (json) => {
      const parsed = parsePolicy(json);
      if (!parsed.ok) throw new Error("expected valid");
      const registry = budgetsFromPolicy(json);
      expect({ p95LatencyMs: parsed.policy.budgets.p95LatencyMs ?? null, maxErrorRate: parsed.policy.budgets.maxErrorRate }).toEqual(
        registry,
      );
    },
  );

  it("refuses a budget the registry refuses", () => {
    const json = { budgets: { maxErrorRate: 1.5 } };
    expect(() => budgetsFromPolicy(json)).toThrow(ValidationError);
    expect(parsePolicy(json).ok).toBe(false);
  });
});

describe("policyOrThrow", () => {
  it("returns the policy with defaults", () => {
    expect(policyOrThrow({ approvals: { required: 3 } }, "x").approvals.required).toBe(3);
  });

  it("throws a 422 naming the stored field and who must fix it", () => {
    try {
      policyOrThrow({ approvals: { required: "two" } }, "versions can be approved");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const issues = (e as ValidationError).issues ?? [];
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toBe("policy.approvals.required");
      expect(issues[0]?.message).toContain("an admin must fix it on the model's Settings tab before versions can be approved");
    }
  });
});

describe("drift policy", () => {
  it("keeps stored policies without a drift section valid, with the issue defaults", () => {
    const parsed = parsePolicy({ approvals: { required: 2 } });
    if (!parsed.ok) throw new Error("expected valid");
    expect(parsed.policy.drift).toEqual({ psiWarn: 0.1, psiAlert: 0.25, jsAlert: 0.1, minSample: 500, windowHours: 24 });
  });

  it("names the field when a value is out of range", () => {
    const parsed = parsePolicy({ drift: { jsAlert: 1.5, minSample: 0 } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.issues.map((i) => i.path).sort();
    expect(paths).toEqual(["policy.drift.jsAlert", "policy.drift.minSample"]);
  });

  it("refuses alert at or below warn", () => {
    const parsed = parsePolicy({ drift: { psiWarn: 0.3, psiAlert: 0.2 } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([{ path: "policy.drift.psiAlert", message: "must be above psiWarn (0.3): alert is the stronger level" }]);
  });
});

describe("guardrails.prometheus", () => {
  it("takes checks with one bound each, and names what is wrong by path", () => {
    const ok = parsePolicy({ guardrails: { prometheus: [{ name: "gpu_oom", query: 'sum(x{version="{{candidate}}"})', max: 0 }] } });
    expect(ok.ok && ok.policy.guardrails.prometheus).toEqual([
      { name: "gpu_oom", query: 'sum(x{version="{{candidate}}"})', max: 0, severity: "hard" },
    ]);
    const bad = parsePolicy({
      guardrails: {
        prometheus: [
          { name: "a", query: "x", max: 1, min: 0 },
          { name: "a", query: " ", max: 1 },
        ],
      },
    });
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        "policy.guardrails.prometheus[0].max",
        "policy.guardrails.prometheus[1].query",
        "policy.guardrails.prometheus[1].name",
      ]),
    );
  });
});

describe("predictions policy", () => {
  it("keeps every request-level row unless told otherwise", () => {
    const parsed = parsePolicy({ approvals: { required: 2 } });
    if (!parsed.ok) throw new Error("expected valid");
    expect(parsed.policy.predictions).toEqual({ sampleRate: 1 });
  });

  it("takes a share from 0 to 1 and names the field otherwise", () => {
    const ok = parsePolicy({ predictions: { sampleRate: 0.1 } });
    expect(ok.ok && ok.policy.predictions.sampleRate).toBe(0.1);
    for (const sampleRate of [1.5, -0.1, "10%"]) {
      const parsed = parsePolicy({ predictions: { sampleRate } });
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.issues).toEqual([
        {
          path: "policy.predictions.sampleRate",
          message: "must be the share of requests whose request-level prediction row is kept: a number from 0 to 1",
        },
      ]);
    }
    const unknown = parsePolicy({ predictions: { rate: 0.1 } });
    expect(unknown.ok).toBe(false);
  });
});

describe("replay capture and scrub rules", () => {
  it("takes a capture share, a daily cap and named rules", () => {
    const parsed = parsePolicy({
      replay: {
        capture: { rate: 0.05, maxPerTenantPerDay: 200 },
        scrub: [
          { name: "drop-email", field: "email", action: "drop" },
          { name: "hash-customer", field: "customer.id", action: "hash" },
        ],
      },
    });
    expect(parsed.ok && parsed.policy.replay.capture).toEqual({ rate: 0.05, maxPerTenantPerDay: 200 });
    expect(parsed.ok && parsed.policy.replay.scrub.map((r) => r.name)).toEqual(["drop-email", "hash-customer"]);
  });

  it("names the bad rule's field", () => {
    const parsed = parsePolicy({
      replay: {
        scrub: [
          { name: "drop-email", field: "email", action: "drop" },
          { name: "drop-email", field: "a..b", action: "erase" },
        ],
      },
    });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["policy.replay.scrub[1].field", "policy.replay.scrub[1].action"]));
  });
});
