import { describe, expect, it } from "vitest";
import { approvalFit, gateStatus, reviewerIssues, type ReviewerDirectory } from "./reviewers";
import { parsePolicy } from "./policy";

// ana and bo are in payments-risk; bo is also in ml-platform with cy; dee is in no team.
const dir: ReviewerDirectory = {
  teams: new Map([
    ["payments-risk", ["ana", "bo"]],
    ["ml-platform", ["bo", "cy"]],
    ["empty", []],
  ]),
  users: new Map([
    ["ana@acme.test", "ana"],
    ["bo@acme.test", "bo"],
    ["cy@acme.test", "cy"],
    ["dee@acme.test", "dee"],
  ]),
};
const everyone = () => true;

function approvals(json: unknown) {
  const parsed = parsePolicy({ approvals: json });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.policy.approvals;
}

const twoRules = approvals({
  rules: [
    { reviewers: ["team:payments-risk"], required: 1 },
    { reviewers: ["user:dee@acme.test", "team:ml-platform"], required: 1 },
  ],
});

describe("gateStatus", () => {
  it("without rules counts any distinct approver up to the required number", () => {
    const plain = approvals({ required: 2 });
    expect(gateStatus(plain, ["ana"], dir, everyone).met).toBe(false);
    expect(gateStatus(plain, ["ana", "ana"], dir, everyone).approvedBy).toEqual(["ana"]);
    expect(gateStatus(plain, ["ana", "dee"], dir, everyone).met).toBe(true);
  });

  it("is met only when every rule is met", () => {
    const one = gateStatus(twoRules, ["ana"], dir, everyone);
    expect(one.rules.map((r) => r.met)).toEqual([true, false]);
    expect(one.met).toBe(false);
    expect(gateStatus(twoRules, ["ana", "cy"], dir, everyone).met).toBe(true);
  });

  it("lets one person in both lists meet both rules, as a code owner of two paths does", () => {
    const status = gateStatus(twoRules, ["bo"], dir, everyone);
    expect(status.rules.map((r) => r.approvedBy)).toEqual([["bo"], ["bo"]]);
    expect(status.met).toBe(true);
  });

  it("counts a person in two of a rule's teams once for that rule", () => {
    const rule = approvals({ rules: [{ reviewers: ["team:payments-risk", "team:ml-platform"], required: 2 }] });
    const status = gateStatus(rule, ["bo"], dir, everyone);
    expect(status.rules[0]?.approvedBy).toEqual(["bo"]);
    expect(status.met).toBe(false);
    expect(gateStatus(rule, ["bo", "cy"], dir, everyone).met).toBe(true);
  });

  it("needs the overall count too, counting only approvals a rule counts", () => {
    const strict = approvals({ required: 2, rules: [{ reviewers: ["team:payments-risk"], required: 1 }] });
    expect(gateStatus(strict, ["ana", "dee"], dir, everyone).approvedBy).toEqual(["ana"]);
    expect(gateStatus(strict, ["ana", "dee"], dir, everyone).met).toBe(false);
    expect(gateStatus(strict, ["ana", "bo"], dir, everyone).met).toBe(true);
  });

  it("lists who can still approve, without those who decided or are not eligible (the registrant)", () => {
    const registrantIsAna = (id: string) => id !== "ana";
    const status = gateStatus(twoRules, [], dir, registrantIsAna);
    expect(status.rules[0]?.canStill).toEqual(["bo"]);
    expect(status.rules[1]?.canStill).toEqual(["bo", "cy", "dee"]);
    expect(gateStatus(twoRules, ["cy"], dir, registrantIsAna).rules[1]?.canStill).toEqual(["bo", "dee"]);
  });
});

