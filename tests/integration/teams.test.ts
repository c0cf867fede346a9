// Teams against a real database: field errors by name, deletion refused while a model depends on
// the team, audited changes with before and after, the identity provider's memberships replaced
// at sign-in while an admin's stay, the Settings → Teams actions behind the admin permission, and
// GET /api/v1/teams. Every test makes its own teams and people.
import { describe, expect, inject, it } from "vitest";
import { GET as listTeamsRoute } from "../../app/api/v1/teams/route";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import type { TeamDto } from "../../lib/teams/dto";
import { addTeamMemberAction, createTeamAction, deleteTeamAction, removeTeamMemberAction, updateTeamAction } from "../../lib/teams/actions";
import { listTeams, lockTeams, teamsByUser } from "../../lib/teams/queries";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, syncSsoTeams, updateTeam } from "../../lib/teams/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { signInAs } from "./support/session";

const admin: Actor = { type: "system", id: null, label: "teams-test" };

async function refused(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; message: string; issues?: { path: string; message: string }[] };
  }
  throw new Error("expected a refusal");
}

const teamKey = () => uniqueModelKey("team");
const auditOf = (key: string, action: string) =>
  testDb().auditEvent.findMany({ where: { subjectType: "team", subjectId: key, action }, orderBy: { seq: "asc" } });

describe("creating and editing a team", () => {
  it("creates a team with an audit event, and names the field of a bad or taken key or a missing name", async () => {
    const key = teamKey();
    const team = await createTeam(testDb(), admin, { key, name: "  Payments Risk ", description: "fraud models" });
    expect(team).toMatchObject({ key, name: "Payments Risk", description: "fraud models" });
    const [created] = await auditOf(key, "team.created");
    expect(created?.after).toEqual({ key, name: "Payments Risk", description: "fraud models" });

    const bad = await refused(createTeam(testDb(), admin, { key: "Payments Risk", name: "x" }));
    expect(bad.status).toBe(422);
    expect(bad.issues).toEqual([{ path: "key", message: expect.stringContaining("like payments-risk") }]);
    expect((await refused(createTeam(testDb(), admin, { key: "-risk", name: "x" }))).issues?.[0]?.path).toBe("key");
    expect((await refused(createTeam(testDb(), admin, { key: teamKey(), name: "  " }))).issues).toEqual([
      { path: "name", message: "Enter a name." },
    ]);

    const taken = await refused(createTeam(testDb(), admin, { key, name: "Risk again" }));
    expect(taken.status).toBe(422);
    expect(taken.issues).toEqual([{ path: "key", message: `"${key}" is taken: choose another key.` }]);
    expect(await testDb().team.count({ where: { key } })).toBe(1);
  });

  it("audits an update with before and after, and writes nothing for an unchanged save", async () => {
    const key = teamKey();
    await createTeam(testDb(), admin, { key, name: "Risk" });
    await updateTeam(testDb(), admin, { key, name: "Payments Risk", description: "fraud models" });
    const [audit] = await auditOf(key, "team.updated");
    expect(audit?.before).toEqual({ name: "Risk", description: "" });
    expect(audit?.after).toEqual({ name: "Payments Risk", description: "fraud models" });

    await updateTeam(testDb(), admin, { key, name: "Payments Risk", description: "fraud models" });
    expect(await auditOf(key, "team.updated")).toHaveLength(1);

    const missing = await refused(updateTeam(testDb(), admin, { key: teamKey(), name: "Nobody" }));
    expect(missing.status).toBe(404);
  });
});

