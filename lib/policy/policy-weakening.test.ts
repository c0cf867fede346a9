import { describe, expect, it } from "vitest";
import { parsePolicy, type Policy, type PolicyInput } from "./policy";
import { approvalWeakenings, storedApprovals } from "./policy-weakening";

function policy(input: PolicyInput): Policy {
  const parsed = parsePolicy(input);
  if (!parsed.ok) throw new Error("bad test policy");
  return parsed.policy;
}

describe("approvalWeakenings", () => {
  it("names a lower approvals.required and a shorter independence window", () => {
    expect(
      approvalWeakenings({ approvals: { required: 3, independenceDays: 60 } }, policy({ approvals: { required: 2, independenceDays: 7 } })),
    ).toEqual(["approvals.required lowered from 3 to 2", "approvals.independenceDays shortened from 60 to 7"]);
  });

  it("judges a stored policy without the fields against the defaults (1 approver, 30 days)", () => {
    expect(approvalWeakenings({}, policy({ approvals: { independenceDays: 0 } }))).toEqual([
      "approvals.independenceDays shortened from 30 to 0",
    ]);
    expect(approvalWeakenings({}, policy({}))).toEqual([]);
  });

  it("finds nothing weakened when requirements rise or other sections change", () => {
    expect(approvalWeakenings({ approvals: { required: 1 } }, policy({ approvals: { required: 5, independenceDays: 90 } }))).toEqual([]);
    expect(
      approvalWeakenings(
        { approvals: { required: 2 }, rollout: { bakeMinutes: 60 } },
        policy({ approvals: { required: 2 }, rollout: { bakeMinutes: 0 } }),
      ),
    ).toEqual([]);
  });

  it("reads the approvals section of a stored policy that is invalid elsewhere", () => {
    expect(storedApprovals({ approvals: { required: 4 }, rollout: { steps: "x" } })).toEqual({
      required: 4,
      independenceDays: 30,
      rules: [],
    });
    expect(approvalWeakenings({ approvals: { required: 4 }, evalGates: "broken" }, policy({}))).toEqual([
      "approvals.required lowered from 4 to 1",
    ]);
  });
});

describe("approvalWeakenings of named-reviewer rules", () => {
  const risk = { reviewers: ["team:payments-risk"], required: 1 };
  const stored = { approvals: { rules: [risk, { reviewers: ["user:lead@acme.test", "team:ml-platform"], required: 2 }] } };

  it("holds removing a rule, lowering its count and widening its list", () => {
    expect(approvalWeakenings(stored, policy({ approvals: { rules: [risk] } }))).toEqual([
      'approvals rule "2 of user:lead@acme.test, team:ml-platform" removed or loosened',
    ]);
    expect(
      approvalWeakenings(
        stored,
        policy({ approvals: { rules: [risk, { reviewers: ["user:lead@acme.test", "team:ml-platform"], required: 1 }] } }),
      ),
    ).toHaveLength(1);
    expect(
      approvalWeakenings(
        { approvals: { rules: [risk] } },
        policy({ approvals: { rules: [{ reviewers: ["team:payments-risk", "team:sre"] }] } }),
      ),
    ).toEqual(['approvals rule "1 of team:payments-risk" removed or loosened']);
    expect(approvalWeakenings({ approvals: { rules: [risk] } }, policy({}))).toHaveLength(1);
  });

  it("applies adding a rule, narrowing a list, raising a count or reordering at once", () => {
    expect(approvalWeakenings({}, policy({ approvals: { rules: [risk] } }))).toEqual([]);
    expect(approvalWeakenings(stored, policy({ approvals: { rules: [{ reviewers: ["team:ml-platform"], required: 2 }, risk] } }))).toEqual(
      [],
    );
    expect(
      approvalWeakenings({ approvals: { rules: [risk] } }, policy({ approvals: { rules: [{ ...risk, required: 2 }, risk] } })),
    ).toEqual([]);
  });
});