describe("approvalFit", () => {
  it("refuses someone no rule names, saying what the rules need", () => {
    const status = gateStatus(twoRules, [], dir, everyone);
    const fit = approvalFit(status, "zed", dir, twoRules);
    expect(fit).toEqual({ ok: false, reason: expect.stringContaining("not a named reviewer") });
    expect(fit.ok === false && fit.reason).toContain("1 of team:payments-risk");
  });

  it("accepts someone named by a rule still unmet, and refuses one whose rules are met", () => {
    const afterAna = gateStatus(twoRules, ["ana"], dir, everyone);
    expect(approvalFit(afterAna, "cy", dir, twoRules)).toEqual({ ok: true });
    expect(approvalFit(afterAna, "dee", dir, twoRules)).toEqual({ ok: true });
    const refused = approvalFit(afterAna, "bo", dir, twoRules);
    expect(refused.ok).toBe(true); // bo is in ml-platform too: rule 2 is unmet
    const onlyRisk = approvals({
      rules: [
        { reviewers: ["team:payments-risk"], required: 1 },
        { reviewers: ["user:dee@acme.test"], required: 1 },
      ],
    });
    const afterAnaOnly = gateStatus(onlyRisk, ["ana"], dir, everyone);
    expect(approvalFit(afterAnaOnly, "bo", dir, onlyRisk)).toEqual({ ok: false, reason: expect.stringContaining("already met") });
  });

  it("accepts any approver without rules, until the gate is met", () => {
    const plain = approvals({ required: 1 });
    expect(approvalFit(gateStatus(plain, [], dir, everyone), "dee", dir, plain)).toEqual({ ok: true });
    expect(approvalFit(gateStatus(plain, ["ana"], dir, everyone), "dee", dir, plain).ok).toBe(false);
  });
});

describe("reviewerIssues", () => {
  const deciders = new Set(["ana", "bo", "cy", "dee"]);

  it("names an unknown team or person at the reviewer", () => {
    const bad = approvals({ rules: [{ reviewers: ["team:nope", "user:ghost@acme.test", "team:payments-risk"], required: 1 }] });
    expect(reviewerIssues(bad, dir, deciders)).toEqual([
      { path: "policy.approvals.rules[0].reviewers[0]", message: expect.stringContaining('team "nope", which does not exist') },
      { path: "policy.approvals.rules[0].reviewers[1]", message: expect.stringContaining("ghost@acme.test, who has no account") },
    ]);
  });

  it("refuses a count larger than the people who could meet it, counting only those who may approve", () => {
    const tooMany = approvals({ rules: [{ reviewers: ["team:payments-risk"], required: 3 }] });
    expect(reviewerIssues(tooMany, dir, deciders)).toEqual([
      { path: "policy.approvals.rules[0].required", message: expect.stringContaining("only 2 people named by this rule can approve") },
    ]);
    const viewersOnly = approvals({ rules: [{ reviewers: ["team:payments-risk"], required: 1 }] });
    expect(reviewerIssues(viewersOnly, dir, new Set(["cy"]))[0]?.path).toBe("policy.approvals.rules[0].required");
    const overall = approvals({ required: 4, rules: [{ reviewers: ["team:payments-risk"], required: 1 }] });
    expect(reviewerIssues(overall, dir, deciders)).toEqual([
      { path: "policy.approvals.required", message: expect.stringContaining("name only 2 people") },
    ]);
  });
});

describe("the rules' schema", () => {
  it("names the field of an empty rule, a malformed reviewer and a repeated one", () => {
    const parsed = parsePolicy({
      approvals: {
        rules: [{ reviewers: [] }, { reviewers: ["payments-risk", "team:a-b", "team:a-b"] }, { reviewers: ["user:x@y.z"], extra: 1 }],
      },
    });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.issues.map((i) => i.path);
    expect(paths).toEqual([
      "policy.approvals.rules[0].reviewers",
      "policy.approvals.rules[1].reviewers[0]",
      "policy.approvals.rules[1].reviewers[2]",
      "policy.approvals.rules[2].extra",
    ]);
  });

  it("compares emails lower-case", () => {
    expect(approvals({ rules: [{ reviewers: ["user:Risk.Officer@ACME.test"] }] }).rules[0]?.reviewers).toEqual([
      "user:risk.officer@acme.test",
    ]);
  });
});
