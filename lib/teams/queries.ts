import { Prisma } from "../../generated/prisma/client";
import type { Tx } from "../database/types";

export type TeamMemberRow = {
  userId: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  source: string;
  addedBy: string;
  since: Date;
};
export type TeamRow = {
  id: string;
  key: string;
  name: string;
  description: string;
  createdAt: Date;
  members: TeamMemberRow[];
  /** models this team owns (Model.ownerTeam) */
  owns: string[];
  /** models whose approval rules name this team (`team:<key>`) */
  reviews: string[];
};

const memberSelect = {
  source: true,
  addedBy: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } },
} as const;

type MemberRecord = {
  source: string;
  addedBy: string;
  createdAt: Date;
  user: { id: string; email: string; name: string; role: string; disabledAt: Date | null };
};

const memberRow = (m: MemberRecord): TeamMemberRow => ({
  userId: m.user.id,
  email: m.user.email,
  name: m.user.name,
  role: m.user.role,
  disabled: m.user.disabledAt !== null,
  source: m.source,
  addedBy: m.addedBy,
  since: m.createdAt,
});

/** Every `team:<key>` reviewer in every model's approval rules, as (model, team key) pairs. */
async function reviewerTeams(db: Tx): Promise<{ model: string; team: string }[]> {
  return db.$queryRaw<{ model: string; team: string }[]>`
    SELECT DISTINCT m."key" AS "model", substr(r.ref #>> '{}', 6) AS "team"
    FROM "Model" m, jsonb_path_query(m."policy", '$.approvals.rules[*].reviewers[*]') AS r(ref)
    WHERE jsonb_typeof(r.ref) = 'string' AND (r.ref #>> '{}') LIKE 'team:%'
    ORDER BY 1`;
}

export async function listTeams(db: Tx): Promise<TeamRow[]> {
  const [teams, models, reviewers] = await Promise.all([
    db.team.findMany({ orderBy: { key: "asc" }, include: { members: { select: memberSelect } } }),
    db.model.findMany({ where: { ownerTeam: { not: "" } }, select: { key: true, ownerTeam: true }, orderBy: { key: "asc" } }),
    reviewerTeams(db),
  ]);
  return teams.map((t) => ({
    id: t.id,
    key: t.key,
    name: t.name,
    description: t.description,
    createdAt: t.createdAt,
    members: t.members.map(memberRow).sort((a, b) => a.email.localeCompare(b.email)),
    owns: models.filter((m) => m.ownerTeam === t.key).map((m) => m.key),
    reviews: reviewers.filter((r) => r.team === t.key).map((r) => r.model),
  }));
}

export type UserTeam = { key: string; name: string; source: string };

/** The teams of every user in at least one: user id → their teams, by key. */
export async function teamsByUser(db: Tx): Promise<Map<string, UserTeam[]>> {
  const rows = await db.teamMember.findMany({
    select: { userId: true, source: true, team: { select: { key: true, name: true } } },
    orderBy: { team: { key: "asc" } },
  });
  const out = new Map<string, UserTeam[]>();
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push({ key: r.team.key, name: r.team.name, source: r.source });
    out.set(r.userId, list);
  }
  return out;
}

/** Key → name of every team, for labels ("payments-risk" → "Payments Risk"). */
export async function teamNames(db: Tx): Promise<Map<string, string>> {
  const rows = await db.team.findMany({ select: { key: true, name: true } });
  return new Map(rows.map((t) => [t.key, t.name]));
}

/** The keys of the teams a user belongs to. */
export async function teamsOfUser(db: Tx, userId: string): Promise<string[]> {
  const rows = await db.teamMember.findMany({ where: { userId }, select: { team: { select: { key: true } } } });
  return rows.map((r) => r.team.key).sort();
}

/** Whether a user belongs to the team with this key. */
export async function isTeamMember(db: Tx, userId: string, teamKey: string): Promise<boolean> {
  if (!teamKey) return false;
  return (await db.teamMember.count({ where: { userId, team: { key: teamKey } } })) > 0;
}

/** Models whose owner is this team or whose approval rules name it. */
export async function modelsReferencingTeam(db: Tx, teamKey: string): Promise<{ owns: string[]; reviews: string[] }> {
  const owns = await db.model.findMany({ where: { ownerTeam: teamKey }, select: { key: true }, orderBy: { key: "asc" } });
  const reviews = await db.$queryRaw<{ key: string }[]>`
    SELECT "key" FROM "Model"
    WHERE jsonb_path_exists("policy", '$.approvals.rules[*].reviewers[*] ? (@ == $r)', jsonb_build_object('r', ${`team:${teamKey}`}::text))
    ORDER BY "key"`;
  return { owns: owns.map((m) => m.key), reviews: reviews.map((m) => m.key) };
}

/**
 * Which of `keys` name a team, each team row held (FOR KEY SHARE) until the transaction ends. A
 * write that names a team (an owner team, a reviewer rule) reads the teams through this, so a
 * concurrent deleteTeam (which locks the row FOR UPDATE) waits for it and then sees the reference,
 * or has already deleted the team and this finds it gone.
 */
export async function lockTeams(tx: Tx, keys: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(keys)].sort();
  if (wanted.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ key: string }[]>`
    SELECT "key" FROM "Team" WHERE "key" IN (${Prisma.join(wanted)}) ORDER BY "key" FOR KEY SHARE`;
  return new Set(rows.map((r) => r.key));
}
