/**
 * Teams and their members. Each write is one transaction with its audit event. A membership
 * added by an admin is "manual" and stays until an admin removes it; one from the identity
 * provider's groups is "sso" and is replaced at each sign-in (syncSsoTeams), so leaving a group
 * at the provider removes the membership the next time the person signs in.
 */
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { Db, Tx } from "../database/types";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { parseOrThrow } from "../input/validate";
import { TX_OPTIONS } from "../database/transaction";
import { modelsReferencingTeam } from "./queries";
import {
  createTeamInput,
  deleteTeamInput,
  teamMemberInput,
  updateTeamInput,
  type CreateTeamInput,
  type DeleteTeamInput,
  type TeamMemberInput,
  type UpdateTeamInput,
} from "./schemas";

export type TeamSummary = { id: string; key: string; name: string; description: string };

const teamSelect = { id: true, key: true, name: true, description: true } as const;
const subject = (key: string) => ({ type: "team", id: key });

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

async function teamOrThrow(tx: Tx, key: string): Promise<TeamSummary> {
  const team = await tx.team.findUnique({ where: { key }, select: teamSelect });
  if (!team) throw new NotFoundError(`No team with key "${key}".`);
  return team;
}

export async function createTeam(db: Db, actor: Actor, raw: CreateTeamInput): Promise<TeamSummary> {
  const input = parseOrThrow(createTeamInput, raw);
  try {
    return await db.$transaction(async (tx) => {
      const team = await tx.team.create({ data: input, select: teamSelect });
      await appendAudit(tx, {
        actor,
        action: "team.created",
        subject: subject(team.key),
        after: { key: team.key, name: team.name, description: team.description },
      });
      return team;
    }, TX_OPTIONS);
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError([{ path: "key", message: `"${input.key}" is taken: choose another key.` }]);
    throw e;
  }
}

export async function updateTeam(db: Db, actor: Actor, raw: UpdateTeamInput): Promise<TeamSummary> {
  const input = parseOrThrow(updateTeamInput, raw);
  return db.$transaction(async (tx) => {
    const before = await teamOrThrow(tx, input.key);
    // saving the form unchanged is not a change: nothing to write, nothing to audit
    if (before.name === input.name && before.description === input.description) return before;
    const team = await tx.team.update({
      where: { key: input.key },
      data: { name: input.name, description: input.description },
      select: teamSelect,
    });
    await appendAudit(tx, {
      actor,
      action: "team.updated",
      subject: subject(team.key),
      before: { name: before.name, description: before.description },
      after: { name: team.name, description: team.description },
    });
    return team;
  }, TX_OPTIONS);
}

/**
 * Refused while a model is owned by the team or names it in its approval rules: the gate would
 * silently change. The team's row is locked first, so a writer that holds it (lockTeams) while
 * naming the team either commits before the check sees the model, or finds the team gone.
 */
export async function deleteTeam(db: Db, actor: Actor, raw: DeleteTeamInput): Promise<{ key: string }> {
  const input = parseOrThrow(deleteTeamInput, raw);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Team" WHERE "key" = ${input.key} FOR UPDATE`;
    const team = await teamOrThrow(tx, input.key);
    const { owns, reviews } = await modelsReferencingTeam(tx, team.key);
    const uses = [
      ...(owns.length ? [`it owns ${owns.join(", ")}`] : []),
      ...(reviews.length ? [`the approval rules of ${reviews.join(", ")} name it`] : []),
    ];
    if (uses.length) throw new ConflictError(`Team ${team.key} cannot be deleted: ${uses.join(", and ")}. Change those models first.`);
    const members = await tx.teamMember.findMany({ where: { teamId: team.id }, select: { user: { select: { email: true } } } });
    await tx.team.delete({ where: { id: team.id } });
    await appendAudit(tx, {
      actor,
      action: "team.deleted",
      subject: subject(team.key),
      before: { key: team.key, name: team.name, members: members.map((m) => m.user.email).sort() },
    });
    return { key: team.key };
  }, TX_OPTIONS);
}

async function userByEmailOrThrow(tx: Tx, email: string) {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user)
    throw new ValidationError([
      { path: "email", message: `No user has the email ${email}: create the account first (or let them sign in with SSO).` },
    ]);
  return user;
}

