/**
 * The people and teams the approval rules are counted over (lib/policy/reviewers.ts), read in
 * one go: the decision reads it inside its transaction, the queue once for every version it lists.
 */
import { roleCan } from "../auth/permissions";
import type { Tx } from "../database/types";
import type { ReviewerDirectory } from "../policy";

export type Person = { id: string; email: string; name: string };

export type ReviewerContext = {
  dir: ReviewerDirectory;
  /** enabled users whose role may approve */
  deciders: ReadonlySet<string>;
  people: ReadonlyMap<string, Person>;
  /** team key → display name */
  teamNames: ReadonlyMap<string, string>;
};

export async function reviewerContext(tx: Tx): Promise<ReviewerContext> {
  const [users, teams, members] = await Promise.all([
    tx.user.findMany({ select: { id: true, email: true, name: true, role: true, disabledAt: true } }),
    tx.team.findMany({ select: { id: true, key: true, name: true } }),
    tx.teamMember.findMany({ select: { teamId: true, userId: true } }),
  ]);
  const byTeam = new Map<string, string[]>(teams.map((t) => [t.id, []]));
  for (const m of members) byTeam.get(m.teamId)?.push(m.userId);
  return {
    dir: {
      teams: new Map(teams.map((t) => [t.key, byTeam.get(t.id) ?? []])),
      users: new Map(users.map((u) => [u.email.toLowerCase(), u.id])),
    },
    deciders: new Set(users.filter((u) => !u.disabledAt && roleCan(u.role, "approvals:decide")).map((u) => u.id)),
    people: new Map(users.map((u) => [u.id, { id: u.id, email: u.email, name: u.name }])),
    teamNames: new Map(teams.map((t) => [t.key, t.name])),
  };
}

/** Who could approve at all: an enabled approver or admin other than the registrant. */
export function eligibleExcept(ctx: ReviewerContext, registrantId: string | null): (id: string) => boolean {
  return (id) => id !== registrantId && ctx.deciders.has(id);
}
