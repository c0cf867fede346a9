/**
 * Named reviewers: who may approve a version for PROD and when the approval gate is met. Pure:
 * the decision's transaction, the approval page, the queue and the policy editor all count with
 * these functions over a directory of teams and people read from the database.
 *
 * - Without rules, any approver counts and `required` distinct approvals meet the gate.
 * - With rules, only the people the rules name (a `user:` entry, or a member of a `team:` entry)
 *   may approve. A rule is met when `required` distinct people it names have approved; a person
 *   named twice in one rule (in two of its teams) counts once there, and one person may count
 *   towards several rules, as a code owner of several paths does. The gate is met when every rule
 *   is met and at least `approvals.required` distinct named people have approved.
 * - Four-eyes is not a setting: the registrant is never eligible, whatever the rules name.
 */
import type { FieldIssue } from "../errors";
import type { ApprovalRule, Policy } from "./policy";

type Approvals = Pick<Policy["approvals"], "required" | "rules">;

export type ReviewerDirectory = {
  /** team key → ids of its members */
  teams: ReadonlyMap<string, readonly string[]>;
  /** lower-case email → user id */
  users: ReadonlyMap<string, string>;
};

export const EMPTY_DIRECTORY: ReviewerDirectory = { teams: new Map(), users: new Map() };

/** The ids of everyone a rule names. */
export function namedBy(rule: Pick<ApprovalRule, "reviewers">, dir: ReviewerDirectory): Set<string> {
  const ids = new Set<string>();
  for (const ref of rule.reviewers) {
    if (ref.startsWith("team:")) for (const id of dir.teams.get(ref.slice(5)) ?? []) ids.add(id);
    else {
      const id = dir.users.get(ref.slice(5));
      if (id) ids.add(id);
    }
  }
  return ids;
}

export type RuleStatus = {
  index: number;
  reviewers: string[];
  required: number;
  /** ids of the approvers this rule counts, in approval order */
  approvedBy: string[];
  met: boolean;
  /** ids of people it names who could still approve (eligible and not yet decided) */
  canStill: string[];
};

export type GateStatus = {
  rules: RuleStatus[];
  /** ids of the distinct approvals that count, in approval order */
  approvedBy: string[];
  required: number;
  met: boolean;
};

/**
 * The gate as it stands. `approverIds`: who approved, in order (one decision each).
 * `eligible(id)`: whether a person could approve at all (an enabled approver or admin who did
 * not register the version), for `canStill`.
 */
export function gateStatus(
  approvals: Approvals,
  approverIds: readonly string[],
  dir: ReviewerDirectory,
  eligible: (id: string) => boolean,
): GateStatus {
  const distinct = [...new Set(approverIds)];
  const decided = new Set(distinct);
  const rules = approvals.rules.map((rule, index): RuleStatus => {
    const named = namedBy(rule, dir);
    const approvedBy = distinct.filter((id) => named.has(id));
    return {
      index,
      reviewers: rule.reviewers,
      required: rule.required,
      approvedBy,
      met: approvedBy.length >= rule.required,
      canStill: [...named].filter((id) => !decided.has(id) && eligible(id)).sort(),
    };
  });
  const counted = rules.length === 0 ? distinct : distinct.filter((id) => rules.some((r) => r.approvedBy.includes(id)));
  return {
    rules,
    approvedBy: counted,
    required: approvals.required,
    met: rules.every((r) => r.met) && counted.length >= approvals.required,
  };
}

/** "2 of team:payments-risk, user:lead@example.com". */
export function ruleText(rule: Pick<ApprovalRule, "reviewers" | "required">): string {
  return `${rule.required} of ${rule.reviewers.join(", ")}`;
}

export type ApprovalFit = { ok: true } | { ok: false; reason: string };

/**
 * Whether an approval by `userId` would move the gate: they are named by a rule still unmet, or
 * the overall count is still short and a rule names them. Without rules, any approval does
 * until the gate is met. Role, four-eyes and independence are checked by the caller.
 */
export function approvalFit(status: GateStatus, userId: string, dir: ReviewerDirectory, approvals: Approvals): ApprovalFit {
  if (status.met) return { ok: false, reason: "The approval gate is already met." };
  if (approvals.rules.length === 0) return { ok: true };
  const naming = approvals.rules.filter((rule) => namedBy(rule, dir).has(userId));
  const unmet = status.rules.filter((r) => !r.met);
  if (naming.length === 0) {
    return {
      ok: false,
      reason: `You are not a named reviewer of this model: its approval rules need ${unmet.map((r) => ruleText(r)).join("; ")}.`,
    };
  }
  if (unmet.some((r) => namedBy(r, dir).has(userId))) return { ok: true };
  if (status.approvedBy.length < status.required) return { ok: true };
  return {
    ok: false,
    reason: `The rules that name you are already met; the gate waits for ${unmet.map((r) => ruleText(r)).join("; ")}.`,
  };
}

/**
 * What is wrong with a policy's rules given who exists: unknown teams and people (at the
 * reviewer), and a required count larger than the people who could meet it (at the count).
 * `deciders`: ids of enabled users whose role may approve.
 */
export function reviewerIssues(
  approvals: Approvals,
  dir: ReviewerDirectory,
  deciders: ReadonlySet<string>,
  prefix = "policy.approvals",
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const everyone = new Set<string>();
  approvals.rules.forEach((rule, i) => {
    rule.reviewers.forEach((ref, j) => {
      const path = `${prefix}.rules[${i}].reviewers[${j}]`;
      if (ref.startsWith("team:") && !dir.teams.has(ref.slice(5))) {
        issues.push({ path, message: `names team "${ref.slice(5)}", which does not exist (Settings → Teams)` });
      } else if (ref.startsWith("user:") && !dir.users.has(ref.slice(5))) {
        issues.push({ path, message: `names ${ref.slice(5)}, who has no account (create it, or let them sign in once)` });
      }
    });
    const able = [...namedBy(rule, dir)].filter((id) => deciders.has(id));
    able.forEach((id) => everyone.add(id));
    if (able.length < rule.required) {
      issues.push({
        path: `${prefix}.rules[${i}].required`,
        message: `is ${rule.required}, but only ${able.length} ${able.length === 1 ? "person" : "people"} named by this rule can approve (enabled, approver or admin role)`,
      });
    }
  });
  if (approvals.rules.length > 0 && everyone.size < approvals.required) {
    issues.push({
      path: `${prefix}.required`,
      message: `is ${approvals.required}, but the rules name only ${everyone.size} ${everyone.size === 1 ? "person" : "people"} who can approve`,
    });
  }
  return issues;
}
