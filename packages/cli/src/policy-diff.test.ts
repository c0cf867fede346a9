import { describe, expect, it } from "vitest";
import { policyDiff } from "./policy-diff";

describe("policyDiff", () => {
  it("names each changed setting by its path, old → new", () => {
    const before = { approvals: { required: 2, rules: [] }, rollout: { steps: [5, 25, 100] }, guardrails: { minSample: 500 } };
    const after = { approvals: { required: 1, rules: [] }, rollout: { steps: [5, 50, 100] }, guardrails: { minSample: 500, extra: true } };
    expect(policyDiff(before, after)).toEqual([
      "approvals.required: 2 → 1",
      "guardrails.extra: (unset) → true",
      "rollout.steps: [5,25,100] → [5,50,100]",
    ]);
  });

  it("is empty for equal policies whatever their key order", () => {
    expect(policyDiff({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 })).toEqual([]);
  });
});
