/**
 * The model's Reviewers tab: its owner team with members, its named-reviewer rules with the
 * people each names, and what the viewer may change. Plain DTOs for the page and its editor.
 */
import type { Role } from "../../generated/prisma/enums";
import { roleCan } from "../auth/permissions";
import type { Tx } from "../database/types";
import { namedBy, parsePolicy, type ApprovalRule } from "../policy";
import { isTeamMember } from "../teams/queries";
import { pendingPolicyChange, type PendingPolicyChangeView } from "./policy-service";
import { reviewerContext } from "./reviewer-context";

type Person = { email: string; name: string; canApprove: boolean };

export type ModelReviewersView = {
  model: { key: string; name: string };
  updatedAt: string;
  owner: { key: string; name: string; members: Person[] } | null;
  /** null when the stored policy is invalid (fixed on the Settings tab first) */
  approvals: { required: number; rules: (ApprovalRule & { people: Person[] })[] } | null;
  /** admins, and members of the owner team */
  canEdit: boolean;
  /** admins */
  canChangeOwner: boolean;
  /** what the editor offers: every team, and people (emails) who may approve */
  teams: { key: string; name: string; members: number }[];
  approvers: { email: string; name: string }[];
  pending: PendingPolicyChangeView | null;
};

export async function modelReviewersView(db: Tx, modelKey: string, viewer: { id: string; role: Role }): Promise<ModelReviewersView | null> {
  const model = await db.model.findUnique({
    where: { key: modelKey },
    select: { key: true, name: true, ownerTeam: true, policy: true, updatedAt: true },
  });
  if (!model) return null;
  const people = await reviewerContext(db);
  const person = (id: string): Person => {
    const p = people.people.get(id);
    return { email: p?.email ?? id, name: p?.name ?? id, canApprove: people.deciders.has(id) };
  };
  const byEmail = (a: Person, b: Person) => a.email.localeCompare(b.email);
  const parsed = parsePolicy(model.policy);
  const ownerMembers = people.dir.teams.get(model.ownerTeam);
  const admin = roleCan(viewer.role, "policy:edit");
  return {
    model: { key: model.key, name: model.name },
    updatedAt: model.updatedAt.toISOString(),
    owner: ownerMembers
      ? {
          key: model.ownerTeam,
          name: people.teamNames.get(model.ownerTeam) ?? model.ownerTeam,
          members: ownerMembers.map(person).sort(byEmail),
        }
      : null,
    approvals: parsed.ok
      ? {
          required: parsed.policy.approvals.required,
          rules: parsed.policy.approvals.rules.map((r) => ({ ...r, people: [...namedBy(r, people.dir)].map(person).sort(byEmail) })),
        }
      : null,
    canEdit: admin || (await isTeamMember(db, viewer.id, model.ownerTeam)),
    canChangeOwner: admin,
    teams: [...people.dir.teams.entries()]
      .map(([key, members]) => ({ key, name: people.teamNames.get(key) ?? key, members: members.length }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    approvers: [...people.deciders]
      .map(person)
      .sort(byEmail)
      .map(({ email, name }) => ({ email, name })),
    pending: await pendingPolicyChange(db, model.key),
  };
}
