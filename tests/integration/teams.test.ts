// Teams against a real database: field errors by name, deletion refused while a model depends on
// the team, audited membership changes, and the identity provider's memberships replaced at sign-in
// while an admin's stay. Every test makes its own teams and people.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, syncSsoTeams, updateTeam } from "../../lib/teams/service";
import { testDb } from "./support/db";
import { createUser, uniqueId, uniqueModelKey } from "./support/factories";

const admin: Actor = { type: "system", id: null, label: "teams-test" };

async function refused(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; message: string; issues?: { path: string; message: string }[] };
  }
  throw new Error("expected a refusal");
}

describe("teams", () => {
  it("names the field of a bad or taken key, and audits an update with before and after", async () => {
    const key = uniqueModelKey("team");
    expect((await refused(createTeam(testDb(), admin, { key: "Payments Risk", name: "x" }))).issues?.[0]?.path).toBe("key");
    await createTeam(testDb(), admin, { key, name: "Risk" });
    const taken = await refused(createTeam(testDb(), admin, { key, name: "Risk again" }));
    expect(taken.issues).toEqual([{ path: "key", message: expect.stringContaining("is taken") }]);
    await updateTeam(testDb(), admin, { key, name: "Payments Risk", description: "fraud models" });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "team.updated", subjectId: key } });
    expect(audit.before).toEqual({ name: "Risk", description: "" });
    expect(audit.after).toEqual({ name: "Payments Risk", description: "fraud models" });
  });

  it("refuses deleting a team that owns a model or that a model's rules name, naming the models", async () => {
    const [owner, reviewer, free] = [uniqueModelKey("team"), uniqueModelKey("team"), uniqueModelKey("team")];
    for (const key of [owner, reviewer, free]) await createTeam(testDb(), admin, { key, name: key });
    const m1 = uniqueModelKey("m");
    const m2 = uniqueModelKey("m");
    await testDb().model.create({ data: { key: m1, name: m1, ownerTeam: owner } });
    await testDb().model.create({
      data: { key: m2, name: m2, policy: { approvals: { rules: [{ reviewers: [`team:${reviewer}`], required: 1 }] } } },
    });
    expect((await refused(deleteTeam(testDb(), admin, { key: owner }))).message).toContain(`it owns ${m1}`);
    expect((await refused(deleteTeam(testDb(), admin, { key: reviewer }))).message).toContain(`the approval rules of ${m2} name it`);
    await deleteTeam(testDb(), admin, { key: free });
    expect(await testDb().team.findUnique({ where: { key: free } })).toBeNull();
  });

  it("adds and removes members with audit events, and names the email of someone without an account", async () => {
    const key = uniqueModelKey("team");
    await createTeam(testDb(), admin, { key, name: key });
    const user = await createUser("approver");
    const ghost = await refused(addTeamMember(testDb(), admin, { key, email: `${uniqueId("ghost")}@rollgate.test` }));
    expect(ghost.issues?.[0]?.path).toBe("email");
    await addTeamMember(testDb(), admin, { key, email: user.email });
    expect((await refused(addTeamMember(testDb(), admin, { key, email: user.email }))).message).toContain("already a member");
    await removeTeamMember(testDb(), admin, { key, email: user.email });
    const actions = await testDb().auditEvent.findMany({
      where: { subjectId: key, action: { startsWith: "team.member" } },
      orderBy: { seq: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["team.member_added", "team.member_removed"]);
  });

  it("replaces the identity provider's memberships at sign-in and keeps an admin's", async () => {
    const [a, b, manual] = [uniqueModelKey("team"), uniqueModelKey("team"), uniqueModelKey("team")];
    for (const key of [a, b, manual]) await createTeam(testDb(), admin, { key, name: key });
    const user = await createUser("approver");
    await addTeamMember(testDb(), admin, { key: manual, email: user.email });
    const unknown = uniqueModelKey("nope");
    const first = await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [a, b, unknown]));
    expect(first).toEqual({ added: [a, b].sort(), removed: [], unknown: [unknown] });
    const second = await testDb().$transaction((tx) => syncSsoTeams(tx, user.id, [b]));
    expect(second).toEqual({ added: [], removed: [a], unknown: [] });
    const rows = await testDb().teamMember.findMany({
      where: { userId: user.id },
      select: { source: true, team: { select: { key: true } } },
    });
    expect(rows.map((r) => `${r.team.key}:${r.source}`).sort()).toEqual([`${b}:sso`, `${manual}:manual`].sort());
  });
});