describe("deleting a team", () => {
  it("refuses while a model is owned by it or its approval rules name it, naming the models, and writes nothing", async () => {
    const [owner, reviewer, both] = [teamKey(), teamKey(), teamKey()];
    for (const key of [owner, reviewer, both]) await createTeam(testDb(), admin, { key, name: key });
    const [m1, m2, m3] = [uniqueModelKey("m"), uniqueModelKey("m"), uniqueModelKey("m")];
    await testDb().model.create({ data: { key: m1, name: m1, ownerTeam: owner } });
    // the approval rules as a policy stores them: another team and a person beside this one
    await testDb().model.create({
      data: {
        key: m2,
        name: m2,
        policy: {
          approvals: {
            rules: [
              { reviewers: [`team:${owner}-other`], required: 1 },
              { reviewers: ["user:risk-officer@acme.com", `team:${reviewer}`], required: 1 },
            ],
          },
        },
      },
    });
    await testDb().model.create({
      data: { key: m3, name: m3, ownerTeam: both, policy: { approvals: { rules: [{ reviewers: [`team:${both}`], required: 1 }] } } },
    });

    const ownerRefusal = await refused(deleteTeam(testDb(), admin, { key: owner }));
    expect(ownerRefusal.status).toBe(409);
    expect(ownerRefusal.message).toBe(`Team ${owner} cannot be deleted: it owns ${m1}. Change those models first.`);
    expect((await refused(deleteTeam(testDb(), admin, { key: reviewer }))).message).toBe(
      `Team ${reviewer} cannot be deleted: the approval rules of ${m2} name it. Change those models first.`,
    );
    expect((await refused(deleteTeam(testDb(), admin, { key: both }))).message).toContain(
      `it owns ${m3}, and the approval rules of ${m3} name it`,
    );
    for (const key of [owner, reviewer, both]) {
      expect(await testDb().team.count({ where: { key } })).toBe(1);
      expect(await auditOf(key, "team.deleted")).toEqual([]);
    }

    // the Teams page shows the same dependencies before anyone clicks Delete
    const listed = new Map((await listTeams(testDb())).map((t) => [t.key, t]));
    expect(listed.get(owner)).toMatchObject({ owns: [m1], reviews: [] });
    expect(listed.get(reviewer)).toMatchObject({ owns: [], reviews: [m2] });
    expect(listed.get(both)).toMatchObject({ owns: [m3], reviews: [m3] });

    // once the model names another team, the team goes
    await testDb().model.update({ where: { key: m2 }, data: { policy: {} } });
    await deleteTeam(testDb(), admin, { key: reviewer });
    expect(await testDb().team.count({ where: { key: reviewer } })).toBe(0);
  });

  it("deletes a team with its memberships, and the audit event keeps who was in it", async () => {
    const key = teamKey();
    await createTeam(testDb(), admin, { key, name: "Short-lived" });
    const [a, b] = [await createUser("viewer"), await createUser("approver")];
    await addTeamMember(testDb(), admin, { key, email: a.email });
    await testDb().$transaction((tx) => syncSsoTeams(tx, b.id, [key]));

    await deleteTeam(testDb(), admin, { key });
    expect(await testDb().teamMember.count({ where: { userId: { in: [a.id, b.id] } } })).toBe(0);
    const [audit] = await auditOf(key, "team.deleted");
    expect(audit?.before).toEqual({ key, name: "Short-lived", members: [a.email, b.email].sort() });
    expect((await refused(deleteTeam(testDb(), admin, { key }))).status).toBe(404);
  });

  it.skipIf(inject("rollgateTestDb").kind !== "postgres")(
    "waits for a transaction that holds the team while naming it, then sees the model and refuses",
    async () => {
      const key = teamKey();
      const model = uniqueModelKey("m");
      await createTeam(testDb(), admin, { key, name: key });
      await testDb().model.create({ data: { key: model, name: model } });

      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const owner = testDb().$transaction(async (tx) => {
        expect(await lockTeams(tx, [key, `${key}-missing`])).toEqual(new Set([key]));
        await tx.model.update({ where: { key: model }, data: { ownerTeam: key } });
        held();
        await gate;
      });
      await holding;
      const deletion = deleteTeam(testDb(), admin, { key }).then(
        () => null,
        (e: Error) => e,
      );
      // the delete is queued on the team's row: wait until PostgreSQL says so
      for (;;) {
        const [row] = await testDb().$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"Team"%'`;
        if (row?.n) break;
        await new Promise((r) => setImmediate(r));
      }
      release();
      await owner;
      expect((await deletion)?.message).toContain(`it owns ${model}`);
      expect(await testDb().team.count({ where: { key } })).toBe(1);
    },
  );
});

