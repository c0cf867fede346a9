import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicy } from "./policy";
import { describeJsonError, formatMinutes, issueLines, lineAndColumn, parsePolicyText, policyText, summarisePolicy } from "./policy-draft";

function issuesOf(text: string) {
  const parsed = parsePolicyText(text);
  if (parsed.ok) throw new Error("expected issues");
  return parsed.issues;
}

describe("parsePolicyText", () => {
  it("normalises valid text like parsePolicy, defaults filled in", () => {
    expect(parsePolicyText("{}")).toEqual({ ok: true, policy: DEFAULT_POLICY });
    const parsed = parsePolicyText('{"approvals": {"required": 2}}');
    expect(parsed.ok && parsed.policy.approvals.required).toBe(2);
  });

  it("round-trips the text it writes", () => {
    expect(parsePolicyText(policyText(DEFAULT_POLICY))).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it("refuses an empty editor and non-objects instead of reading them as the defaults", () => {
    expect(issuesOf("   ")).toEqual([{ path: "policy", message: "is empty: write a JSON object such as {}, or reset to the defaults" }]);
    expect(issuesOf("null")).toEqual([{ path: "policy", message: "must be a JSON object of policy settings (got null)" }]);
    expect(issuesOf("[1]")[0]?.message).toBe("must be a JSON object of policy settings (got a list)");
    expect(issuesOf("3")[0]?.message).toBe("must be a JSON object of policy settings (got a number)");
  });

  it("says where the JSON breaks, by line and column", () => {
    const [issue] = issuesOf('{\n  "approvals": {"required": 2},\n}');
    expect(issue?.path).toBe("policy");
    expect(issue?.message).toMatch(/^is not valid JSON: .+ at line 3, column 1$/);
    expect(issuesOf('{"a": 1')[0]?.message).toMatch(/at line 1, column 8$/);
  });

  it("reports every schema issue with its path from policy", () => {
    expect(
      issuesOf('{"evalGates": [{"metric": "f1", "op": ">=", "value": "0.9"}], "approvals": {"required": 0}}').map((i) => i.path),
    ).toEqual(["policy.evalGates[0].value", "policy.approvals.required"]);
  });
});

describe("describeJsonError", () => {
  it("words engine messages the same with or without V8’s line and column suffix", () => {
    const text = '{\n  "a": 1,\n}';
    const older = new SyntaxError("Expected double-quoted property name in JSON at position 12");
    const newer = new SyntaxError("Expected double-quoted property name in JSON at position 12 (line 3 column 1)");
    expect(describeJsonError(text, older)).toBe("is not valid JSON: Expected double-quoted property name at line 3, column 1");
    expect(describeJsonError(text, newer)).toBe(describeJsonError(text, older));
  });

  it("places an unexpected end at the end of the text", () => {
    expect(describeJsonError("{\n", new SyntaxError("Unexpected end of JSON input"))).toBe(
      "is not valid JSON: Unexpected end of JSON input at line 2, column 1",
    );
  });

  it("keeps a message without a position as it is", () => {
    expect(describeJsonError("x", new Error("Something odd"))).toBe("is not valid JSON: Something odd");
  });
});

describe("lineAndColumn", () => {
  it("counts from 1 and clamps offsets outside the text", () => {
    expect(lineAndColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab", 99)).toEqual({ line: 1, column: 3 });
  });
});

describe("issueLines", () => {
  it("drops the policy prefix the editor does not need", () => {
    expect(
      issueLines([
        { path: "policy", message: "is empty" },
        { path: "policy.rollout.steps[1]", message: "steps must increase" },
      ]),
    ).toEqual(["is empty", "rollout.steps[1]: steps must increase"]);
  });
});

describe("summarisePolicy", () => {
  it("reads the defaults", () => {
    expect(summarisePolicy(DEFAULT_POLICY)).toEqual({
      gates: [],
      approvals: "1 approver, never the registrant",
      ramp: "5 % → 25 % → 50 % → 100 %",
      bake: "30 min per step",
    });
  });

  it("lists absolute, regression and replay gates in the order they are applied", () => {
    const parsed = parsePolicy({
      evalGates: [
        { metric: "f1", op: ">=", value: 0.9 },
        { metric: "calibration_error", op: "<=", value: 0.05 },
      ],
      maxRegression: [
        { metric: "f1", direction: "higher_is_better", maxDrop: 0.01 },
        { metric: "toxicity", direction: "lower_is_better", maxDrop: 0.005 },
      ],
      replay: { minAgreement: 0.97, required: true },
      approvals: { required: 2 },
      rollout: { steps: [100], bakeMinutes: 0 },
    });
    if (!parsed.ok) throw new Error("expected a valid policy");
    expect(summarisePolicy(parsed.policy)).toEqual({
      gates: [
        "f1 ≥ 0.9",
        "calibration_error ≤ 0.05",
        "f1 may drop at most 0.01 below PROD",
        "toxicity may rise at most 0.005 above PROD",
        "replay agreement with PROD ≥ 0.97 (a replay is required)",
      ],
      approvals: "2 distinct approvers, never the registrant",
      ramp: "100 %",
      bake: "none: each step advances once it is healthy",
    });
  });
});

describe("formatMinutes", () => {
  it.each([
    [45, "45 min"],
    [60, "1 h"],
    [90, "1 h 30 min"],
    [1440, "1 day"],
    [3000, "2 days 2 h"],
  ])("%i → %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});
