/**
 * Who can approve a version that just entered STAGING, for the `version.staged` event: the
 * teams its rules name and the enabled approvers who could meet them (every enabled approver
 * when the model has no rules), the registrant excluded.
 */
import type { Tx } from "../database/types";
import { gateStatus, type Policy } from "../policy";
import { registrantUserId, type Registration } from "./four-eyes";
import { eligibleExcept, reviewerContext } from "./reviewer-context";

const MAX_PEOPLE = 50;

export type CanApprove = {
  rules: { reviewers: string[]; required: number }[];
  teams: { key: string; name: string }[];
  people: { email: string; name: string }[];
  morePeople: number;
};

export async function whoCanApprove(tx: Tx, row: Registration, approvals: Policy["approvals"]): Promise<CanApprove> {
  const people = await reviewerContext(tx);
  const eligible = eligibleExcept(people, await registrantUserId(tx, row));
  const ids =
    approvals.rules.length === 0
      ? [...people.deciders].filter(eligible)
      : [...new Set(gateStatus(approvals, [], people.dir, eligible).rules.flatMap((r) => r.canStill))];
  const all = ids
    .map((id) => people.people.get(id))
    .filter((p): p is NonNullable<typeof p> => p !== undefined)
    .sort((a, b) => a.email.localeCompare(b.email));
  const teamKeys = [
    ...new Set(approvals.rules.flatMap((r) => r.reviewers.filter((ref) => ref.startsWith("team:")).map((ref) => ref.slice(5)))),
  ];
  return {
    rules: approvals.rules.map((r) => ({ reviewers: r.reviewers, required: r.required })),
    teams: teamKeys.sort().map((key) => ({ key, name: people.teamNames.get(key) ?? key })),
    people: all.slice(0, MAX_PEOPLE).map((p) => ({ email: p.email, name: p.name })),
    morePeople: Math.max(0, all.length - MAX_PEOPLE),
  };
}
