/**
 * Who may approve a model's versions: its named-reviewer rules and its owner team. The rules
 * are part of the policy and go through the same write path (policy-service.ts savePolicy):
 * checked against the teams and people that exist, a weakening held for a second admin, audited
 * with before and after. Besides admins, the members of the model's owner team may edit them.
 */
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { roleCan } from "../auth/permissions";
import { modelByKeyOrThrow } from "../database/models";
import type { Db } from "../database/types";
import { ForbiddenError, ValidationError } from "../errors";
import { parsePolicy, ruleText, storedApprovals, type Policy } from "../policy";
import { isTeamMember, lockTeams } from "../teams/queries";
import { TX_OPTIONS } from "../database/transaction";
import { expectedTime, POLICY_ROW, savePolicy, staleError, type UpdatedPolicy } from "./policy-service";

export type UpdateReviewersInput = {
  modelKey: string;
  /** the rules as the editor or a script sends them; validated with the policy's schema */
  rules: unknown;
  /** the model's `updatedAt` as the editor read it; a save after someone else's is refused (409) */
  updatedAt?: string | Date;
  requestId?: string | null;
};

const rulesText = (approvals: Pick<Policy["approvals"], "rules">) =>
  approvals.rules.length ? approvals.rules.map((r) => ruleText(r)).join("; ") : "none (any approver)";

/** Replaces the model's named-reviewer rules. Admins, and members of the model's owner team. */
export async function updateReviewers(db: Db, actor: Actor, input: UpdateReviewersInput): Promise<UpdatedPolicy> {
  if (actor.type !== "user") {
    throw new ForbiddenError("A model's reviewers are changed by an admin or its owner team, signed in; API tokens cannot change them.");
  }
  const expected = expectedTime(input.updatedAt);
  return db.$transaction(async (tx) => {
    const model = await modelByKeyOrThrow(tx, input.modelKey, { ...POLICY_ROW, ownerTeam: true });
    if (!roleCan(actor.role, "policy:edit") && !(await isTeamMember(tx, actor.id, model.ownerTeam))) {
      throw new ForbiddenError(
        model.ownerTeam
          ? `Only admins and members of the owner team (${model.ownerTeam}) can change who approves ${model.key}.`
          : `${model.key} has no owner team, so only admins can change who approves it.`,
      );
    }
    if (expected !== undefined && model.updatedAt.getTime() !== expected) throw staleError(model.key, model.updatedAt);
    const current = parsePolicy(model.policy);
    if (!current.ok) {
      throw new ValidationError(
        current.issues.map((i) => ({
          ...i,
          message: `${i.message}; the stored policy must be fixed on the Settings tab before its reviewers change`,
        })),
      );
    }
    const next = parsePolicy({ ...current.policy, approvals: { ...current.policy.approvals, rules: input.rules } });
    if (!next.ok) throw new ValidationError(next.issues);
    return savePolicy(tx, actor, model, next.policy, input.requestId, "ui", (before) => {
      const was = storedApprovals(before);
      return {
        action: "model.reviewers_updated",
        before: { rules: was.rules },
        after: { rules: next.policy.approvals.rules },
        reason: `reviewers: ${rulesText(was)} → ${rulesText(next.policy.approvals)}`.slice(0, 500),
      };
    });
  }, TX_OPTIONS);
}

export type SetOwnerTeamInput = { modelKey: string; team: string; requestId?: string | null };

/** Sets (or, with "", clears) the team that owns a model. Admins only. */
export async function setOwnerTeam(db: Db, actor: Actor, input: SetOwnerTeamInput): Promise<{ model: string; ownerTeam: string }> {
  if (actor.type !== "system" && !(actor.type === "user" && roleCan(actor.role, "policy:edit"))) {
    throw new ForbiddenError("Only admins can change which team owns a model.");
  }
  const team = input.team.trim();
  return db.$transaction(async (tx) => {
    const model = await modelByKeyOrThrow(tx, input.modelKey, { id: true, key: true, ownerTeam: true });
    // held until commit, so a concurrent team deletion sees this model as its owner (lib/teams)
    if (team && !(await lockTeams(tx, [team])).has(team)) {
      throw new ValidationError([{ path: "team", message: `names team "${team}", which does not exist (Settings → Teams)` }]);
    }
    if (model.ownerTeam === team) return { model: model.key, ownerTeam: team };
    await tx.model.update({ where: { id: model.id }, data: { ownerTeam: team } });
    await appendAudit(tx, {
      actor,
      action: "model.owner_changed",
      subject: { type: "model", id: model.key },
      modelKey: model.key,
      before: { ownerTeam: model.ownerTeam || null },
      after: { ownerTeam: team || null },
    });
    return { model: model.key, ownerTeam: team };
  }, TX_OPTIONS);
}