describe("members", () => {
  it("adds and removes members with audit events, and names the email of someone without an account", async () => {
    const key = teamKey();
    await createTeam(testDb(), admin, { key, name: key });
    const user = await createUser("approver");

    const ghost = await refused(addTeamMember(testDb(), admin, { key, email: `${uniqueId("ghost")}@rollgate.test` }));
    expect(ghost.status).toBe(422);
    expect(ghost.issues).toEqual([{ path: "email", message: expect.stringContaining("create the account first") }]);
    expect((await refused(addTeamMember(testDb(), admin, { key, email: "not an email" }))).issues?.[0]?.path).toBe("email");
    expect((await refused(addTeamMember(testDb(), admin, { key: teamKey(), email: user.email }))).status).toBe(404);

    // the email as typed: case and spaces do not matter
    await addTeamMember(testDb(), admin, { key, email: `  ${user.email.toUpperCase()} ` });
    const again = await refused(addTeamMember(testDb(), admin, { key, email: user.email }));
    expect(again.status).toBe(409);
    expect(again.message).toBe(`${user.email} is already a member of ${key}.`);
    const member = await testDb().teamMember.findFirstOrThrow({ where: { userId: user.id, team: { key } } });
    expect(member).toMatchObject({ source: "manual", addedBy: "teams-test" });

    await removeTeamMember(testDb(), admin, { key, email: user.email });
    expect((await refused(removeTeamMember(testDb(), admin, { key, email: user.email }))).status).toBe(404);

    const [added] = await auditOf(key, "team.member_added");
    expect(added).toMatchObject({ before: null, after: { email: user.email, source: "manual" } });
    const [removed] = await auditOf(key, "team.member_removed");
    expect(removed).toMatchObject({ before: { email: user.email, source: "manual" }, after: null, reason: null });
  });

  it("turns an identity-provider membership into an admin's when an admin adds the person, and says so when removing one", async () => {
    const [kept, dropped] = [teamKey(), teamKey()];
    for (const key of [kept, dropped]) await createTeam(testDb(), admin, { key, name: key });
    const user = await createUser("viewer");
    await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [kept, dropped]));

    await addTeamMember(testDb(), admin, { key: kept, email: user.email });
    const [added] = await auditOf(kept, "team.member_added");
    expect(added).toMatchObject({ before: { email: user.email, source: "sso" }, after: { email: user.email, source: "manual" } });
    // the next sign-in without the group keeps it: an admin's membership outlives the group
    expect(await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, []))).toEqual({ added: [], removed: [dropped], unknown: [] });
    expect((await teamsByUser(testDb())).get(user.id)).toEqual([{ key: kept, name: kept, source: "manual" }]);

    await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [dropped]));
    await removeTeamMember(testDb(), admin, { key: dropped, email: user.email });
    const [removed] = await auditOf(dropped, "team.member_removed");
    expect(removed?.before).toEqual({ email: user.email, source: "sso" });
    expect(removed?.reason).toContain("the next sign-in adds it again");
  });

  it("replaces the identity provider's memberships at sign-in, keeps an admin's, and reports keys naming no team", async () => {
    const [a, b, manual] = [teamKey(), teamKey(), teamKey()];
    for (const key of [a, b, manual]) await createTeam(testDb(), admin, { key, name: key });
    const user = await createUser("approver");
    await addTeamMember(testDb(), admin, { key: manual, email: user.email });
    const unknown = uniqueModelKey("nope");

    const first = await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [a, b, unknown, a, manual]));
    expect(first).toEqual({ added: [a, b].sort(), removed: [], unknown: [unknown] });
    const second = await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [b]));
    expect(second).toEqual({ added: [], removed: [a], unknown: [] });
    const third = await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [b]));
    expect(third).toEqual({ added: [], removed: [], unknown: [] });

    const rows = await testDb().teamMember.findMany({
      where: { userId: user.id },
      select: { source: true, addedBy: true, team: { select: { key: true } } },
    });
    expect(rows.map((r) => `${r.team.key}:${r.source}`).sort()).toEqual([`${b}:sso`, `${manual}:manual`].sort());
    expect(rows.find((r) => r.team.key === b)?.addedBy).toBe("single sign-on");
  });
});