/** The team, the person and their membership (null when none), for adding or removing it. */
async function membershipOf(tx: Tx, input: { key: string; email: string }) {
  const team = await teamOrThrow(tx, input.key);
  const user = await userByEmailOrThrow(tx, input.email);
  const existing = await tx.teamMember.findUnique({
    where: { teamId_userId: { teamId: team.id, userId: user.id } },
    select: { source: true },
  });
  return { team, user, existing };
}

export async function addTeamMember(db: Db, actor: Actor, raw: TeamMemberInput): Promise<{ key: string; email: string }> {
  const input = parseOrThrow(teamMemberInput, raw);
  return db.$transaction(async (tx) => {
    const { team, user, existing } = await membershipOf(tx, input);
    if (existing?.source === "manual") throw new ConflictError(`${user.email} is already a member of ${team.key}.`);
    // an admin's addition outlives the identity provider's: the membership becomes manual
    await tx.teamMember.upsert({
      where: { teamId_userId: { teamId: team.id, userId: user.id } },
      create: { teamId: team.id, userId: user.id, source: "manual", addedBy: actor.label },
      update: { source: "manual", addedBy: actor.label },
    });
    await appendAudit(tx, {
      actor,
      action: "team.member_added",
      subject: subject(team.key),
      before: existing ? { email: user.email, source: existing.source } : null,
      after: { email: user.email, source: "manual" },
    });
    return { key: team.key, email: user.email };
  }, TX_OPTIONS);
}

export async function removeTeamMember(db: Db, actor: Actor, raw: TeamMemberInput): Promise<{ key: string; email: string }> {
  const input = parseOrThrow(teamMemberInput, raw);
  return db.$transaction(async (tx) => {
    const { team, user, existing } = await membershipOf(tx, input);
    if (!existing) throw new NotFoundError(`${user.email} is not a member of ${team.key}.`);
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: team.id, userId: user.id } } });
    await appendAudit(tx, {
      actor,
      action: "team.member_removed",
      subject: subject(team.key),
      before: { email: user.email, source: existing.source },
      after: null,
      reason:
        existing.source === "sso"
          ? "removed by an admin; the next sign-in adds it again while the identity provider's group maps to this team"
          : null,
    });
    return { key: team.key, email: user.email };
  }, TX_OPTIONS);
}

export type TeamSync = { added: string[]; removed: string[]; unknown: string[] };

/**
 * Makes the user's "sso" memberships exactly `teamKeys` (from the provider's groups), inside the
 * caller's transaction; manual memberships are kept. Keys naming no team are returned as
 * `unknown` (the mapping names a team an admin has not created) and skipped.
 */
export async function syncSsoTeams(tx: Tx, userId: string, teamKeys: readonly string[]): Promise<TeamSync> {
  const wanted = [...new Set(teamKeys)].sort();
  const teams = await tx.team.findMany({ where: { key: { in: wanted } }, select: { id: true, key: true } });
  const found = new Map(teams.map((t) => [t.key, t.id]));
  const current = await tx.teamMember.findMany({
    where: { userId },
    select: { teamId: true, source: true, team: { select: { key: true } } },
  });
  const has = new Map(current.map((m) => [m.team.key, m]));
  const added: string[] = [];
  const removed: string[] = [];
  for (const [key, teamId] of found) {
    if (has.has(key)) continue;
    // ON CONFLICT DO NOTHING: an admin adding the same person at this moment must not fail the sign-in
    const { count } = await tx.teamMember.createMany({
      data: [{ teamId, userId, source: "sso", addedBy: "single sign-on" }],
      skipDuplicates: true,
    });
    if (count) added.push(key);
  }
  for (const m of current) {
    if (m.source === "sso" && !found.has(m.team.key)) {
      // deleteMany: an admin removing it at this moment leaves nothing to delete, not an error
      const { count } = await tx.teamMember.deleteMany({ where: { teamId: m.teamId, userId, source: "sso" } });
      if (count) removed.push(m.team.key);
    }
  }
  return { added: added.sort(), removed: removed.sort(), unknown: wanted.filter((k) => !found.has(k)) };
}