describe("Settings → Teams actions", () => {
  const as = (u: User) => signInAs(u);

  it("lets an admin create, edit, staff and delete a team, and shows refusals as field errors", async () => {
    const adminUser = await createUser("admin");
    const person = await createUser("viewer");
    as(adminUser);
    const key = teamKey();

    const bad = await createTeamAction({ key: "Growth ML", name: "Growth ML" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues?.map((i) => i.path)).toEqual(["key"]);

    const form = new FormData();
    form.set("name", "Growth ML");
    form.set("key", key);
    form.set("description", "");
    expect(await createTeamAction(form)).toEqual({ ok: true, data: expect.objectContaining({ key, name: "Growth ML" }) });
    const taken = await createTeamAction({ key, name: "Growth ML" });
    expect(!taken.ok && taken.error.issues).toEqual([{ path: "key", message: `"${key}" is taken: choose another key.` }]);

    expect((await updateTeamAction({ key, name: "Growth", description: "Recommendations" })).ok).toBe(true);
    const ghost = await addTeamMemberAction({ key, email: "nobody-here@rollgate.test" });
    expect(!ghost.ok && ghost.error.issues?.[0]?.path).toBe("email");
    expect(await addTeamMemberAction({ key, email: person.email })).toEqual({ ok: true, data: { key, email: person.email } });
    expect(await removeTeamMemberAction({ key, email: person.email })).toEqual({ ok: true, data: { key, email: person.email } });
    expect(await deleteTeamAction({ key })).toEqual({ ok: true, data: { key } });

    const [created] = await auditOf(key, "team.created");
    expect(created?.actorId).toBe(adminUser.id);
  });

  it("refuses people who are not admins, writing nothing", async () => {
    const key = teamKey();
    for (const role of ["viewer", "operator", "approver"] as const) {
      as(await createUser(role));
      const result = await createTeamAction({ key, name: "Not allowed" });
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    signInAs(null);
    expect(await createTeamAction({ key, name: "Not allowed" })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    expect(await testDb().team.count({ where: { key } })).toBe(0);
  });
});

describe("GET /api/v1/teams", () => {
  it("lists teams with their members, models and rules for a signed-in user or an audit:read token", async () => {
    const key = teamKey();
    const model = uniqueModelKey("m");
    await createTeam(testDb(), admin, { key, name: "Search Relevance", description: "ranking" });
    const [manual, sso, disabled] = [await createUser("approver"), await createUser("viewer"), await createUser("viewer")];
    await addTeamMember(testDb(), admin, { key, email: manual.email });
    await addTeamMember(testDb(), admin, { key, email: disabled.email });
    await testDb().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    await testDb().$transaction((tx) => syncSsoTeams(tx, sso.id, [key]));
    await testDb().model.create({ data: { key: model, name: model, ownerTeam: key } });

    const reader = await createApiToken(["audit:read"]);
    const res = await callRoute(listTeamsRoute, { path: "/api/v1/teams", token: reader.secret });
    expect(res.status).toBe(200);
    const { teams } = await res.json<{ teams: TeamDto[] }>();
    const team = teams.find((t) => t.key === key);
    expect(team).toEqual({
      key,
      name: "Search Relevance",
      description: "ranking",
      owns: [model],
      reviews: [],
      members: [
        { email: manual.email, name: manual.name, source: "manual", disabled: false },
        { email: sso.email, name: sso.name, source: "sso", disabled: false },
        { email: disabled.email, name: disabled.name, source: "manual", disabled: true },
      ].sort((x, y) => x.email.localeCompare(y.email)),
    });
    expect(teams.map((t) => t.key)).toEqual([...teams.map((t) => t.key)].sort());

    signInAs(await createUser("viewer"));
    const bySession = await callRoute(listTeamsRoute, { path: "/api/v1/teams" });
    expect(bySession.status).toBe(200);
    signInAs(null);
  });

  it("refuses a token without audit:read (an inference service's routes:read sees no one's email) and no credentials", async () => {
    const routes = await createApiToken(["routes:read", "registry:write", "telemetry:write", "release:write"]);
    const res = await callRoute(listTeamsRoute, { path: "/api/v1/teams", token: routes.secret });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: "This token lacks the scope audit:read." } });
    signInAs(null);
    expect((await callRoute(listTeamsRoute, { path: "/api/v1/teams" })).status).toBe(401);
  });
});
